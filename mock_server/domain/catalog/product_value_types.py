"""Product value data by attribute type: what each type accepts (text length, options, existing assets...) and
how it is stored."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from mock_server.domain.catalog.structure import ASSET_COLLECTION, IDENTIFIER
from mock_server.domain.request_format.json_values import json_type
from mock_server.domain.shared.php_patterns import compile_slashed
from mock_server.domain.shared.text_formats import EMAIL, is_url
from mock_server.domain.shared.types import PRODUCT_DATE
from mock_server.domain.user_patterns import PatternSearch, search_in_process

TEXT_LIMIT = 255
TEXTAREA_LIMIT = 65535
_DATE = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)
_CURRENCY = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class ValueRules:
    """What value checks need from the catalog, passed in by the service (the domain reads, never writes)."""

    attributes: Mapping[str, Mapping[str, Any]]
    options: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # attribute -> option code -> option
    activated_locales: frozenset[str] = frozenset()
    channels: Mapping[str, frozenset[str]] = field(default_factory=dict)  # channel -> its locales
    assets: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # asset family -> asset code -> asset
    create_missing_options: bool = False
    regexp_search: PatternSearch = search_in_process  # the service's: time-limited, off the loop (user_patterns.py)


def check_data(attribute: Mapping[str, Any], data: Any, rules: ValueRules, identifier: str | None) -> list[str]:
    """Why `data` does not fit the attribute's type and constraints (empty when it does)."""
    kind = attribute["type"]
    if kind == IDENTIFIER:
        return _identifier_messages(attribute, data, identifier)
    checker = _CHECKERS.get(kind, _any)
    return checker(attribute, data, rules)


def _expects(attribute: Mapping[str, Any], expected: str, data: Any) -> list[str]:
    return [f'Property "{attribute["code"]}" expects {expected} as data, "{json_type(data)}" given.']


def _identifier_messages(attribute: Mapping[str, Any], data: Any, identifier: str | None) -> list[str]:
    if identifier is None:
        return [f'The identifier attribute "{attribute["code"]}" has no value on a product model.']
    if data != identifier:
        return [
            f'The identifier attribute "{attribute["code"]}" holds the product identifier "{identifier}", '
            f'"{data}" given: an identifier changes only through the URL.'
        ]
    return []


