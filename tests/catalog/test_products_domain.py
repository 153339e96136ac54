"""Rules of products and product models (mock_server.domain.catalog.products, product_presentation); their values:
test_product_values.py."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

import pytest

from mock_server.domain.catalog import product_presentation, product_values, products
from mock_server.domain.errors import FieldError, Unprocessable, ValidationFailed
from tests.catalog.product_cases import (
    ATTRIBUTES,
    FAMILIES,
    FAMILY_VARIANTS,
    MODELS,
    NOW,
    OPTIONS,
    VALUE_RULES,
    model,
    product,
    refused,
    value,
)

# -- products ---------------------------------------------------------------------------------------------------


def test_new_product_gets_every_property_with_its_default() -> None:
    assert product(None, {}) == {
        "identifier": "top",
        "enabled": True,
        "family": None,
        "categories": [],
        "groups": [],
        "parent": None,
        "values": {},
        "associations": {},
        "quantified_associations": {},
        "created": "2026-01-01T09:00:00+00:00",
        "updated": "2026-01-01T09:00:00+00:00",
    }


def test_documented_variant_product_with_asset_collection_is_accepted() -> None:
    sent = {
        "identifier": "1111111195",
        "family": "clothing",
        "parent": "jack_brown_m",
        "categories": ["tshirts"],
        "enabled": True,
        "values": {
            "model_pictures": [
                {"locale": "en_US", "scope": None, "data": ["amor_packshot", "allie_jean_packshot"]},
                {"locale": "fr_FR", "scope": None, "data": ["allie_jean_packshot"]},
            ]
        },
    }
    created = product(None, sent, identifier="1111111195")
    assert created["values"] == sent["values"]
    assert created["parent"] == "jack_brown_m"


def test_product_identifier_in_the_body_must_be_the_url_identifier() -> None:
    errors = refused(product, None, {"identifier": "other"})
    assert errors == [
        FieldError("identifier", 'The identifier "other" in the body does not match the identifier "top" of the URL.')
    ]


def test_product_identifier_refuses_commas_and_line_breaks() -> None:
    assert [e.property for e in refused(product, None, {}, identifier="a,b")] == ["identifier"]


def test_product_family_must_exist() -> None:
    errors = refused(product, None, {"family": "clothes"})
    assert errors == [
        FieldError("family", 'Property "family" expects a valid family code. The family "clothes" does not exist.')
    ]


def test_product_categories_must_exist() -> None:
    errors = refused(product, None, {"categories": ["tshirts", "shoes"]})
    assert errors == [
        FieldError(
            "categories", 'Property "categories" expects a valid category code. The category "shoes" does not exist.'
        )
    ]


def test_product_parent_must_be_an_existing_product_model() -> None:
    assert [e.property for e in refused(product, None, {"parent": "ghost"})] == ["parent"]


def test_variant_product_takes_the_family_of_its_product_model() -> None:
    assert product(None, {"parent": "jack_brown_m"})["family"] == "clothing"
    assert [e.property for e in refused(product, None, {"parent": "jack_brown_m", "family": "tvs"})] == ["family"]


def test_variant_product_parent_is_a_model_of_the_last_level() -> None:
    """PRODUCT-MODEL-VARIANT-LEVELS: a root model of a two-level variant only holds sub product models."""
    assert refused(product, None, {"parent": "jack_brown"}) == [
        FieldError(
            "parent",
            'The variant product "top" cannot have product model "jack_brown" as parent, '
            "(this product model can only have other product models as children)",
        )
    ]


def test_product_groups_are_unknown_since_the_catalog_has_none() -> None:
    assert [e.property for e in refused(product, None, {"groups": ["promotion"]})] == ["groups"]
    assert product(None, {"groups": []})["groups"] == []


def test_product_patch_replaces_arrays_and_keeps_absent_properties() -> None:
    stored = product(None, {"family": "clothing", "categories": ["master", "tshirts"], "enabled": False})
    updated = product(stored, {"categories": ["tshirts"]})
    assert updated["categories"] == ["tshirts"]
    assert updated["family"] == "clothing" and updated["enabled"] is False


def test_product_type_mismatch_is_refused_and_nothing_changes() -> None:
    stored = product(None, {"categories": ["tshirts"]})
    snapshot = copy.deepcopy(stored)
    assert [e.property for e in refused(product, stored, {"categories": "tshirts", "enabled": "yes"})] == [
        "enabled",
        "categories",
    ]
    assert stored == snapshot


def test_product_updated_moves_only_when_something_changed() -> None:
    stored = product(None, {"values": {"name": value("Top", "en_US")}})
    later = NOW + timedelta(minutes=5)
    assert product(stored, {"values": {"name": value("Top", "en_US")}}, now=later)["updated"] == stored["updated"]
    changed = product(stored, {"enabled": False}, now=later)
    assert changed["updated"] == "2026-01-01T09:05:00+00:00"
    assert changed["created"] == stored["created"]


def test_product_associations_merge_per_type_and_name_existing_products() -> None:
    stored = product(None, {"associations": {"PACK": {"products": ["sunglass"]}, "X_SELL": {"products": ["cap"]}}})
    updated = product(stored, {"associations": {"PACK": {"products": ["cap"]}}})
    assert updated["associations"] == {
        "PACK": {"products": ["cap"], "product_models": [], "groups": []},
        "X_SELL": {"products": ["cap"], "product_models": [], "groups": []},
    }
    errors = refused(product, None, {"associations": {"PACK": {"products": ["ghost", "top"]}, "KIT": {}}})
    assert [e.message for e in errors] == [
        'The product "ghost" does not exist.',
        'The product "top" cannot be associated with itself.',
        'The association type "KIT" does not exist.',
    ]


def test_quantified_associations_need_positive_quantities() -> None:
    sent = {"PACK": {"products": [{"identifier": "cap", "quantity": 2}], "product_models": []}}
    assert product(None, {"quantified_associations": sent})["quantified_associations"] == sent
    bad = {"PACK": {"products": [{"identifier": "cap", "quantity": 0}]}}
    assert [e.property for e in refused(product, None, {"quantified_associations": bad})] == [
        "quantified_associations.PACK.products"
    ]


# -- product models ---------------------------------------------------------------------------------------------


def test_product_model_requires_family_variant() -> None:
    assert refused(model, None, {}) == [FieldError("family_variant", 'Property "family_variant" is required.')]


def test_product_model_family_comes_from_its_family_variant() -> None:
    created = model(None, {"family_variant": "clothing_color_size"})
    assert created["family"] == "clothing" and created["parent"] is None


def test_product_model_family_variant_must_exist() -> None:
    """PRODUCT-MODEL-VARIANT-EXISTS."""
    assert refused(model, None, {"family_variant": "shoes_size"}) == [
        FieldError(
            "family_variant",
            'Property "family_variant" expects a valid family variant code. '
            'The family variant does not exist, "shoes_size" given.',
        )
    ]


def test_product_model_family_sent_must_be_the_family_of_its_variant() -> None:
    assert model(None, {"family_variant": "tvs_size", "family": "tvs"})["family"] == "tvs"
    assert [e.property for e in refused(model, None, {"family_variant": "tvs_size", "family": "clothing"})] == [
        "family"
    ]


def test_product_model_family_and_family_variant_are_immutable() -> None:
    stored = model(None, {"family_variant": "clothing_color_size"})
    assert [e.property for e in refused(model, stored, {"family_variant": "clothing_size", "family": "tvs"})] == [
        "family_variant",
        "family",
    ]


def test_sub_product_model_parent_is_a_root_model_of_the_same_family_variant() -> None:
    created = model(None, {"family_variant": "clothing_color_size", "parent": "jack_brown"})
    assert created["family"] == "clothing"
    assert [e.property for e in refused(model, None, {"family_variant": "clothing_size", "parent": "jack_brown"})] == [
        "parent"
    ]
    assert [
        e.property for e in refused(model, None, {"family_variant": "clothing_color_size", "parent": "jack_brown_m"})
    ] == ["parent"]


def test_sub_product_model_needs_a_two_level_family_variant() -> None:
    """PRODUCT-MODEL-VARIANT-LEVELS."""
    one_level = {**MODELS["jack_brown"], "code": "polo", "family_variant": "clothing_size"}
    rules = products.ProductRules(
        values=VALUE_RULES, families=FAMILIES, product_models={"polo": one_level}, family_variants=FAMILY_VARIANTS
    )
    with pytest.raises(ValidationFailed) as caught:
        products.upsert_product_model(
            None, "polo_red", {"family_variant": "clothing_size", "parent": "polo"}, rules=rules, now=NOW
        )
    assert caught.value.errors == [
        FieldError("parent", 'The product model "polo_red" cannot have the product model "polo" as parent')
    ]


def test_product_model_values_follow_the_product_value_rules() -> None:
    errors = refused(model, None, {"family_variant": "clothing_size", "values": {"packshots": value(["nope"])}})
    assert errors[0].message == 'The asset "nope" does not exist in the asset family "packshots".'


# -- presentation -----------------------------------------------------------------------------------------------


def test_variant_product_shows_the_values_and_categories_of_its_models() -> None:
    variant = product(None, {"parent": "jack_brown_m", "categories": ["master"], "values": {"on_sale": value(True)}})
    shown = product_presentation.effective(variant, MODELS)
    assert shown["categories"] == ["tshirts", "master"]
    assert shown["values"] == {"main_color": value("red"), "on_sale": value(True)}


def test_value_view_filters_scope_locales_and_attributes() -> None:
    view = product_presentation.value_view(
        scope="mobile",
        locales=None,
        attributes="description,name",
        channels=VALUE_RULES.channels,
        activated_locales=VALUE_RULES.activated_locales,
        known_attributes=ATTRIBUTES,
    )
    values = {
        "name": [*value("Top", "en_US"), *value("Oberteil", "de_DE")],
        "description": [*value("Web", "en_US", "ecommerce"), *value("Phone", "en_US", "mobile")],
        "on_sale": value(True),
    }
    assert product_values.filter_values(values, attributes=view.attributes, locales=view.locales, scope=view.scope) == {
        "name": value("Top", "en_US"),
        "description": value("Phone", "en_US", "mobile"),
    }


@pytest.mark.parametrize(
    ("scope", "locales", "attributes", "message"),
    [
        ("print", None, None, 'Scope "print" does not exist.'),
        (None, "es_ES", None, 'Locale "es_ES" does not exist or is not activated.'),
        (None, None, "name,ghost", 'Attributes "ghost" do not exist.'),
    ],
)
def test_value_view_parameters_must_exist(scope: Any, locales: Any, attributes: Any, message: str) -> None:
    with pytest.raises(Unprocessable) as caught:
        product_presentation.value_view(
            scope=scope,
            locales=locales,
            attributes=attributes,
            channels=VALUE_RULES.channels,
            activated_locales=VALUE_RULES.activated_locales,
            known_attributes=ATTRIBUTES,
        )
    assert caught.value.message == message


def test_option_labels_are_added_as_linked_data() -> None:
    shown = product_values.with_option_labels({"main_color": value("red")}, ATTRIBUTES, OPTIONS)
    assert shown["main_color"][0]["linked_data"] == {
        "attribute": "main_color",
        "code": "red",
        "labels": {"en_US": "Red"},
    }


def test_completeness_is_the_share_of_required_attributes_filled_per_channel_and_locale() -> None:
    values = {"name": value("Top", "en_US")}
    result = product_presentation.completenesses(values, FAMILIES["clothing"], VALUE_RULES.channels, "sku")
    assert {(r["scope"], r["locale"]): r["data"] for r in result} == {
        ("ecommerce", "de_DE"): 50,
        ("ecommerce", "en_US"): 100,
        ("ecommerce", "fr_FR"): 50,
        ("mobile", "en_US"): 100,
        ("mobile", "fr_FR"): 100,
    }


def test_removing_an_asset_erases_emptied_values() -> None:
    values = {"packshots": value(["amor_packshot"]), "model_pictures": value(["amor_packshot", "x"], "en_US")}
    assert product_values.remove_asset(values, ["packshots", "model_pictures"], "amor_packshot") == {
        "model_pictures": value(["x"], "en_US")
    }


def test_assigning_assets_adds_without_duplicates_or_replaces() -> None:
    assert product_values.assigned(["a", "b"], ["b", "c", "c"], "add") == ["a", "b", "c"]
    assert product_values.assigned(["a", "b"], ["c", "c"], "replace") == ["c"]
