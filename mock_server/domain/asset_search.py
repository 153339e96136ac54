"""The `search` filter of the asset list (`code` IN, `updated` comparisons), parsed into a predicate on assets."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from mock_server.domain.asset_values import json_type
from mock_server.domain.errors import Unprocessable

Predicate = Callable[[dict], bool]

INVALID_JSON = "Search query parameter should be valid JSON."
SUPPORTED_FIELDS = ("code", "updated")
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_DATE_EXAMPLE = '"2021-05-17T15:19:32Z"'


def parse_asset_search(raw: str | None, *, now: datetime) -> Predicate:
    """The predicate of a `search` query parameter (JSON); None or blank matches every asset. Raises Unprocessable
    (the list answers 422) for anything it cannot read."""
    if raw is None or not raw.strip():
        return _match_all
    query = _decode(raw)
    predicates = [
        _predicate(field, condition, now)
        for field, conditions in query.items()
        for condition in _conditions(field, conditions)
    ]
    return lambda asset: all(predicate(asset) for predicate in predicates)


def _match_all(asset: dict) -> bool:
    return True


def _decode(raw: str) -> dict:
    try:
        query = json.loads(raw)
    except ValueError:
        raise Unprocessable(INVALID_JSON) from None
    if not isinstance(query, dict):
        raise Unprocessable(f'The search query parameter must be a JSON object, "{json_type(query)}" given.')
    return query


def _conditions(field: str, conditions: Any) -> list[dict]:
    if field not in SUPPORTED_FIELDS:
        raise Unprocessable(
            f'Filter on property "{field}" is not supported: assets are searched on "code" and "updated".'
        )
    if not isinstance(conditions, list) or not conditions:
        raise Unprocessable(
            f'Filter on property "{field}" expects a non-empty array of conditions, "{json_type(conditions)}" given.'
        )
    for condition in conditions:
        _check_condition_shape(field, condition)
    return conditions


def _check_condition_shape(field: str, condition: Any) -> None:
    if not isinstance(condition, dict):
        raise Unprocessable(
            f'A condition on property "{field}" must be an object with "operator" and "value", '
            f'"{json_type(condition)}" given.'
        )
    unknown = sorted(set(condition) - {"operator", "value"})
    if unknown:
        raise Unprocessable(
            f'A condition on property "{field}" has the unknown property "{unknown[0]}": '
            'only "operator" and "value" are expected.'
        )
    for key in ("operator", "value"):
        if key not in condition:
            raise Unprocessable(f'A condition on property "{field}" lacks its "{key}".')


def _predicate(field: str, condition: dict, now: datetime) -> Predicate:
    operator = condition["operator"]
    builder = _BUILDERS.get((field, operator)) if isinstance(operator, str) else None
    if builder is None:
        shown = operator if isinstance(operator, str) else json.dumps(operator)
        raise Unprocessable(f'Filter on property "{field}" is not supported or does not support operator "{shown}".')
    return builder(condition["value"], now)


def _wrong_value(field: str, operator: str, expected: str, value: Any) -> Unprocessable:
    return Unprocessable(
        f'Filter on property "{field}" with operator "{operator}" expects {expected} as value, '
        f"{json.dumps(value, ensure_ascii=False)} given."
    )


# -- code ----------------------------------------------------------------------------------------------------------


def _code_in(value: Any, now: datetime) -> Predicate:
    if not isinstance(value, list) or not value or not all(isinstance(code, str) for code in value):
        raise _wrong_value("code", "IN", "a non-empty array of asset codes", value)
    codes = frozenset(value)
    return lambda asset: asset.get("code") in codes


# -- updated -------------------------------------------------------------------------------------------------------


def parse_search_date(text: Any) -> datetime | None:
    """An ISO 8601 date-time of the filter (`Z`, an offset or none, which reads as UTC); None when unreadable."""
    if not isinstance(text, str) or not _DATE_TIME.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _date(operator: str, value: Any) -> datetime:
    moment = parse_search_date(value)
    if moment is None:
        raise _wrong_value("updated", operator, f"an ISO 8601 date-time such as {_DATE_EXAMPLE}", value)
    return moment


def _date_pair(operator: str, value: Any) -> tuple[datetime, datetime]:
    expected = f"an array of two ISO 8601 date-times such as [{_DATE_EXAMPLE}, {_DATE_EXAMPLE}]"
    if not isinstance(value, list) or len(value) != 2:
        raise _wrong_value("updated", operator, expected, value)
    start, end = (parse_search_date(item) for item in value)
    if start is None or end is None:
        raise _wrong_value("updated", operator, expected, value)
    return start, end


def _updated_of(asset: dict) -> datetime | None:
    return parse_search_date(asset.get("updated"))


def _updated_after(value: Any, now: datetime) -> Predicate:
    limit = _date(">", value)
    return lambda asset: (updated := _updated_of(asset)) is not None and updated > limit


def _updated_before(value: Any, now: datetime) -> Predicate:
    limit = _date("<", value)
    return lambda asset: (updated := _updated_of(asset)) is not None and updated < limit


def _updated_between(value: Any, now: datetime) -> Predicate:
    start, end = _date_pair("BETWEEN", value)
    return lambda asset: (updated := _updated_of(asset)) is not None and start <= updated <= end


def _updated_not_between(value: Any, now: datetime) -> Predicate:
    start, end = _date_pair("NOT BETWEEN", value)
    return lambda asset: (updated := _updated_of(asset)) is not None and not start <= updated <= end


def _updated_since_last_days(value: Any, now: datetime) -> Predicate:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _wrong_value("updated", "SINCE LAST N DAYS", "a non-negative integer number of days", value)
    moment = now if now.tzinfo else now.replace(tzinfo=UTC)
    limit = moment - timedelta(days=value)
    return lambda asset: (updated := _updated_of(asset)) is not None and updated >= limit


_BUILDERS: dict[tuple[str, str], Callable[[Any, datetime], Predicate]] = {
    ("code", "IN"): _code_in,
    ("updated", ">"): _updated_after,
    ("updated", "<"): _updated_before,
    ("updated", "BETWEEN"): _updated_between,
    ("updated", "NOT BETWEEN"): _updated_not_between,
    ("updated", "SINCE LAST N DAYS"): _updated_since_last_days,
}
