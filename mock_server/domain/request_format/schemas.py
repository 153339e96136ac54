"""The vendor's JSON schemas of the Asset Manager writes (its first validation stage), as data.

They judge JSON shape only: types, required members, unknown members (FORMAT-SHAPE-ONLY). Limits, patterns,
enums and references (code format, max items, operator names, existing locales...) are business rules, judged
after them by the domain. Our additions to the vendor's schemas are the newer docs' features: `sharing_enabled`
and `auto_tagging_enabled` on families, null labels (they remove a label), the attribute types and properties the
vendor code lacks (`default_value`, boolean, date, record, auto_tagging), `asset_family_code` and the read-only
members a client sends back from a GET (`created`, `updated`, `attribute_type`, `linked_data`) on assets.
"""

from __future__ import annotations

import functools
from typing import Any

from mock_server.domain.errors import FieldError, InvalidFormat
from mock_server.domain.request_format.opis import PhpObject, format_errors, judged_by_shape, php_view
from mock_server.domain.shared.types import MEDIA_LINK


def _t(*names: str) -> dict[str, Any]:
    return {"type": list(names)}


_STRING, _NULLABLE_STRING, _BOOLEAN, _OBJECT = _t("string"), _t("string", "null"), _t("boolean"), {"type": "object"}
_STRINGS = {"type": "array", "items": {"type": "string"}}
LABELS = {"type": "object", "patternProperties": {".+": _NULLABLE_STRING}}


