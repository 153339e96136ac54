"""The product link rule engine (mock_server.domain.product_link_rule_engine), pure: extrapolation, one test per
selection field and operator, the catalog-aware checks at family save, and the assignment plan."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from mock_server.domain.errors import ErrorCollector
from mock_server.domain.product_link_rule_engine import ProductCatalog, extrapolate, plan_links, select
from mock_server.domain.product_link_rules import check_product_link_rules

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


# -- extrapolation ----------------------------------------------------------------------------------------------

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


def test_extrapolation_replaces_each_reference_by_the_asset_value() -> None:
    values = {"product_ref": asset_value("XMLD500"), "locale": asset_value("fr_FR")}
    rule, reason = extrapolate(USER_GUIDE_RULE, values, ASSET_ATTRIBUTES)
    assert reason is None
    assert rule == {
        "product_selections": [
            {"field": "sku", "operator": "EQUALS", "value": "XMLD500", "locale": None, "channel": None}
        ],
        "assign_assets_to": [{"mode": "replace", "attribute": "user_guides", "locale": "fr_FR", "channel": None}],
    }


def test_extrapolation_combines_references_with_strings() -> None:
    rule = {
        "product_selections": [{"field": "sku", "operator": "EQUALS", "value": "sku_{{product_ref}}_{{main_color}}"}],
        "assign_assets_to": [{"mode": "replace", "attribute": "pictures"}],
    }
    values = {"product_ref": asset_value("amor"), "main_color": asset_value("red")}
    extrapolated, _ = extrapolate(rule, values, ASSET_ATTRIBUTES)
    assert extrapolated is not None
    assert extrapolated["product_selections"][0]["value"] == "sku_amor_red"


def test_extrapolation_of_a_lone_reference_to_an_array_gives_the_array() -> None:
    rule = {
        "product_selections": [{"field": "categories", "operator": "IN", "value": "{{product_categories}}"}],
        "assign_assets_to": [{"mode": "add", "attribute": "ambient_image"}],
    }
    extrapolated, _ = extrapolate(rule, {"product_categories": asset_value(["men", "women"])}, ASSET_ATTRIBUTES)
    assert extrapolated is not None
    assert extrapolated["product_selections"][0]["value"] == ["men", "women"]


def test_extrapolation_inside_an_array_flattens_an_array_value() -> None:
    rule = {
        "product_selections": [{"field": "categories", "operator": "IN", "value": ["{{product_categories}}", "x"]}],
        "assign_assets_to": [{"mode": "add", "attribute": "ambient_image"}],
    }
    extrapolated, _ = extrapolate(rule, {"product_categories": asset_value(["men"])}, ASSET_ATTRIBUTES)
    assert extrapolated is not None
    assert extrapolated["product_selections"][0]["value"] == ["men", "x"]


def test_extrapolation_of_a_missing_value_makes_the_rule_not_applicable() -> None:
    rule, reason = extrapolate(USER_GUIDE_RULE, {"product_ref": asset_value("XMLD500")}, ASSET_ATTRIBUTES)
    assert rule is None
    assert reason == 'the asset has no value for the extrapolated attribute "locale".'


def test_extrapolation_of_an_empty_value_makes_the_rule_not_applicable() -> None:
    rule, reason = extrapolate(
        USER_GUIDE_RULE, {"product_ref": asset_value(""), "locale": asset_value("fr_FR")}, ASSET_ATTRIBUTES
    )
    assert rule is None and reason is not None and '"product_ref"' in reason


def test_extrapolation_of_an_unknown_or_localizable_attribute_makes_the_rule_not_applicable() -> None:
    unknown = {**USER_GUIDE_RULE, "assign_assets_to": [{"mode": "add", "attribute": "{{target}}"}]}
    localizable = {**USER_GUIDE_RULE, "assign_assets_to": [{"mode": "add", "attribute": "{{alt_tag}}"}]}
    values = {"product_ref": asset_value("XMLD500"), "alt_tag": [{"locale": "en_US", "channel": None, "data": "x"}]}
    assert extrapolate(unknown, values, ASSET_ATTRIBUTES).reason == (
        'the extrapolated attribute "target" does not exist in the asset family.'
    )
    assert "localizable or scopable" in (extrapolate(localizable, values, ASSET_ATTRIBUTES).reason or "")


def test_extrapolation_of_an_array_inside_a_longer_text_makes_the_rule_not_applicable() -> None:
    rule = {
        "product_selections": [{"field": "sku", "operator": "=", "value": "sku_{{product_categories}}"}],
        "assign_assets_to": [{"mode": "add", "attribute": "ambient_image"}],
    }
    extrapolated, reason = extrapolate(rule, {"product_categories": asset_value(["men"])}, ASSET_ATTRIBUTES)
    assert extrapolated is None and reason is not None and "cannot be part of a longer text" in reason


def test_extrapolation_leaves_the_rule_and_the_other_properties_untouched() -> None:
    before = copy.deepcopy(USER_GUIDE_RULE)
    rule, _ = extrapolate(
        USER_GUIDE_RULE, {"product_ref": asset_value("{{x}}"), "locale": asset_value("fr_FR")}, ASSET_ATTRIBUTES
    )
    assert before == USER_GUIDE_RULE
    assert rule is not None and rule["assign_assets_to"][0]["mode"] == "replace"
    assert rule["product_selections"][0]["value"] == "{{x}}"  # an extrapolated value is not extrapolated again


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


# -- the checks at family save with the product catalog (LINK-RULE-MESSAGES: the vendor's texts and order) ---------

SELECTIONS = "product_link_rules[0].product_selections"
ASSIGNMENTS = "product_link_rules[0].assign_assets_to"


def faults(*rules: dict[str, Any], family_code: str = "user_instructions") -> list[tuple[str, str]]:
    errors = ErrorCollector()
    check_product_link_rules(errors, list(rules), attributes=ASSET_ATTRIBUTES, family_code=family_code, catalog=CATALOG)
    return [(error.property, error.message) for error in errors.errors]


def rule_with(*selections: dict[str, Any], assignment: dict[str, Any] | None = None) -> dict[str, Any]:
    target = assignment or {"mode": "add", "attribute": "user_guides", "locale": "en_US", "channel": None}
    return {"product_selections": list(selections or [condition("enabled", "=", "true")]), "assign_assets_to": [target]}


def only_fault(*selections: dict[str, Any], assignment: dict[str, Any] | None = None) -> tuple[str, str]:
    found = faults(rule_with(*selections, assignment=assignment))
    assert len(found) == 1, found
    return found[0]


def test_the_docs_rules_pass_the_catalog_checks() -> None:
    assert faults(USER_GUIDE_RULE) == []
    assert (
        faults(
            rule_with(
                condition("enabled", "=", "true"),
                condition("categories", "IN", ["men"]),
                condition("family", "IN", ["accessories"]),
                condition("parent", "IN", ["product_model_bicycle_REF012345"]),
                condition("description", "CONTAINS", "bohème chic", locale="fr_FR", channel="ecommerce"),
                condition("main_color", "IN", ["red"], locale=None, channel=None),
                condition("sku", "=", "sku_54628", locale=None, channel=None),
                condition("identifier", "NOT EMPTY", ""),
            )
        )
        == []
    )


def test_link_rule_messages_field_that_cannot_be_filtered() -> None:
    """An unknown field, an attribute type the product query cannot filter, an operator the field does not take:
    the rule engine's ExistingFilterField text."""
    assert only_fault(condition("colour", "IN", ["red"])) == (
        SELECTIONS,
        'The field "colour" cannot be filtered or cannot be used with operator "IN".',
    )
    assert only_fault(condition("weight", "=", "1", locale=None, channel=None)) == (
        SELECTIONS,
        'The field "weight" cannot be filtered or cannot be used with operator "=".',
    )


