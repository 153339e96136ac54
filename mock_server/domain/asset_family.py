"""Asset families: the upsert (PATCH merge, defaults) and the rules on labels, main media and naming convention."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from mock_server.domain import naming_convention
from mock_server.domain.errors import ErrorCollector
from mock_server.domain.product_link_rules import check_product_link_rules, product_link_rule_extrapolations
from mock_server.domain.transformation_rules import check_transformations, check_value_coordinates, locale_message

__all__ = ["default_main_media", "product_link_rule_extrapolations", "upsert_asset_family"]

MAIN_MEDIA_TYPES = ("media_file", "media_link")
NAMING_CONVENTION_TYPES = ("text", "single_option", "number")
NAMING_CONVENTION_KEYS = ("source", "pattern", "abort_asset_creation_on_error")
OPTIONAL_FLAGS = ("sharing_enabled", "auto_tagging_enabled")  # kept only once a client has sent them
_CONTAINERS: Mapping[str, tuple[type, str]] = {
    "labels": (dict, "an object"),
    "naming_convention": (dict, "an object"),
    "product_link_rules": (list, "an array"),
    "transformations": (list, "an array"),
}


def upsert_asset_family(
    existing: dict[str, Any] | None,
    code: str,
    patch: dict[str, Any],
    *,
    attributes: Mapping[str, dict[str, Any]],
    activated_locales: frozenset[str],
    locales: frozenset[str],
    channels: frozenset[str],
) -> dict[str, Any]:
    """The complete family after `patch` (a new dict, inputs untouched); ValidationFailed lists every fault.

    The labels sent are checked; the main media, naming convention, product link rules and transformations are
    checked as they stand after the merge, since each depends on the others and on the family's attributes."""
    errors = ErrorCollector()
    _check_code(errors, code, patch)
    if not _containers_fit(errors, patch):
        errors.raise_if_any()  # nothing to merge into
    family = _merge(existing, code, patch, attributes)
    _check_labels(errors, patch.get("labels") or {}, activated_locales, locales)
    _check_main_media(errors, family["attribute_as_main_media"], attributes)
    _check_naming_convention(
        errors,
        family["naming_convention"],
        family["attribute_as_main_media"],
        attributes,
        activated_locales=activated_locales,
        locales=locales,
        channels=channels,
    )
    check_product_link_rules(errors, family["product_link_rules"], attributes=attributes)
    check_transformations(
        errors,
        family["transformations"],
        attributes=attributes,
        activated_locales=activated_locales,
        locales=locales,
        channels=channels,
    )
    errors.raise_if_any()
    return family


def default_main_media(family: Mapping[str, Any], attributes: Mapping[str, dict[str, Any]]) -> str | None:
    """The family's main media attribute, else its first media_file or media_link attribute created, else None."""
    if family.get("attribute_as_main_media"):
        return family["attribute_as_main_media"]
    return next((code for code, attribute in attributes.items() if attribute.get("type") in MAIN_MEDIA_TYPES), None)


def _merge(
    existing: Mapping[str, Any] | None, code: str, patch: Mapping[str, Any], attributes: Mapping[str, dict[str, Any]]
) -> dict[str, Any]:
    """The vendor update rules: labels merged (null removes), other properties replaced, absent ones kept."""
    stored = copy.deepcopy(dict(existing or {}))
    sent = copy.deepcopy(dict(patch))
    labels = {**stored.get("labels", {}), **sent.get("labels", {})}
    family: dict[str, Any] = {
        "code": code,
        "labels": {locale: label for locale, label in labels.items() if label is not None},
        "attribute_as_main_media": sent.get("attribute_as_main_media", stored.get("attribute_as_main_media")),
        "naming_convention": sent.get("naming_convention", stored.get("naming_convention", {})),
        "product_link_rules": sent.get("product_link_rules", stored.get("product_link_rules", [])),
        "transformations": sent.get("transformations", stored.get("transformations", [])),
    }
    family["attribute_as_main_media"] = default_main_media(family, attributes)
    for flag in OPTIONAL_FLAGS:
        if flag in sent or flag in stored:
            family[flag] = sent.get(flag, stored.get(flag))
    return family


def _check_code(errors: ErrorCollector, code: str, patch: Mapping[str, Any]) -> None:
    """The code is immutable: a code in the body must be the code of the URL."""
    if "code" in patch and patch["code"] != code:
        errors.add("code", f'The code "{patch["code"]}" in the body does not match the code "{code}" in the URL.')


def _containers_fit(errors: ErrorCollector, patch: Mapping[str, Any]) -> bool:
    """A non-scalar property of the wrong type refuses the whole patch (vendor update rule 3)."""
    fit = True
    for key, (kind, name) in _CONTAINERS.items():
        if key in patch and not isinstance(patch[key], kind):
            errors.add(key, f'The property "{key}" must be {name}.')
            fit = False
    return fit


