"""What a valid asset `search` tells the store before any asset is read (issue #12): the codes it can match.

A `code IN` condition of the top-level filter must hold for every listed asset, so the list holds at most the
codes it names (the intersection of several such conditions). The store then reads those assets only, in the lists'
order, instead of walking the family; the search's predicate (asset_search.py) still judges each of them.
"""

from __future__ import annotations

from mock_server.domain.asset_search import decode_search


def codes_named(raw: str | None) -> frozenset[str] | None:
    """The codes a `search` already accepted by parse_asset_search restricts the list to; None when it names none
    (inside `and`/`or`, only the top-level filter is read: the others stay the predicate's)."""
    if raw is None or not raw.strip():
        return None
    query = decode_search(raw)
    conditions = query.get("code") if isinstance(query, dict) else None
    if not isinstance(conditions, list):
        return None
    named: frozenset[str] | None = None
    for condition in conditions:
        if isinstance(condition, dict) and condition.get("operator") == "IN" and isinstance(condition["value"], list):
            codes = frozenset(code for code in condition["value"] if isinstance(code, str))
            named = codes if named is None else named & codes
    return named
