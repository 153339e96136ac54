"""What the product domain tests share: a small catalog (attributes, options, assets, families, categories, models,
family variants), the rules built from it, and upsert/refusal helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mock_server.domain.catalog import product_values, products
from mock_server.domain.errors import FieldError, ValidationFailed

NOW = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)


def _attribute(code: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "type": kind, "localizable": False, "scopable": False, **extra}


ATTRIBUTES = {
    a["code"]: a
    for a in [
        _attribute("sku", "pim_catalog_identifier"),
        _attribute("name", "pim_catalog_text", localizable=True),
        _attribute("description", "pim_catalog_textarea", localizable=True, scopable=True),
        _attribute("main_color", "pim_catalog_simpleselect"),
        _attribute("tags", "pim_catalog_multiselect"),
        _attribute("on_sale", "pim_catalog_boolean"),
        _attribute("count", "pim_catalog_number", decimals_allowed=False, negative_allowed=False),
        _attribute("release_date", "pim_catalog_date"),
        _attribute("model_pictures", "pim_catalog_asset_collection", localizable=True, reference_data_name="packshots"),
        _attribute("packshots", "pim_catalog_asset_collection", reference_data_name="packshots"),
    ]
}
OPTIONS = {
    "main_color": {"red": {"code": "red", "labels": {"en_US": "Red"}}, "blue": {"code": "blue", "labels": {}}},
    "tags": {"new": {"code": "new", "labels": {}}, "sale": {"code": "sale", "labels": {}}},
}
ASSETS = {"packshots": {"amor_packshot": {}, "allie_jean_packshot": {}}, "user_instructions": {"guide": {}}}
VALUE_RULES = product_values.ValueRules(
    attributes=ATTRIBUTES,
    options=OPTIONS,
    activated_locales=frozenset({"en_US", "fr_FR", "de_DE"}),
    channels={"ecommerce": frozenset({"en_US", "fr_FR", "de_DE"}), "mobile": frozenset({"en_US", "fr_FR"})},
    assets=ASSETS,
)
FAMILIES = {
    "clothing": {"code": "clothing", "attribute_requirements": {"ecommerce": ["sku", "name"], "mobile": ["sku"]}},
    "tvs": {"code": "tvs", "attribute_requirements": {}},
}
CATEGORIES = {"master": {"code": "master", "parent": None}, "tshirts": {"code": "tshirts", "parent": "master"}}
MODELS = {
    "jack_brown": {
        "code": "jack_brown",
        "family": "clothing",
        "family_variant": "clothing_color_size",
        "parent": None,
        "categories": ["tshirts"],
        "values": {"main_color": [{"locale": None, "scope": None, "data": "red"}]},
    },
    "jack_brown_m": {
        "code": "jack_brown_m",
        "family": "clothing",
        "family_variant": "clothing_color_size",
        "parent": "jack_brown",
        "categories": [],
        "values": {},
    },
}


def _sets(*axes: str) -> list[dict[str, Any]]:
    return [{"level": level, "axes": [axis], "attributes": [axis]} for level, axis in enumerate(axes, start=1)]


FAMILY_VARIANTS = {
    "clothing_color_size": {
        "code": "clothing_color_size",
        "family": "clothing",
        "variant_attribute_sets": _sets("main_color", "on_sale"),
    },
    "clothing_size": {"code": "clothing_size", "family": "clothing", "variant_attribute_sets": _sets("on_sale")},
    "tvs_size": {"code": "tvs_size", "family": "tvs", "variant_attribute_sets": _sets("on_sale")},
}
RULES = products.ProductRules(
    values=VALUE_RULES,
    family_variants=FAMILY_VARIANTS,
    families=FAMILIES,
    categories=CATEGORIES,
    product_models=MODELS,
    products={"sunglass": {}, "cap": {}},
)


def value(data: Any, locale: str | None = None, scope: str | None = None) -> list[dict[str, Any]]:
    return [{"locale": locale, "scope": scope, "data": data}]


def product(existing: dict | None, patch: Any, identifier: str = "top", now: datetime = NOW) -> dict[str, Any]:
    return products.upsert_product(existing, identifier, patch, rules=RULES, now=now)


def model(existing: dict | None, patch: Any, code: str = "shoes") -> dict[str, Any]:
    return products.upsert_product_model(existing, code, patch, rules=RULES, now=NOW)


def refused(function: Any, *args: Any, **kwargs: Any) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as caught:
        function(*args, **kwargs)
    return caught.value.errors


def value_error(message: str, attribute: str, locale: str | None = None, scope: str | None = None) -> FieldError:
    return FieldError("values", message, (("attribute", attribute), ("locale", locale), ("scope", scope)))