def test_link_rule_messages_empty_field() -> None:
    assert only_fault({"field": "", "operator": "IN", "value": ["red"]}) == (
        SELECTIONS,
        'The key "field" is missing or empty.',
    )


@pytest.mark.parametrize(
    ("field", "operator", "value"),
    [
        ("sku", "IN CHILDREN", ["x"]),
        ("identifier", "UNCLASSIFIED", None),
        ("name", "IN", ["x"]),
        ("name", "EMPTY", ""),
        ("main_color", "=", "red"),
        ("colors", "CONTAINS", "red"),
    ],
    ids=[
        "identifier refuses IN CHILDREN",
        "identifier keyword refuses UNCLASSIFIED",
        "text refuses IN",
        "text refuses EMPTY",
        "simple select refuses =",
        "multi select refuses CONTAINS",
    ],
)
def test_link_rule_messages_operator_the_field_type_does_not_take(field: str, operator: str, value: Any) -> None:
    locale = "en_US" if field == "name" else None
    assert only_fault(condition(field, operator, value, locale=locale, channel=None)) == (
        SELECTIONS,
        f'The field "{field}" cannot be filtered or cannot be used with operator "{operator}".',
    )


def test_selection_locale_is_required_for_a_localizable_attribute() -> None:
    assert only_fault(condition("name", "=", "Mug", locale=None, channel=None)) == (
        SELECTIONS,
        'The attribute "name" is localizable: a locale is expected.',
    )


