"""What a valid asset `search` tells the store before any asset is read (issue #12): which assets it can match.

Every condition of the top-level filter must hold for a listed asset. So a `code IN` names the only codes the list
may hold (the intersection of several), and the `updated` conditions (>, <, BETWEEN, SINCE LAST N DAYS) bound the
moments of the only assets it may hold. The store reads just those when they are few (store/code_index.py);
the search's predicate (asset_search.py) still judges each asset read, so these bounds may be loose (both ends
included), never too tight. Inside `and`/`or`, conditions are left to the predicate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from mock_server.domain.asset_manager.asset_search import decode_search
from mock_server.domain.shared.timestamps import parse_search_date


@dataclass(frozen=True)
class Narrowing:
    codes: frozenset[str] | None = None  # None: any code
    updated_from: datetime | None = None  # None: unbounded
    updated_to: datetime | None = None

    @property
    def by_updated(self) -> bool:
        return self.updated_from is not None or self.updated_to is not None


def narrowing(raw: str | None, *, now: datetime) -> Narrowing:
    """The bounds of a `search` already accepted by parse_asset_search (so well formed)."""
    if raw is None or not raw.strip():
        return Narrowing()
    query = decode_search(raw)
    if not isinstance(query, dict):
        return Narrowing()
    return Narrowing(_codes(query.get("code")), *_updated(query.get("updated"), now))


def _codes(conditions: Any) -> frozenset[str] | None:
    named: frozenset[str] | None = None
    for condition in conditions if isinstance(conditions, list) else []:
        if isinstance(condition, dict) and condition.get("operator") == "IN" and isinstance(condition["value"], list):
            codes = frozenset(code for code in condition["value"] if isinstance(code, str))
            named = codes if named is None else named & codes
    return named


def _updated(conditions: Any, now: datetime) -> tuple[datetime | None, datetime | None]:
    start: datetime | None = None
    end: datetime | None = None
    for condition in conditions if isinstance(conditions, list) else []:
        low, high = _bounds(condition, now) if isinstance(condition, dict) else (None, None)
        start = low if start is None or (low is not None and low > start) else start
        end = high if end is None or (high is not None and high < end) else end
    return start, end


def _bounds(condition: dict[str, Any], now: datetime) -> tuple[datetime | None, datetime | None]:
    operator, value = condition.get("operator"), condition.get("value")
    if operator == ">":
        return parse_search_date(value), None
    if operator == "<":
        return None, parse_search_date(value)
    if operator == "BETWEEN" and isinstance(value, list) and len(value) == 2:
        return parse_search_date(value[0]), parse_search_date(value[1])
    if operator == "SINCE LAST N DAYS" and isinstance(value, int) and not isinstance(value, bool):
        moment = now if now.tzinfo else now.replace(tzinfo=UTC)
        try:
            return moment - timedelta(days=value), None
        except OverflowError:
            return None, None
    return None, None  # NOT BETWEEN: two ranges, left to the predicate
