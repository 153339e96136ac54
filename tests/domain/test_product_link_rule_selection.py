"""Product selection of the link rule engine: one test per field and operator."""

from __future__ import annotations

from typing import Any

import pytest

from tests.domain.product_link_cases import ALL_PRODUCTS, condition, selected

# -- selection, one test per field and operator -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("operator", "value", "products", "models"),
    [
        ("IN", ["clothing"], ["sku_dress_red", "sku_jacket_blue", "sku_kid_tee_s"], ["kid_tee"]),
        ("NOT IN", ["clothing"], ["sku_mug"], []),
    ],
    ids=["family IN selects the products of the families", "family NOT IN selects the products of other families"],
)
def test_selection_per_family(operator: str, value: Any, products: list[str], models: list[str]) -> None:
    assert selected(condition("family", operator, value)) == (products, models)


@pytest.mark.parametrize(
    ("operator", "value", "products", "models"),
    [
        ("IN", ["men_clothes", "women"], ["sku_dress_red", "sku_jacket_blue"], []),
        ("IN", ["men"], [], []),
        ("NOT IN", ["men_clothes"], ["sku_dress_red", "sku_kid_tee_s", "sku_mug"], ["kid_tee"]),
        ("IN OR UNCLASSIFIED", ["women"], ["sku_dress_red", "sku_mug"], []),
        ("IN CHILDREN", ["men"], ["sku_jacket_blue"], []),
        ("NOT IN CHILDREN", ["men"], ["sku_dress_red", "sku_kid_tee_s", "sku_mug"], ["kid_tee"]),
        ("UNCLASSIFIED", None, ["sku_mug"], []),
    ],
    ids=[
        "categories IN selects the products classified in one of the categories",
        "categories IN does not reach the children of a category",
        "categories NOT IN selects the products in none of the categories",
        "categories IN OR UNCLASSIFIED adds the unclassified products",
        "categories IN CHILDREN selects the products in the category tree below the categories",
        "categories NOT IN CHILDREN selects the products outside the category trees",
        "categories UNCLASSIFIED selects the products in no category",
    ],
)
def test_selection_per_categories(operator: str, value: Any, products: list[str], models: list[str]) -> None:
    assert selected(condition("categories", operator, value)) == (products, models)


def test_selection_per_categories_reads_the_categories_inherited_from_the_product_model() -> None:
    assert selected(condition("categories", "IN", ["children"])) == (["sku_kid_tee_s"], ["kid_tee"])


@pytest.mark.parametrize(
    ("operator", "value", "products"),
    [
        ("=", "true", ["sku_dress_red", "sku_jacket_blue", "sku_kid_tee_s"]),
        ("=", "false", ["sku_mug"]),
        ("=", False, ["sku_mug"]),
        ("EQUALS", "true", ["sku_dress_red", "sku_jacket_blue", "sku_kid_tee_s"]),
    ],
    ids=[
        "enabled = true selects the enabled products",
        "enabled = false selects the disabled products",
        "enabled takes a boolean as well as a string",
        "enabled EQUALS is a synonym of =",
    ],
)
def test_selection_per_status(operator: str, value: Any, products: list[str]) -> None:
    assert selected(condition("enabled", operator, value)) == (products, [])  # product models have no status


@pytest.mark.parametrize(
    ("operator", "value", "products", "models"),
    [
        ("IN", ["kid_tee"], ["sku_kid_tee_s"], []),
        ("EMPTY", "", ["sku_dress_red", "sku_jacket_blue", "sku_mug"], ["kid_tee"]),
        ("NOT EMPTY", [], ["sku_kid_tee_s"], []),
    ],
    ids=[
        "parent IN selects the variants of the product models",
        "parent EMPTY selects the simple products and the root product models",
        "parent NOT EMPTY selects the variants",
    ],
)
def test_selection_per_parent(operator: str, value: Any, products: list[str], models: list[str]) -> None:
    assert selected(condition("parent", operator, value)) == (products, models)