def test_link_rule_messages_selection_locale_must_be_activated() -> None:
    assert only_fault(condition("name", "=", "Mug", locale="es_ES", channel=None)) == (
        SELECTIONS,
        'The locale "es_ES" is not activated or does not exist',
    )


def test_link_rule_messages_selection_channel_must_exist() -> None:
    assert only_fault(condition("description", "CONTAINS", "x", locale="en_US", channel=None)) == (
        SELECTIONS,
        'The attribute "description" is scopable: a channel is expected.',
    )
    assert only_fault(condition("description", "CONTAINS", "x", locale="en_US", channel="web")) == (
        SELECTIONS,
        'The channel "web" does not exist',
    )


def test_link_rule_messages_channel_and_locale_are_checked_on_every_field() -> None:
    """LINK-FIELD-COORDINATES then ChannelAndLocaleValidator: a property of the product refuses a channel and a
    locale, and an unknown one is also named as such."""
    assert faults(rule_with(condition("family", "IN", ["clothing"], locale="xx_XX", channel="web"))) == [
        (SELECTIONS, 'You cannot specify a channel for the field "family"'),
        (SELECTIONS, 'You cannot specify a locale for the field "family"'),
        (SELECTIONS, 'The channel "web" does not exist'),
        (SELECTIONS, 'The locale "xx_XX" is not activated or does not exist'),
    ]


def test_selection_locale_and_channel_are_refused_on_a_non_localizable_non_scopable_attribute() -> None:
    assert faults(rule_with(condition("sku", "=", "x", locale="en_US", channel="ecommerce"))) == [
        (SELECTIONS, 'The attribute "sku" is not localizable: the locale must be null, "en_US" given.'),
        (SELECTIONS, 'The attribute "sku" is not scopable: the channel must be null, "ecommerce" given.'),
    ]


def test_selection_codes_must_exist() -> None:
    assert only_fault(condition("family", "IN", ["shoes"])) == (SELECTIONS, 'The family "shoes" does not exist.')
    assert only_fault(condition("categories", "IN CHILDREN", ["hats"])) == (
        SELECTIONS,
        'The category "hats" does not exist.',
    )
    assert only_fault(condition("main_color", "IN", ["pink"], locale=None, channel=None)) == (
        SELECTIONS,
        'The option "pink" does not exist for the attribute "main_color".',
    )


def test_link_rule_messages_extrapolated_selection_reports_its_extrapolations_only() -> None:
    """ProductSelectionsValidator returns the extrapolation faults in place of the others: the unknown channel and
    the field's own checks are not reported, the rest waits for run time."""
    assert faults(
        rule_with(
            condition("{{field}}", "CONTAINS", "x"),
            condition("family", "=", "{{product_ref}}", locale="xx", channel="web"),
            condition("categories", "IN", ["{{product_categories}}", "men"]),
        )
    ) == [(SELECTIONS, 'The attribute "field" does not exist for this asset family')]


