"""Product and product model values: `{locale, scope, data}` per attribute, checked by attribute type, merged per
(attribute, locale, scope), inherited from parent product models, filtered and enriched for GET.

Unlike asset values, product values name the channel `scope`, and an empty value (null, "" or []) is not kept:
sending one erases the value at its coordinates.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from mock_server.domain.catalog.product_value_types import ValueRules, check_data, normalize_data
from mock_server.domain.catalog.structure import IDENTIFIER
from mock_server.domain.errors import ErrorCollector, product_value_error
from mock_server.domain.request_format.json_values import json_type
from mock_server.domain.shared.value_coordinates import EXPECTED, PRODUCT_CHANNEL, PRODUCT_LOCALE, UNEXPECTED, presence

ENTRY_KEYS = frozenset({"locale", "scope", "data"})
ENTRY_READ_ONLY = frozenset({"attribute_type", "reference_data_name", "linked_data"})
Values = dict[str, list[dict[str, Any]]]


def is_empty(data: Any) -> bool:
    return data is None or data == "" or data == []


def _coordinate(value: Any) -> str | None:
    return value if isinstance(value, str) else None


# -- checks -----------------------------------------------------------------------------------------------------


def check_values(sent: Any, rules: ValueRules, errors: ErrorCollector, *, identifier: str | None) -> Values:
    """The sent values that pass every check, normalized, by attribute; faults go to `errors`. `identifier` is the
    product's (None for product models, which hold no identifier value)."""
    if not isinstance(sent, dict):
        errors.add("values", f'Property "values" expects an object as data, "{json_type(sent)}" given.')
        return {}
    updates: Values = {}
    for attribute_code, entries in sent.items():
        attribute = rules.attributes.get(attribute_code)
        if attribute is None:
            errors.add_error(
                product_value_error(f'The attribute "{attribute_code}" does not exist.', attribute_code, None, None)
            )
        elif not isinstance(entries, list):
            message = f'The values of the attribute "{attribute_code}" must be an array, "{json_type(entries)}" given.'
            errors.add_error(product_value_error(message, attribute_code, None, None))
        else:
            accepted = _checked_entries(attribute, entries, rules, errors, identifier)
            if accepted:
                updates[attribute_code] = accepted
    return updates


def _checked_entries(
    attribute: Mapping[str, Any], entries: list, rules: ValueRules, errors: ErrorCollector, identifier: str | None
) -> list[dict[str, Any]]:
    code = attribute["code"]
    accepted: list[dict[str, Any]] = []
    seen: set[tuple[Any, Any]] = set()
    for entry in entries:
        if not isinstance(entry, dict):
            message = f'A value of the attribute "{code}" must be an object, "{json_type(entry)}" given.'
            errors.add_error(product_value_error(message, code, None, None))
            continue
        locale, scope = entry.get("locale"), entry.get("scope")
        messages = _shape_messages(code, entry)
        if not messages:
            messages = _coordinate_messages(attribute, locale, scope, rules)
        if not messages and (locale, scope) in seen:
            messages = [f'The attribute "{code}" has two values for the same locale and scope: send one.']
        if not messages and not is_empty(entry["data"]):
            messages = check_data(attribute, entry["data"], rules, identifier)
        if messages:
            for message in messages:
                errors.add_error(product_value_error(message, code, _coordinate(locale), _coordinate(scope)))
            continue
        seen.add((locale, scope))
        if attribute["type"] == IDENTIFIER:
            continue  # the identifier is the product's `identifier`: an equal value is accepted and not stored
        accepted.append({"locale": locale, "scope": scope, "data": normalize_data(attribute, entry["data"])})
    return accepted


def _shape_messages(code: str, entry: Mapping[str, Any]) -> list[str]:
    messages = [
        f'Property "{key}" does not exist in a value of the attribute "{code}".'
        for key in entry
        if key not in ENTRY_KEYS | ENTRY_READ_ONLY
    ]
    messages += [
        f'A value of the attribute "{code}" needs the property "{key}".' for key in sorted(ENTRY_KEYS - set(entry))
    ]
    return messages


def _coordinate_messages(attribute: Mapping[str, Any], locale: Any, scope: Any, rules: ValueRules) -> list[str]:
    """The vendor's rules on `locale` and `scope`: required or forbidden by the attribute, activated, existing."""
    code, messages = attribute["code"], []
    locale_fault = presence(attribute, PRODUCT_LOCALE, locale)
    if locale_fault == EXPECTED:
        messages.append(f'Attribute "{code}" expects a locale, none given.')
    elif locale_fault == UNEXPECTED:
        messages.append(f'Attribute "{code}" does not expect a locale, "{locale}" given.')
    elif locale is not None:
        if not isinstance(locale, str) or locale not in rules.activated_locales:
            messages.append(f'Attribute "{code}" expects an existing and activated locale, "{locale}" given.')
        elif attribute.get("available_locales") and locale not in attribute["available_locales"]:
            messages.append(f'Attribute "{code}" is locale specific: the locale "{locale}" is not one of its locales.')
    scope_fault = presence(attribute, PRODUCT_CHANNEL, scope)
    if scope_fault == EXPECTED:
        messages.append(f'Attribute "{code}" expects a scope, none given.')
    elif scope_fault == UNEXPECTED:
        messages.append(f'Attribute "{code}" does not expect a scope, "{scope}" given.')
    elif scope is not None:
        if not isinstance(scope, str) or scope not in rules.channels:
            messages.append(f'Attribute "{code}" expects an existing scope, "{scope}" given.')
        elif isinstance(locale, str) and attribute.get("localizable") and locale not in rules.channels[scope]:
            messages.append(f'Attribute "{code}" expects a locale of the scope "{scope}", "{locale}" given.')
    return messages


