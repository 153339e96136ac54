"""The product side the Asset Manager links to: locales, channels, categories, attributes, families, variants, products."""
