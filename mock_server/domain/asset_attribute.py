"""Asset attributes: the shape of each type, its defaults, and the rules of the attribute upsert (create or PATCH)."""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from mock_server.domain.errors import ErrorCollector

ATTRIBUTE_TYPES = (
    *("text", "media_link", "number", "media_file", "single_option", "multiple_options", "boolean", "date"),
    *("record", "auto_tagging", "asset_family_single_link", "asset_family_multiple_links"),
)
NOT_CREATABLE_TYPES = ("auto_tagging",)
MEDIA_TYPES = ("media_file", "media_link")
OPTION_TYPES = ("single_option", "multiple_options")
LINK_TYPES = ("asset_family_single_link", "asset_family_multiple_links")
ALLOWED_MEDIA_TYPES = {
    "media_file": ("image", "pdf", "other"),
    "media_link": ("image", "pdf", "youtube", "vimeo", "other"),
}
VALIDATION_RULES = ("none", "email", "url", "regular_expression")
VALIDATION_RULE_ALIASES = {"regexp": "regular_expression"}
MAX_ATTRIBUTES_PER_FAMILY = 100
MAX_REGEXP_LENGTH = 1000

_BOOLEANS = ("value_per_locale", "value_per_channel", "is_required_for_completeness", "is_read_only")
_COMMON_DEFAULTS: dict[str, Any] = {"labels": {}, **dict.fromkeys(_BOOLEANS, False)}
_TYPE_DEFAULTS: dict[str, dict[str, Any]] = {
    "text": {
        "max_characters": None,
        "is_textarea": False,
        "is_rich_text_editor": False,
        "validation_rule": "none",
        "validation_regexp": None,
    },
    "media_file": {"media_type": None, "allowed_extensions": [], "max_file_size": None},
    "media_link": {"media_type": None, "prefix": None, "suffix": None},
    "number": {"decimals_allowed": False, "min_value": None, "max_value": None},
    "record": {"reference_entity": None},
    "asset_family_single_link": {"asset_family_code": None},
    "asset_family_multiple_links": {"asset_family_code": None},
}
_COMMON_PROPERTIES = ("code", "labels", "type", *_BOOLEANS, "default_value", "_links")
_IMMUTABLE_FLAGS = ("value_per_locale", "value_per_channel")
_NOT_MERGED = ("code", "type", "_links")
Attribute = dict[str, Any]
Body = Mapping[str, Any]
Normaliser = Callable[[Any, str, ErrorCollector], Any]
_NUMBER_PATTERN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_FILE_SIZE_PATTERN = re.compile(r"[0-9]+(\.[0-9]+)?")
_EXTENSION_PATTERN = re.compile(r"[a-z0-9]+")


def is_localizable(attribute: Mapping[str, Any]) -> bool:
    """Whether the attribute holds one value per locale."""
    return bool(attribute.get("value_per_locale"))


def is_scopable(attribute: Mapping[str, Any]) -> bool:
    """Whether the attribute holds one value per channel."""
    return bool(attribute.get("value_per_channel"))


def type_properties(attribute_type: str) -> tuple[str, ...]:
    """The properties an attribute of this type has on top of the common ones."""
    return tuple(_TYPE_DEFAULTS.get(attribute_type, {}))


def upsert_asset_attribute(
    existing: dict[str, Any] | None,
    family_code: str,
    code: str,
    patch: dict[str, Any],
    *,
    family_attribute_count: int,
    activated_locales: frozenset[str],
) -> dict[str, Any]:
    """Create (existing is None) or update an attribute; return the complete new attribute as GET shows it."""
    errors = ErrorCollector()
    check_body_code(code, patch, errors)
    _check_known_properties(patch, errors)
    if existing is None:
        attribute_type = _creation_type(family_code, code, patch, family_attribute_count, errors)
    else:
        attribute_type = existing["type"]
        _check_immutable(existing, patch, errors)
    result: Attribute = {}
    if attribute_type is not None:
        _check_applicable(attribute_type, patch, errors)
        result = _merge(existing, attribute_type, code, patch, activated_locales, errors)
        _check_default_value(result, errors)
        for rule in _TYPE_RULES.get(attribute_type, ()):
            rule(result, existing, patch, errors)
    errors.raise_if_any()
    return result


# ---- labels and code, shared with the other resources of the asset manager ------------------------------------


