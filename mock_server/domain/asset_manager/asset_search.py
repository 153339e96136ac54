"""The `search` filter of the asset list, parsed into a predicate on assets.

The vendor's GetConnectorAssetsAction decodes `search` with json_decode: a text that is not JSON, or JSON that is
neither an object nor an array (or nested deeper than PHP's 512 levels), is a 400 (SEARCH-NOT-JSON-400, SEARCH-DEEP-NESTING-400); a
filter that breaks the filter format is a 422 "The search filters have an invalid format." listing each fault
(FILTER-MALFORMED-422, SEARCH-MESSAGES). Properties: `code` (IN), `updated` (>, <, BETWEEN, NOT BETWEEN, SINCE LAST N DAYS),
`complete` (the vendor's SearchFiltersValidator), attribute codes (asset_value_search.py) and the SaaS logical
operators `and` / `or` (SEARCH-AND-OR).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from mock_server.domain.asset_manager.asset_value_search import attribute_predicate, is_empty
from mock_server.domain.errors import BadRequest, FieldError, ValidationFailed
from mock_server.domain.request_format.json_values import json_type
from mock_server.domain.shared.timestamps import parse_search_date

Predicate = Callable[[dict], bool]

NOT_JSON = "The search query parameter must be a valid JSON."
INVALID_FORMAT = "The search filters have an invalid format."
MAX_JSON_DEPTH = 512  # PHP json_decode's default depth: deeper documents decode to null (a 400)
MAX_LOGICAL_DEPTH = 32  # and/or nested deeper are refused before the predicate is built (no recursion blow-up)
LOGICAL = ("and", "or")
_DATE_EXAMPLE = '"2021-05-17T15:19:32Z"'


@dataclass(frozen=True)
class SearchContext:
    """What filters on values and completeness need: the family's attributes and the catalog's channels, plus the
    request's `channel` and `locales`, the defaults of value conditions that name none."""

    now: datetime
    attributes: Mapping[str, dict] = field(default_factory=dict)
    channels: Mapping[str, frozenset[str]] = field(default_factory=dict)
    channel: str | None = None
    locales: tuple[str, ...] = ()


class _Faults:
    """The format faults of one filter, each at its JSON pointer (the vendor's Opis paths: /updated/0/value)."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def add(self, path: str, message: str) -> None:
        self.errors.append(FieldError(path or "/", message))

    def raise_if_any(self) -> None:
        if self.errors:
            raise ValidationFailed(self.errors, message=INVALID_FORMAT)


def parse_asset_search(raw: str | None, *, now: datetime, context: SearchContext | None = None) -> Predicate:
    """The predicate of a `search` query parameter; None or blank matches every asset."""
    ctx = context or SearchContext(now=now)
    if raw is None or not raw.strip():
        return match_all
    query = decode_search(raw)
    if query == [] or query == {}:
        return match_all  # the vendor skips an empty filter (PHP reads [] and {} alike)
    faults = _Faults()
    predicate = _filter(query, "", 0, ctx, faults)
    faults.raise_if_any()
    return predicate


def match_all(asset: dict) -> bool:
    """The predicate of no filter (services skip calling it: a page of a plain list reads only its assets)."""
    return True


# -- decoding (400) ------------------------------------------------------------------------------------------------


def decode_search(raw: str) -> Any:
    """The decoded JSON, as PHP's json_decode would accept it; BadRequest otherwise (SEARCH-NOT-JSON-400, SEARCH-DEEP-NESTING-400)."""
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise BadRequest(NOT_JSON)
    try:
        query = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError):
        raise BadRequest(NOT_JSON) from None
    if not isinstance(query, dict | list):
        raise BadRequest(NOT_JSON)
    return query


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # Python reads NaN and Infinity, PHP does not


def json_depth(raw: str) -> int:
    """The deepest nesting of arrays and objects, strings skipped: checked before parsing, so a hostile document
    never reaches the recursive parser."""
    depth = deepest = 0
    in_string = escaped = False
    for char in raw:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


# -- structure (422) -----------------------------------------------------------------------------------------------


def _filter(query: Any, path: str, depth: int, ctx: SearchContext, faults: _Faults) -> Predicate:
    """One filter object: every property must hold. Inside and/or, properties take one condition object."""
    if not isinstance(query, dict):
        faults.add(path, f'The filter must be an object, "{json_type(query)}" given.')
        return match_all
    logical = [key for key in query if key in LOGICAL]
    if logical and len(query) > 1:
        faults.add(path, f'"{logical[0]}" must be the only property of its filter.')
        return match_all
    predicates = [_property(key, value, f"{path}/{key}", depth, ctx, faults) for key, value in query.items()]
    return lambda asset: all(predicate(asset) for predicate in predicates)


