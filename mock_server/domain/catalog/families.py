"""Product families: their attributes (the identifier always among them), label and image attributes, and the
attributes each channel requires for completeness."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from mock_server.domain.catalog.structure import (
    ASSET_COLLECTION,
    IDENTIFIER,
    IMAGE,
    READ_ONLY,
    TEXT,
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
from mock_server.domain.errors import ErrorCollector

FAMILY_PROPERTIES = frozenset(
    {"code", "attributes", "attribute_as_label", "attribute_as_image", "attribute_requirements", "labels"}
)
LABEL_TYPES = (IDENTIFIER, TEXT)
IMAGE_TYPES = (IMAGE, ASSET_COLLECTION)


def upsert_family(
    existing: dict[str, Any] | None,
    code: str,
    patch: Any,
    *,
    attributes: Mapping[str, Mapping[str, Any]],
    channels: frozenset[str],
    identifier_attribute: str | None,
    activated_locales: frozenset[str],
    now: datetime,
    variant_axes: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The complete family: the identifier attribute always belongs to it and is required on every channel.
    `variant_axes` (variant code -> its axes) are the family's variants: their axes stay in the family
    (PRODUCT-VARIANT-AXES-IN-FAMILY, the vendor's FamilyAttributeUsedAsAxis)."""
    patch = ensure_object(patch, "family")
    errors = ErrorCollector()
    check_known(patch, FAMILY_PROPERTIES | READ_ONLY, errors)
    check_body_code(code, patch, errors)
    if existing is None:
        check_new_code(code, errors)
        if "attribute_as_label" not in patch:
            errors.add("attribute_as_label", required_message("attribute_as_label"))
    current = copy.deepcopy(existing) if existing else {}
    members = list(current.get("attributes", []))
    if "attributes" in patch:
        members = _family_attributes(patch["attributes"], attributes, errors)
    if identifier_attribute and identifier_attribute not in members:
        members.insert(0, identifier_attribute)
    for variant, axes in (variant_axes or {}).items():
        for axis in axes:
            if axis not in members:
                errors.add(
                    "attributes",
                    f'Attribute "{axis}" is an axis in "{variant}" family variant. It must belong to the family.',
                )
    as_label = patch.get("attribute_as_label", current.get("attribute_as_label"))
    _check_member(as_label, "attribute_as_label", members, attributes, LABEL_TYPES, errors, nullable=False)
    as_image = patch.get("attribute_as_image", current.get("attribute_as_image"))
    _check_member(as_image, "attribute_as_image", members, attributes, IMAGE_TYPES, errors, nullable=True)
    requirements = _requirements(current.get("attribute_requirements", {}), patch, members, channels, errors)
    for channel in sorted(channels):
        required = requirements.setdefault(channel, [])
        if identifier_attribute and identifier_attribute not in required:
            required.insert(0, identifier_attribute)
    labels = labels_of(existing, patch, activated_locales, errors)
    errors.raise_if_any()
    family = {
        "code": code,
        "attributes": members,
        "attribute_as_label": as_label,
        "attribute_as_image": as_image,
        "attribute_requirements": requirements,
        "labels": labels,
    }
    return {**family, "updated": stamp(existing, family, now)}


def _family_attributes(value: Any, attributes: Mapping[str, Any], errors: ErrorCollector) -> list[str]:
    codes = string_list(value, "attributes", errors)
    if codes is None:
        return []
    for attribute in codes:
        if attribute not in attributes:
            errors.add("attributes", f'The attribute "{attribute}" does not exist.')
    return [attribute for attribute in codes if attribute in attributes]


def _check_member(
    value: Any,
    prop: str,
    members: list[str],
    attributes: Mapping[str, Mapping[str, Any]],
    types: tuple[str, ...],
    errors: ErrorCollector,
    *,
    nullable: bool,
) -> None:
    if value is None and nullable:
        return
    if not isinstance(value, str):
        if value is not None:
            errors.add(prop, type_message(prop, "a string", value))
        return
    if value not in members:
        errors.add(prop, f'Property "{prop}" must belong to the family: the attribute "{value}" is not in it.')
    elif attributes.get(value, {}).get("type") not in types:
        allowed = " or ".join(f'"{t}"' for t in types)
        errors.add(prop, f'Property "{prop}" only supports {allowed} attributes, "{value}" is not one.')


def _requirements(
    stored: Mapping[str, list[str]],
    patch: Mapping[str, Any],
    members: list[str],
    channels: frozenset[str],
    errors: ErrorCollector,
) -> dict[str, list[str]]:
    """Merged per channel (each list replaced); attributes that left the family leave the requirements too."""
    requirements = {channel: [a for a in codes if a in members] for channel, codes in stored.items()}
    sent = patch.get("attribute_requirements")
    if "attribute_requirements" not in patch:
        return requirements
    if not isinstance(sent, dict):
        errors.add("attribute_requirements", type_message("attribute_requirements", "an object", sent))
        return requirements
    for channel, codes in sent.items():
        prop = f"attribute_requirements.{channel}"
        if channel not in channels:
            errors.add("attribute_requirements", f'The channel "{channel}" does not exist.')
            continue
        required = string_list(codes, prop, errors)
        if required is None:
            continue
        for attribute in required:
            if attribute not in members:
                errors.add(
                    "attribute_requirements",
                    f'The attribute "{attribute}" cannot be required on the channel "{channel}": '
                    "it does not belong to the family.",
                )
        requirements[channel] = [attribute for attribute in required if attribute in members]
    return requirements