def check_body_code(code: str, patch: Mapping[str, Any], errors: ErrorCollector) -> None:
    """The body's `code`, when sent, must be the code of the URL."""
    if "code" in patch and patch["code"] != code:
        errors.add("code", f'The code "{patch["code"]}" in the body does not match the code "{code}" of the URL.')


def merge_labels(
    stored: Mapping[str, str],
    patch_labels: Any,
    activated_locales: frozenset[str],
    errors: ErrorCollector,
    property_: str = "labels",
) -> dict[str, str]:
    """Merge labels key by key: a string sets the label, null removes it (on any locale, as for asset families:
    a label left on a locale deactivated since can go); a label set is on an activated locale."""
    merged = dict(stored)
    if not isinstance(patch_labels, dict):
        errors.add(property_, 'The labels must be an object keyed by locale code, such as {"en_US": "Picture"}.')
        return merged
    for locale, label in patch_labels.items():
        if label is None:
            merged.pop(locale, None)
        elif locale not in activated_locales:
            errors.add(property_, f'The locale "{locale}" does not exist or is not activated.')
        elif isinstance(label, str):
            merged[locale] = label
        elif label is not None:
            errors.add(property_, f'The label for the locale "{locale}" must be a string or null.')
    return merged


# ---- structure: known, creatable, immutable and applicable properties ------------------------------------------


def _check_known_properties(patch: Body, errors: ErrorCollector) -> None:
    for key in patch:
        if key not in _COMMON_PROPERTIES and not any(key in props for props in _TYPE_DEFAULTS.values()):
            errors.add(key, f'The property "{key}" is not a property of an asset attribute.')


def _creation_type(
    family_code: str, code: str, patch: Body, family_attribute_count: int, errors: ErrorCollector
) -> str | None:
    if family_attribute_count >= MAX_ATTRIBUTES_PER_FAMILY:
        errors.add(
            "code",
            f'The asset family "{family_code}" already has {MAX_ATTRIBUTES_PER_FAMILY} attributes, the maximum: '
            f'the attribute "{code}" cannot be created.',
        )
    attribute_type = patch.get("type")
    if attribute_type is None:
        errors.add("type", f'The type is required to create the attribute "{code}".')
        return None
    if attribute_type not in ATTRIBUTE_TYPES:
        errors.add("type", f'The type "{attribute_type}" does not exist: use one of {_quoted(ATTRIBUTE_TYPES)}.')
        return None
    if attribute_type in NOT_CREATABLE_TYPES:
        errors.add(
            "type",
            f'An attribute of type "{attribute_type}" cannot be created through the API: the PIM creates it '
            "when the asset family enables auto-tagging.",
        )
        return None
    return str(attribute_type)


def _check_immutable(existing: Body, patch: Body, errors: ErrorCollector) -> None:
    if "type" in patch and patch["type"] != existing["type"]:
        errors.add(
            "type",
            f'The type of the attribute "{existing["code"]}" is "{existing["type"]}" and cannot be changed '
            f'to "{patch["type"]}".',
        )
    for flag in _IMMUTABLE_FLAGS:
        if flag in patch and patch[flag] != bool(existing.get(flag)):
            errors.add(
                flag,
                f'The property "{flag}" of the attribute "{existing["code"]}" cannot be changed from '
                f"{_json(bool(existing.get(flag)))} to {_json(patch[flag])}.",
            )


def _check_applicable(attribute_type: str, patch: Body, errors: ErrorCollector) -> None:
    own = type_properties(attribute_type)
    for key, value in patch.items():
        if key in _COMMON_PROPERTIES or key in own:
            continue
        if key == "asset_family_code" and value is None:
            continue  # the SaaS shows `asset_family_code: null` on every type: accepted and ignored
        if any(key in props for props in _TYPE_DEFAULTS.values()):
            errors.add(key, f'The property "{key}" does not apply to an attribute of type "{attribute_type}".')


# ---- merge -------------------------------------------------------------------------------------------------------


def _merge(
    existing: Body | None, attribute_type: str, code: str, patch: Body, locales: frozenset[str], errors: ErrorCollector
) -> Attribute:
    result: Attribute = {"code": code, "labels": {}, "type": attribute_type}
    result.update(copy.deepcopy(_COMMON_DEFAULTS))
    result.update(copy.deepcopy(_TYPE_DEFAULTS.get(attribute_type, {})))
    for key, value in (existing or {}).items():
        if key != "_links" and (key in result or key == "default_value"):
            result[key] = copy.deepcopy(value)
    own = type_properties(attribute_type)
    for key, value in patch.items():
        if key in _NOT_MERGED or key not in _COMMON_PROPERTIES + own:
            continue
        if key == "labels":
            result["labels"] = merge_labels(result["labels"], value, locales, errors)
        else:
            result[key] = _NORMALISERS.get(key, _as_is)(value, key, errors)
    if result.get("default_value", 0) is None:
        del result["default_value"]
    return result


