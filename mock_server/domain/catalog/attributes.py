"""Product attributes (the asset collection among them) and the options of select attributes."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mock_server.domain.catalog.structure import (
    ASSET_COLLECTION,
    IDENTIFIER,
    METRIC,
    READ_ONLY,
    check_body_code,
    check_known,
    check_new_code,
    ensure_object,
    labels_of,
    required_message,
    stamp,
    string_list,
    type_message,
)
from mock_server.domain.errors import ErrorCollector, NotFound
from mock_server.domain.request_format.json_values import finite_decimal
from mock_server.domain.shared.php_patterns import compile_slashed

ATTRIBUTE_TYPES = (
    IDENTIFIER, "pim_catalog_text", "pim_catalog_textarea", "pim_catalog_simpleselect", "pim_catalog_multiselect",
    "pim_catalog_boolean", "pim_catalog_date", "pim_catalog_number", METRIC, "pim_catalog_price_collection",
    "pim_catalog_image", "pim_catalog_file", ASSET_COLLECTION, "akeneo_reference_entity",
    "akeneo_reference_entity_collection", "pim_reference_data_simpleselect", "pim_reference_data_multiselect",
    "pim_catalog_table", "pim_catalog_product_link",
)  # fmt: skip
SELECT_TYPES = ("pim_catalog_simpleselect", "pim_catalog_multiselect")
LINKED_TYPES = (
    ASSET_COLLECTION, "akeneo_reference_entity", "akeneo_reference_entity_collection",
    "pim_reference_data_simpleselect", "pim_reference_data_multiselect",
)  # fmt: skip
UNIQUE_TYPES = (IDENTIFIER, "pim_catalog_text", "pim_catalog_number", "pim_catalog_date")
VALIDATION_RULES = ("email", "url", "regexp", "regular_expression", "none")
RESERVED_CODES = frozenset(
    {"id", "associations", "categories", "category", "completeness", "enabled", "family", "groups", "parent",
     "products", "scope", "values", "identifier", "uuid", "label", "attributes", "entity_type"}
)  # fmt: skip

_NUMBERS = ("pim_catalog_number", METRIC, "pim_catalog_price_collection")
# Type-specific properties and the types they apply to; sent non-null for another type, they are refused.
APPLICABLE: Mapping[str, tuple[str, ...]] = {
    "max_characters": (IDENTIFIER, "pim_catalog_text", "pim_catalog_textarea"),
    "validation_rule": (IDENTIFIER, "pim_catalog_text"),
    "validation_regexp": (IDENTIFIER, "pim_catalog_text"),
    "wysiwyg_enabled": ("pim_catalog_textarea",),
    "number_min": _NUMBERS,
    "number_max": _NUMBERS,
    "decimals_allowed": _NUMBERS,
    "negative_allowed": ("pim_catalog_number", METRIC),
    "metric_family": (METRIC,),
    "default_metric_unit": (METRIC,),
    "date_min": ("pim_catalog_date",),
    "date_max": ("pim_catalog_date",),
    "allowed_extensions": ("pim_catalog_image", "pim_catalog_file"),
    "max_file_size": ("pim_catalog_image", "pim_catalog_file"),
    "minimum_input_length": (*SELECT_TYPES, "pim_reference_data_simpleselect", "pim_reference_data_multiselect"),
    "reference_data_name": LINKED_TYPES,
    "default_value": ("pim_catalog_boolean",),
    "table_configuration": ("pim_catalog_table",),
}
_COMMON = ("code", "type", "group", "labels", "sort_order", "localizable", "scopable", "unique")
_COMMON += ("useable_as_grid_filter", "available_locales")
ATTRIBUTE_PROPERTIES = frozenset({*_COMMON, *APPLICABLE})
ATTRIBUTE_READ_ONLY = READ_ONLY | {"group_labels", "is_main_identifier"}
IMMUTABLE = ("type", "localizable", "scopable", "unique", "metric_family", "reference_data_name")
_BOOLEAN_PROPS = ("localizable", "scopable", "unique", "useable_as_grid_filter")
_NULLABLE_BOOLEANS = ("wysiwyg_enabled", "decimals_allowed", "negative_allowed", "default_value")
_DECIMAL_STRINGS = ("number_min", "number_max", "max_file_size")
_NULLABLE_STRINGS = ("validation_regexp", "default_metric_unit", "date_min", "date_max", "metric_family")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2})?(Z|[+-][0-9]{2}:?[0-9]{2})?)?")
# The order the vendor's GET shows.
_OUTPUT = (
    "code", "type", "group", "unique", "useable_as_grid_filter", "allowed_extensions", "metric_family",
    "default_metric_unit", "reference_data_name", "available_locales", "max_characters", "validation_rule",
    "validation_regexp", "wysiwyg_enabled", "number_min", "number_max", "decimals_allowed", "negative_allowed",
    "date_min", "date_max", "max_file_size", "minimum_input_length", "sort_order", "localizable", "scopable",
    "default_value",
)  # fmt: skip


def upsert_attribute(
    existing: dict[str, Any] | None,
    code: str,
    patch: Any,
    *,
    asset_families: frozenset[str],
    locales: frozenset[str],
    activated_locales: frozenset[str],
    has_main_identifier: bool,
    now: datetime,
    groups: frozenset[str] | None = None,
) -> dict[str, Any]:
    """The complete product attribute after applying `patch` to `existing` (None on creation). `groups`, when
    given, are the attribute groups `group` may name (PRODUCT-GROUP-MUST-EXIST)."""
    patch = ensure_object(patch, "attribute")
    errors = ErrorCollector()
    check_known(patch, ATTRIBUTE_PROPERTIES | ATTRIBUTE_READ_ONLY, errors)
    check_body_code(code, patch, errors)
    if existing is None:
        _check_creation(code, patch, errors)
    else:
        for prop in IMMUTABLE:
            if prop in patch and patch[prop] != existing.get(prop):
                errors.add(prop, f'Property "{prop}" cannot be modified, "{patch[prop]}" given.')
    errors.raise_if_any()
    kind = existing["type"] if existing else patch["type"]
    attribute = copy.deepcopy(existing) if existing else _defaults(code, kind, has_main_identifier)
    for prop, value in patch.items():
        if prop in APPLICABLE and kind not in APPLICABLE[prop]:
            if value not in (None, []):
                errors.add(prop, f'Property "{prop}" does not apply to attributes of type "{kind}".')
        elif prop not in ("code", "type", "labels") and prop not in ATTRIBUTE_READ_ONLY:
            faults = len(errors.errors)
            normalized = _normalized(prop, value, errors)
            if len(errors.errors) == faults:  # a refused value never reaches the checks between properties
                attribute[prop] = normalized
    attribute["labels"] = labels_of(existing, patch, activated_locales, errors)
    group = patch.get("group")
    if groups is not None and isinstance(group, str) and group and group not in groups:
        errors.add(
            "group", f'Property "group" expects a valid code. The attribute group does not exist, "{group}" given.'
        )
    _check_consistency(attribute, existing is None, asset_families, locales, errors)
    errors.raise_if_any()
    attribute.pop("updated", None)
    return {**attribute, "updated": stamp(existing, attribute, now)}


def _check_creation(code: str, patch: Mapping[str, Any], errors: ErrorCollector) -> None:
    check_new_code(code, errors)
    if code.lower() in RESERVED_CODES:
        errors.add("code", f'The code "{code}" is reserved: choose another attribute code.')
    for prop in ("type", "group"):
        if prop not in patch:
            errors.add(prop, required_message(prop))
    kind = patch.get("type")
    if "type" in patch and kind not in ATTRIBUTE_TYPES:
        errors.add("type", f'The attribute type "{kind}" does not exist.')
    elif kind in LINKED_TYPES and not patch.get("reference_data_name"):
        # PRODUCT-ASSET-COLLECTION-NAMES-FAMILY (an asset collection is a linked type)
        errors.add("reference_data_name", required_message("reference_data_name"))
    elif kind == METRIC:
        for prop in ("metric_family", "default_metric_unit"):
            if not patch.get(prop):
                errors.add(prop, required_message(prop))
    elif kind == "pim_catalog_table" and not patch.get("table_configuration"):
        errors.add("table_configuration", required_message("table_configuration"))


def _defaults(code: str, kind: str, has_main_identifier: bool) -> dict[str, Any]:
    attribute: dict[str, Any] = dict.fromkeys(_OUTPUT)
    attribute.update(
        code=code,
        type=kind,
        unique=kind == IDENTIFIER,
        useable_as_grid_filter=kind == IDENTIFIER,
        allowed_extensions=[],
        available_locales=[],
        sort_order=0,
        localizable=False,
        scopable=False,
    )
    if kind in APPLICABLE["decimals_allowed"]:
        attribute["decimals_allowed"] = False
    if kind in APPLICABLE["negative_allowed"]:
        attribute["negative_allowed"] = False
    if kind == "pim_catalog_textarea":
        attribute["wysiwyg_enabled"] = False
    if kind in APPLICABLE["validation_rule"]:
        attribute["validation_rule"] = "none"
    if kind == "pim_catalog_table":
        attribute["table_configuration"] = []
    if kind == IDENTIFIER:
        attribute["is_main_identifier"] = not has_main_identifier
    attribute["labels"] = {}
    return attribute


def _normalized(prop: str, value: Any, errors: ErrorCollector) -> Any:
    """One property's new value, type-checked; the error names the property."""
    if prop in _BOOLEAN_PROPS and not isinstance(value, bool):
        errors.add(prop, type_message(prop, "a boolean", value))
    elif prop in _NULLABLE_BOOLEANS and value is not None and not isinstance(value, bool):
        errors.add(prop, type_message(prop, "a boolean or null", value))
    elif prop == "group" and not (isinstance(value, str) and value):
        errors.add(prop, type_message(prop, "a non-empty string", value))
    elif prop in ("sort_order", "max_characters", "minimum_input_length"):
        nullable = prop != "sort_order"
        if (value is None and not nullable) or (
            value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0)
        ):
            errors.add(prop, type_message(prop, "a positive integer", value))
    elif prop in _DECIMAL_STRINGS and value is not None and finite_decimal(value) is None:
        errors.add(prop, f'Property "{prop}" expects a decimal number written as a string, such as "12.5".')
    elif prop in _NULLABLE_STRINGS and value is not None and not isinstance(value, str):
        errors.add(prop, type_message(prop, "a string or null", value))
    elif prop in ("date_min", "date_max") and value is not None and not _DATE.fullmatch(value):
        errors.add(prop, f'Property "{prop}" expects an ISO 8601 date-time such as "2017-06-28T08:00:00".')
    elif prop == "validation_rule" and value is not None and value not in VALIDATION_RULES:
        errors.add(prop, f'The validation rule "{value}" does not exist: use email, url or regexp.')
    elif prop == "reference_data_name" and value is not None and not (isinstance(value, str) and value):
        errors.add(prop, type_message(prop, "a non-empty string", value))
    elif prop in ("allowed_extensions", "available_locales"):
        return string_list(value, prop, errors) or []
    elif prop == "table_configuration" and value is not None and not _columns_ok(value):
        errors.add(prop, 'Property "table_configuration" expects an array of columns with a "code" and a "data_type".')
    return copy.deepcopy(value)


