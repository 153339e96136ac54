"""Search-after pagination: a stable order by code, the cursor the last code of a page (the Asset Manager's, in
clear) or an opaque one (the product side's), so walking a list never repeats or skips an item, even while items are
added or removed."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
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


def code_order(code: str) -> str:
    """The lists' order: by code, ignoring case, as the vendor's case-insensitive collation sorts. Two codes of one
    list never differ only in case (ASSET-CODE-CASE-INSENSITIVE, STRUCTURE-FAMILY-CASE), so the order is total; and a
    cursor equal to a code but for case is that code (the page starts after it). A code already in lowercase is
    returned itself: the family index keeps one order key per asset, and a copy of each code costs 60 MB a million."""
    lowered = code.lower()
    return code if lowered == code else lowered


def sort_key(resource: dict[str, Any]) -> str:
    return code_order(resource["code"])


def code_then_case(code: str) -> tuple[str, str]:
    """The product side's lists: code_order, two codes differing only in case (it does not refuse them) ordered by
    the code itself."""
    return code_order(code), code


# LIST-SEARCH-AFTER-WALK: a stable order by code, the cursor the page's last code
def page_after_code(
    resources: Iterable[dict[str, Any]], after: str | None, size: int, *, ordered: bool = False
) -> Page:
    """LIST-SEARCH-AFTER-CODE: the page of `size` resources whose code sorts after `after` (the vendor's asset
    cursor is the last code of the previous page, in clear); `next_cursor` is this page's last code if more follow.

    `ordered`: the resources already come in the lists' order, starting after `after` (a store index's seek), so
    the page is taken as they come and nothing past it is read: its cost does not grow with the list."""
    if not ordered:
        resources = sorted(resources, key=sort_key)
        if after:
            boundary = code_order(after)
            resources = (r for r in resources if sort_key(r) > boundary)
    walk = iter(resources)
    page = list(islice(walk, size))
    more = next(walk, None) is not None
    return Page(page, page[-1]["code"] if page and more else None)
