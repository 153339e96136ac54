"""Assets as the GET operations write them, kept as JSON text per store so that a page of 100 assets is mostly a
join of texts already written (issue #12: presenting and encoding each asset was most of a page's time).

A text is reused only while both hold:
- the stored asset is the same object: every save of an asset stores a new dict (domain/asset_manager/asset.py), so a write to
  the asset itself, through any path (a PATCH, a batch line, a transformation or naming-convention job), is seen;
- the store's `generation` is the same: every request that may write bumps it when it ends (tenancy.bind), so a
  change elsewhere that shows in an asset's answer (an option or attribute deleted or edited, a media file) is seen.
The key holds everything else the text depends on: the family, the code, the base URL of its links, the channel and
locales filters. The cache is bounded (the oldest entries go first), so a catalog of a million assets does not keep
a second copy of itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from mock_server.services.context import Context

MAX_ENTRIES = 20_000  # per store: two pages of 100 for each of 100 readers, and GETs of one asset
_CACHE_KEY = "rendered_assets"

# What else a text depends on: the family, the base URL of its links, the channel and locales filters, and whether
# it is a list item (with its self link).
View = tuple[str, str, str | None, tuple[str, ...] | None, bool]


def rendered(ctx: Context, view: View, found: Iterable[dict[str, Any]], render: Callable[[dict], str]) -> list[str]:
    """Each asset's JSON text in `view`: the kept one if still valid, else `render(asset)`, kept for next time."""
    store = ctx.store
    cache: dict[tuple[View, str], tuple[int, dict[str, Any], str]] = store.derived.setdefault(_CACHE_KEY, {})
    generation, texts = store.generation, []
    for asset in found:
        key = (view, asset["code"])
        kept = cache.get(key)
        if kept is not None and kept[0] == generation and kept[1] is asset:
            texts.append(kept[2])
            continue
        text = render(asset)
        if kept is None and len(cache) >= MAX_ENTRIES:
            del cache[next(iter(cache))]  # the oldest entry
        cache[key] = (generation, asset, text)
        texts.append(text)
    return texts