def _text(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    if not isinstance(data, str):
        return _expects(attribute, "a string", data)
    limit = attribute.get("max_characters") or TEXT_LIMIT
    if len(data) > limit:
        return [f"This value is too long. It should have {limit} characters or less."]
    rule = attribute.get("validation_rule")
    if rule == "email" and not EMAIL.fullmatch(data):
        return [f'The value "{data}" of the attribute "{attribute["code"]}" is not a valid email address.']
    if rule == "url" and not is_url(data):
        return [f'The value "{data}" of the attribute "{attribute["code"]}" is not a valid URL.']
    if rule in ("regexp", "regular_expression"):
        found = _found(attribute.get("validation_regexp"), data, rules.regexp_search)
        if found is None:
            return [
                f'The regular expression of the attribute "{attribute["code"]}" ran out of time on the value "{data}" '
                "and was stopped."
            ]
        if not found:
            return [f'The value "{data}" of the attribute "{attribute["code"]}" does not match its regular expression.']
    return []


def _found(pattern: Any, text: str, search: PatternSearch) -> bool | None:
    """Whether the attribute's pattern is found in `text` (None: stopped); a missing or broken pattern finds all."""
    if not isinstance(pattern, str):
        return True
    compiled = compile_slashed(pattern)
    return True if compiled is None else search(compiled, text)


def _textarea(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    if not isinstance(data, str):
        return _expects(attribute, "a string", data)
    limit = attribute.get("max_characters") or TEXTAREA_LIMIT
    if len(data) > limit:
        return [f"This value is too long. It should have {limit} characters or less."]
    return []


def _boolean(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    return [] if isinstance(data, bool) else _expects(attribute, "a boolean", data)


def decimal_of(data: Any) -> Decimal | None:
    """A number or a numeric string as a Decimal; None for anything else."""
    if isinstance(data, bool) or not isinstance(data, int | float | str):
        return None
    try:
        number = Decimal(str(data).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _number_messages(attribute: Mapping[str, Any], data: Any, what: str) -> list[str]:
    number = decimal_of(data)
    if number is None:
        return [f'Property "{attribute["code"]}" expects a number as {what}, "{data}" given.']
    code, messages = attribute["code"], []
    if attribute.get("decimals_allowed") is False and number != number.to_integral_value():
        messages.append(f'The attribute "{code}" does not allow decimals, "{data}" given.')
    if attribute.get("negative_allowed") is False and number < 0:
        messages.append(f'The attribute "{code}" does not allow negative numbers, "{data}" given.')
    low, high = decimal_of(attribute.get("number_min")), decimal_of(attribute.get("number_max"))
    if low is not None and number < low:
        messages.append(f'The value of the attribute "{code}" must be {attribute["number_min"]} or more.')
    if high is not None and number > high:
        messages.append(f'The value of the attribute "{code}" must be {attribute["number_max"]} or less.')
    return messages


def _number(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    return _number_messages(attribute, data, "data")


def _metric(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    if not isinstance(data, dict) or set(data) != {"amount", "unit"}:
        return _expects(attribute, 'an object with "amount" and "unit"', data)
    if not isinstance(data["unit"], str) or not data["unit"]:
        return [f'The unit of the attribute "{attribute["code"]}" must be a unit code, "{data["unit"]}" given.']
    return _number_messages(attribute, data["amount"], "amount")


def _prices(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    if not isinstance(data, list) or not all(isinstance(p, dict) and set(p) == {"amount", "currency"} for p in data):
        return _expects(attribute, 'an array of objects with "amount" and "currency"', data)
    messages = []
    for price in data:
        if not isinstance(price["currency"], str) or not _CURRENCY.fullmatch(price["currency"]):
            messages.append(f'The currency "{price["currency"]}" does not exist.')
        messages += _number_messages(attribute, price["amount"], "amount")
    return messages


def _date(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    if not isinstance(data, str) or not _DATE.fullmatch(data):
        return [
            f'Property "{attribute["code"]}" expects a string with the format "yyyy-mm-dd" as data, "{data}" given.'
        ]
    return []


def _options_of(attribute: Mapping[str, Any], rules: ValueRules) -> Mapping[str, Any]:
    return rules.options.get(attribute["code"], {})


def _simple_select(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    if not isinstance(data, str):
        return _expects(attribute, "an option code", data)
    if data not in _options_of(attribute, rules) and not rules.create_missing_options:
        return [f"The {data} value is not in the {attribute['code']} attribute option list."]
    return []


def _multi_select(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    if not isinstance(data, list) or not all(isinstance(code, str) for code in data):
        return _expects(attribute, "an array of option codes", data)
    unknown = [code for code in data if code not in _options_of(attribute, rules)]
    if unknown and not rules.create_missing_options:
        return [f"The {', '.join(unknown)} values are not in the {attribute['code']} attribute option list."]
    return []


# PRODUCT-ASSET-CODES: an array kept in the order sent (a PATCH replaces a value whole);
# PRODUCT-UNKNOWN-ASSET: each code an asset of the referenced family
def _asset_collection(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    """An ordered array of asset codes, each an asset of the attribute's asset family."""
    if not isinstance(data, list) or not all(isinstance(code, str) for code in data):
        return _expects(attribute, "an array of asset codes", data)
    family = attribute.get("reference_data_name")
    assets = rules.assets.get(family, {}) if isinstance(family, str) else {}
    return [f'The asset "{code}" does not exist in the asset family "{family}".' for code in data if code not in assets]


def _string(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    return [] if isinstance(data, str) else _expects(attribute, "a string", data)


def _strings(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    if isinstance(data, list) and all(isinstance(item, str) for item in data):
        return []
    return _expects(attribute, "an array of strings", data)


def _table(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    if isinstance(data, list) and all(isinstance(row, dict) for row in data):
        return []
    return _expects(attribute, "an array of rows", data)


def _object(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    return [] if isinstance(data, dict) else _expects(attribute, "an object", data)


def _any(attribute: Mapping[str, Any], data: Any, rules: ValueRules) -> list[str]:
    return []


_CHECKERS = {
    "pim_catalog_text": _text,
    "pim_catalog_textarea": _textarea,
    "pim_catalog_boolean": _boolean,
    "pim_catalog_number": _number,
    "pim_catalog_metric": _metric,
    "pim_catalog_price_collection": _prices,
    "pim_catalog_date": _date,
    "pim_catalog_simpleselect": _simple_select,
    "pim_catalog_multiselect": _multi_select,
    "pim_catalog_image": _string,
    "pim_catalog_file": _string,
    ASSET_COLLECTION: _asset_collection,
    "akeneo_reference_entity": _string,
    "akeneo_reference_entity_collection": _strings,
    "pim_reference_data_simpleselect": _string,
    "pim_reference_data_multiselect": _strings,
    "pim_catalog_table": _table,
    "pim_catalog_product_link": _object,
}


def normalize_data(attribute: Mapping[str, Any], data: Any) -> Any:
    """Dates are stored as the vendor returns them (`2017-06-28T00:00:00+00:00`); the rest as sent."""
    if attribute["type"] == PRODUCT_DATE and isinstance(data, str) and (match := _DATE.fullmatch(data)):
        return f"{match.group(1)}T00:00:00+00:00"
    return copy.deepcopy(data)
