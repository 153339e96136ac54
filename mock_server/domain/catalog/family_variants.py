"""Family variants: how a family's product models and variant products share its attributes, level by level.

A variant has one or two variant attribute sets (level 1: sub product models or variant products; level 2:
variant products under sub product models). Each set names its axes (the attributes that tell siblings apart) and
its attributes; the axes are among the attributes, the family's unique attributes (the identifier) go to the last
level, and the attributes of no set stay common (on the root product model). Messages are the vendor's
(`pim_catalog.constraint.family_variant_*`), on the property path `variant_attribute_sets` (PRODUCT-VARIANT-MESSAGES).
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from mock_server.domain.catalog.structure import (
    MAX_CODE_LENGTH,
    READ_ONLY,
    check_code_consistency,
    check_known,
    ensure_object,
    labels_of,
    type_message,
)
from mock_server.domain.errors import ErrorCollector
from mock_server.domain.shared.codes import CODE_CHARACTERS

VARIANT_PROPERTIES = frozenset({"code", "family", "labels", "variant_attribute_sets"})
SETS = "variant_attribute_sets"
MAX_LEVELS = 2
MAX_AXES = 5
# PRODUCT-VARIANT-AXES-TYPES: the vendor's FamilyVariant::getAvailableAxesAttributeTypes.
AXIS_TYPES = (
    "pim_catalog_boolean",
    "pim_catalog_simpleselect",
    "pim_reference_data_simpleselect",
    "pim_catalog_metric",
    "akeneo_reference_entity",
)


def upsert_family_variant(
    existing: Mapping[str, Any] | None,
    family: Mapping[str, Any],
    code: str,
    patch: Any,
    *,
    attributes: Mapping[str, Mapping[str, Any]],
    activated_locales: frozenset[str],
) -> dict[str, Any]:
    """The complete variant of `family` after `patch` (None on creation): {code, family, labels, sets}."""
    patch = ensure_object(patch, "family variant")
    errors = ErrorCollector()
    check_code_consistency(existing, code, patch, errors)  # before anything else, as the vendor's controller
    check_known(patch, VARIANT_PROPERTIES | READ_ONLY, errors)
    if "family" in patch and patch["family"] != family["code"]:
        errors.add("family", f'Property "family" cannot be modified, "{patch["family"]}" given.')
    if existing is None:
        _check_code(code, errors)
    sets = copy.deepcopy(existing["variant_attribute_sets"]) if existing else []
    if SETS in patch:
        sets = _merge_sets(existing, sets, patch[SETS], attributes, errors)
    labels = labels_of(existing, patch, activated_locales, errors)
    if not errors:
        _check_sets(code, family, sets, attributes, errors)
    errors.raise_if_any()
    return {
        "code": code,
        "family": family["code"],
        "labels": labels,
        "variant_attribute_sets": _with_unique_attributes(sets, family, attributes),
    }


def _check_code(code: str, errors: ErrorCollector) -> None:
    """PRODUCT-VARIANT-CODE-FORMAT."""
    if not CODE_CHARACTERS.fullmatch(code):
        errors.add("code", "Family variant code may contain only letters, numbers and underscores")
    elif len(code) > MAX_CODE_LENGTH:
        errors.add("code", f"This value is too long. It should have {MAX_CODE_LENGTH} characters or less.")


def _merge_sets(
    existing: Mapping[str, Any] | None,
    sets: list[dict[str, Any]],
    sent: Any,
    attributes: Mapping[str, Mapping[str, Any]],
    errors: ErrorCollector,
) -> list[dict[str, Any]]:
    """Each set sent updates the set of its level (axes and attributes it names replace the stored ones).
    PRODUCT-VARIANT-LEVELS-IMMUTABLE, PRODUCT-VARIANT-AXES-IMMUTABLE."""
    if not isinstance(sent, list) or not all(isinstance(item, dict) for item in sent):
        errors.add(SETS, type_message(SETS, "an array of objects", sent))
        return sets
    by_level = {s["level"]: s for s in sets}
    for item in sent:
        level = item.get("level")
        if level is None:
            continue  # the vendor's updater skips a set without level
        if isinstance(level, bool) or not isinstance(level, int):
            errors.add(SETS, type_message(f"{SETS}.level", "an integer", level))
            continue
        if existing is not None and level not in by_level:
            errors.add(SETS, "The number of variant attribute sets cannot be changed.")
            continue
        target = by_level.setdefault(level, {"level": level, "axes": [], "attributes": []})
        for key in ("axes", "attributes"):
            if key not in item or item[key] is None:
                continue
            codes = item[key]
            if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                errors.add(SETS, type_message(f"{SETS}.{key}", "an array of strings", codes))
                continue
            unknown = [c for c in codes if c not in attributes]
            for attribute in unknown:
                errors.add(
                    SETS,
                    f'Property "attribute_set_{level}" expects a valid attribute code. '
                    f'The attribute does not exist, "{attribute}" given.',
                )
            if key == "axes" and existing is not None and set(codes) != set(target["axes"]):
                errors.add(SETS, f'Variant axes cannot be modified for the level "{level}"')
            elif not unknown:
                target[key] = list(codes)
    for target in by_level.values():  # the axes of a set are among its attributes
        target["attributes"] = list(dict.fromkeys([*target["attributes"], *target["axes"]]))
    return [by_level[level] for level in sorted(by_level)]


def _check_sets(
    code: str,
    family: Mapping[str, Any],
    sets: list[dict[str, Any]],
    attributes: Mapping[str, Mapping[str, Any]],
    errors: ErrorCollector,
) -> None:
    """The vendor's FamilyVariantValidator, in its order. PRODUCT-VARIANT-LEVELS, PRODUCT-VARIANT-AXES-TYPES,
    PRODUCT-VARIANT-AXES-UNIQUE, PRODUCT-VARIANT-FAMILY-ATTRIBUTES."""
    if not sets:
        errors.add(SETS, "There should be at least one level defined in the family variant")
        return
    levels = len(sets)  # the vendor counts the sets: levels {1, 3} are two levels, level 2 missing
    axes = [axis for s in sets for axis in s["axes"]]
    for axis in axes:
        attribute = attributes[axis]
        if attribute.get("localizable") or attribute.get("scopable") or attribute.get("available_locales"):
            errors.add(SETS, f'Variant axes "{axis}" cannot be localizable, not scopable and not locale specific')
        if attribute.get("unique"):
            errors.add(SETS, f'Variant axes "{axis}" cannot be unique or an identifier')
        if attribute.get("type") not in AXIS_TYPES:
            errors.add(
                SETS,
                f'Variant axes "{axis}" must be a boolean, a simple select, a simple reference data or a measurement',
            )
    duplicated_axes = _duplicates(axes)
    if duplicated_axes:
        errors.add(
            SETS,
            f'Variant axes must be unique, "{"".join(duplicated_axes)}" are used several times in variant attributes sets',
        )
    last = next((s for s in sets if s["level"] == levels), None)
    members = [attribute for s in sets for attribute in s["attributes"]]
    for attribute in members:
        if attribute not in family.get("attributes", []):
            errors.add(
                SETS,
                f'"{attribute}" attribute cannot be added to "{code}" family variant, as it is not an attribute of '
                f'the "{family["code"]}" family',
            )
        if attributes[attribute].get("unique") and last is not None and attribute not in last["attributes"]:
            errors.add(SETS, f'Unique attribute "{attribute}" must be set at the product level')
    duplicated = _duplicates(members)
    if duplicated:
        errors.add(
            SETS,
            f'Attributes must be unique, "{",".join(duplicated)}" are used several times in variant attributes sets',
        )
    if levels > MAX_LEVELS:
        errors.add(SETS, f'Family variant cannot have more than "{MAX_LEVELS}" level')
    by_level = {s["level"]: s for s in sets}
    for level in range(1, levels + 1):
        current = by_level.get(level)
        if current is None:
            errors.add(SETS, f'There is no variant attribute set for level "{level}"')
        elif len(current["axes"]) > MAX_AXES:
            errors.add(SETS, f"A variant attribute set cannot have more than {MAX_AXES} axes")
        elif not current["axes"]:
            errors.add(
                SETS,
                f'There should be at least one attribute defined as axis for the attribute set for level "{level}"',
            )


def _duplicates(codes: list[str]) -> list[str]:
    seen: set[str] = set()
    repeated: list[str] = []
    for code in codes:
        if code in seen and code not in repeated:
            repeated.append(code)
        seen.add(code)
    return repeated


def _with_unique_attributes(
    sets: list[dict[str, Any]], family: Mapping[str, Any], attributes: Mapping[str, Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """PRODUCT-VARIANT-UNIQUE-LAST-LEVEL: the family's unique attributes (the identifier first) that no set holds go
    to the last level, as the vendor's AddUniqueAttributes does before saving."""
    if not sets:
        return sets
    held = {attribute for s in sets for attribute in s["attributes"]}
    unique = [a for a in family.get("attributes", []) if attributes.get(a, {}).get("unique") and a not in held]
    sets[-1]["attributes"] = [*sets[-1]["attributes"], *unique]
    return sets


def levels_of(variant: Mapping[str, Any]) -> int:
    """The number of variant levels: 1 (product models hold variant products) or 2 (sub product models between)."""
    return len(variant.get("variant_attribute_sets", []))


def present_family_variant(variant: Mapping[str, Any]) -> dict[str, Any]:
    """The variant as GET shows it: code, labels, variant_attribute_sets (the family is in the URL)."""
    return {
        "code": variant["code"],
        "labels": dict(variant.get("labels") or {}),
        "variant_attribute_sets": copy.deepcopy(variant["variant_attribute_sets"]),
    }
