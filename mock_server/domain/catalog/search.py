"""Product-side lists: the `search` filters (catalog resources, products, product models) and their order by code;
their pages are cut by domain/pagination.py."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mock_server.domain.errors import Unprocessable
from mock_server.domain.pagination import code_then_case
from mock_server.domain.request_format.json_values import json_type
from mock_server.domain.shared.timestamps import parse_search_date

Predicate = Callable[[Mapping[str, Any]], bool]
Builder = Callable[[Any], Predicate]

# PRODUCT-SEARCH-NOT-JSON-MESSAGE
INVALID_SEARCH = "Search query parameter should be valid JSON."
MAX_SEARCH_DEPTH = 512  # PHP's json_decode gives up (null) beyond this nesting: the vendor's "not valid JSON"


def by_code(items: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(items, key=lambda item: code_then_case(str(item["code"])))


# -- parsing ----------------------------------------------------------------------------------------------------


def decode_search(raw: str | None) -> dict[str, list[dict[str, Any]]]:
    """The `search` parameter of the catalog resources: a JSON object of field -> non-empty array of conditions. Not
    JSON, or JSON nested deeper than the vendor's decoder goes (its json_decode answers null: "not valid JSON"), is
    refused like any other malformation, 422 (ERRATA), never a 500. PRODUCT-SEARCH-DEEP-NESTING. The product and
    product model lists decode theirs as their controllers do (product_search.decode_product_search)."""
    if raw is None or not raw.strip():
        return {}
    try:
        query = search_json(raw)
    except ValueError:
        raise Unprocessable(INVALID_SEARCH) from None
    return search_conditions(query)


def search_json(raw: str) -> Any:
    """`search` decoded; ValueError where the vendor's json_decode gives up (not JSON, nesting deeper than 512)."""
    try:
        query = json.loads(raw)
    except RecursionError:  # nesting deeper than Python's own decoder goes
        raise ValueError("too deep") from None
    if _depth(query) > MAX_SEARCH_DEPTH:
        raise ValueError("deeper than json_decode's default depth")
    return query


def search_conditions(query: Any) -> dict[str, list[dict[str, Any]]]:
    """A decoded `search`, checked to be a JSON object of field -> non-empty array of conditions (422 otherwise)."""
    if not isinstance(query, dict):
        raise Unprocessable(f'The search query parameter must be a JSON object, "{json_type(query)}" given.')
    for field, conditions in query.items():
        if not isinstance(conditions, list) or not conditions:
            raise Unprocessable(
                f'Filter on property "{field}" expects a non-empty array of conditions, "{json_type(conditions)}" given.'
            )
        for condition in conditions:
            if not isinstance(condition, dict) or not isinstance(condition.get("operator"), str):
                raise Unprocessable(f'Each condition on property "{field}" must be an object with a string "operator".')
    return query


def _depth(value: Any) -> int:
    """How deep arrays and objects nest in `value` (a scalar is 0, `[]` is 1), counted without recursion."""
    deepest, pending = 0, [(value, 1)]
    while pending:
        current, depth = pending.pop()
        children = current.values() if isinstance(current, dict) else current if isinstance(current, list) else None
        if children is not None:
            deepest = max(deepest, depth)
            pending.extend((child, depth + 1) for child in children)
    return deepest


def unsupported(field: str, operator: Any) -> Unprocessable:
    return Unprocessable(f'Filter on property "{field}" is not supported or does not support operator "{operator}".')


def wrong_value(field: str, operator: str, expected: str, value: Any) -> Unprocessable:
    shown = json.dumps(value, ensure_ascii=False)
    return Unprocessable(f'Property "{field}" with operator "{operator}" expects {expected} as value, {shown} given.')


def filters(raw: str | None, builders: Mapping[tuple[str, str], Builder]) -> Predicate:
    """A predicate from `search`, each (field, operator) built by `builders`; anything else is refused (422)."""
    predicates = []
    for field, conditions in decode_search(raw).items():
        for condition in conditions:
            builder = builders.get((field, condition["operator"]))
            if builder is None:
                raise unsupported(field, condition["operator"])
            predicates.append(builder(condition.get("value")))
    return lambda item: all(predicate(item) for predicate in predicates)


# -- value shapes shared by the builders ------------------------------------------------------------------------


def codes_value(field: str, operator: str, value: Any) -> frozenset[str]:
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise wrong_value(field, operator, "an array of codes", value)
    return frozenset(value)


def bool_value(field: str, operator: str, value: Any) -> bool:
    """Booleans, or the strings "true"/"false" product link rules use."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise wrong_value(field, operator, "a boolean", value)


def string_value(field: str, operator: str, value: Any) -> str:
    if not isinstance(value, str):
        raise wrong_value(field, operator, "a string", value)
    return value


def date_after(field: str) -> Builder:
    def build(value: Any) -> Predicate:
        moment = parse_search_date(value)
        if moment is None:
            raise wrong_value(field, ">", 'a date-time such as "2021-05-17T15:19:32Z"', value)
        return lambda item: (stamp := parse_search_date(item.get(field))) is not None and stamp > moment

    return build


def code_in(value: Any) -> Predicate:
    codes = codes_value("code", "IN", value)
    return lambda item: item.get("code") in codes


def equals(field: str) -> Builder:
    """`=` on a boolean property (is_root, enabled, is_main_identifier...)."""

    def build(value: Any) -> Predicate:
        expected = bool_value(field, "=", value)
        return lambda item: bool(item.get(field)) == expected

    return build


# -- catalog lists ----------------------------------------------------------------------------------------------


def locale_filters(raw: str | None) -> Predicate:
    """Locales filter on `enabled` `=` only (applied to presented locales)."""
    return filters(raw, {("enabled", "="): equals("enabled")})


def category_filters(raw: str | None) -> Predicate:
    def parent_is(value: Any) -> Predicate:
        parent = string_value("parent", "=", value)
        return lambda item: item.get("parent") == parent

    def is_root(value: Any) -> Predicate:
        expected = bool_value("is_root", "=", value)
        return lambda item: (item.get("parent") is None) == expected

    return filters(
        raw,
        {
            ("code", "IN"): code_in,
            ("is_root", "="): is_root,
            ("parent", "="): parent_is,
            ("updated", ">"): date_after("updated"),
        },
    )


def attribute_filters(raw: str | None) -> Predicate:
    def type_in(value: Any) -> Predicate:
        types = codes_value("type", "IN", value)
        return lambda item: item.get("type") in types

    return filters(
        raw,
        {
            ("code", "IN"): code_in,
            ("type", "IN"): type_in,
            ("updated", ">"): date_after("updated"),
            ("is_main_identifier", "="): equals("is_main_identifier"),
        },
    )


def attribute_group_filters(raw: str | None) -> Predicate:
    return filters(raw, {("code", "IN"): code_in})


def family_filters(raw: str | None, families_with_products: frozenset[str]) -> Predicate:
    def has_products(value: Any) -> Predicate:
        expected = bool_value("has_products", "=", value)
        return lambda item: (item.get("code") in families_with_products) == expected

    return filters(
        raw,
        {("code", "IN"): code_in, ("updated", ">"): date_after("updated"), ("has_products", "="): has_products},
    )
