"""Attribute type names that several modules compare (a table keyed by type keeps its own literal keys)."""

from __future__ import annotations

# The Asset Manager's attribute types
MEDIA_FILE = "media_file"
MEDIA_LINK = "media_link"
NUMBER = "number"
MEDIA_TYPES = (MEDIA_FILE, MEDIA_LINK)  # the types a family's main media may have

# The product side's
PRODUCT_DATE = "pim_catalog_date"
