"""What the product link rule engine tests share: a small product catalog (attributes, categories, families, products,
models), an asset family's attributes, the user guide's rule, and selection helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mock_server.domain.automation.product_link_rules.engine import ProductCatalog, select

NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _attribute(code: str, type_: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "type": type_, "localizable": False, "scopable": False, **extra}


def _value(data: Any, locale: str | None = None, scope: str | None = None) -> dict[str, Any]:
    return {"locale": locale, "scope": scope, "data": data}


def _product(identifier: str, family: str | None, categories: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "identifier": identifier,
        "family": family,
        "categories": categories,
        "enabled": extra.pop("enabled", True),
        "parent": extra.pop("parent", None),
        "values": extra.pop("values", {}),
    }


PRODUCT_ATTRIBUTES = {
    a["code"]: a
    for a in (
        _attribute("sku", "pim_catalog_identifier"),
        _attribute("name", "pim_catalog_text", localizable=True),
        _attribute("description", "pim_catalog_textarea", localizable=True, scopable=True),
        _attribute("main_color", "pim_catalog_simpleselect"),
        _attribute("colors", "pim_catalog_multiselect"),
        _attribute("weight", "pim_catalog_metric"),
        _attribute("ambient_image", "pim_catalog_asset_collection", reference_data_name="ambient_images"),
        _attribute("pictures", "pim_catalog_asset_collection", reference_data_name="model_pictures"),
        _attribute(
            "user_guides", "pim_catalog_asset_collection", reference_data_name="user_instructions", localizable=True
        ),
        _attribute(
            "print_guides", "pim_catalog_asset_collection", reference_data_name="user_instructions", scopable=True
        ),
    )
}
CATEGORIES = {
    "master": {"code": "master", "parent": None},
    "men": {"code": "men", "parent": "master"},
    "men_clothes": {"code": "men_clothes", "parent": "men"},
    "women": {"code": "women", "parent": "master"},
    "children": {"code": "children", "parent": "master"},
}
FAMILIES = {
    "clothing": {
        "code": "clothing",
        "attributes": ["sku", "name", "description", "main_color", "colors", "ambient_image", "pictures"],
    },
    "accessories": {"code": "accessories", "attributes": ["sku", "name", "weight"]},
}
OPTIONS = {
    "main_color": {code: {"code": code} for code in ("blue", "red", "green")},
    "colors": {code: {"code": code} for code in ("blue", "red", "white")},
}
PRODUCTS = {
    p["identifier"]: p
    for p in (
        _product(
            "sku_jacket_blue",
            "clothing",
            ["men_clothes"],
            values={
                "name": [_value("Blue jacket", "en_US"), _value("Veste bleue", "fr_FR")],
                "description": [_value("A warm jacket.", "en_US", "ecommerce")],
                "main_color": [_value("blue")],
                "colors": [_value(["blue", "white"])],
            },
        ),
        _product(
            "sku_dress_red",
            "clothing",
            ["women"],
            values={"name": [_value("Red dress", "en_US")], "main_color": [_value("red")], "colors": [_value(["red"])]},
        ),
        _product("sku_mug", "accessories", [], enabled=False, values={"name": [_value("Mug", "en_US")]}),
        _product("sku_kid_tee_s", "clothing", [], parent="kid_tee"),
    )
}
MODELS = {
    "kid_tee": {
        "code": "kid_tee",
        "family": "clothing",
        "family_variant": "clothing_size",
        "parent": None,
        "categories": ["children"],
        "values": {"name": [_value("Kid tee", "en_US")], "main_color": [_value("green")]},
    }
}
CATALOG = ProductCatalog(
    attributes=PRODUCT_ATTRIBUTES,
    categories=CATEGORIES,
    families=FAMILIES,
    attribute_options=OPTIONS,
    activated_locales=frozenset({"en_US", "fr_FR"}),
    channels={"ecommerce": frozenset({"en_US", "fr_FR"}), "mobile": frozenset({"en_US"})},
    products=PRODUCTS,
    product_models=MODELS,
)
ALL_PRODUCTS = ["sku_dress_red", "sku_jacket_blue", "sku_kid_tee_s", "sku_mug"]


def selected(*selections: dict[str, Any]) -> tuple[list[str], list[str]]:
    found = select(list(selections), CATALOG, now=NOW)
    return found.products, found.product_models


def condition(field: str, operator: str, value: Any = None, **coordinates: Any) -> dict[str, Any]:
    return {"field": field, "operator": operator, "value": value, **coordinates}


ASSET_ATTRIBUTES = {
    code: {"code": code, "type": kind, "value_per_locale": False, "value_per_channel": False}
    for code, kind in (
        ("product_ref", "text"),
        ("main_color", "single_option"),
        ("locale", "text"),
        ("product_categories", "multiple_options"),
    )
}
ASSET_ATTRIBUTES["alt_tag"] = {"code": "alt_tag", "type": "text", "value_per_locale": True, "value_per_channel": False}


def asset_value(data: Any) -> list[dict[str, Any]]:
    return [{"locale": None, "channel": None, "data": data}]


USER_GUIDE_RULE = {
    "product_selections": [
        {"field": "sku", "operator": "EQUALS", "value": "{{product_ref}}", "locale": None, "channel": None}
    ],
    "assign_assets_to": [{"mode": "replace", "attribute": "user_guides", "locale": "{{locale}}", "channel": None}],
}