def _as_is(value: Any, prop: str, errors: ErrorCollector) -> Any:
    return copy.deepcopy(value)


def _typed(kinds: tuple[type, ...], expected: str) -> Normaliser:
    def normalise(value: Any, prop: str, errors: ErrorCollector) -> Any:
        if not isinstance(value, kinds):
            errors.add(prop, f'The property "{prop}" must be {expected}, not {_json(value)}.')
        return value

    return normalise


_boolean = _typed((bool,), "a boolean")
_nullable_boolean = _typed((bool, type(None)), "a boolean or null")
_nullable_string = _typed((str, type(None)), "a string or null")


def _max_characters(value: Any, prop: str, errors: ErrorCollector) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return value
    errors.add(prop, f'The maximum number of characters "{value}" must be an integer of at least 1, or null.')
    return None


def _validation_rule(value: Any, prop: str, errors: ErrorCollector) -> str:
    rule = VALIDATION_RULE_ALIASES.get(value, value) if isinstance(value, str) else value
    if rule is None:
        return "none"
    if rule not in VALIDATION_RULES:
        errors.add(prop, f'The validation rule "{value}" does not exist: use one of {_quoted(VALIDATION_RULES)}.')
        return "none"
    return str(rule)


def _validation_regexp(value: Any, prop: str, errors: ErrorCollector) -> str | None:
    _nullable_string(value, prop, errors)
    return value if isinstance(value, str) and value else None