def test_link_rule_messages_assignment_target_must_be_an_existing_product_attribute() -> None:
    assert only_fault(assignment={"mode": "add", "attribute": "guides", "locale": None, "channel": None}) == (
        ASSIGNMENTS,
        'product attribute "guides" does not exist',
    )


def test_link_rule_messages_assignment_target_must_be_an_asset_collection_attribute() -> None:
    assert only_fault(assignment={"mode": "add", "attribute": "name", "locale": "en_US", "channel": None}) == (
        ASSIGNMENTS,
        'product attribute "name" is not an attribute of type asset collection',
    )


def test_link_rule_messages_assignment_target_must_hold_assets_of_this_asset_family() -> None:
    assert only_fault(assignment={"mode": "add", "attribute": "pictures", "locale": None, "channel": None}) == (
        ASSIGNMENTS,
        'The product attribute "pictures" cannot contain assets of asset family "user_instructions"',
    )


def test_link_rule_messages_assignment_channel_locale_and_mode_come_before_the_target() -> None:
    """The mode refused, the target is not looked at."""
    assignment = {"mode": "append", "attribute": "ghost", "locale": "xx_XX", "channel": "web"}
    assert faults(rule_with(condition("enabled", "=", "true"), assignment=assignment)) == [
        (ASSIGNMENTS, 'The channel "web" does not exist'),
        (ASSIGNMENTS, 'The locale "xx_XX" is not activated or does not exist'),
        (
            ASSIGNMENTS,
            'Invalid assignment mode "append" found in a product link rule, expected to be "replace" or "add"',
        ),
    ]


def run_time_faults(rule: dict[str, Any]) -> list[tuple[str, str]]:
    errors = ErrorCollector()
    check_product_link_rules(
        errors, [rule], attributes=ASSET_ATTRIBUTES, family_code="user_instructions", catalog=CATALOG, at_run_time=True
    )
    return [(error.property, error.message) for error in errors.errors]


def test_link_assignment_coordinates_at_run_time_follow_the_target_attribute() -> None:
    """LINK-ASSIGNMENT-COORDINATES-AT-RUN-TIME: saved as given (the vendor drops these faults at save), refused when
    the rule runs."""
    cases = [
        (
            {"mode": "add", "attribute": "user_guides", "locale": None, "channel": None},
            'The attribute "user_guides" is localizable: a locale is expected.',
        ),
        (
            {"mode": "add", "attribute": "print_guides", "locale": "en_US", "channel": "mobile"},
            'The attribute "print_guides" is not localizable: the locale must be null, "en_US" given.',
        ),
        (
            {"mode": "add", "attribute": "print_guides", "locale": None},
            'The attribute "print_guides" is scopable: a channel is expected.',
        ),
    ]
    for assignment, message in cases:
        assert faults(rule_with(assignment=assignment)) == [], assignment
        assert run_time_faults(rule_with(assignment=assignment)) == [(ASSIGNMENTS, message)]


def test_assignment_extrapolated_target_or_locale_is_checked_at_run_time() -> None:
    assert faults(rule_with(assignment={"mode": "add", "attribute": "{{product_ref}}", "locale": "en_US"})) == []
    assert faults(rule_with(assignment={"mode": "add", "attribute": "user_guides", "locale": "{{locale}}"})) == []


def test_link_rule_messages_selections_come_before_assignments_rule_by_rule() -> None:
    first = rule_with(condition("colour", "IN", ["red"]), assignment={"mode": "append", "attribute": "x"})
    second = {"product_selections": [], "assign_assets_to": []}
    assert faults(first, second) == [
        (SELECTIONS, 'The field "colour" cannot be filtered or cannot be used with operator "IN".'),
        (
            ASSIGNMENTS,
            'Invalid assignment mode "append" found in a product link rule, expected to be "replace" or "add"',
        ),
        (
            "product_link_rules[1].product_selections",
            "You must specify at least one product selection in your product link rule",
        ),
        (
            "product_link_rules[1].assign_assets_to",
            "You must specify at least one product assignment in your product link rule",
        ),
    ]


