"""Asset families: the upsert (PATCH merge, defaults) and the rules on labels, main media and naming convention.

The vendor checks a family in this order: the URI code (domain/asset_manager/structure_codes.py), the JSON schema, the body code,
the case of an existing code, then the business rules, all answered together as RulesBroken ("asset family").
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from mock_server.domain.asset_manager.structure_codes import case_twin, code_fault
from mock_server.domain.automation import naming_convention
from mock_server.domain.automation.product_link_rules.rules import (
    ProductCatalog,
    check_product_link_rules,
    product_link_rule_extrapolations,
)
from mock_server.domain.automation.transformations.rules import check_transformations
from mock_server.domain.errors import ErrorCollector, FieldError, RulesBroken, Unprocessable
from mock_server.domain.shared.labels import NOT_ACTIVATED, merge_labels
from mock_server.domain.shared.types import MEDIA_TYPES

__all__ = [
    "DEFAULT_ATTRIBUTES",
    "FAMILY_LIMIT",
    "FAMILY_PAGE_SIZE",
    "check_new_family",
    "default_main_media",
    "product_link_rule_extrapolations",
    "upsert_asset_family",
]

RESOURCE = "asset family"
FAMILY_LIMIT = 100  # STRUCTURE-FAMILY-LIMIT: parameters.yml asset_family_limit
FAMILY_PAGE_SIZE = (
    200  # STRUCTURE-FAMILY-PAGE-SIZE: parameters.yml asset_family_connector_asset_families_limit_per_page
)
NAMING_CONVENTION_KEYS = ("source", "pattern", "abort_asset_creation_on_error")
OPTIONAL_FLAGS = ("sharing_enabled", "auto_tagging_enabled")  # kept only once a client has sent them
# STRUCTURE-FAMILY-DEFAULT-ATTRIBUTES: what the vendor's SetDefaultAttributesOnAssetFamilyCreationSubscriber gives
# every new family, in this order; `media` becomes its main media.
DEFAULT_ATTRIBUTES: tuple[dict[str, Any], ...] = (
    {"code": "label", "type": "text", "value_per_locale": True},
    {"code": "media", "type": "media_file", "media_type": "image"},
)
DEFAULT_MAIN_MEDIA = "media"
_CONTAINERS: Mapping[str, tuple[type, str]] = {
    "labels": (dict, "an object"),
    "naming_convention": (dict, "an object"),
    "product_link_rules": (list, "an array"),
    "transformations": (list, "an array"),
}


def check_new_family(code: str, existing_codes: Iterable[str], limit: int = FAMILY_LIMIT) -> list[FieldError]:
    """Before a family is created: STRUCTURE-FAMILY-CASE (a plain 422, raised: the vendor refuses it before any
    business rule) and STRUCTURE-FAMILY-LIMIT (a business-rule fault on `labels`, returned to be listed with the
    others). The limit message names the code: the vendor's parameter is the identifier."""
    codes = list(existing_codes)
    twin = case_twin(code, codes)
    if twin is not None:
        # STRUCTURE-FAMILY-CASE-MESSAGE
        raise Unprocessable(
            f'The "{twin}" asset family already exists. Creating an asset family with a different case is forbidden.'
        )
    if len(codes) >= limit:
        return [
            FieldError(
                "labels",
                f'You cannot create the asset family "{code}" because you have reached the limit of {limit} '
                "asset families",
            )
        ]
    return []