def missing_options(values: Values, attributes: Mapping[str, Mapping[str, Any]], options: Mapping) -> list[tuple]:
    """(attribute, option code) pairs the values name but that do not exist (for `create_missing_options`)."""
    missing: list[tuple[str, str]] = []
    for attribute_code, entries in values.items():
        kind = attributes.get(attribute_code, {}).get("type")
        if kind not in ("pim_catalog_simpleselect", "pim_catalog_multiselect"):
            continue
        for entry in entries:
            data = entry["data"]
            for code in data if isinstance(data, list) else [data]:
                pair = (attribute_code, code)
                if isinstance(code, str) and code not in options.get(attribute_code, {}) and pair not in missing:
                    missing.append(pair)
    return missing


# -- merge, inheritance, filters ------------------------------------------------------------------------------


def find_entry(entries: Sequence[Mapping[str, Any]], locale: str | None, scope: str | None) -> int | None:
    for index, entry in enumerate(entries):
        if entry.get("locale") == locale and entry.get("scope") == scope:
            return index
    return None


def merge_values(stored: Mapping[str, list[dict[str, Any]]], updates: Mapping[str, list[dict[str, Any]]]) -> Values:
    """Each update replaces the entry at its (attribute, locale, scope) or is appended; an empty one erases it."""
    merged: Values = copy.deepcopy(dict(stored))
    for attribute_code, entries in updates.items():
        current = merged.setdefault(attribute_code, [])
        for entry in entries:
            index = find_entry(current, entry["locale"], entry["scope"])
            if is_empty(entry["data"]):
                if index is not None:
                    del current[index]
            elif index is None:
                current.append(copy.deepcopy(entry))
            else:
                current[index] = copy.deepcopy(entry)
        if not current:
            del merged[attribute_code]
    return merged


def inherited_values(own: Mapping[str, list[dict[str, Any]]], ancestors: Iterable[Mapping[str, Any]]) -> Values:
    """The values a variant shows: its ancestors' (root first), each level's own entries winning."""
    merged: Values = {}
    for level in [*ancestors, {"values": own}]:
        merged = merge_values(merged, level.get("values") or {})
    return merged


def filter_values(
    values: Mapping[str, list[dict[str, Any]]],
    *,
    attributes: frozenset[str] | None = None,
    locales: frozenset[str] | None = None,
    scope: str | None = None,
) -> Values:
    """The `attributes`, `locales` and `scope` list parameters: None keeps everything."""
    kept: Values = {}
    for attribute_code, entries in values.items():
        if attributes is not None and attribute_code not in attributes:
            continue
        remaining = [
            copy.deepcopy(entry)
            for entry in entries
            if (scope is None or entry.get("scope") is None or entry.get("scope") == scope)
            and (locales is None or entry.get("locale") is None or entry.get("locale") in locales)
        ]
        if remaining:
            kept[attribute_code] = remaining
    return kept


def with_option_labels(
    values: Mapping[str, list[dict[str, Any]]],
    attributes: Mapping[str, Mapping[str, Any]],
    options: Mapping[str, Mapping[str, Mapping[str, Any]]],
) -> Values:
    """`with_attribute_options`: select values gain `linked_data` with their options' labels."""
    enriched: Values = {}
    for attribute_code, entries in values.items():
        kind = attributes.get(attribute_code, {}).get("type")
        known = options.get(attribute_code, {})
        enriched[attribute_code] = []
        for entry in entries:
            shown = copy.deepcopy(entry)
            if kind == "pim_catalog_simpleselect" and entry["data"] in known:
                shown["linked_data"] = _linked(attribute_code, known[entry["data"]])
            elif kind == "pim_catalog_multiselect" and isinstance(entry["data"], list):
                shown["linked_data"] = {
                    code: _linked(attribute_code, known[code]) for code in entry["data"] if code in known
                }
            enriched[attribute_code].append(shown)
    return enriched


def _linked(attribute_code: str, option: Mapping[str, Any]) -> dict[str, Any]:
    return {"attribute": attribute_code, "code": option["code"], "labels": dict(option.get("labels") or {})}


def has_value(values: Mapping[str, list[dict[str, Any]]], attribute: str, locale: str, scope: str) -> bool:
    """Whether a non-empty value applies to (locale, scope): its own, or one that does not vary on them."""
    return any(
        not is_empty(entry.get("data"))
        and entry.get("locale") in (None, locale)
        and entry.get("scope") in (None, scope)
        for entry in values.get(attribute, [])
    )


def remove_asset(values: Mapping[str, list[dict[str, Any]]], attribute_codes: Iterable[str], asset_code: str) -> Values:
    """The values without `asset_code` in the given asset-collection attributes (an emptied value is erased)."""
    updates = {
        code: [
            {**entry, "data": [asset for asset in entry["data"] if asset != asset_code]}
            for entry in values.get(code, [])
            if isinstance(entry.get("data"), list) and asset_code in entry["data"]
        ]
        for code in attribute_codes
    }
    return merge_values(values, {code: entries for code, entries in updates.items() if entries})


# LINK-ADD-MODE, LINK-REPLACE-MODE
def assigned(current: list[str], asset_codes: Iterable[str], mode: str) -> list[str]:
    """The asset codes of a value after an assignment: `add` appends the new ones, `replace` sets them."""
    wanted = list(dict.fromkeys(asset_codes))
    if mode == "replace":
        return wanted
    return [*current, *(code for code in wanted if code not in current)]
