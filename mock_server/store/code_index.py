"""The store's index of a family's assets (issue #12): a map by code that also keeps the lists' order and the
assets' `updated` moments, so that a page of the asset list never reads the whole family.

`FamilyAssets` is a mutable mapping code -> asset over a `SortedDict` keyed by the lowercase code (sortedcontainers):
a code is found in O(1), a walk goes in the lists' order (`code_order`, the lowercase code: no tuple per asset), a
cursor is a seek, and so is a look-up ignoring case (asset codes are ASCII: lower() and casefold() agree).
Beside it, the codes sorted by their `updated` moment (a `SortedKeyList`, the moment as a float) answer "which assets
were updated between these moments" in O(log n + found). Memory counts: a million assets must fit in 2 GB.

`walk` picks how a page reads the family, from what the search says before any asset is read
(domain/asset_manager/asset_search_plan.py): the codes of a `code IN`, a few look-ups; the assets of an `updated` range, when they
are few enough that sorting them costs less than walking past the others; else the walk from the cursor on. The
search's predicate still judges every asset read, so the choice changes the cost, never the answer.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterable, Iterator, MutableMapping
from datetime import datetime
from typing import Any

from sortedcontainers import SortedDict, SortedKeyList

from mock_server.domain.asset_manager.asset_search_plan import Narrowing
from mock_server.domain.pagination import code_order
from mock_server.domain.shared.timestamps import parse_search_date

Asset = dict[str, Any]


class FamilyAssets(MutableMapping[str, Asset]):
    """code -> asset, iterated in the lists' order; every write keeps the `updated` index in step."""

    def __init__(self, items: Iterable[tuple[str, Asset]] = ()) -> None:
        self._by_code: SortedDict = SortedDict(code_order)
        self._by_updated: SortedKeyList = SortedKeyList(key=self._moment_of)
        for code, asset in items:
            self[code] = asset

    def __getitem__(self, code: str) -> Asset:
        return self._by_code[code]

    def __setitem__(self, code: str, asset: Asset) -> None:
        if code in self._by_code:
            self._forget_updated(code)
        self._by_code[code] = asset
        if _moment(asset) is not None:
            self._by_updated.add(code)

    def __delitem__(self, code: str) -> None:
        self._forget_updated(code)
        del self._by_code[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_code)

    def __len__(self) -> int:
        return len(self._by_code)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __reduce__(self) -> tuple[Any, ...]:
        """Copied and pickled as its items: the indexes are rebuilt (the updated one's key is a method of its own)."""
        return (type(self), (list(self._by_code.items()),))

    def __repr__(self) -> str:
        return f"FamilyAssets({list(self._by_code.items())!r})"

    def after(self, after: str | None) -> Iterator[Asset]:
        """The assets whose code sorts after `after` (all for None), in the lists' order, read lazily."""
        codes = self._by_code.irange_key(code_order(after), inclusive=(False, True)) if after else iter(self._by_code)
        return map(self._by_code.__getitem__, codes)

    def codes_ignoring_case(self, code: str) -> Iterator[str]:
        """The stored codes that share `code`'s lowercase form: the only ones that may equal it ignoring case."""
        folded = code_order(code)
        return self._by_code.irange_key(folded, folded)

    def updated_between(self, start: datetime | None, end: datetime | None) -> list[str]:
        """The codes of the assets updated from `start` to `end` (both included; None: unbounded)."""
        low = start.timestamp() if start else None
        high = end.timestamp() if end else None
        return list(self._by_updated.irange_key(low, high))

    def count_updated_between(self, start: datetime | None, end: datetime | None) -> int:
        low = self._by_updated.bisect_key_left(start.timestamp()) if start else 0
        high = self._by_updated.bisect_key_right(end.timestamp()) if end else len(self._by_updated)
        return max(0, high - low)

    def _moment_of(self, code: str) -> float:
        """The updated index's sort key: the stored asset's moment (read before a write replaces it)."""
        moment = _moment(self._by_code[code])
        return moment if moment is not None else 0.0  # only assets with a moment are in the index

    def _forget_updated(self, code: str) -> None:
        if _moment(self._by_code[code]) is None:
            return
        try:
            self._by_updated.remove(code)
        except ValueError:  # the stored dict was changed in place, so its key moved: find the code the slow way
            stale = next(index for index, indexed in enumerate(self._by_updated) if indexed == code)
            del self._by_updated[stale]


def _moment(asset: Asset) -> float | None:
    """The asset's `updated` moment as a POSIX timestamp; None when it has none that reads as a date."""
    text = asset.get("updated") if isinstance(asset, dict) else None
    return _timestamp(text) if isinstance(text, str) else None


@functools.lru_cache(maxsize=4096)  # a batch's assets share one moment: each write reads it three times
def _timestamp(text: str) -> float | None:
    moment = parse_search_date(text)
    return moment.timestamp() if moment is not None else None


def code_index(items: Iterable[tuple[str, Asset]] = ()) -> FamilyAssets:
    """A family's assets from (code, asset) pairs."""
    return FamilyAssets(items)


def _indexed(assets: MutableMapping[str, Asset]) -> FamilyAssets:
    """A plain dict (a store built by hand in a test) is indexed on the spot."""
    return assets if isinstance(assets, FamilyAssets) else FamilyAssets(assets.items())


def values_after(assets: MutableMapping[str, Asset], after: str | None) -> Iterator[Asset]:
    return _indexed(assets).after(after)


def values_named(assets: MutableMapping[str, Asset], codes: Iterable[str], after: str | None) -> Iterator[Asset]:
    """The assets of `codes` that exist, in the lists' order, those after `after` only."""
    order = sorted((code for code in codes if code in assets), key=code_order)
    if after:
        boundary = code_order(after)
        order = [code for code in order if code_order(code) > boundary]
    return (assets[code] for code in order)


def codes_ignoring_case(assets: MutableMapping[str, Asset], code: str) -> Iterable[str]:
    return assets.codes_ignoring_case(code) if isinstance(assets, FamilyAssets) else assets.keys()


def walk(
    assets: MutableMapping[str, Asset], after: str | None, narrowing: Narrowing, page_size: int
) -> Iterator[Asset]:
    """The assets a page of the list may hold, in the lists' order from the cursor on (see the module's text)."""
    if narrowing.codes is not None:
        return values_named(assets, narrowing.codes, after)
    indexed = _indexed(assets)
    if narrowing.by_updated:
        found = indexed.count_updated_between(narrowing.updated_from, narrowing.updated_to)
        walked = (page_size + 1) * len(indexed) / max(found, 1)  # expected reads to fill a page by walking
        if found * math.log2(found + 2) <= walked:
            return values_named(indexed, indexed.updated_between(narrowing.updated_from, narrowing.updated_to), after)
    return indexed.after(after)
