"""The text formats a `validation_rule` names (Symfony's Email and Url constraints, as both sides judge them)."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")  # Symfony's Email constraint, loose mode


def is_url(text: str) -> bool:
    """An http(s) URL with a host, as Symfony's Url constraint accepts by default."""
    if any(char.isspace() for char in text):
        return False
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)
