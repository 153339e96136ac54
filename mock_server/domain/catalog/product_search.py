"""Product and product model `search` filters: properties (identifier, family, categories, enabled, groups,
parent, created, updated) and attribute values, as the product list takes them and product link rules select."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from mock_server.domain.catalog.product_value_types import decimal_of
from mock_server.domain.catalog.product_values import is_empty
from mock_server.domain.catalog.search import (
    INVALID_SEARCH,
    Predicate,
    bool_value,
    codes_value,
    search_conditions,
    search_json,
    string_value,
    unsupported,
    wrong_value,
)
from mock_server.domain.catalog.structure import IDENTIFIER, descendants
from mock_server.domain.errors import BadRequest, DomainError, Unprocessable
from mock_server.domain.shared.timestamps import parse_search_date
from mock_server.domain.shared.types import PRODUCT_DATE


@dataclass(frozen=True)
class ProductSearchView:
    """What product filters need: attributes (value filters), categories (IN CHILDREN), locales and channels."""

    attributes: Mapping[str, Mapping[str, Any]]
    categories: Mapping[str, Mapping[str, Any]]
    activated_locales: frozenset[str] = frozenset()
    channels: frozenset[str] = frozenset()
    key: str = "identifier"  # "code" for product models


# PRODUCT-SEARCH-NOT-JSON: the status of a `search` json_decode does not make an array, by list controller (newest
# vendor code): ProductController 400 (BadRequestHttpException), ProductModelController 422.
NOT_JSON_ERROR: dict[str, type[DomainError]] = {"identifier": BadRequest, "code": Unprocessable}


def decode_product_search(raw: str | None, key: str) -> dict[str, list[dict[str, Any]]]:
    """PRODUCT-SEARCH-NOT-JSON: the product (`key` "identifier") and product model ("code") lists refuse a `search`
    that json_decode does not make an array, "Search query parameter should be valid JSON.": text that is not JSON,
    an empty one, nesting deeper than 512 levels (PRODUCT-SEARCH-DEEP-NESTING), a JSON string, number, boolean or
    null. An empty array is PHP's empty object: no filter."""
    if raw is None:
        return {}
    try:
        query = search_json(raw)
    except ValueError:
        query = None
    if not isinstance(query, dict | list):
        raise NOT_JSON_ERROR[key](INVALID_SEARCH)
    return search_conditions(query or {})


def product_filters(raw: str | dict | None, view: ProductSearchView, *, now: datetime) -> Predicate:
    """A predicate on products (or product models, `view.key == "code"`) as GET shows them, inheritance applied."""
    query = raw if isinstance(raw, dict) else decode_product_search(raw, view.key)
    predicates = [
        product_condition(field, condition, view, now=now)
        for field, conditions in query.items()
        for condition in conditions
    ]
    return lambda item: all(predicate(item) for predicate in predicates)


def product_condition(field: str, condition: Mapping[str, Any], view: ProductSearchView, *, now: datetime) -> Predicate:
    """One condition `{operator, value, locale?, scope?}` on a property or an attribute value."""
    operator, value = condition.get("operator"), condition.get("value")
    if not isinstance(operator, str):
        raise unsupported(field, operator)
    attribute = view.attributes.get(field)
    if field == "identifier" or (attribute is not None and attribute.get("type") == IDENTIFIER):
        return _text_predicate(field, operator, value, lambda item: [item.get(view.key)])
    builder = _PROPERTY_BUILDERS.get(field)
    if builder is not None and (view.key == "identifier" or field in _MODEL_PROPERTIES):
        return builder(field, operator, value, view, now)
    if attribute is None:
        raise unsupported(field, operator)
    return _value_predicate(attribute, operator, condition, view, now)


def _set_predicate(field: str, operator: str, value: Any, get: Callable[[Mapping[str, Any]], list]) -> Predicate:
    """IN / NOT IN / EMPTY / NOT EMPTY on a list of codes."""
    if operator in ("EMPTY", "NOT EMPTY"):
        expected = operator == "EMPTY"
        return lambda item: (not get(item)) == expected
    if operator in ("IN", "NOT IN"):
        codes = codes_value(field, operator, value)
        if operator == "IN":
            return lambda item: bool(codes & set(get(item)))
        return lambda item: not codes & set(get(item))
    raise unsupported(field, operator)