def _columns_ok(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(column, dict) and isinstance(column.get("code"), str) and isinstance(column.get("data_type"), str)
        for column in value
    )


def _check_consistency(
    attribute: dict[str, Any],
    created: bool,
    asset_families: frozenset[str],
    locales: frozenset[str],
    errors: ErrorCollector,
) -> None:
    """Rules between properties, checked on the merged attribute."""
    kind = attribute["type"]
    if kind == IDENTIFIER:
        for prop in ("localizable", "scopable"):
            if attribute.get(prop):
                errors.add(prop, f'An identifier attribute cannot be {prop}, "true" given.')
        if attribute.get("unique") is False:
            errors.add("unique", 'An identifier attribute is always unique, "false" given.')
    elif attribute.get("unique") and (kind not in UNIQUE_TYPES or attribute["localizable"] or attribute["scopable"]):
        errors.add("unique", f'An attribute of type "{kind}" that varies by locale or channel cannot be unique.')
    reference = attribute.get("reference_data_name")
    # PRODUCT-ASSET-COLLECTION-NEEDS-FAMILY
    if kind == ASSET_COLLECTION and created and isinstance(reference, str) and reference not in asset_families:
        errors.add("reference_data_name", f'The asset family "{reference}" does not exist.')
    if kind in APPLICABLE["validation_rule"] and attribute.get("validation_rule") in ("regexp", "regular_expression"):
        if not attribute.get("validation_regexp"):
            errors.add("validation_regexp", 'Property "validation_regexp" is required with the rule "regexp".')
        elif not _compiles(attribute["validation_regexp"]):
            errors.add("validation_regexp", "The regular expression is not valid.")
    low, high = finite_decimal(attribute.get("number_min")), finite_decimal(attribute.get("number_max"))
    if low is not None and high is not None and low > high:
        errors.add("number_max", "The maximum number must be greater than or equal to the minimum number.")
    if kind == "pim_catalog_text" and (attribute.get("max_characters") or 0) > 255:
        errors.add("max_characters", "A text attribute holds at most 255 characters.")
    for locale in attribute.get("available_locales") or []:
        if locale not in locales:
            errors.add("available_locales", f'The locale "{locale}" does not exist.')


