"""Asset attributes: the shape of each type, its defaults, and the rules of the attribute upsert (create or PATCH)."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from mock_server.domain.asset_manager import attribute_properties as props
from mock_server.domain.asset_manager.attribute_properties import _NORMALISERS, BOOLEANS, _as_is, _json, _quoted
from mock_server.domain.asset_manager.structure_codes import reserved_code_error
from mock_server.domain.errors import ErrorCollector, RulesBroken
from mock_server.domain.shared.labels import NOT_ACTIVATED, merge_labels
from mock_server.domain.shared.types import MEDIA_FILE

ATTRIBUTE_TYPES = (
    *("text", "media_link", "number", "media_file", "single_option", "multiple_options", "boolean", "date"),
    *("record", "auto_tagging", "asset_family_single_link", "asset_family_multiple_links"),
)
NOT_CREATABLE_TYPES = ("auto_tagging",)
OPTION_TYPES = ("single_option", "multiple_options")
LINK_TYPES = ("asset_family_single_link", "asset_family_multiple_links")
ALLOWED_MEDIA_TYPES = {
    "media_file": ("image", "pdf", "other"),
    "media_link": ("image", "pdf", "youtube", "vimeo", "other"),
}
MAX_ATTRIBUTES_PER_FAMILY = 100  # parameters.yml asset_family_maximum_attribute
RESOURCE = "attribute"

_COMMON_DEFAULTS: dict[str, Any] = {"labels": {}, **dict.fromkeys(BOOLEANS, False)}
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
_COMMON_PROPERTIES = ("code", "labels", "type", *BOOLEANS, "default_value", "_links")
_IMMUTABLE_FLAGS = ("value_per_locale", "value_per_channel")
# ATTR-TYPE-IMMUTABLE, ATTR-LOCALE-CHANNEL-IMMUTABLE: what _check_immutable compares with the stored attribute
IMMUTABLE_PROPERTIES = ("type", *_IMMUTABLE_FLAGS, "asset_family_code")
_NOT_MERGED = ("code", "type", "_links")
Attribute = dict[str, Any]
Body = Mapping[str, Any]


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
    """Create (existing is None) or update an attribute; return the complete new attribute as GET shows it.
    Faults are RulesBroken("attribute"); the URI code and the body code were checked by the caller."""
    errors = ErrorCollector()
    check_known_properties(patch, errors)
    if existing is None:
        attribute_type = _creation_type(code, patch, family_attribute_count, errors)
    else:
        attribute_type = existing["type"]
        _check_immutable(existing, patch, errors)
        if errors:  # the vendor answers these alone, before the edit's own rules
            raise RulesBroken(RESOURCE, errors.errors)
    result: Attribute = {}
    if attribute_type is not None:
        _check_applicable(attribute_type, patch, errors)
        result = _merge(existing, attribute_type, code, patch, activated_locales, errors)
        _check_default_value(result, errors)
        property_faults = bool(errors)
        for rule in TYPE_RULES.get(attribute_type, ()):
            rule(result, existing, patch, errors)
        if not property_faults:  # the vendor's second group runs only when the properties passed
            for rule in _SECOND_GROUP_RULES.get(attribute_type, ()):
                rule(result, existing, patch, errors)
    if errors:
        raise RulesBroken(RESOURCE, errors.errors)
    return result


def default_attribute(patch: Mapping[str, Any]) -> Attribute:
    """An attribute the vendor creates itself (a new family's label and media): the type's defaults under `patch`,
    no rule checked (`label` is a reserved code for clients only)."""
    errors = ErrorCollector()
    return _merge(None, str(patch["type"]), str(patch["code"]), patch, frozenset(), errors)


# ---- structure: known, creatable, immutable and applicable properties ------------------------------------------


def check_known_properties(patch: Body, errors: ErrorCollector) -> None:
    """HTTP-422-UNKNOWN-PROPERTY: a property no attribute type has (the API's format stage refuses it first)."""
    for key in patch:
        if key not in _COMMON_PROPERTIES and not any(key in props for props in _TYPE_DEFAULTS.values()):
            errors.add(key, f'The property "{key}" is not a property of an asset attribute.')


def _creation_type(code: str, patch: Body, family_attribute_count: int, errors: ErrorCollector) -> str | None:
    reserved = reserved_code_error(code)
    if reserved is not None:
        errors.add_error(reserved)
    # ATTR-MAX-100
    if family_attribute_count >= MAX_ATTRIBUTES_PER_FAMILY:  # STRUCTURE-ATTRIBUTE-LIMIT: the first label, or ""
        labels = patch.get("labels")
        first = next(iter(labels.values()), "") if isinstance(labels, dict) and labels else ""
        errors.add(
            "labels",
            f'You cannot create the attribute "{first or ""}" because you have reached the limit of '
            f"{MAX_ATTRIBUTES_PER_FAMILY} attributes for this asset family",
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
    """STRUCTURE-ATTRIBUTE-IMMUTABLE: the vendor's ValidateAttributePropertiesImmutability, strict comparison with
    the stored attribute (an absent asset_family_code is null)."""
    for prop in IMMUTABLE_PROPERTIES:
        stored = existing.get(prop, False if prop in _IMMUTABLE_FLAGS else None)
        if prop in patch and (patch[prop] != stored or type(patch[prop]) is not type(stored)):
            # ATTR-TYPE-IMMUTABLE, ATTR-LOCALE-CHANNEL-IMMUTABLE, STRUCTURE-ATTRIBUTE-IMMUTABLE-MESSAGE
            errors.add(prop, f"The property {prop} is immutable.")


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
            result["labels"] = merge_labels(result["labels"], value, locales, errors, not_activated=NOT_ACTIVATED)
        else:
            result[key] = _NORMALISERS.get(key, _as_is)(value, key, errors)
    if result.get("default_value", 0) is None:
        del result["default_value"]
    return result


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


def _check_text(result: Attribute, existing: Body | None, patch: Body, errors: ErrorCollector) -> None:
    """STRUCTURE-ATTRIBUTE-TEXT-COHERENCE: on an update, the vendor's TextPropertyUpdatesShouldBeCoherentValidator
    (judged on what the patch sends, the stored textarea flag and rule filling in); its violations have no path
    but the empty regular expression's. A creation has no such validator: the incoherent properties are dropped,
    except a regular_expression rule without an expression (a rule that could never run): that is
    STRUCTURE-ATTRIBUTE-REGEXP-MESSAGES' empty expression, on either path."""
    sent_rule = result["validation_rule"] if "validation_rule" in patch else None
    sent_regexp = patch.get("validation_regexp")
    if existing is None:
        # ATTR-REGEXP-REQUIRED
        if sent_rule == "regular_expression" and not result["is_textarea"] and sent_regexp is None:
            errors.add(props.vendor_path("validation_regexp"), props.EMPTY_REGULAR_EXPRESSION)
    elif result["is_textarea"] is True:
        if sent_rule not in (None, "none"):
            errors.add("", props.TEXTAREA_WITH_VALIDATION_RULE)
        if sent_regexp is not None:
            errors.add("", props.TEXTAREA_WITH_REGULAR_EXPRESSION)
    else:
        if patch.get("is_rich_text_editor") is True:
            errors.add("", props.SIMPLE_TEXT_WITH_RICH_EDITOR)
        stored_rule = existing.get("validation_rule")
        if sent_rule != "regular_expression" and stored_rule != "regular_expression" and sent_regexp is not None:
            errors.add("", props.REGULAR_EXPRESSION_WITHOUT_RULE)
        # ATTR-REGEXP-REQUIRED (an update; the creation's check is above)
        if sent_rule == "regular_expression" and sent_regexp is None:
            errors.add(props.vendor_path("validation_regexp"), props.EMPTY_REGULAR_EXPRESSION)
    _normalise_text(result)


def _normalise_text(result: Attribute) -> None:
    """What a text attribute keeps: a rich text editor on a text area only, a validation rule on a simple text only,
    an expression with the regular_expression rule only."""
    if result["is_textarea"] is True:
        result["is_rich_text_editor"] = result["is_rich_text_editor"] is True
        result["validation_rule"], result["validation_regexp"] = "none", None
    else:
        result["is_rich_text_editor"] = False
        if result["validation_rule"] != "regular_expression":
            result["validation_regexp"] = None


def _check_number(result: Attribute, existing: Body | None, patch: Body, errors: ErrorCollector) -> None:
    """ATTR-MIN-LOWER-THAN-MAX, STRUCTURE-ATTRIBUTE-NUMBER-BOUNDS-MESSAGE: MinMaxValueValidator, min greater than max (equal bounds are fine), on
    `min_value`; the stored bound counts. The vendor ties no bound to decimals_allowed."""
    low, high = result["min_value"], result["max_value"]
    if low is not None and high is not None and Decimal(low.strip()) > Decimal(high.strip()):
        errors.add("min_value", props.MIN_GREATER_THAN_MAX)


def check_media_type(result: Attribute, existing: Body | None, patch: Body, errors: ErrorCollector) -> None:
    """ATTR-MEDIA-TYPE-REQUIRED, STRUCTURE-ATTRIBUTE-MEDIA-TYPE, STRUCTURE-ATTRIBUTE-MEDIA-TYPE-MESSAGE: the vendor's
    MediaType validators; a media_file created without one is an image (CreateMediaFileAttributeCommandFactory), a
    media_link needs one (its JSON schema requires it)."""
    attribute_type, media_type = result["type"], result["media_type"]
    allowed = ALLOWED_MEDIA_TYPES[attribute_type]
    if media_type is None and attribute_type == MEDIA_FILE:
        result["media_type"] = "image"
    elif media_type is None:
        errors.add("media_type", f'The media type is required for an attribute of type "{attribute_type}".')
    elif media_type not in allowed:
        errors.add(
            "media_type", f"The media type given is not corresponding to the expected ones ({', '.join(allowed)})."
        )


def _check_linked_family(result: Attribute, existing: Body | None, patch: Body, errors: ErrorCollector) -> None:
    if not result["asset_family_code"]:
        message = f'The property "asset_family_code" is required for an attribute of type "{result["type"]}".'
        errors.add("asset_family_code", message)


TYPE_RULES: dict[str, tuple[Rule, ...]] = {
    "media_file": (check_media_type,),
    "media_link": (check_media_type,),
    "asset_family_single_link": (_check_linked_family,),
    "asset_family_multiple_links": (_check_linked_family,),
}
# The vendor's second validation group: judged only when every property passed its own constraints.
_SECOND_GROUP_RULES: dict[str, tuple[Rule, ...]] = {"text": (_check_text,), "number": (_check_number,)}
