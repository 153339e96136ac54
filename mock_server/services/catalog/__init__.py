"""The product side's operations: catalog structure, attribute groups and family variants, products and product models."""