def upsert_asset_family(
    existing: dict[str, Any] | None,
    code: str,
    patch: dict[str, Any],
    *,
    attributes: Mapping[str, dict[str, Any]],
    activated_locales: frozenset[str],
    locales: frozenset[str],
    channels: frozenset[str],
    faults: Iterable[FieldError] = (),
    link_catalog: ProductCatalog | None = None,
) -> dict[str, Any]:
    """The complete family after `patch` (a new dict, inputs untouched); RulesBroken lists every fault: `faults`
    (found by the caller: the family limit) first. The product link rules are also checked against `link_catalog`
    when the caller gives it (rules the patch sends).

    The labels sent are checked; the main media, naming convention, product link rules and transformations are
    checked as they stand after the merge, since each depends on the others and on the family's attributes."""
    errors = ErrorCollector()
    errors.extend(list(faults))
    if not _containers_fit(errors, patch):
        raise RulesBroken(RESOURCE, errors.errors)  # nothing to merge into
    family = _merge(existing, code, patch, attributes)
    # FAM-UPSERT, FAM-LABEL-LOCALES, STRUCTURE-LABEL-LOCALE-MESSAGE: merged key by key (null removes one, on any
    # locale), a label set only on an activated locale (LabelCollectionValidator)
    sent_labels = patch.get("labels") or {}
    family["labels"] = merge_labels(
        family["labels"], sent_labels, activated_locales, errors, not_activated=NOT_ACTIVATED
    )
    check_product_link_rules(
        errors, family["product_link_rules"], attributes=attributes, family_code=code, catalog=link_catalog
    )
    _check_main_media(errors, family["attribute_as_main_media"], attributes)
    check_transformations(
        errors,
        family["transformations"],
        attributes=attributes,
        activated_locales=activated_locales,
        locales=locales,
        channels=channels,
    )
    _check_naming_convention(
        errors,
        patch.get("naming_convention") or {},  # NullableNamingConventionValidator: only a convention sent is judged
        _naming_main_media(existing, patch, attributes),
        attributes,
        activated_locales=activated_locales,
        channels=channels,
    )
    if errors:
        raise RulesBroken(RESOURCE, errors.errors)
    return family


# FAM-MAIN-MEDIA-DEFAULT (and _check_main_media: only a media attribute of the family)
def default_main_media(family: Mapping[str, Any], attributes: Mapping[str, dict[str, Any]]) -> str | None:
    """The family's main media attribute, else its first media_file or media_link attribute created, else None."""
    if family.get("attribute_as_main_media"):
        return family["attribute_as_main_media"]
    return next((code for code, attribute in attributes.items() if attribute.get("type") in MEDIA_TYPES), None)


def _naming_main_media(
    existing: Mapping[str, Any] | None, patch: Mapping[str, Any], attributes: Mapping[str, dict[str, Any]]
) -> str | None:
    """STRUCTURE-NAMING-SOURCE-MAIN-MEDIA: the main media a naming convention's source must name, as the vendor's
    RawSourceValidator reads it: the one the same PATCH sends, when it is a readable attribute code (a code
    AttributeCode refuses is ignored here: NullableNamingConventionValidator), else the stored one (a new family:
    its default, the first media attribute)."""
    sent = patch.get("attribute_as_main_media")
    if isinstance(sent, str) and code_fault("attribute", sent) is None:
        return sent
    return default_main_media(existing or {}, attributes)


def _merge(
    existing: Mapping[str, Any] | None, code: str, patch: Mapping[str, Any], attributes: Mapping[str, dict[str, Any]]
) -> dict[str, Any]:
    """The vendor update rules: labels merged (null removes), other properties replaced, absent ones kept. A null
    main media is "not sent" (STRUCTURE-FAMILY-ROUND-TRIP: GET shows null while a family has none)."""
    stored = copy.deepcopy(dict(existing or {}))
    sent = copy.deepcopy(dict(patch))
    # FAM-UPSERT: the rest replaced when sent (the labels are merged by the caller, merge_labels)
    family: dict[str, Any] = {
        "code": code,
        "labels": dict(stored.get("labels") or {}),
        "attribute_as_main_media": _sent_or_stored(sent, stored, "attribute_as_main_media"),
        "naming_convention": sent.get("naming_convention", stored.get("naming_convention", {})),
        "product_link_rules": sent.get("product_link_rules", stored.get("product_link_rules", [])),
        "transformations": sent.get("transformations", stored.get("transformations", [])),
    }
    if family["naming_convention"] is None:
        family["naming_convention"] = {}
    if family["attribute_as_main_media"] is None:
        family["attribute_as_main_media"] = default_main_media(family, attributes)
    for flag in OPTIONAL_FLAGS:
        if flag in sent or flag in stored:
            family[flag] = sent.get(flag, stored.get(flag))
    return family


def _sent_or_stored(sent: Mapping[str, Any], stored: Mapping[str, Any], key: str) -> Any:
    """The value sent, unless it is null (or absent): then the stored one. An empty string is kept, to be refused."""
    value = sent.get(key)
    return stored.get(key) if value is None else value


