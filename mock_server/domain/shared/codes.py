"""Codes as every resource reads them: the characters a code may hold, a body's code against the URL's (codes never
change) with each vendor controller's own sentence, and the order lists walk them in."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

CODE_CHARACTERS = re.compile(r"[a-zA-Z0-9_]+")  # letters, digits and underscores: the vendor's code format

# FAM-CODE-IMMUTABLE, ASSET-CODE-IMMUTABLE, STRUCTURE-CODE-MISMATCH-MESSAGE: a body code other than the URI's, in
# each asset manager controller's words
MISMATCH = {
    "family": "The code of the asset family provided in the URI must be the same as the one provided in the request "
    "body.",
    # sic: the vendor's attribute controller names the asset family.
    "attribute": "The code of the asset family provided in the URI must be the same as the one provided in the "
    "request body.",
    "option": "The code of the attribute option provided in the URI must be the same as the one provided in the "
    "request body.",
    "asset": "The code of the asset provided in the URI must be the same as the one provided in the request body.",
    "asset_family_code": "The asset family code of the asset provided in the URI must be the same as the one provided "
    "in the request body.",
}


def other_than_url(body: Mapping[str, Any], code: str, key: str = "code") -> bool:
    """The body names `key` with a value other than the URL's `code` (an absent one is not another)."""
    return key in body and body[key] != code


def catalog_mismatch(key: str, sent: Any, code: str) -> str:
    """The product side's sentence (products, families, attributes, options, categories...)."""
    return f'The {key} "{sent}" in the body does not match the {key} "{code}" of the URL.'


def creation_mismatch(sent: Any, code: str) -> str:
    """The attribute group and family variant controllers' sentence, refusing a creation outright."""
    return f'The code "{sent}" provided in the request body must match the code "{code}" provided in the url.'