def _compiles(pattern: Any) -> bool:
    return isinstance(pattern, str) and compile_slashed(pattern) is not None


def present_attribute(attribute: Mapping[str, Any]) -> dict[str, Any]:
    """The attribute as GET shows it: no `updated`, `table_configuration` only for tables."""
    shown = {key: value for key, value in attribute.items() if key != "updated"}
    if attribute.get("type") != "pim_catalog_table":
        shown.pop("table_configuration", None)
    return shown


# -- options ----------------------------------------------------------------------------------------------------

OPTION_PROPERTIES = frozenset({"code", "attribute", "sort_order", "labels"})


def ensure_select_attribute(attribute: Mapping[str, Any]) -> None:
    """Only simple and multi select attributes have options; the vendor answers 404 for the others."""
    if attribute.get("type") not in SELECT_TYPES:
        raise NotFound(
            f'Attribute "{attribute.get("code")}" does not support options. Only attributes of type '
            '"pim_catalog_simpleselect", "pim_catalog_multiselect" support options.'
        )


def upsert_option(
    existing: dict[str, Any] | None,
    attribute: Mapping[str, Any],
    code: str,
    patch: Any,
    *,
    option_count: int,
    activated_locales: frozenset[str],
) -> dict[str, Any]:
    """The complete option of a select attribute; a new one goes after the existing ones by default."""
    ensure_select_attribute(attribute)
    patch = ensure_object(patch, "attribute option")
    errors = ErrorCollector()
    check_known(patch, OPTION_PROPERTIES | READ_ONLY, errors)
    check_body_code(code, patch, errors)
    if existing is None:
        check_new_code(code, errors)
    check_body_code(attribute["code"], patch, errors, key="attribute")
    sort_order = existing["sort_order"] if existing else option_count
    if "sort_order" in patch:
        value = patch["sort_order"]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            errors.add("sort_order", type_message("sort_order", "a positive integer", value))
        else:
            sort_order = value
    labels = labels_of(existing, patch, activated_locales, errors)
    errors.raise_if_any()
    return {"code": code, "attribute": attribute["code"], "sort_order": sort_order, "labels": labels}