def _containers_fit(errors: ErrorCollector, patch: Mapping[str, Any]) -> bool:
    """A non-scalar property of the wrong type refuses the whole patch (vendor update rule 3)."""
    fit = True
    for key, (kind, name) in _CONTAINERS.items():
        if key in patch and not isinstance(patch[key], kind):
            errors.add(key, f'The property "{key}" must be {name}.')
            fit = False
    return fit


def _check_main_media(errors: ErrorCollector, main_media: str | None, attributes: Mapping[str, dict[str, Any]]) -> None:
    """STRUCTURE-FAMILY-MAIN-MEDIA: the main media is a media_link or media_file attribute of the family."""
    if main_media is None:
        return
    attribute = attributes.get(main_media)
    if attribute is None:
        errors.add(
            "attribute_as_main_media",
            f'The attribute "{main_media}" set as main media for the asset family does not exist',
        )
    elif attribute.get("type") not in MEDIA_TYPES:
        errors.add(
            "attribute_as_main_media",
            "The attribute set as main media for the asset family should be of type: media_link, media_file",
        )


def _check_naming_convention(
    errors: ErrorCollector,
    convention: Mapping[str, Any],
    main_media: str | None,
    attributes: Mapping[str, dict[str, Any]],
    *,
    activated_locales: frozenset[str],
    channels: frozenset[str],
) -> None:
    """STRUCTURE-NAMING-CONVENTION: `{}` (none), or the vendor's collection of source, pattern and flag. The vendor
    does not look inside the pattern: any pattern PCRE compiles is accepted, named groups or not."""
    if not convention:
        return
    path = "naming_convention"
    # STRUCTURE-NAMING-CONVENTION-PATHS: one fault per key, on naming_convention[<key>]
    for key in NAMING_CONVENTION_KEYS:  # the vendor's Collection constraint: field by field, in this order
        value = convention.get(key)
        if key not in convention:
            errors.add(f"{path}[{key}]", "This field is missing.")
        elif key == "source" and isinstance(value, Mapping):
            _check_naming_source(errors, value, main_media, attributes, activated_locales, channels)
        elif key == "pattern":
            try:
                # FAM-NAMING-PATTERN; STRUCTURE-NAMING-CONVENTION-LENIENT: compiling is the only check, groups are free
                naming_convention.compile_pattern(value if isinstance(value, str) else "")
            except ValueError:
                errors.add(f"{path}[pattern]", f'The regular expression "{value}" is malformed.')
        elif key == "abort_asset_creation_on_error" and not isinstance(value, bool):
            errors.add(f"{path}[{key}]", "This value should be of type bool.")


def _check_naming_source(
    errors: ErrorCollector,
    source: Mapping[str, Any],
    main_media: str | None,
    attributes: Mapping[str, dict[str, Any]],
    activated_locales: frozenset[str],
    channels: frozenset[str],
) -> None:
    """The asset code, or the main media attribute with the locale and channel it needs (vendor RawSource)."""
    path, prop = "naming_convention[source]", source.get("property")
    locale, channel = source.get("locale"), source.get("channel")
    if locale is not None and locale not in activated_locales:
        errors.add(f"{path}[locale]", f'The locale "{locale}" is not activated.')
    if channel is not None and channel not in channels:
        errors.add(f"{path}[channel]", f'The channel "{channel}" does not exist.')
    if prop == "code":
        return
    attribute = attributes.get(prop) if isinstance(prop, str) else None
    if attribute is None:
        errors.add(path, f'The property "{prop}" does not exist for this asset family')
        return
    if prop != main_media:
        errors.add(path, "Property must match the code of the attribute defined as main media")
        return
    for flag, name, reference, noun in (
        ("value_per_channel", "scopable", channel, "channel"),
        ("value_per_locale", "localizable", locale, "locale"),
    ):
        if attribute.get(flag) and reference is None:
            errors.add(path, f'Attribute "{prop}" is {name}, you must define a {noun}')
        elif not attribute.get(flag) and reference is not None:
            errors.add(path, f'Attribute "{prop}" is not {name}, you cannot define a {noun}')
