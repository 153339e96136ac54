"""The Asset Manager's operations: asset families, attributes and options, assets, media files."""
