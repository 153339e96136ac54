"""The product-side catalog structure: locales, channels, categories and families, and the checks they share.

Product attributes and their options live in `attributes.py`; products and product models in
`products.py`. Every upsert takes `existing` (None on creation), the code of the URL and the body, and returns
the complete new resource without touching its inputs.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mock_server.domain.errors import ErrorCollector, NotFound, Unprocessable
from mock_server.domain.request_format.json_values import json_type
from mock_server.domain.shared.codes import CODE_CHARACTERS, catalog_mismatch, creation_mismatch, other_than_url
from mock_server.domain.shared.labels import merge_labels
from mock_server.domain.shared.timestamps import format_timestamp

LOCALE_PATTERN = re.compile(r"[a-zA-Z]{2,}_[a-zA-Z0-9_]{2,}")
CURRENCY_PATTERN = re.compile(r"[A-Z]{3}")
MAX_CODE_LENGTH = 100
READ_ONLY = frozenset({"_links"})

IDENTIFIER = "pim_catalog_identifier"
TEXT = "pim_catalog_text"
IMAGE = "pim_catalog_image"
ASSET_COLLECTION = "pim_catalog_asset_collection"
METRIC = "pim_catalog_metric"


# -- shared checks ----------------------------------------------------------------------------------------------


def ensure_object(patch: Any, what: str) -> dict[str, Any]:
    """A body must be a JSON object; anything else is refused before any other check."""
    if not isinstance(patch, dict):
        raise Unprocessable(f'A {what} must be a JSON object, "{json_type(patch)}" given.')
    return patch


def unknown_property_message(key: str) -> str:
    return f"Property '{key}' does not exist. Check the standard format documentation."


def check_known(patch: Mapping[str, Any], allowed: frozenset[str], errors: ErrorCollector) -> None:
    for key in patch:
        if key not in allowed:
            errors.add(key, unknown_property_message(key))


def check_body_code(code: str, patch: Mapping[str, Any], errors: ErrorCollector, key: str = "code") -> None:
    """The code (or identifier) sent in the body must be the one of the URL: codes never change."""
    if other_than_url(patch, code, key):
        errors.add(key, catalog_mismatch(key, patch[key], code))


def check_code_consistency(
    existing: Mapping[str, Any] | None, code: str, patch: Mapping[str, Any], errors: ErrorCollector
) -> None:
    """A body `code` other than the URL's: on creation the vendor's controllers refuse the request outright (a
    422 without `errors`); on update its Immutable constraint blames `code`."""
    if not other_than_url(patch, code):
        return
    if existing is None:
        raise Unprocessable(creation_mismatch(patch["code"], code))
    errors.add("code", "This property cannot be changed.")


def check_new_code(code: str, errors: ErrorCollector, key: str = "code") -> None:
    """A new code: letters, digits and underscores, at most 100 characters."""
    if not CODE_CHARACTERS.fullmatch(code):
        errors.add(key, f'The code "{code}" may only contain letters, numbers and underscores.')
    elif len(code) > MAX_CODE_LENGTH:
        errors.add(key, f"The code is too long: at most {MAX_CODE_LENGTH} characters are allowed.")


def type_message(prop: str, expected: str, value: Any) -> str:
    return f'Property "{prop}" expects {expected} as data, "{json_type(value)}" given.'


def required_message(prop: str) -> str:
    return f'Property "{prop}" is required.'


def string_list(value: Any, prop: str, errors: ErrorCollector) -> list[str] | None:
    """An array of strings, duplicates dropped (first kept); None, with an error, for anything else."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        errors.add(prop, type_message(prop, "an array of strings", value))
        return None
    return list(dict.fromkeys(value))


def labels_of(
    existing: Mapping[str, Any] | None, patch: Mapping[str, Any], locales: frozenset[str], errors: ErrorCollector
) -> dict[str, str]:
    """Labels merged key by key (null removes one); keys must be activated locales."""
    labels = dict((existing or {}).get("labels") or {})
    if "labels" in patch:
        labels = merge_labels(labels, patch["labels"], locales, errors)
    return labels


