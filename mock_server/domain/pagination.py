"""Search-after pagination: a stable order by code and an opaque cursor, so walking a list never repeats or
skips an item, even while items are added or removed."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mock_server.domain.errors import Unprocessable


@dataclass(frozen=True)
class Page:
    items: list[dict[str, Any]]
    next_cursor: str | None


def encode_cursor(code: str) -> str:
    return base64.urlsafe_b64encode(code.encode()).decode()


def decode_cursor(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode()).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError) as exc:
        raise Unprocessable(f'The search_after cursor "{cursor}" is not valid; follow the _links.next.href.') from exc


def sort_key(resource: dict[str, Any]) -> tuple[str, str]:
    """Case-insensitive code order, ties broken by the exact code so the order is total."""
    return (resource["code"].lower(), resource["code"])


def search_after(resources: Iterable[dict[str, Any]], cursor: str | None, size: int) -> Page:
    """The page of `size` resources after the cursor, in code order, and the cursor of the next page if any."""
    ordered = sorted(resources, key=sort_key)
    if cursor:
        after = decode_cursor(cursor)
        boundary = (after.lower(), after)
        ordered = [r for r in ordered if sort_key(r) > boundary]
    page = ordered[:size]
    has_more = len(ordered) > size
    return Page(page, encode_cursor(page[-1]["code"]) if has_more else None)
