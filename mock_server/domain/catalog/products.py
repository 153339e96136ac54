"""Products (identifier routes) and product models: upsert rules, PATCH merges, inheritance and presentation.

Values are checked and merged by `product_values.py`; what a rule needs from the catalog (families, categories,
product models, products, attributes, options, channels, assets) comes in a `ProductRules`.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mock_server.domain.catalog.product_values import ValueRules, check_values, merge_values
from mock_server.domain.catalog.structure import check_body_code, check_known, ensure_object, string_list, type_message
from mock_server.domain.errors import ErrorCollector
from mock_server.domain.shared.timestamps import format_timestamp

ASSOCIATION_TYPES = ("X_SELL", "UPSELL", "SUBSTITUTION", "PACK")
ASSOCIATION_KEYS = ("products", "product_models", "groups")
QUANTIFIED_KEYS = ("products", "product_models")
PRODUCT_PROPERTIES = frozenset(
    {"identifier", "enabled", "family", "categories", "groups", "parent", "values", "associations"}
    | {"quantified_associations"}
)
MODEL_PROPERTIES = frozenset(
    {"code", "family", "family_variant", "parent", "categories", "values", "associations", "quantified_associations"}
)
READ_ONLY = frozenset({"created", "updated", "metadata", "_links"})
MAX_IDENTIFIER_LENGTH = 255
_FORBIDDEN_IN_IDENTIFIER = re.compile(r"[,;\r\n]")


@dataclass(frozen=True)
class ProductRules:
    """The catalog a product or product model is checked against (read-only views of the store)."""

    values: ValueRules
    families: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    categories: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    product_models: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    products: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    family_variants: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


# -- products ---------------------------------------------------------------------------------------------------


def upsert_product(
    existing: dict[str, Any] | None, identifier: str, patch: Any, *, rules: ProductRules, now: datetime
) -> dict[str, Any]:
    """The complete product after applying `patch` to `existing` (None on creation); inputs are left untouched."""
    patch = ensure_object(patch, "product")
    errors = ErrorCollector()
    check_known(patch, PRODUCT_PROPERTIES | READ_ONLY, errors)
    check_body_code(identifier, patch, errors, key="identifier")
    if existing is None:
        _check_new_identifier(identifier, "identifier", errors)
    current = copy.deepcopy(existing) if existing else {}
    enabled = current.get("enabled", True)
    if "enabled" in patch:
        if isinstance(patch["enabled"], bool):
            enabled = patch["enabled"]
        else:
            errors.add("enabled", type_message("enabled", "a boolean", patch["enabled"]))
    parent = _product_parent(current.get("parent"), identifier, patch, rules, errors)
    family = _product_family(current.get("family"), patch, parent, rules, errors)
    product = {
        "identifier": identifier,
        "enabled": enabled,
        "family": family,
        "categories": _categories(current.get("categories", []), patch, rules, errors),
        "groups": _groups(current.get("groups", []), patch, errors),
        "parent": parent,
        "values": _values(current.get("values", {}), patch, rules, errors, identifier=identifier),
        "associations": _associations(current.get("associations", {}), patch, rules, errors, identifier),
        "quantified_associations": _quantified(current.get("quantified_associations", {}), patch, rules, errors),
    }
    errors.raise_if_any()
    return _stamped(existing, product, now)


def _check_new_identifier(identifier: str, key: str, errors: ErrorCollector) -> None:
    if not identifier.strip():
        errors.add(key, f"The {key} must not be blank.")
    elif _FORBIDDEN_IN_IDENTIFIER.search(identifier):
        errors.add(key, f'The {key} "{identifier}" must not contain commas, semicolons or line breaks.')
    elif len(identifier) > MAX_IDENTIFIER_LENGTH:
        errors.add(key, f"The {key} is too long: at most {MAX_IDENTIFIER_LENGTH} characters are allowed.")


def _product_parent(
    stored: str | None, identifier: str, patch: Mapping[str, Any], rules: ProductRules, errors: ErrorCollector
) -> Any:
    if "parent" not in patch:
        return stored
    parent = patch["parent"]
    if parent is None:
        return None
    if not isinstance(parent, str):
        errors.add("parent", type_message("parent", "a string or null", parent))
        return stored
    if parent not in rules.product_models:
        errors.add(
            "parent",
            f'Property "parent" expects a valid product model code. The product model "{parent}" does not exist.',
        )
        return stored
    if not _is_last_level(rules.product_models[parent], rules):
        # PRODUCT-MODEL-VARIANT-LEVELS: under a two-level variant, variant products hang from sub product models.
        errors.add(
            "parent",
            f'The variant product "{identifier}" cannot have product model "{parent}" as parent, '
            "(this product model can only have other product models as children)",
        )
        return stored
    return parent


def _is_last_level(model: Mapping[str, Any], rules: ProductRules) -> bool:
    """Whether a product model holds variant products: a sub model, or a root one of a one-level variant."""
    return model.get("parent") is not None or _levels(model.get("family_variant"), rules) < 2


def _product_family(
    stored: str | None, patch: Mapping[str, Any], parent: str | None, rules: ProductRules, errors: ErrorCollector
) -> Any:
    """A variant product takes its product model's family; a family sent must exist (and match the parent's)."""
    family = stored
    if "family" in patch:
        family = patch["family"]
        if family is not None and not isinstance(family, str):
            errors.add("family", type_message("family", "a string or null", family))
            return stored
        if isinstance(family, str) and family not in rules.families:
            errors.add(
                "family", f'Property "family" expects a valid family code. The family "{family}" does not exist.'
            )
            return stored
    model_family = rules.product_models.get(parent, {}).get("family") if parent else None
    if model_family:
        if "family" in patch and family != model_family:
            errors.add(
                "family",
                f'A variant product takes the family of its parent "{parent}": "{model_family}", "{family}" given.',
            )
        return model_family
    return family


def _categories(stored: list[str], patch: Mapping[str, Any], rules: ProductRules, errors: ErrorCollector) -> list[str]:
    if "categories" not in patch:
        return stored
    codes = string_list(patch["categories"], "categories", errors)
    if codes is None:
        return stored
    for code in codes:
        if code not in rules.categories:
            errors.add(
                "categories",
                f'Property "categories" expects a valid category code. The category "{code}" does not exist.',
            )
    return codes


def _groups(stored: list[str], patch: Mapping[str, Any], errors: ErrorCollector) -> list[str]:
    """Product groups are not modelled: the catalog has none, so any group code is unknown."""
    if "groups" not in patch:
        return stored
    codes = string_list(patch["groups"], "groups", errors)
    if codes is None:
        return stored
    for code in codes:
        errors.add("groups", f'Property "groups" expects a valid group code. The group "{code}" does not exist.')
    return codes


def _values(
    stored: dict, patch: Mapping[str, Any], rules: ProductRules, errors: ErrorCollector, *, identifier: str | None
) -> dict:
    if "values" not in patch:
        return stored
    return merge_values(stored, check_values(patch["values"], rules.values, errors, identifier=identifier))


def _associations(
    stored: dict, patch: Mapping[str, Any], rules: ProductRules, errors: ErrorCollector, self_key: str | None
) -> dict:
    """Merged per association type; each list sent replaces the previous one; every reference must exist."""
    if "associations" not in patch:
        return stored
    sent = patch["associations"]
    if not isinstance(sent, dict):
        errors.add("associations", type_message("associations", "an object", sent))
        return stored
    merged = copy.deepcopy(stored)
    for kind, links in sent.items():
        if kind not in ASSOCIATION_TYPES:
            errors.add("associations", f'The association type "{kind}" does not exist.')
            continue
        if not isinstance(links, dict):
            errors.add(f"associations.{kind}", type_message(f"associations.{kind}", "an object", links))
            continue
        current = merged.setdefault(kind, {key: [] for key in ASSOCIATION_KEYS})
        for key, codes in links.items():
            prop = f"associations.{kind}.{key}"
            if key not in ASSOCIATION_KEYS:
                errors.add(prop, f"Property '{prop}' does not exist. Check the standard format documentation.")
                continue
            listed = string_list(codes, prop, errors)
            if listed is not None:
                _check_references(prop, key, listed, rules, errors, self_key)
                current[key] = listed
    return merged


def _check_references(
    prop: str, key: str, codes: list[str], rules: ProductRules, errors: ErrorCollector, self_key: str | None
) -> None:
    known: Mapping[str, Any] = {"products": rules.products, "product_models": rules.product_models}.get(key, {})
    noun = {"products": "product", "product_models": "product model", "groups": "group"}[key]
    for code in codes:
        if key == "products" and code == self_key:
            errors.add(prop, f'The product "{code}" cannot be associated with itself.')
        elif code not in known:
            errors.add(prop, f'The {noun} "{code}" does not exist.')


def _quantified(stored: dict, patch: Mapping[str, Any], rules: ProductRules, errors: ErrorCollector) -> dict:
    if "quantified_associations" not in patch:
        return stored
    sent = patch["quantified_associations"]
    if not isinstance(sent, dict):
        errors.add("quantified_associations", type_message("quantified_associations", "an object", sent))
        return stored
    merged = copy.deepcopy(stored)
    for kind, links in sent.items():
        if kind not in ASSOCIATION_TYPES or not isinstance(links, dict):
            errors.add("quantified_associations", f'The association type "{kind}" does not exist.')
            continue
        current = merged.setdefault(kind, {key: [] for key in QUANTIFIED_KEYS})
        for key, items in links.items():
            prop = f"quantified_associations.{kind}.{key}"
            if key not in QUANTIFIED_KEYS or not _quantified_items_ok(items):
                errors.add(prop, f'Property "{prop}" expects an array of {{"identifier", "quantity"}} objects.')
                continue
            _check_references(prop, key, [item["identifier"] for item in items], rules, errors, None)
            current[key] = [{"identifier": item["identifier"], "quantity": item["quantity"]} for item in items]
    return merged


def _quantified_items_ok(items: Any) -> bool:
    return isinstance(items, list) and all(
        isinstance(item, dict)
        and isinstance(item.get("identifier"), str)
        and isinstance(item.get("quantity"), int)
        and not isinstance(item.get("quantity"), bool)
        and item["quantity"] >= 1
        for item in items
    )


def _stamped(existing: Mapping[str, Any] | None, resource: dict[str, Any], now: datetime) -> dict[str, Any]:
    stamp = format_timestamp(now)
    if existing is None:
        return {**resource, "created": stamp, "updated": stamp}
    unchanged = all(existing.get(key) == value for key, value in resource.items())
    return {
        **resource,
        "created": existing.get("created") or stamp,
        "updated": existing.get("updated") if unchanged and existing.get("updated") else stamp,
    }


# -- product models ---------------------------------------------------------------------------------------------


def upsert_product_model(
    existing: dict[str, Any] | None, code: str, patch: Any, *, rules: ProductRules, now: datetime
) -> dict[str, Any]:
    """The complete product model: its `family_variant` names an existing variant, whose family is the model's
    (PRODUCT-MODEL-VARIANT-EXISTS); a sub product model sits under a root one of a two-level variant."""
    patch = ensure_object(patch, "product model")
    errors = ErrorCollector()
    check_known(patch, MODEL_PROPERTIES | READ_ONLY, errors)
    check_body_code(code, patch, errors)
    if existing is None:
        _check_new_identifier(code, "code", errors)
    current = copy.deepcopy(existing) if existing else {}
    variant = _family_variant(current.get("family_variant"), patch, rules, errors)
    parent = _model_parent(existing, code, patch, variant, rules, errors)
    family = _model_family(current.get("family"), patch, variant, rules, errors)
    model = {
        "code": code,
        "family": family,
        "family_variant": variant,
        "parent": parent,
        "categories": _categories(current.get("categories", []), patch, rules, errors),
        "values": _values(current.get("values", {}), patch, rules, errors, identifier=None),
        "associations": _associations(current.get("associations", {}), patch, rules, errors, None),
        "quantified_associations": _quantified(current.get("quantified_associations", {}), patch, rules, errors),
    }
    errors.raise_if_any()
    return _stamped(existing, model, now)


def _family_variant(stored: str | None, patch: Mapping[str, Any], rules: ProductRules, errors: ErrorCollector) -> Any:
    if "family_variant" not in patch:
        if stored is None:
            errors.add("family_variant", 'Property "family_variant" is required.')
        return stored
    variant = patch["family_variant"]
    if not isinstance(variant, str) or not variant:
        errors.add("family_variant", type_message("family_variant", "a non-empty string", variant))
        return stored
    if stored is not None and variant != stored:
        errors.add("family_variant", f'Property "family_variant" cannot be modified, "{variant}" given.')
        return stored
    if variant not in rules.family_variants:
        errors.add(
            "family_variant",
            'Property "family_variant" expects a valid family variant code. '
            f'The family variant does not exist, "{variant}" given.',
        )
        return stored
    return variant


def _model_parent(
    existing: Mapping[str, Any] | None,
    code: str,
    patch: Mapping[str, Any],
    variant: str | None,
    rules: ProductRules,
    errors: ErrorCollector,
) -> Any:
    stored = existing.get("parent") if existing else None
    if "parent" not in patch or patch["parent"] == stored:
        return stored
    parent = patch["parent"]
    if existing is not None and stored is None:
        errors.add("parent", f'The product model "{code}" is a root product model: it cannot get a parent.')
        return stored
    if existing is not None and parent is None:
        errors.add("parent", f'The sub product model "{code}" cannot become a root product model.')
        return stored
    if parent is None:
        return None
    if not isinstance(parent, str):
        errors.add("parent", type_message("parent", "a string or null", parent))
        return stored
    model = rules.product_models.get(parent)
    if parent == code or model is None:
        errors.add(
            "parent",
            f'Property "parent" expects a valid product model code. The product model "{parent}" does not exist.',
        )
    elif model.get("parent") is not None:
        errors.add("parent", f'The product model "{parent}" is a sub product model: a parent must be a root one.')
    elif variant is not None and model.get("family_variant") != variant:
        errors.add(
            "parent",
            f'The product model "{parent}" has the family variant "{model.get("family_variant")}", '
            f'not "{variant}": a sub product model shares its parent\'s family variant.',
        )
    elif variant is not None and _levels(variant, rules) < 2:
        # PRODUCT-MODEL-VARIANT-LEVELS: only a two-level variant has sub product models.
        errors.add("parent", f'The product model "{code}" cannot have the product model "{parent}" as parent')
    else:
        return parent
    return stored


def _levels(variant: str | None, rules: ProductRules) -> int:
    """The number of levels of a family variant (0 when unknown)."""
    return len(rules.family_variants.get(variant or "", {}).get("variant_attribute_sets", []))


def _model_family(
    stored: str | None, patch: Mapping[str, Any], variant: str | None, rules: ProductRules, errors: ErrorCollector
) -> Any:
    """The family of the model's family variant; a `family` sent must be that one."""
    sent = patch.get("family")
    if "family" in patch and not isinstance(sent, str):
        errors.add("family", type_message("family", "a string", sent))
        return stored
    if stored is not None:
        if "family" in patch and sent != stored:
            errors.add("family", f'Property "family" cannot be modified, "{sent}" given.')
        return stored
    derived = rules.family_variants.get(variant, {}).get("family") if variant else None
    if sent is not None:
        if sent not in rules.families:
            errors.add("family", f'Property "family" expects a valid family code. The family "{sent}" does not exist.')
        elif derived is not None and sent != derived:
            errors.add("family", f'The family "{sent}" is not the family of the family variant: "{derived}".')
        return sent
    return derived
