"""The store's index of a family's assets: a dict by code that also keeps the lists' order (issue #12).

A `SortedDict` keyed by `code_order` (sortedcontainers): a code is found in O(1) as in a dict, and a page of the
asset list is a seek to the cursor followed by a walk of one page, instead of a sort of the whole family. A code
that differs only in case from a stored one sits next to it in that order, so that look-up is a seek too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sortedcontainers import SortedDict

from mock_server.domain.pagination import code_order

_LAST_CHARACTER = chr(0x10FFFF)


def code_index(items: Iterable[tuple[str, dict[str, Any]]] = ()) -> SortedDict:
    """A map code -> resource iterated in the lists' order."""
    return SortedDict(code_order, items)


def values_after(index: SortedDict | dict[str, dict[str, Any]], after: str | None) -> Iterator[dict[str, Any]]:
    """The resources whose code sorts after `after` (all of them for None), in the lists' order, read lazily.
    A plain dict (a store built by hand) is sorted first."""
    if not isinstance(index, SortedDict):
        index = code_index(index.items())
    codes = index.irange_key(code_order(after), inclusive=(False, True)) if after else iter(index)
    return (index[code] for code in codes)


def values_named(
    index: SortedDict | dict[str, dict[str, Any]], codes: Iterable[str], after: str | None
) -> Iterator[dict[str, Any]]:
    """The resources of `codes` that exist, in the lists' order, those after `after` only: a few look-ups, whatever
    the family's size."""
    order = sorted((code for code in codes if code in index), key=code_order)
    if after:
        boundary = code_order(after)
        order = [code for code in order if code_order(code) > boundary]
    return (index[code] for code in order)


def codes_ignoring_case(index: SortedDict | dict[str, Any], code: str) -> Iterable[str]:
    """The stored codes that may equal `code` ignoring case: the few that share its lowercase form (every stored
    code for a plain dict)."""
    if not isinstance(index, SortedDict):
        return index.keys()
    folded = code.lower()
    return index.irange_key((folded, ""), (folded, _LAST_CHARACTER))