def _numeric_string(value: Any) -> str | None:
    """The number as a string, or None when the value does not hold a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, str) and _NUMBER_PATTERN.fullmatch(value):
        return value
    return None


def _bound(value: Any, prop: str, errors: ErrorCollector) -> str | None:
    number = None if value is None else _numeric_string(value)
    if value is not None and number is None:
        errors.add(
            prop,
            f'The {_BOUND_NAMES[prop]} "{value}" must be a number written as a string, such as "10" or "-3.5", '
            "or null.",
        )
    return number


def _max_file_size(value: Any, prop: str, errors: ErrorCollector) -> str | None:
    if value is None:
        return None
    size = _numeric_string(value)
    if size is None or not _FILE_SIZE_PATTERN.fullmatch(size) or Decimal(size) <= 0:
        errors.add(
            prop,
            f'The maximum file size "{value}" must be a positive number of megabytes written as a string, '
            'such as "10" or "0.5", or null.',
        )
        return None
    return size


def _allowed_extensions(value: Any, prop: str, errors: ErrorCollector) -> list[str]:
    if not isinstance(value, list):
        errors.add(prop, 'The allowed extensions must be a list of file extensions, such as ["jpg", "png"].')
        return []
    extensions: list[str] = []
    for index, item in enumerate(value):
        extension = item.strip().lstrip(".").lower() if isinstance(item, str) else None
        if extension is None or not _EXTENSION_PATTERN.fullmatch(extension):
            errors.add(
                f"{prop}[{index}]", f'The extension "{item}" is not valid: use letters and digits only, such as "jpg".'
            )
        elif extension not in extensions:
            extensions.append(extension)
    return extensions


_BOUND_NAMES = {"min_value": "minimum value", "max_value": "maximum value"}
_NULLABLE_STRINGS = ("prefix", "suffix", "reference_entity", "asset_family_code")
_NORMALISERS: dict[str, Normaliser] = {
    **dict.fromkeys((*_BOOLEANS, "is_textarea", "decimals_allowed"), _boolean),
    **dict.fromkeys(_NULLABLE_STRINGS, _nullable_string),
    **dict.fromkeys(("min_value", "max_value"), _bound),
    "is_rich_text_editor": _nullable_boolean,
    "max_characters": _max_characters,
    "validation_rule": _validation_rule,
    "validation_regexp": _validation_regexp,
    "allowed_extensions": _allowed_extensions,
    "max_file_size": _max_file_size,
}


# ---- cross-field rules, per type ---------------------------------------------------------------------------------

Rule = Callable[[Attribute, Body | None, Body, ErrorCollector], None]


def _check_default_value(result: Body, errors: ErrorCollector) -> None:
    value, attribute_type = result.get("default_value"), result["type"]
    if value is None:
        return
    if attribute_type == "boolean":
        valid, expected = isinstance(value, bool), "a boolean"
    elif attribute_type in ("multiple_options", "asset_family_multiple_links"):
        valid, expected = isinstance(value, list) and all(isinstance(v, str) for v in value), "a list of codes"
    else:
        valid, expected = isinstance(value, str), "a string"
    if not valid:
        errors.add(
            "default_value",
            f'The default value {_json(value)} of an attribute of type "{attribute_type}" must be {expected} or null.',
        )


def _check_rich_text_editor(result: Attribute, existing: Body | None, patch: Body, errors: ErrorCollector) -> None:
    prop = "is_rich_text_editor"
    if result["is_textarea"] is True:
        was_textarea = existing is not None and existing.get("is_textarea") is True
        given = patch.get(prop) is not None or (was_textarea and prop not in patch)
        if not given or result[prop] is None:
            errors.add(prop, f'The property "{prop}" is required when "is_textarea" is true.')
    elif patch.get(prop) is True:
        errors.add(prop, f'The property "{prop}" can only be true when "is_textarea" is true.')
    else:
        result[prop] = False


def _check_validation_regexp(result: Attribute, existing: Body | None, patch: Body, errors: ErrorCollector) -> None:
    rule, regexp, prop = result["validation_rule"], result["validation_regexp"], "validation_regexp"
    if rule == "regular_expression":
        if regexp is None:
            errors.add(prop, f'The property "{prop}" is required when the validation rule is "regular_expression".')
        else:
            _check_regexp_compiles(regexp, errors)
    elif regexp is not None and prop in patch:
        errors.add(
            prop,
            f'The regular expression "{regexp}" must be null unless the validation rule is "regular_expression" '
            f'(it is "{rule}").',
        )
    else:
        result[prop] = None


def _check_regexp_compiles(regexp: str, errors: ErrorCollector) -> None:
    if len(regexp) > MAX_REGEXP_LENGTH:
        errors.add("validation_regexp", f"The regular expression is too long: at most {MAX_REGEXP_LENGTH} characters.")
        return
    try:
        re.compile(regexp)
    except (re.error, RecursionError, OverflowError) as error:
        errors.add("validation_regexp", f'The regular expression "{regexp}" is not valid: {error}.')


def _check_number(result: Attribute, existing: Body | None, patch: Body, errors: ErrorCollector) -> None:
    bounds = {prop: result[prop] for prop in ("min_value", "max_value")}
    if result["decimals_allowed"] is False:
        for prop, bound in bounds.items():
            if bound is not None and "." in bound:
                message = f'The {_BOUND_NAMES[prop]} "{bound}" must be an integer because decimals are not allowed.'
                errors.add(prop, message)
    low, high = bounds["min_value"], bounds["max_value"]
    if low is not None and high is not None and Decimal(low) >= Decimal(high):
        errors.add("min_value", f'The minimum value "{low}" must be lower than the maximum value "{high}".')


def _check_media_type(result: Attribute, existing: Body | None, patch: Body, errors: ErrorCollector) -> None:
    attribute_type, media_type = result["type"], result["media_type"]
    allowed = ALLOWED_MEDIA_TYPES[attribute_type]
    if media_type is None:
        errors.add("media_type", f'The media type is required for an attribute of type "{attribute_type}".')
    elif media_type not in allowed:
        errors.add(
            "media_type",
            f'The media type "{media_type}" is not allowed for an attribute of type "{attribute_type}": '
            f"use one of {_quoted(allowed)}.",
        )


def _check_linked_family(result: Attribute, existing: Body | None, patch: Body, errors: ErrorCollector) -> None:
    if not result["asset_family_code"]:
        message = f'The property "asset_family_code" is required for an attribute of type "{result["type"]}".'
        errors.add("asset_family_code", message)


_TYPE_RULES: dict[str, tuple[Rule, ...]] = {
    "text": (_check_rich_text_editor, _check_validation_regexp),
    "number": (_check_number,),
    "media_file": (_check_media_type,),
    "media_link": (_check_media_type,),
    "asset_family_single_link": (_check_linked_family,),
    "asset_family_multiple_links": (_check_linked_family,),
}


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f'"{value}"' for value in values)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=repr)
