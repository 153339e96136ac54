"""Rules of product values (mock_server.domain.catalog.product_values): merged per attribute, locale and scope, each value's
locale and scope, and its data by attribute type."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.domain.catalog import product_values, products
from tests.catalog.product_cases import ATTRIBUTES, NOW, OPTIONS, product, refused, value, value_error

# -- values -----------------------------------------------------------------------------------------------------


def test_values_merge_per_attribute_locale_and_scope() -> None:
    stored = product(None, {"values": {"name": [*value("Top", "en_US"), *value("Haut", "fr_FR")]}})
    updated = product(stored, {"values": {"name": value("Summer top", "en_US"), "on_sale": value(True)}})
    assert updated["values"] == {
        "name": [
            {"locale": "en_US", "scope": None, "data": "Summer top"},
            {"locale": "fr_FR", "scope": None, "data": "Haut"},
        ],
        "on_sale": [{"locale": None, "scope": None, "data": True}],
    }


def test_null_data_erases_the_value() -> None:
    stored = product(
        None, {"values": {"name": [*value("Top", "en_US"), *value("Haut", "fr_FR")], "on_sale": value(True)}}
    )
    updated = product(stored, {"values": {"name": value(None, "en_US"), "on_sale": value(None)}})
    assert updated["values"] == {"name": [{"locale": "fr_FR", "scope": None, "data": "Haut"}]}


def test_asset_collection_data_replaces_the_whole_list() -> None:
    stored = product(None, {"values": {"packshots": value(["amor_packshot", "allie_jean_packshot"])}})
    assert product(stored, {"values": {"packshots": value(["allie_jean_packshot"])}})["values"] == {
        "packshots": value(["allie_jean_packshot"])
    }


def test_asset_collection_value_needs_existing_assets_of_the_referenced_family() -> None:
    errors = refused(product, None, {"values": {"packshots": value(["amor_packshot", "guide"])}})
    assert errors == [value_error('The asset "guide" does not exist in the asset family "packshots".', "packshots")]


def test_asset_collection_value_is_an_array_of_asset_codes() -> None:
    errors = refused(product, None, {"values": {"packshots": value("amor_packshot")}})
    assert errors[0].message == 'Property "packshots" expects an array of asset codes as data, "string" given.'


def test_localizable_value_needs_an_activated_locale() -> None:
    missing = refused(product, None, {"values": {"name": value("Top")}})
    inactive = refused(product, None, {"values": {"name": value("Top", "es_ES")}})
    assert missing == [value_error('Attribute "name" expects a locale, none given.', "name")]
    assert inactive == [
        value_error('Attribute "name" expects an existing and activated locale, "es_ES" given.', "name", "es_ES")
    ]


def test_non_localizable_value_has_no_locale() -> None:
    errors = refused(product, None, {"values": {"on_sale": value(True, "en_US")}})
    assert errors == [value_error('Attribute "on_sale" does not expect a locale, "en_US" given.', "on_sale", "en_US")]


def test_scopable_value_needs_an_existing_scope() -> None:
    missing = refused(product, None, {"values": {"description": value("Top", "en_US")}})
    unknown = refused(product, None, {"values": {"description": value("Top", "en_US", "print")}})
    assert missing[0].message == 'Attribute "description" expects a scope, none given.'
    assert unknown[0] == value_error(
        'Attribute "description" expects an existing scope, "print" given.', "description", "en_US", "print"
    )


def test_non_scopable_value_has_no_scope() -> None:
    errors = refused(product, None, {"values": {"on_sale": value(True, scope="ecommerce")}})
    assert errors[0].message == 'Attribute "on_sale" does not expect a scope, "ecommerce" given.'


def test_values_name_the_channel_scope_never_channel() -> None:
    errors = refused(product, None, {"values": {"on_sale": [{"locale": None, "channel": None, "data": True}]}})
    assert [e.message for e in errors] == [
        'Property "channel" does not exist in a value of the attribute "on_sale".',
        'A value of the attribute "on_sale" needs the property "scope".',
    ]


def test_localizable_scopable_value_locale_must_be_a_locale_of_its_scope() -> None:
    errors = refused(product, None, {"values": {"description": value("Top", "de_DE", "mobile")}})
    assert errors[0].message == 'Attribute "description" expects a locale of the scope "mobile", "de_DE" given.'


def test_text_value_is_at_most_255_characters() -> None:
    errors = refused(product, None, {"values": {"name": value("x" * 256, "en_US")}})
    assert errors[0].message == "This value is too long. It should have 255 characters or less."


def test_simple_select_value_is_an_existing_option() -> None:
    errors = refused(product, None, {"values": {"main_color": value("tommh")}})
    assert errors == [value_error("The tommh value is not in the main_color attribute option list.", "main_color")]


def test_multi_select_value_is_a_list_of_existing_options() -> None:
    errors = refused(product, None, {"values": {"tags": value(["new", "old", "used"])}})
    assert errors[0].message == "The old, used values are not in the tags attribute option list."


def test_create_missing_options_accepts_unknown_options() -> None:
    rules = products.ProductRules(
        values=product_values.ValueRules(attributes=ATTRIBUTES, options=OPTIONS, create_missing_options=True)
    )
    created = products.upsert_product(None, "top", {"values": {"main_color": value("green")}}, rules=rules, now=NOW)
    assert product_values.missing_options(created["values"], ATTRIBUTES, OPTIONS) == [("main_color", "green")]


@pytest.mark.parametrize(
    ("attribute", "data"),
    [("on_sale", "yes"), ("count", "many"), ("count", 2.5), ("count", -1), ("release_date", "02/03/2021")],
)
def test_value_data_follows_the_attribute_type(attribute: str, data: Any) -> None:
    errors = refused(product, None, {"values": {attribute: value(data)}})
    assert [(e.property, dict(e.context)["attribute"]) for e in errors] == [("values", attribute)]


def test_date_values_are_stored_as_the_vendor_returns_them() -> None:
    assert product(None, {"values": {"release_date": value("2021-03-02")}})["values"]["release_date"][0]["data"] == (
        "2021-03-02T00:00:00+00:00"
    )


def test_identifier_value_must_be_the_identifier_and_is_not_stored() -> None:
    assert product(None, {"values": {"sku": value("top")}})["values"] == {}
    assert [e.property for e in refused(product, None, {"values": {"sku": value("other")}})] == ["values"]


def test_unknown_attribute_is_refused() -> None:
    errors = refused(product, None, {"values": {"ghost": value("x")}})
    assert errors == [value_error('The attribute "ghost" does not exist.', "ghost")]


def test_two_values_at_the_same_coordinates_are_refused() -> None:
    errors = refused(product, None, {"values": {"on_sale": [*value(True), *value(False)]}})
    assert "two values for the same locale and scope" in errors[0].message


def test_every_faulty_value_is_reported_at_once() -> None:
    errors = refused(product, None, {"values": {"ghost": value(1), "on_sale": value("no"), "name": value("x")}})
    assert [dict(e.context)["attribute"] for e in errors] == ["ghost", "on_sale", "name"]
