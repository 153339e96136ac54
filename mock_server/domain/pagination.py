"""Search-after pagination: a stable order by code, the cursor the last code of a page (the Asset Manager's, in
clear) or an opaque one (the product side's), so walking a list never repeats or skips an item, even while items are
added or removed."""

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


def page_after_code(resources: Iterable[dict[str, Any]], after: str | None, size: int) -> Page:
    """LIST-SEARCH-AFTER-CODE: the page of `size` resources whose code sorts after `after` (the vendor's asset
    cursor is the last code of the previous page, in clear); `next_cursor` is this page's last code if more follow."""
    ordered = sorted(resources, key=sort_key)
    if after:
        boundary = (after.lower(), after)
        ordered = [r for r in ordered if sort_key(r) > boundary]
    page = ordered[:size]
    return Page(page, page[-1]["code"] if len(ordered) > size else None)
