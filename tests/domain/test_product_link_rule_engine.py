"""The product link rule engine (mock_server.domain.automation.product_link_rules.engine), pure: extrapolation and the assignment
plan (selection: test_product_link_rule_selection.py; the checks at family save: test_product_link_rule_checks.py)."""

from __future__ import annotations

import copy
from typing import Any

from mock_server.domain.automation.product_link_rules.engine import extrapolate, plan_links
from tests.domain.product_link_cases import ASSET_ATTRIBUTES, CATALOG, NOW, USER_GUIDE_RULE, asset_value

# -- extrapolation ----------------------------------------------------------------------------------------------


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