def test_catalog_checks_ignore_what_is_not_a_rule() -> None:
    assert faults({"product_selections": "x", "assign_assets_to": "y"}) == [
        (SELECTIONS, "You must specify at least one product selection in your product link rule"),
        (ASSIGNMENTS, "You must specify at least one product assignment in your product link rule"),
    ]


# -- the plan for one asset -------------------------------------------------------------------------------------


def plan(rules: list[dict[str, Any]], values: dict[str, Any], family_code: str = "user_instructions") -> Any:
    return plan_links(
        rules,
        family_code=family_code,
        asset_code="an_asset",
        asset_values=values,
        asset_attributes=ASSET_ATTRIBUTES,
        catalog=CATALOG,
        now=NOW,
    )


def test_plan_assigns_the_asset_to_every_selected_product_and_product_model() -> None:
    rule = {
        "product_selections": [{"field": "categories", "operator": "IN", "value": "{{product_categories}}"}],
        "assign_assets_to": [{"mode": "add", "attribute": "ambient_image", "locale": None, "channel": None}],
    }
    result = plan([rule], {"product_categories": asset_value(["children", "women"])}, "ambient_images")
    assert result.reasons == ()
    assert [(a.target, a.is_product_model, a.attribute, a.locale, a.scope, a.mode) for a in result.assignments] == [
        ("sku_dress_red", False, "ambient_image", None, None, "add"),
        ("sku_kid_tee_s", False, "ambient_image", None, None, "add"),
        ("kid_tee", True, "ambient_image", None, None, "add"),
    ]
    assert {a.rule for a in result.assignments} == {"product_link_rules[0].assign_assets_to[0]"}


def test_plan_skips_the_products_whose_family_lacks_the_target_attribute() -> None:
    rule = {
        "product_selections": [{"field": "categories", "operator": "IN OR UNCLASSIFIED", "value": ["women"]}],
        "assign_assets_to": [{"mode": "add", "attribute": "ambient_image", "locale": None, "channel": None}],
    }
    result = plan([rule], {}, "ambient_images")
    assert [a.target for a in result.assignments] == ["sku_dress_red"]
    assert result.reasons == (
        'product_link_rules[0].assign_assets_to[0]: the asset "an_asset" was not assigned: the product "sku_mug" '
        'is in the family "accessories", which has no attribute "ambient_image".',
    )


def test_plan_reports_a_rule_not_applicable_to_the_asset() -> None:
    result = plan([USER_GUIDE_RULE], {"product_ref": asset_value("sku_mug")})
    assert result.assignments == ()
    assert result.reasons == (
        'product_link_rules[0] was not applied to the asset "an_asset": the asset has no value for the '
        'extrapolated attribute "locale".',
    )


def test_plan_checks_the_extrapolated_values_against_the_catalog() -> None:
    result = plan([USER_GUIDE_RULE], {"product_ref": asset_value("sku_mug"), "locale": asset_value("es_ES")})
    assert result.assignments == ()
    assert result.reasons == (
        'product_link_rules[0] was not applied to the asset "an_asset": '
        'product_link_rules[0].assign_assets_to: The locale "es_ES" is not activated or does not exist',
    )


def test_plan_reports_a_selection_that_cannot_be_evaluated() -> None:
    rule = {
        "product_selections": [{"field": "parent", "operator": "IN", "value": "{{product_ref}}"}],
        "assign_assets_to": [{"mode": "add", "attribute": "user_guides", "locale": "en_US", "channel": None}],
    }
    result = plan([rule], {"product_ref": asset_value("kid_tee")})
    assert len(result.reasons) == 1
    assert result.reasons[0].startswith(
        'product_link_rules[0] was not applied to the asset "an_asset": product_link_rules[0].product_selections:'
    )