def _object(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = list(required)
    return schema


# -- asset family (AssetFamilyValidator) ---------------------------------------------------------------------------
_CHANNEL_LOCALE = {"channel": _NULLABLE_STRING, "locale": _NULLABLE_STRING}
_SELECTION = _object(
    {"field": {"type": "string"}, "operator": {"type": "string"}, "value": _t("string", "array", "boolean", "null")}
    | _CHANNEL_LOCALE,
    ("field", "operator", "value"),
)
_ASSIGNMENT = _object(
    {"attribute": {"type": "string"}, "mode": {"type": "string"}} | _CHANNEL_LOCALE, ("attribute", "mode")
)
_FILE = _object({"attribute": {"type": "string"}} | _CHANNEL_LOCALE, ("attribute", "channel", "locale"))
_OPERATION = _object({"type": {"type": "string"}, "parameters": _t("object", "null", "array")}, ("type",))
ASSET_FAMILY = _object(
    {
        "code": _STRING,
        "labels": LABELS,
        "attribute_as_main_media": _STRING,
        "product_link_rules": {
            "type": "array",
            "items": _object(
                {
                    "product_selections": {"type": "array", "items": _SELECTION},
                    "assign_assets_to": {"type": "array", "items": _ASSIGNMENT},
                },
                ("product_selections", "assign_assets_to"),
            ),
        },
        "transformations": {
            "type": "array",
            "items": _object(
                {
                    "label": {"type": "string"},
                    "source": _FILE,
                    "target": _FILE,
                    "operations": {"type": "array", "items": _OPERATION},
                    "filename_prefix": _NULLABLE_STRING,
                    "filename_suffix": _NULLABLE_STRING,
                },
                ("source", "target", "operations"),
            ),
        },
        "naming_convention": {
            "type": ["object", "array"],
            "properties": {
                "source": _object(
                    {"property": {"type": "string"}} | _CHANNEL_LOCALE, ("property", "channel", "locale")
                ),
                "pattern": {"type": "string"},
                "abort_asset_creation_on_error": {"type": "boolean"},
            },
            "additionalProperties": False,
        },
        "sharing_enabled": _BOOLEAN,
        "auto_tagging_enabled": _BOOLEAN,
        "_links": _OBJECT,
    },
    ("code",),  # FORMAT-CODE-REQUIRED: AssetFamilyValidator requires it
)

# -- attribute (Create|Edit/*AttributeValidator: one schema per type) ---------------------------------------------
_ATTRIBUTE_COMMON = {
    "code": _STRING,
    "type": _STRING,
    "labels": LABELS,
    "value_per_locale": _BOOLEAN,
    "value_per_channel": _BOOLEAN,
    "is_required_for_completeness": _BOOLEAN,
    "is_read_only": _BOOLEAN,
    "default_value": {"type": ["string", "null", "boolean", "array"], "items": {"type": "string"}},
}
_BY_TYPE: dict[str, dict[str, Any]] = {
    "text": {
        "is_textarea": _BOOLEAN,
        "is_rich_text_editor": _t("boolean", "null"),
        "max_characters": _t("integer", "null"),
        "validation_rule": _NULLABLE_STRING,
        "validation_regexp": _NULLABLE_STRING,
    },
    "media_file": {"allowed_extensions": _STRINGS, "max_file_size": _NULLABLE_STRING, "media_type": _STRING},
    "media_link": {"media_type": _STRING, "prefix": _NULLABLE_STRING, "suffix": _NULLABLE_STRING},
    "number": {
        "decimals_allowed": _BOOLEAN,
        "min_value": _t("string", "integer", "null"),
        "max_value": _t("string", "integer", "null"),
    },
    "record": {"reference_entity": _NULLABLE_STRING},
    "asset_family_single_link": {"asset_family_code": _NULLABLE_STRING},
    "asset_family_multiple_links": {"asset_family_code": _NULLABLE_STRING},
}
ATTRIBUTE_TYPES = ("single_option", "multiple_options", "boolean", "date", "auto_tagging", *_BY_TYPE)


def attribute_schema(attribute_type: Any, *, creating: bool = False) -> dict[str, Any]:
    """The schema of one attribute type; for a type we cannot tell (missing, unknown: the domain's 422), every
    property any type takes, so that only shape faults are judged here."""
    if isinstance(attribute_type, str) and attribute_type in ATTRIBUTE_TYPES:
        specific = _BY_TYPE.get(attribute_type, {})
    else:
        specific = {name: rule for rules in _BY_TYPE.values() for name, rule in rules.items()}
    # FORMAT-CODE-REQUIRED: every Create|Edit schema requires `code` (Create also `type`, which the vendor's
    # AttributeCreationValidator checks before any schema, as our domain does: no format fault of its own here).
    # ATTR-MEDIA-TYPE-REQUIRED: the format stage refuses it first on the API's path
    # CHECK-ORDER-MEDIA-LINK-TYPE: Create/MediaLinkAttributeValidator also requires `media_type`.
    required = ("code", "media_type") if creating and attribute_type == MEDIA_LINK else ("code",)
    return _object(_ATTRIBUTE_COMMON | specific | {"_links": _OBJECT}, required)


# -- attribute option (AttributeOptionValidator) ------------------------------------------------------------------
ATTRIBUTE_OPTION = _object({"code": _STRING, "labels": LABELS}, ("code",))  # FORMAT-CODE-REQUIRED

# -- asset (AssetListValidator, AssetPropertiesValidator, Value/*TypeValidator) -----------------------------------
ASSET_LIST = {"type": "array", "items": {"type": "object"}}
ASSET_PROPERTIES = _object(
    {
        "_links": _OBJECT,
        "code": _STRING,
        "asset_family_code": _STRING,
        "values": {"type": "object", "patternProperties": {".+": {"type": "array"}}},
        "created": {},
        "updated": {},
    },
    ("code",),
)
_VALUE_DATA: dict[str, dict[str, Any]] = {
    "multiple_options": _STRINGS,
    "asset_family_multiple_links": _STRINGS,
    "boolean": _t("boolean", "null"),
    "auto_tagging": {},
}
_ANY_DATA = {"type": ["string", "null", "array", "boolean"], "items": {"type": "string"}}
# What a GET answers beside the value, accepted back (our contract; the vendor takes `_links` on media files only).
_READ_ONLY_VALUE_MEMBERS = {"_links": _OBJECT, "attribute_type": {}, "linked_data": {}}


@functools.cache
def value_schema(attribute_type: str | None) -> dict[str, Any]:
    """The values schema of one attribute type; None when the family's attributes are not known (any data type).
    Built once per type (read-only: never change the dict returned)."""
    data = _ANY_DATA if attribute_type is None else _VALUE_DATA.get(attribute_type, _NULLABLE_STRING)
    item = {"locale": _NULLABLE_STRING, "channel": _NULLABLE_STRING, "data": data} | _READ_ONLY_VALUE_MEMBERS
    values = {
        "type": "object",
        "patternProperties": {".+": {"type": "array", "items": _object(item, ("locale", "channel", "data"))}},
    }
    return {"type": "object", "properties": {"values": values}}


# -- the stage, per resource ----------------------------------------------------------------------------------------
def _patched(body: dict[str, Any], *members: str) -> dict[str, Any]:
    """The body seen as the vendor's validators see it: PHP arrays, and `labels` (or `values`) that PHP reads as
    empty ([] or {}) sent as an object, as the vendor's validators do before judging."""
    seen = dict(body)
    for member in members:
        if php_view(seen.get(member)) == []:
            seen[member] = PhpObject()
    return seen


def asset_family_errors(body: dict[str, Any]) -> list[FieldError]:
    return format_errors(ASSET_FAMILY, _patched(body, "labels"), root_as_php=False)


def attribute_errors(body: dict[str, Any], attribute_type: Any = None) -> list[FieldError]:
    """`attribute_type`: the stored attribute's type on an update (the vendor's AttributeEditionValidator judges by
    it: CHECK-ORDER-EDIT-BY-STORED-TYPE); None on a creation, judged by the body's type with the Create schema."""
    schema = attribute_schema(attribute_type or body.get("type"), creating=attribute_type is None)
    return format_errors(schema, _patched(body, "labels"), root_as_php=False)


def attribute_option_errors(body: dict[str, Any]) -> list[FieldError]:
    return format_errors(ATTRIBUTE_OPTION, _patched(body, "labels"), root_as_php=False)


def asset_errors(body: Any, attribute_types: dict[str, str] | None = None) -> list[FieldError]:
    """AssetValidator: the properties, then (when they pass and values are sent) the values, grouped by attribute
    type in the family's attribute order (`attribute_types`: code -> type; None judges any data type). Like each
    schema's judgement, the whole reads only the body's shape: remembered by it (opis.judged_by_shape)."""
    types = None if attribute_types is None else tuple(attribute_types.items())
    return judged_by_shape(("asset", types), body, lambda: _asset_errors(body, attribute_types))


# FORMAT-ASSET-VALUE-BY-TYPE-MESSAGES: each value judged by its attribute type's schema (value_schema)
def _asset_errors(body: Any, attribute_types: dict[str, str] | None) -> list[FieldError]:
    if not isinstance(body, dict):
        return format_errors(ASSET_PROPERTIES, body)
    seen = _patched(body, "values")
    if errors := format_errors(ASSET_PROPERTIES, seen, root_as_php=False):
        return errors
    values = php_view(seen.get("values"))
    if not isinstance(values, dict) or not values:
        return []
    if attribute_types is None:
        return format_errors(value_schema(None), seen, root_as_php=False)
    groups: dict[str, list[str]] = {}
    for code, attribute_type in attribute_types.items():
        groups.setdefault(attribute_type, []).append(code)
    errors = []
    for attribute_type, codes in groups.items():
        if subset := {code: value for code, value in values.items() if code in codes}:
            errors += format_errors(value_schema(attribute_type), {**seen, "values": subset}, root_as_php=False)
    return errors


# FORMAT-ASSET-LIST-MESSAGES
def asset_list_errors(body: Any) -> list[FieldError]:
    """AssetListValidator: the batch is a list of objects (400 "The list of assets has an invalid format." else).

    Empty objects stay objects here, at the root and as entries (PHP would read `{}` as an empty list): our contract
    types the batch as an array of objects, and an entry's own faults are answered entry by entry."""
    if isinstance(body, list):
        body = [PhpObject(entry) if isinstance(entry, dict) else entry for entry in body]
    return format_errors(ASSET_LIST, body, root_as_php=False, remember=False)  # items judged one level deep


# HTTP-422-UNKNOWN-PROPERTY, HTTP-422-TYPE-MISMATCH: the format stage's 422 names the property at fault;
# FORMAT-CODE-REQUIRED-MESSAGES (a family's or option's missing code; the attribute's and asset's: ensure_same_code)
def raise_for_format(resource: str, errors: list[FieldError]) -> None:
    """The vendor's 422 "The <resource> has an invalid format." with the Opis errors (FORMAT-422-PER-RESOURCE,
    FORMAT-MESSAGE-PER-RESOURCE)."""
    if errors:
        raise InvalidFormat(resource, errors)
