"""The Asset Manager's own resources: asset families, their attributes and options, assets and their values, searches, media files."""