def _family(field: str, operator: str, value: Any, view: ProductSearchView, now: datetime) -> Predicate:
    return _set_predicate(field, operator, value, lambda item: [item["family"]] if item.get("family") else [])


def _groups(field: str, operator: str, value: Any, view: ProductSearchView, now: datetime) -> Predicate:
    return _set_predicate(field, operator, value, lambda item: list(item.get("groups") or []))


def _categories(field: str, operator: str, value: Any, view: ProductSearchView, now: datetime) -> Predicate:
    def of(item: Mapping[str, Any]) -> set[str]:
        return set(item.get("categories") or [])

    if operator == "UNCLASSIFIED":
        return lambda item: not of(item)
    if operator in ("IN CHILDREN", "NOT IN CHILDREN"):
        roots = codes_value(field, operator, value)
        tree = set(roots).union(*(descendants(code, view.categories) for code in roots))
        if operator == "IN CHILDREN":
            return lambda item: bool(tree & of(item))
        return lambda item: not tree & of(item)
    if operator == "IN OR UNCLASSIFIED":
        codes = codes_value(field, operator, value)
        return lambda item: not of(item) or bool(codes & of(item))
    if operator in ("IN", "NOT IN"):
        return _set_predicate(field, operator, value, lambda item: sorted(of(item)))
    raise unsupported(field, operator)


def _enabled(field: str, operator: str, value: Any, view: ProductSearchView, now: datetime) -> Predicate:
    if operator not in ("=", "!="):
        raise unsupported(field, operator)
    expected = bool_value(field, operator, value)
    if operator == "=":
        return lambda item: item.get("enabled") is expected
    return lambda item: item.get("enabled") is not expected


def _parent(field: str, operator: str, value: Any, view: ProductSearchView, now: datetime) -> Predicate:
    if operator == "=":
        parent = string_value(field, operator, value)
        return lambda item: item.get("parent") == parent
    return _set_predicate(field, operator, value, lambda item: [item["parent"]] if item.get("parent") else [])


def _dates(field: str, operator: str, value: Any, view: ProductSearchView, now: datetime) -> Predicate:
    return _date_predicate(field, operator, value, lambda item: [item.get(field)], now)


_PROPERTY_BUILDERS: dict[str, Callable[[str, str, Any, ProductSearchView, datetime], Predicate]] = {
    "family": _family,
    "groups": _groups,
    "categories": _categories,
    "enabled": _enabled,
    "parent": _parent,
    "created": _dates,
    "updated": _dates,
}


def _text_predicate(field: str, operator: str, value: Any, get: Callable[[Mapping[str, Any]], list]) -> Predicate:
    """Text operators, case-insensitive; negations hold for items without a value too."""

    def texts(item: Mapping[str, Any]) -> list[str]:
        return [str(text).casefold() for text in get(item) if not is_empty(text)]

    if operator in ("EMPTY", "NOT EMPTY"):
        expected = operator == "EMPTY"
        return lambda item: (not texts(item)) == expected
    if operator in ("IN", "NOT IN"):
        codes = {code.casefold() for code in codes_value(field, operator, value)}
        if operator == "IN":
            return lambda item: any(text in codes for text in texts(item))
        return lambda item: not any(text in codes for text in texts(item))
    tests: dict[str, Callable[[str, str], bool]] = {
        "=": lambda text, wanted: text == wanted,
        "STARTS WITH": lambda text, wanted: text.startswith(wanted),
        "ENDS WITH": lambda text, wanted: text.endswith(wanted),
        "CONTAINS": lambda text, wanted: wanted in text,
    }
    negations = {"!=": "=", "DOES NOT CONTAIN": "CONTAINS"}
    if operator not in tests and operator not in negations:
        raise unsupported(field, operator)
    wanted = string_value(field, operator, value).casefold()
    test = tests[negations.get(operator, operator)]
    if operator in negations:
        return lambda item: not any(test(text, wanted) for text in texts(item))
    return lambda item: any(test(text, wanted) for text in texts(item))