def _check_labels(
    errors: ErrorCollector, labels: Mapping[str, Any], activated_locales: frozenset[str], locales: frozenset[str]
) -> None:
    """Each label sent is on an activated locale; removing one (null) is always allowed."""
    for locale, label in labels.items():
        if label is not None and locale not in activated_locales:
            errors.add("labels", locale_message(locale, locales))


def _check_main_media(errors: ErrorCollector, main_media: str | None, attributes: Mapping[str, dict[str, Any]]) -> None:
    """The main media is a media_file or media_link attribute of the family."""
    if main_media is None:
        return
    attribute = attributes.get(main_media)
    if attribute is None:
        errors.add("attribute_as_main_media", f'The attribute "{main_media}" does not exist in the asset family.')
    elif attribute.get("type") not in MAIN_MEDIA_TYPES:
        errors.add(
            "attribute_as_main_media",
            f'The attribute "{main_media}" is a {attribute.get("type")} attribute: the main media must be a '
            "media_file or media_link attribute.",
        )


def _check_naming_convention(
    errors: ErrorCollector,
    convention: Mapping[str, Any],
    main_media: str | None,
    attributes: Mapping[str, dict[str, Any]],
    *,
    activated_locales: frozenset[str],
    locales: frozenset[str],
    channels: frozenset[str],
) -> None:
    """`{}` (none), or a source, a pattern whose groups name attributes to fill, and a boolean."""
    if not convention:
        return
    missing = [key for key in NAMING_CONVENTION_KEYS if key not in convention]
    for key in missing:
        errors.add(
            f"naming_convention.{key}",
            f'The naming convention needs "{key}": send source, pattern and abort_asset_creation_on_error, or {{}} '
            "for none.",
        )
    if missing:
        return
    source = convention["source"] if isinstance(convention["source"], dict) else {}
    _check_naming_source(errors, source, main_media, attributes, activated_locales, locales, channels)
    _check_naming_pattern(errors, convention["pattern"], attributes)
    abort = convention["abort_asset_creation_on_error"]
    if not isinstance(abort, bool):
        errors.add(
            "naming_convention.abort_asset_creation_on_error",
            f'The property "abort_asset_creation_on_error" must be true or false, "{abort}" given.',
        )


def _check_naming_source(
    errors: ErrorCollector,
    source: Mapping[str, Any],
    main_media: str | None,
    attributes: Mapping[str, dict[str, Any]],
    activated_locales: frozenset[str],
    locales: frozenset[str],
    channels: frozenset[str],
) -> None:
    """The asset code or the main media attribute (its file name), with the locale and channel it needs."""
    path, prop = "naming_convention.source", source.get("property")
    if prop == "code":
        subject, attribute = "The asset code", None
    elif main_media is not None and prop == main_media:
        subject, attribute = f'The attribute "{prop}"', attributes.get(prop)
        if attribute is None:  # already refused as attribute_as_main_media
            return
    else:
        expected = '"code"' + (f' or the attribute as main media "{main_media}"' if main_media else "")
        errors.add(f"{path}.property", f'The naming convention source "{prop}" is not valid: use {expected}.')
        return
    check_value_coordinates(
        errors,
        path,
        subject,
        attribute,
        source.get("locale"),
        source.get("channel"),
        activated_locales=activated_locales,
        locales=locales,
        channels=channels,
    )


def _check_naming_pattern(errors: ErrorCollector, pattern: Any, attributes: Mapping[str, dict[str, Any]]) -> None:
    """A delimited regular expression with at least one named group, each naming an attribute it can fill."""
    path = "naming_convention.pattern"
    shown = _clip(str(pattern))
    try:
        compiled = naming_convention.compile_pattern(pattern if isinstance(pattern, str) else "")
    except ValueError as error:
        errors.add(path, f'The pattern "{shown}" is not a valid regular expression: {error}.')
        return
    names = naming_convention.group_names(compiled)
    if not names:
        errors.add(
            path,
            f'The pattern "{shown}" has no named group: name each group after the attribute it fills, as in '
            '"(?P<product_ref>.*)".',
        )
    for name in names:
        fault = _naming_target_fault(attributes.get(name))
        if fault:
            errors.add(path, f'The group "{name}" of the pattern {fault}.')


def _naming_target_fault(attribute: Mapping[str, Any] | None) -> str | None:
    """Why the naming convention cannot fill this attribute, or None."""
    if attribute is None:
        return "does not name an attribute of the asset family"
    if attribute.get("type") not in NAMING_CONVENTION_TYPES:
        return (
            f"names a {attribute.get('type')} attribute: only text, single_option and number attributes can be "
            "filled by the naming convention"
        )
    if attribute.get("value_per_locale") or attribute.get("value_per_channel"):
        return (
            "names a localizable or scopable attribute: the naming convention fills only attributes that are "
            "neither localizable nor scopable"
        )
    return None


def _clip(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else f"{text[:limit]}..."