@pytest.mark.parametrize(
    ("operator", "value", "products", "models"),
    [
        ("STARTS WITH", "sku_kid", ["sku_kid_tee_s"], []),
        ("CONTAINS", "tee", ["sku_kid_tee_s"], ["kid_tee"]),
        ("DOES NOT CONTAIN", "tee", ["sku_dress_red", "sku_jacket_blue", "sku_mug"], []),
        ("=", "sku_mug", ["sku_mug"], []),
        ("EQUALS", "sku_mug", ["sku_mug"], []),
        ("!=", "sku_mug", ["sku_dress_red", "sku_jacket_blue", "sku_kid_tee_s"], ["kid_tee"]),
        ("IN", ["sku_mug", "kid_tee"], ["sku_mug"], ["kid_tee"]),
        ("NOT IN", ["sku_mug", "kid_tee"], ["sku_dress_red", "sku_jacket_blue", "sku_kid_tee_s"], []),
        ("EMPTY", "", [], []),
        ("NOT EMPTY", "", ALL_PRODUCTS, ["kid_tee"]),
    ],
    ids=[
        "identifier STARTS WITH",
        "identifier CONTAINS",
        "identifier DOES NOT CONTAIN",
        "identifier =",
        "identifier EQUALS is a synonym of =",
        "identifier !=",
        "identifier IN",
        "identifier NOT IN",
        "identifier EMPTY",
        "identifier NOT EMPTY",
    ],
)
def test_selection_per_identifier_attribute(operator: str, value: Any, products: list[str], models: list[str]) -> None:
    assert selected(condition("sku", operator, value, locale=None, channel=None)) == (products, models)


def test_selection_per_identifier_keyword_selects_like_the_identifier_attribute() -> None:
    assert selected(condition("identifier", "STARTS WITH", "sku_")) == (ALL_PRODUCTS, [])


def test_selection_per_identifier_selects_product_models_by_their_code() -> None:
    assert selected(condition("sku", "=", "kid_tee", locale=None, channel=None)) == ([], ["kid_tee"])
    assert selected(condition("identifier", "STARTS WITH", "kid")) == ([], ["kid_tee"])


@pytest.mark.parametrize(
    ("operator", "value", "locale", "products", "models"),
    [
        ("STARTS WITH", "Red", "en_US", ["sku_dress_red"], []),
        ("CONTAINS", "jacket", "en_US", ["sku_jacket_blue"], []),
        ("DOES NOT CONTAIN", "jacket", "en_US", ["sku_dress_red", "sku_kid_tee_s", "sku_mug"], ["kid_tee"]),
        ("=", "Veste bleue", "fr_FR", ["sku_jacket_blue"], []),
        ("=", "Veste bleue", "en_US", [], []),
        ("!=", "Mug", "en_US", ["sku_dress_red", "sku_jacket_blue", "sku_kid_tee_s"], ["kid_tee"]),
    ],
    ids=[
        "text STARTS WITH",
        "text CONTAINS",
        "text DOES NOT CONTAIN",
        "text = on the selection locale",
        "text = does not read other locales",
        "text !=",
    ],
)
def test_selection_per_text_attribute(
    operator: str, value: str, locale: str, products: list[str], models: list[str]
) -> None:
    assert selected(condition("name", operator, value, locale=locale, channel=None)) == (products, models)


def test_selection_per_text_attribute_reads_the_value_of_the_selection_channel() -> None:
    def warm(channel: str) -> tuple[list[str], list[str]]:
        return selected(condition("description", "CONTAINS", "warm", locale="en_US", channel=channel))

    assert warm("ecommerce") == (["sku_jacket_blue"], [])
    assert warm("mobile") == ([], [])


@pytest.mark.parametrize(
    ("field", "operator", "value", "products", "models"),
    [
        ("main_color", "IN", ["green"], ["sku_kid_tee_s"], ["kid_tee"]),
        ("main_color", "NOT IN", ["red", "green"], ["sku_jacket_blue", "sku_mug"], []),
        ("colors", "IN", ["white"], ["sku_jacket_blue"], []),
        ("colors", "NOT IN", ["white"], ["sku_dress_red", "sku_kid_tee_s", "sku_mug"], ["kid_tee"]),
    ],
    ids=["simple select IN", "simple select NOT IN", "multi select IN", "multi select NOT IN"],
)
def test_selection_per_select_attribute(
    field: str, operator: str, value: list[str], products: list[str], models: list[str]
) -> None:
    assert selected(condition(field, operator, value, locale=None, channel=None)) == (products, models)


def test_selections_are_cumulated() -> None:
    assert selected(condition("enabled", "=", "true"), condition("categories", "IN CHILDREN", ["master"])) == (
        ["sku_dress_red", "sku_jacket_blue", "sku_kid_tee_s"],
        [],
    )
    assert selected(
        condition("family", "IN", ["clothing"]), condition("name", "CONTAINS", "dress", locale="en_US")
    ) == (
        ["sku_dress_red"],
        [],
    )


def test_selection_that_cannot_be_evaluated_names_the_selection() -> None:
    with pytest.raises(Exception, match=r"^product_selections\[1\]: ") as caught:
        selected(condition("enabled", "=", "true"), condition("categories", "IN", "men"))
    assert "expects an array of codes" in str(caught.value)