def _property(key: str, value: Any, path: str, depth: int, ctx: SearchContext, faults: _Faults) -> Predicate:
    if key in LOGICAL:
        return _logical(key, value, path, depth + 1, ctx, faults)
    if key in ("code", "updated"):
        conditions = value if isinstance(value, list) or depth == 0 else [value]
        return _conditions(key, conditions, path, ctx, faults)
    if key == "complete":
        return _complete(value, path, ctx, faults)
    attribute = ctx.attributes.get(key)
    if attribute is None:
        faults.add(
            path,
            f'Filter on property "{key}" is not supported: it is neither "code", "updated", "complete" '
            "nor an attribute of the asset family.",
        )
        return match_all
    if not isinstance(value, dict):
        faults.add(path, f'A filter on the attribute "{key}" must be one condition object, "{json_type(value)}" given.')
        return match_all
    outcome = attribute_predicate(key, attribute, value, ctx.channel, ctx.locales)
    if isinstance(outcome, list):
        for message in outcome:
            faults.add(path, message)
        return match_all
    return outcome


def _logical(key: str, value: Any, path: str, depth: int, ctx: SearchContext, faults: _Faults) -> Predicate:
    """SEARCH-AND-OR: `and` holds when every filter of its array does, `or` when one does."""
    if depth > MAX_LOGICAL_DEPTH:
        faults.add(path, f'"and" and "or" may be nested at most {MAX_LOGICAL_DEPTH} levels deep.')
        return match_all
    if not isinstance(value, list) or not value:
        faults.add(path, f'"{key}" expects a non-empty array of filters, "{json_type(value)}" given.')
        return match_all
    members = [_filter(item, f"{path}/{index}", depth, ctx, faults) for index, item in enumerate(value)]
    if key == "and":
        return lambda asset: all(member(asset) for member in members)
    return lambda asset: any(member(asset) for member in members)


def _conditions(name: str, conditions: Any, path: str, ctx: SearchContext, faults: _Faults) -> Predicate:
    if not isinstance(conditions, list) or not conditions:
        faults.add(
            path,
            f'Filter on property "{name}" expects a non-empty array of conditions, "{json_type(conditions)}" given.',
        )
        return match_all
    predicates = [
        _condition(name, condition, f"{path}/{index}", ctx, faults) for index, condition in enumerate(conditions)
    ]
    return lambda asset: all(predicate(asset) for predicate in predicates)


def _condition(name: str, condition: Any, path: str, ctx: SearchContext, faults: _Faults) -> Predicate:
    if not isinstance(condition, dict):
        faults.add(path, f'A condition must be an object with "operator" and "value", "{json_type(condition)}" given.')
        return match_all
    unknown = sorted(set(condition) - {"operator", "value"})
    missing = [key for key in ("operator", "value") if key not in condition]
    for key in unknown:
        faults.add(f"{path}/{key}", f'Property "{key}" does not exist in a condition: use "operator" and "value".')
    for key in missing:
        faults.add(path, f'The property "{key}" is required.')
    if unknown or missing:
        return match_all
    operator = condition["operator"]
    builder = _BUILDERS.get((name, operator)) if isinstance(operator, str) else None
    if builder is None:
        shown = operator if isinstance(operator, str) else json.dumps(operator)
        faults.add(
            f"{path}/operator", f'Filter on property "{name}" is not supported or does not support operator "{shown}".'
        )
        return match_all
    try:
        return builder(condition["value"], ctx.now)
    except _WrongValue as wrong:
        faults.add(f"{path}/value", wrong.message)
        return match_all


class _WrongValue(Exception):
    def __init__(self, name: str, operator: str, expected: str, value: Any) -> None:
        super().__init__(name)
        self.message = (
            f'Filter on property "{name}" with operator "{operator}" expects {expected} as value, '
            f"{json.dumps(value, ensure_ascii=False)} given."
        )


# -- complete ------------------------------------------------------------------------------------------------------


def _complete(value: Any, path: str, ctx: SearchContext, faults: _Faults) -> Predicate:
    """SEARCH-COMPLETE: {"operator": "=", "value": bool, "channel": ..., "locales": [...]} (the vendor's
    SearchFiltersValidator); `context: {channel, locales}` is read too (our contract's form inside and/or)."""
    if not isinstance(value, dict):
        faults.add(path, f'The filter "complete" must be an object, "{json_type(value)}" given.')
        return match_all
    where = value.get("context") if isinstance(value.get("context"), dict) else value
    shape = {"operator": value.get("operator"), "value": value.get("value")}
    shape |= {"channel": where.get("channel"), "locales": where.get("locales")}
    before = len(faults.errors)
    if shape["operator"] != "=":
        faults.add(f"{path}/operator", 'The filter "complete" takes the operator "=".')
    if not isinstance(shape["value"], bool):
        faults.add(f"{path}/value", f'The filter "complete" expects a boolean, "{json_type(shape["value"])}" given.')
    if not isinstance(shape["channel"], str):
        faults.add(f"{path}/channel", 'The filter "complete" needs a "channel" (a channel code).')
    locales = shape["locales"]
    if not isinstance(locales, list) or not locales or not all(isinstance(code, str) for code in locales):
        faults.add(f"{path}/locales", 'The filter "complete" needs "locales", a non-empty array of locale codes.')
    if len(faults.errors) > before:
        return match_all
    return _completeness(ctx, shape["channel"], list(locales), shape["value"])


