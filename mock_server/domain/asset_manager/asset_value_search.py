"""SEARCH-ATTRIBUTE-VALUES: the SaaS filters on asset values, one condition object per attribute code:
`{"title": {"operator": "CONTAINS", "value": "summer", "locale": "en_US", "channel": "ecommerce"}}`.

A condition looks at the values of the attribute at its locale and channel (defaulting to the request's `locales`
and `channel`; any, when neither names one). Text comparisons ignore case. media_file and media_link attributes
cannot be filtered on. Faults are returned as messages, the caller places them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from mock_server.domain.request_format.json_values import finite_decimal
from mock_server.domain.shared.timestamps import read_moment
from mock_server.domain.shared.types import NUMBER

Predicate = Callable[[dict], bool]

_PRESENCE = ("EMPTY", "NOT EMPTY")
_TEXT = ("=", "CONTAINS", "DOES NOT CONTAIN", "STARTS WITH", "ENDS WITH", *_PRESENCE)
_SCALAR = ("=", *_PRESENCE)
_DATE = ("=", "<", ">", "BETWEEN", "NOT BETWEEN", *_PRESENCE)
_CODES = ("IN", *_PRESENCE)
OPERATORS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "text": _TEXT,
    "number": _SCALAR,
    "boolean": _SCALAR,
    "date": _DATE,
    "single_option": _CODES,
    "multiple_options": _CODES,
    "record": _CODES,
    "asset_family_single_link": _CODES,
    "asset_family_multiple_links": _CODES,
    "auto_tagging": _CODES,
}
CONDITION_KEYS = frozenset({"operator", "value", "locale", "channel"})


def is_empty(data: Any) -> bool:
    return data is None or data == "" or data == []


def attribute_predicate(
    code: str, attribute: dict, condition: dict, channel: str | None, locales: tuple[str, ...]
) -> Predicate | list[str]:
    """The predicate of one condition on the attribute `code`, or the messages saying why it cannot be read."""
    kind = str(attribute.get("type", ""))
    allowed = OPERATORS_BY_TYPE.get(kind)
    if allowed is None:
        return [f'The attribute "{code}" is a {kind} attribute: assets cannot be filtered on it.']
    messages = [f'Property "{key}" does not exist in a condition.' for key in sorted(set(condition) - CONDITION_KEYS)]
    operator = condition.get("operator")
    if operator not in allowed:
        shown = operator if isinstance(operator, str) else json.dumps(operator)
        messages.append(f'Filter on the {kind} attribute "{code}" does not support operator "{shown}".')
    for key in ("locale", "channel"):
        if condition.get(key) is not None and not isinstance(condition[key], str):
            messages.append(f"The {key} of a condition must be a string or null.")
    if messages:
        return messages
    matcher = _matcher(kind, str(operator), condition.get("value"), "value" in condition)
    if isinstance(matcher, str):
        return [f'Filter on the attribute "{code}" with operator "{operator}": {matcher}']
    wanted_locales = _wanted(attribute.get("value_per_locale"), condition.get("locale"), locales)
    wanted_channels = _wanted(
        attribute.get("value_per_channel"), condition.get("channel"), (channel,) if channel else ()
    )

    def matches(asset: dict) -> bool:
        data = [
            entry.get("data")
            for entry in asset.get("values", {}).get(code, [])
            if _at(entry.get("locale"), wanted_locales) and _at(entry.get("channel"), wanted_channels)
        ]
        return matcher([d for d in data if not is_empty(d)])

    return matches


def _wanted(per_value: Any, given: str | None, defaults: tuple[str, ...]) -> frozenset[str | None] | None:
    """The locales (or channels) a value may sit at: {None} for an attribute without them, None for any."""
    if not per_value:
        return frozenset({None})
    if given is not None:
        return frozenset({given})
    return frozenset(defaults) if defaults else None


def _at(coordinate: str | None, wanted: frozenset[str | None] | None) -> bool:
    return wanted is None or coordinate in wanted


# -- matchers: filled data of the value(s) at the coordinates -> bool ------------------------------------------------


def _matcher(kind: str, operator: str, value: Any, has_value: bool) -> Callable[[list[Any]], bool] | str:
    if operator == "EMPTY":
        return lambda filled: not filled
    if operator == "NOT EMPTY":
        return lambda filled: bool(filled)
    if not has_value:
        return 'a "value" is required.'
    if kind == "text":
        return _text(operator, value)
    if kind == NUMBER:
        return _number(value)
    if kind == "boolean":
        return _boolean(value)
    if kind == "date":
        return _date(operator, value)
    return _codes(value)


def _text(operator: str, value: Any) -> Callable[[list[Any]], bool] | str:
    if not isinstance(value, str):
        return "a string value is expected."
    wanted = value.casefold()
    tests: dict[str, Callable[[str], bool]] = {
        "=": lambda text: text == wanted,
        "CONTAINS": lambda text: wanted in text,
        "DOES NOT CONTAIN": lambda text: wanted not in text,
        "STARTS WITH": lambda text: text.startswith(wanted),
        "ENDS WITH": lambda text: text.endswith(wanted),
    }
    test = tests[operator]
    return lambda filled: any(isinstance(d, str) and test(d.casefold()) for d in filled)


def _number(value: Any) -> Callable[[list[Any]], bool] | str:
    wanted = finite_decimal(value)
    if wanted is None:
        return "a number is expected."
    return lambda filled: any(finite_decimal(d) == wanted for d in filled)


def _boolean(value: Any) -> Callable[[list[Any]], bool] | str:
    if not isinstance(value, bool):
        return "a boolean is expected."
    return lambda filled: any(d is value for d in filled)


def _date(operator: str, value: Any) -> Callable[[list[Any]], bool] | str:
    if operator in ("BETWEEN", "NOT BETWEEN"):
        bounds = [read_moment(item) for item in value] if isinstance(value, list) and len(value) == 2 else []
        if len(bounds) != 2 or None in bounds:
            return "an array of two ISO 8601 date-times is expected."
        start, end = bounds[0], bounds[1]
        inside = operator == "BETWEEN"
        return lambda filled: any(
            (m := read_moment(d)) is not None and (start <= m <= end) is inside
            for d in filled  # type: ignore[operator]
        )
    wanted = read_moment(value)
    if wanted is None:
        return "an ISO 8601 date-time is expected."
    tests: dict[str, Callable[[datetime], bool]] = {
        "=": lambda m: m == wanted,
        "<": lambda m: m < wanted,
        ">": lambda m: m > wanted,
    }
    test = tests[operator]
    return lambda filled: any((m := read_moment(d)) is not None and test(m) for d in filled)


def _codes(value: Any) -> Callable[[list[Any]], bool] | str:
    if not isinstance(value, list) or not value or not all(isinstance(item, str) for item in value):
        return "a non-empty array of codes is expected."
    wanted = frozenset(value)
    return lambda filled: any(
        (d in wanted) if isinstance(d, str) else bool(wanted.intersection(x for x in d if isinstance(x, str)))
        for d in filled
        if isinstance(d, str | list)
    )