def _date_predicate(
    field: str, operator: str, value: Any, get: Callable[[Mapping[str, Any]], list], now: datetime
) -> Predicate:
    def moments(item: Mapping[str, Any]) -> list[datetime]:
        return [m for m in (parse_search_date(v) for v in get(item) if isinstance(v, str)) if m is not None]

    if operator in ("EMPTY", "NOT EMPTY"):
        expected = operator == "EMPTY"
        return lambda item: (not moments(item)) == expected
    if operator == "SINCE LAST N DAYS":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise wrong_value(field, operator, "a number of days", value)
        limit = (now if now.tzinfo else now.replace(tzinfo=UTC)) - timedelta(days=value)
        return lambda item: any(m >= limit for m in moments(item))
    if operator in ("BETWEEN", "NOT BETWEEN"):
        bounds = [parse_search_date(v) for v in value] if isinstance(value, list) and len(value) == 2 else [None]
        if None in bounds:
            raise wrong_value(field, operator, "an array of two date-times", value)
        low, high = bounds
        inside = operator == "BETWEEN"
        return lambda item: any((low <= m <= high) == inside for m in moments(item))  # type: ignore[operator]
    compare = _COMPARISONS.get(operator)
    moment = parse_search_date(value)
    if compare is None:
        raise unsupported(field, operator)
    if moment is None:
        raise wrong_value(field, operator, 'a date-time such as "2021-05-17 15:19:32"', value)
    return lambda item: any(compare(m, moment) for m in moments(item))


_COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}
_MODEL_PROPERTIES = frozenset({"family", "categories", "parent", "created", "updated"})
_TEXT_TYPES = ("pim_catalog_text", "pim_catalog_textarea")
_CODE_TYPES = ("pim_catalog_simpleselect", "pim_catalog_multiselect", "pim_catalog_asset_collection")
_CODE_TYPES += ("akeneo_reference_entity", "akeneo_reference_entity_collection")


def _value_predicate(
    attribute: Mapping[str, Any], operator: str, condition: Mapping[str, Any], view: ProductSearchView, now: datetime
) -> Predicate:
    """A filter on an attribute's values at the condition's locale and scope (any of them when not given)."""
    code, kind = attribute["code"], attribute["type"]
    locale, scope, value = condition.get("locale"), condition.get("scope"), condition.get("value")
    if locale is not None and (not isinstance(locale, str) or locale not in view.activated_locales):
        raise Unprocessable(f'Attribute "{code}" expects an existing and activated locale, "{locale}" given.')
    if scope is not None and (not isinstance(scope, str) or scope not in view.channels):
        raise Unprocessable(f'Attribute "{code}" expects an existing scope, "{scope}" given.')

    def data(item: Mapping[str, Any]) -> list[Any]:
        return [
            entry.get("data")
            for entry in (item.get("values") or {}).get(code, [])
            if (locale is None or entry.get("locale") in (None, locale))
            and (scope is None or entry.get("scope") in (None, scope))
            and not is_empty(entry.get("data"))
        ]

    if kind in _TEXT_TYPES:
        return _text_predicate(code, operator, value, data)
    if kind in _CODE_TYPES:
        return _set_predicate(code, operator, value, lambda item: _flatten(data(item)))
    if kind == PRODUCT_DATE:
        return _date_predicate(code, operator, value, data, now)
    if operator in ("EMPTY", "NOT EMPTY"):
        expected = operator == "EMPTY"
        return lambda item: (not data(item)) == expected
    if kind == "pim_catalog_boolean" and operator in ("=", "!="):
        expected = bool_value(code, operator, value)
        return lambda item: any((d is expected) == (operator == "=") for d in data(item))
    if kind == "pim_catalog_number" and operator in _COMPARISONS:
        wanted = decimal_of(value)
        if wanted is None:
            raise wrong_value(code, operator, "a number", value)
        compare = _COMPARISONS[operator]
        return lambda item: any((n := decimal_of(d)) is not None and compare(n, wanted) for d in data(item))
    raise unsupported(code, operator)


def _flatten(data: list[Any]) -> list[str]:
    return [code for item in data for code in (item if isinstance(item, list) else [item]) if isinstance(code, str)]