def completeness_errors(search: Any, channels: Mapping[str, frozenset[str]]) -> list[FieldError]:
    """The vendor's FilterAssetsByCompleteness: the `complete` filter's channel must exist and its locales be
    activated for it (422 "Invalid query parameters", paths complete.channel / complete.locales)."""
    complete = search.get("complete") if isinstance(search, dict) else None
    if not isinstance(complete, dict):
        return []
    where = complete.get("context") if isinstance(complete.get("context"), dict) else complete
    channel, locales = where.get("channel"), where.get("locales") or []
    if channel not in channels:
        return [FieldError("complete.channel", f'Channel "{channel}" does not exist.')]
    missing = [code for code in locales if code not in channels[channel]]
    if not missing:
        return []
    joined = '","'.join(missing)
    if len(missing) == 1:
        message = f'Locale "{joined}" is not activated for the channel "{channel}".'
    else:
        message = f'Locales "{joined}" are not activated for the channel "{channel}".'
    return [FieldError("complete.locales", message)]


def _completeness(ctx: SearchContext, channel: str, locales: list[str], wanted: bool) -> Predicate:
    required = {code: a for code, a in ctx.attributes.items() if a.get("is_required_for_completeness")}

    def complete(asset: dict) -> bool:
        values = asset.get("values", {})
        return all(
            _filled(values.get(code, []), attribute, channel, locale)
            for locale in locales
            for code, attribute in required.items()
        )

    return lambda asset: complete(asset) is wanted


def _filled(entries: list[dict], attribute: dict, channel: str, locale: str) -> bool:
    want_channel = channel if attribute.get("value_per_channel") else None
    want_locale = locale if attribute.get("value_per_locale") else None
    return any(
        e.get("channel") == want_channel and e.get("locale") == want_locale and not is_empty(e.get("data"))
        for e in entries
    )


# -- code ----------------------------------------------------------------------------------------------------------


def _code_in(value: Any, now: datetime) -> Predicate:
    if not isinstance(value, list) or not value or not all(isinstance(code, str) for code in value):
        raise _WrongValue("code", "IN", "a non-empty array of asset codes", value)
    codes = frozenset(value)
    return lambda asset: asset.get("code") in codes


# -- updated -------------------------------------------------------------------------------------------------------


def _date(operator: str, value: Any) -> datetime:
    moment = parse_search_date(value)
    if moment is None:
        raise _WrongValue("updated", operator, f"an ISO 8601 date-time such as {_DATE_EXAMPLE}", value)
    return moment


def _date_pair(operator: str, value: Any) -> tuple[datetime, datetime]:
    expected = f"an array of two ISO 8601 date-times such as [{_DATE_EXAMPLE}, {_DATE_EXAMPLE}]"
    if not isinstance(value, list) or len(value) != 2:
        raise _WrongValue("updated", operator, expected, value)
    start, end = (parse_search_date(item) for item in value)
    if start is None or end is None:
        raise _WrongValue("updated", operator, expected, value)
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
    """SEARCH-SINCE-DAYS-RANGE: a number of days that takes the date before year 1 is a 422, not a crash."""
    expected = "a non-negative integer number of days"
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _WrongValue("updated", "SINCE LAST N DAYS", expected, value)
    moment = now if now.tzinfo else now.replace(tzinfo=UTC)
    try:
        limit = moment - timedelta(days=value)
    except OverflowError:
        raise _WrongValue("updated", "SINCE LAST N DAYS", f"{expected} that stays after the year 1", value) from None
    return lambda asset: (updated := _updated_of(asset)) is not None and updated >= limit


_BUILDERS: dict[tuple[str, str], Callable[[Any, datetime], Predicate]] = {
    ("code", "IN"): _code_in,  # FILTER-CODE-IN
    ("updated", ">"): _updated_after,  # FILTER-UPDATED-AFTER
    ("updated", "<"): _updated_before,  # FILTER-UPDATED-BEFORE
    ("updated", "BETWEEN"): _updated_between,  # FILTER-UPDATED-BETWEEN
    ("updated", "NOT BETWEEN"): _updated_not_between,  # FILTER-UPDATED-NOT-BETWEEN
    ("updated", "SINCE LAST N DAYS"): _updated_since_last_days,  # FILTER-UPDATED-SINCE-LAST-N-DAYS
}
