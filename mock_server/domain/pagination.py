"""Every list's page is cut here. Search-after pagination: a stable order by code, the cursor the last code of a page
(the Asset Manager's, in clear) or an opaque one (the product side's), so walking a list never repeats or skips an
item, even while items are added or removed. Offset pagination (page, limit, with_count): the product side's lists
(the PIM catalog's resources, products, product models)."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Any

from mock_server.domain.errors import Unprocessable

MAX_LIMIT = 100
MAX_OFFSET_ITEMS = 10_000  # products only: deeper pages need search-after
TOO_MANY_ITEMS = "You cannot request more than 100 items."
TOO_DEEP = (
    'You have reached the maximum number of pages you can retrieve with the "page" pagination type. '
    "Please use the search after pagination type instead"
)


@dataclass(frozen=True)
class Page:
    """A search-after page: its items, and the cursor of the next page if more follow."""

    items: list[dict[str, Any]]
    next_cursor: str | None


@dataclass(frozen=True)
class OffsetPage:
    """An offset page: its items, whether more follow, and how many items the whole list holds (with_count)."""

    items: list[dict[str, Any]]
    has_next: bool
    total: int


@dataclass(frozen=True)
class Paging:
    """What a product-side list asks for: the offset page `page` of `limit` items, or (`by_cursor`, the
    `search_after` pagination type) the `limit` items after the cursor `search_after`."""

    page: int = 1
    limit: int = 10
    by_cursor: bool = False
    search_after: str | None = None


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


# -- offset pages and opaque cursors: the product side ---------------------------------------------------------


def check_limit(limit: int) -> None:
    if limit > MAX_LIMIT:
        raise Unprocessable(TOO_MANY_ITEMS)
    if limit < 1:
        raise Unprocessable("The limit must be a positive integer.")


def offset_page(items: list[dict[str, Any]], page: int, limit: int, *, max_items: int | None = None) -> OffsetPage:
    """Page `page` (from 1) of `limit` items. Products stop at 10,000 reachable items (then use search-after)."""
    check_limit(limit)
    if page < 1:
        raise Unprocessable("The page must be a positive integer.")
    start = (page - 1) * limit
    if max_items is not None and start + limit > max_items:
        raise Unprocessable(TOO_DEEP)
    return OffsetPage(items[start : start + limit], len(items) > start + limit, len(items))


def opaque_cursor_page(items: Iterable[dict[str, Any]], cursor: str | None, limit: int, key: str) -> Page:
    """The `limit` items after the (opaque) cursor in case-insensitive `key` order, and the next page's cursor."""
    check_limit(limit)

    def order(item: Mapping[str, Any]) -> tuple[str, str]:
        return code_then_case(str(item[key]))

    ordered = sorted(items, key=order)
    if cursor:
        after = decode_cursor(cursor)
        ordered = [item for item in ordered if order(item) > code_then_case(after)]
    page = ordered[:limit]
    return Page(page, encode_cursor(str(page[-1][key])) if len(ordered) > limit else None)


def cut(
    items: list[dict[str, Any]], paging: Paging, *, key: str = "code", max_items: int | None = None
) -> OffsetPage | Page:
    """The page of a product-side list that `paging` asks for."""
    if paging.by_cursor:
        return opaque_cursor_page(items, paging.search_after, paging.limit, key)
    return offset_page(items, paging.page, paging.limit, max_items=max_items)