def stamp(existing: Mapping[str, Any] | None, resource: dict[str, Any], now: datetime, key: str = "updated") -> str:
    """`updated` moves only when something else changed."""
    if existing is not None and existing.get(key):
        before = {k: v for k, v in existing.items() if k not in (key, "created")}
        after = {k: v for k, v in resource.items() if k not in (key, "created")}
        if before == after:
            return str(existing[key])
    return format_timestamp(now)


def without_updated(resource: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes and families keep `updated` for the `updated` filter, but the vendor does not return it."""
    return {key: value for key, value in resource.items() if key != "updated"}


# -- locales ----------------------------------------------------------------------------------------------------


def new_locale(code: str) -> dict[str, Any]:
    """A locale of the catalog (locales are read-only through the API: only fixtures add them)."""
    if not isinstance(code, str) or not LOCALE_PATTERN.fullmatch(code):
        raise Unprocessable(f'The locale code "{code}" is not a locale code such as "en_US".')
    return {"code": code}


def present_locale(locale: Mapping[str, Any], activated: frozenset[str]) -> dict[str, Any]:
    """`enabled` is derived: a locale is enabled when at least one channel uses it."""
    return {"code": locale["code"], "enabled": locale["code"] in activated}


# -- channels ---------------------------------------------------------------------------------------------------

CHANNEL_PROPERTIES = frozenset({"code", "labels", "category_tree", "locales", "currencies", "conversion_units"})


def upsert_channel(
    existing: dict[str, Any] | None,
    code: str,
    patch: Any,
    *,
    locales: frozenset[str],
    activated_locales: frozenset[str],
    root_categories: frozenset[str],
    metric_attributes: frozenset[str],
) -> dict[str, Any]:
    """The complete channel after applying `patch` to `existing` (None on creation)."""
    patch = ensure_object(patch, "channel")
    errors = ErrorCollector()
    check_known(patch, CHANNEL_PROPERTIES | READ_ONLY, errors)
    check_body_code(code, patch, errors)
    if existing is None:
        check_new_code(code, errors)
        for prop in ("category_tree", "locales", "currencies"):
            if prop not in patch:
                errors.add(prop, required_message(prop))
    current = copy.deepcopy(existing) if existing else {}
    tree = current.get("category_tree")
    if "category_tree" in patch:
        tree = patch["category_tree"]
        if not isinstance(tree, str):
            errors.add("category_tree", type_message("category_tree", "a string", tree))
        elif tree not in root_categories:
            errors.add("category_tree", f'The category "{tree}" does not exist or is not the root of a category tree.')
    channel_locales = current.get("locales", [])
    if "locales" in patch:
        channel_locales = _channel_locales(patch["locales"], locales, errors)
    currencies = current.get("currencies", [])
    if "currencies" in patch:
        currencies = _currencies(patch["currencies"], errors)
    units = dict(current.get("conversion_units") or {})
    if "conversion_units" in patch:
        units = _conversion_units(units, patch["conversion_units"], metric_attributes, errors)
    labels = labels_of(existing, patch, activated_locales | frozenset(channel_locales), errors)
    errors.raise_if_any()
    return {
        "code": code,
        "currencies": currencies,
        "locales": channel_locales,
        "category_tree": tree,
        "conversion_units": units,
        "labels": labels,
    }


def _channel_locales(value: Any, locales: frozenset[str], errors: ErrorCollector) -> list[str]:
    codes = string_list(value, "locales", errors)
    if codes is None:
        return []
    if not codes:
        errors.add("locales", "A channel needs at least one locale.")
    for locale in codes:
        if locale not in locales:
            errors.add("locales", f'The locale "{locale}" does not exist.')
    return codes


def _currencies(value: Any, errors: ErrorCollector) -> list[str]:
    codes = string_list(value, "currencies", errors)
    if codes is None:
        return []
    if not codes:
        errors.add("currencies", "A channel needs at least one currency.")
    for currency in codes:
        if not CURRENCY_PATTERN.fullmatch(currency):
            errors.add("currencies", f'The currency "{currency}" does not exist: use an ISO 4217 code such as "EUR".')
    return codes


def _conversion_units(
    stored: dict[str, Any], value: Any, metric_attributes: frozenset[str], errors: ErrorCollector
) -> dict[str, Any]:
    if not isinstance(value, dict):
        errors.add("conversion_units", type_message("conversion_units", "an object", value))
        return stored
    for attribute, unit in value.items():
        if attribute not in metric_attributes:
            errors.add("conversion_units", f'The attribute "{attribute}" does not exist or is not a metric attribute.')
        elif unit is not None and not isinstance(unit, str):
            errors.add("conversion_units", f'The unit of the attribute "{attribute}" must be a string or null.')
        else:
            stored[attribute] = unit
    return stored


# -- categories -------------------------------------------------------------------------------------------------

CATEGORY_PROPERTIES = frozenset({"code", "parent", "labels"})
CATEGORY_READ_ONLY = frozenset({"updated", "position", "_links"})


def upsert_category(
    existing: dict[str, Any] | None,
    code: str,
    patch: Any,
    *,
    categories: Mapping[str, Mapping[str, Any]],
    channel_trees: Mapping[str, str],
    activated_locales: frozenset[str],
    now: datetime,
) -> dict[str, Any]:
    """The complete category; `channel_trees` maps each tree a channel exports to that channel (trees stay roots)."""
    patch = ensure_object(patch, "category")
    errors = ErrorCollector()
    check_known(patch, CATEGORY_PROPERTIES | CATEGORY_READ_ONLY, errors)
    check_body_code(code, patch, errors)
    if existing is None:
        check_new_code(code, errors)
    parent = existing.get("parent") if existing else None
    if "parent" in patch and patch["parent"] != parent:
        parent = patch["parent"]
        _check_parent(code, parent, categories, errors)
        if existing is not None and existing.get("parent") is None and code in channel_trees:
            errors.add(
                "parent",
                f'The category "{code}" is the category tree of the channel "{channel_trees[code]}": '
                "it must stay a root category.",
            )
    labels = labels_of(existing, patch, activated_locales, errors)
    errors.raise_if_any()
    category = {"code": code, "parent": parent, "labels": labels}
    return {"code": code, "parent": parent, "updated": stamp(existing, category, now), "labels": labels}


def _check_parent(code: str, parent: Any, categories: Mapping[str, Mapping[str, Any]], errors: ErrorCollector) -> None:
    if parent is None:
        return
    if not isinstance(parent, str):
        errors.add("parent", type_message("parent", "a string or null", parent))
    elif parent == code:
        errors.add("parent", f'The category "{code}" cannot be its own parent.')
    elif parent not in categories:
        errors.add("parent", f'The category "{parent}" does not exist.')
    elif code in ancestors(parent, categories):
        errors.add(
            "parent", f'The category "{parent}" is a descendant of "{code}": a category cannot move under itself.'
        )


def ancestors(code: str, categories: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The codes above a category, nearest first (stops on a cycle rather than looping)."""
    chain: list[str] = []
    current = categories.get(code, {}).get("parent")
    while isinstance(current, str) and current not in chain and current != code:
        chain.append(current)
        current = categories.get(current, {}).get("parent")
    return chain


def descendants(code: str, categories: Mapping[str, Mapping[str, Any]]) -> set[str]:
    """Every category below `code`."""
    children: dict[str | None, list[str]] = {}
    for category in categories.values():
        children.setdefault(category.get("parent"), []).append(category["code"])
    found: set[str] = set()
    pending = list(children.get(code, []))
    while pending:
        current = pending.pop()
        if current not in found:
            found.add(current)
            pending.extend(children.get(current, []))
    return found


def tree_order(categories: Mapping[str, Mapping[str, Any]]) -> list[tuple[dict[str, Any], int]]:
    """Categories tree by tree, depth first (the vendor's root/left order), each with its position in its level."""
    children: dict[str | None, list[Mapping[str, Any]]] = {}
    for category in categories.values():
        children.setdefault(category.get("parent"), []).append(category)
    ordered: list[tuple[dict[str, Any], int]] = []

    def walk(parent: str | None) -> None:
        for position, category in enumerate(children.get(parent, []), start=1):
            ordered.append((dict(category), position))
            walk(category["code"])

    walk(None)
    return ordered


def position_of(code: str, categories: Mapping[str, Mapping[str, Any]]) -> int:
    parent = categories[code].get("parent")
    siblings = [c["code"] for c in categories.values() if c.get("parent") == parent]
    return siblings.index(code) + 1


def not_found(kind: str, code: str) -> NotFound:
    """The vendor's 404 sentence for a catalog resource."""
    return NotFound(f'{kind} "{code}" does not exist.')
