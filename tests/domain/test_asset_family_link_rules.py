"""An asset family's product link rules: at most two, the vendor's messages, operators by field, values and extrapolations."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mock_server.domain.asset_manager.asset_family import (
    product_link_rule_extrapolations,
)
from tests.domain.asset_family_cases import ATTRIBUTES, attribute, errors_of, rule, selection, upsert

# ---------------------------------------------------------------------------------------------------------------
# Product link rules

AMBIENT = [{"mode": "add", "attribute": "ambient_image", "locale": None, "channel": None}]
DOC_PRODUCT_LINK_RULES: dict[str, list[dict[str, Any]]] = {
    "one rule": [
        rule(
            selection("sku", "=", "{{product_ref}}", locale=None, channel=None),
            assignments=[
                {"mode": "replace", "attribute": "user_instructions", "locale": "{{locale}}", "channel": None}
            ],
        )
    ],
    "two rules": [
        rule(selection("categories", "IN", ["men_clothes"]), assignments=AMBIENT),
        rule(selection("categories", "IN", ["women_clothes"]), assignments=AMBIENT),
    ],
    "enabled and categories": [rule(selection("enabled", "=", "true"), selection("categories", "IN", ["men"]))],
    "family": [rule(selection("family", "IN", ["accessories"]))],
    "categories": [rule(selection("categories", "IN", ["bohemian_style"]))],
    "parent": [rule(selection("parent", "IN", ["product_model_bicycle_REF012345"]))],
    "identifier": [rule(selection("sku", "=", "sku_54628", locale=None, channel=None))],
    "text attribute": [rule(selection("description", "CONTAINS", "bohème chic", locale="fr_FR", channel="ecommerce"))],
    "simple select": [rule(selection("range_style", "IN", ["bohemian_chic"], locale=None, channel=None))],
    "assignment": [
        rule(
            selection("family", "IN", ["tvs"]),
            assignments=[{"mode": "add", "attribute": "user_instructions", "locale": "en_US", "channel": None}],
        )
    ],
    "two assignments": [
        rule(
            selection("family", "IN", ["tvs"]),
            assignments=[
                {"mode": "replace", "attribute": "main_image", "locale": None, "channel": None},
                {"mode": "add", "attribute": "images", "locale": None, "channel": None},
            ],
        )
    ],
    "extrapolation": [
        rule(
            selection("sku", "EQUALS", "{{product_ref}}", locale=None, channel=None),
            assignments=[{"mode": "replace", "attribute": "user_guides", "locale": "{{locale}}", "channel": None}],
        )
    ],
    "extrapolation as interpreted": [
        rule(
            selection("sku", "EQUALS", "XMLD500", locale=None, channel=None),
            assignments=[{"mode": "replace", "attribute": "user_guides", "locale": "fr_FR", "channel": None}],
        )
    ],
    "extrapolation in a string": [
        rule(
            selection("sku", "EQUALS", "sku_{{product_ref}}_{{main_color}}", locale=None, channel=None),
            assignments=[{"mode": "replace", "attribute": "pictures", "locale": None, "channel": None}],
        )
    ],
    "extrapolation to an array": [rule(selection("categories", "IN", "{{product_categories}}"), assignments=AMBIENT)],
}


@pytest.mark.parametrize("name", DOC_PRODUCT_LINK_RULES)
def test_doc_product_link_rule_examples_are_accepted(name: str) -> None:
    rules = DOC_PRODUCT_LINK_RULES[name]
    assert upsert({"product_link_rules": copy.deepcopy(rules)})["product_link_rules"] == rules


def test_at_most_two_product_link_rules() -> None:
    # LINK-RULES-LIMIT-MESSAGE: ThereShouldBeLessRuleTemplateThanLimit, on `labels`, the family code filled in.
    rules = [rule(selection("family", "IN", [code])) for code in ("a", "b", "c")]
    assert errors_of({"product_link_rules": rules}) == [
        ("labels", 'You have reached the limit of 2 product link rules for the "packshots" asset family.')
    ]


def test_link_rule_messages_a_rule_needs_a_selection_and_an_assignment() -> None:
    assert errors_of({"product_link_rules": [{"product_selections": [], "assign_assets_to": []}]}) == [
        (
            "product_link_rules[0].product_selections",
            "You must specify at least one product selection in your product link rule",
        ),
        (
            "product_link_rules[0].assign_assets_to",
            "You must specify at least one product assignment in your product link rule",
        ),
    ]


def test_link_rule_messages_assignment_mode_must_be_add_or_replace() -> None:
    assignments = [{"mode": "merge", "attribute": "pictures", "locale": None, "channel": None}]
    assert errors_of({"product_link_rules": [rule(selection("family", "IN", ["a"]), assignments=assignments)]}) == [
        (
            "product_link_rules[0].assign_assets_to",
            'Invalid assignment mode "merge" found in a product link rule, expected to be "replace" or "add"',
        )
    ]


def test_link_rule_messages_operator_must_be_a_documented_operator() -> None:
    assert errors_of({"product_link_rules": [rule(selection("sku", "LIKE", "a%"))]}) == [
        (
            "product_link_rules[0].product_selections",
            'The field "sku" cannot be filtered or cannot be used with operator "LIKE".',
        )
    ]


@pytest.mark.parametrize(
    ("field", "operator", "value"),
    [
        ("family", "IN", ["a"]),
        ("family", "NOT IN", ["a"]),
        ("categories", "IN", ["a"]),
        ("categories", "NOT IN", ["a"]),
        ("categories", "IN OR UNCLASSIFIED", ["a"]),
        ("categories", "IN CHILDREN", ["a"]),
        ("categories", "NOT IN CHILDREN", ["a"]),
        ("categories", "UNCLASSIFIED", None),
        ("categories", "UNCLASSIFIED", ""),
        ("enabled", "=", "true"),
        ("enabled", "=", "false"),
        ("enabled", "=", True),
        ("enabled", "EQUALS", "false"),
        ("parent", "IN", ["a"]),
        ("parent", "EMPTY", []),
        ("parent", "NOT EMPTY", ""),
        ("sku", "STARTS WITH", "amor"),
        ("sku", "!=", "amor"),
        ("sku", "NOT IN", ["amor"]),
        ("sku", "EMPTY", ""),
        ("identifier", "NOT EMPTY", None),
        ("identifier", "DOES NOT CONTAIN", "{{product_ref}}"),
        ("is_new", "=", True),
    ],
)
def test_field_operators_of_the_doc_are_accepted(field: str, operator: str, value: Any) -> None:
    assert upsert({"product_link_rules": [rule(selection(field, operator, value))]})


@pytest.mark.parametrize(
    ("field", "operator"),
    [("family", "="), ("family", "EMPTY"), ("categories", "CONTAINS"), ("enabled", "!="), ("enabled", "IN"),
     ("parent", "NOT IN")],
)  # fmt: skip
def test_link_rule_messages_operator_must_be_allowed_on_the_field(field: str, operator: str) -> None:
    assert errors_of({"product_link_rules": [rule(selection(field, operator, ["a"]))]}) == [
        (
            "product_link_rules[0].product_selections",
            f'The field "{field}" cannot be filtered or cannot be used with operator "{operator}".',
        )
    ]


@pytest.mark.parametrize(("value", "shown"), [("yes", "yes"), ("1", "1"), (None, "null"), (["true"], '["true"]')])
def test_enabled_value_must_be_true_or_false(value: Any, shown: str) -> None:
    assert errors_of({"product_link_rules": [rule(selection("enabled", "=", value))]}) == [
        (
            "product_link_rules[0].product_selections",
            f'The field "enabled" takes the value "true" or "false", "{shown}" given.',
        )
    ]


@pytest.mark.parametrize("field", ["family", "categories"])
def test_link_field_coordinates_family_and_categories_take_no_channel_or_locale(field: str) -> None:
    """LINK-FIELD-COORDINATES: ProductSelectionsValidator, the channel first (without the catalog, whether they
    exist is not asked)."""
    assert upsert({"product_link_rules": [rule(selection(field, "IN", ["a"], locale=None, channel=""))]})
    patch = {"product_link_rules": [rule(selection(field, "IN", ["a"], locale="en_US", channel="print"))]}
    assert errors_of(patch) == [
        ("product_link_rules[0].product_selections", f'You cannot specify a channel for the field "{field}"'),
        ("product_link_rules[0].product_selections", f'You cannot specify a locale for the field "{field}"'),
    ]


@pytest.mark.parametrize("field", ["enabled", "parent"])
def test_link_field_coordinates_enabled_and_parent_are_not_asked(field: str) -> None:
    """The vendor's list names "enable", not "enabled", and leaves out "parent"."""
    value, operator = ("true", "=") if field == "enabled" else (["a"], "IN")
    assert upsert({"product_link_rules": [rule(selection(field, operator, value, locale="en_US", channel="print"))]})


@pytest.mark.parametrize(("value", "shown"), [("men", "men"), (None, "null"), (True, "true"), ([1], "[1]")])
def test_array_operator_needs_an_array_of_codes(value: Any, shown: str) -> None:
    assert errors_of({"product_link_rules": [rule(selection("categories", "IN", value))]}) == [
        (
            "product_link_rules[0].product_selections",
            f'The operator "IN" expects an array of codes, "{shown}" given.',
        )
    ]


@pytest.mark.parametrize("value", ["{{product_ref}}", "men_{{product_ref}}", ["{{product_ref}}", "men"]])
def test_extrapolated_selection_value_is_left_to_run_time(value: Any) -> None:
    assert upsert({"product_link_rules": [rule(selection("categories", "IN", value))]})


@pytest.mark.parametrize(("value", "shown"), [(["a"], '["a"]'), (None, "null")])
def test_single_value_operator_needs_a_single_value(value: Any, shown: str) -> None:
    assert errors_of({"product_link_rules": [rule(selection("sku", "STARTS WITH", value))]}) == [
        (
            "product_link_rules[0].product_selections",
            f'The operator "STARTS WITH" expects a single value, "{shown}" given.',
        )
    ]


def test_link_rule_messages_extrapolation_must_name_an_attribute_of_the_family() -> None:
    patch = {
        "product_link_rules": [
            rule(
                selection("{{product_field}}", "=", "sku_{{ref}}_{{main_color}}"),
                assignments=[{"mode": "add", "attribute": "{{target}}", "locale": None, "channel": None}],
            )
        ]
    }
    assert errors_of(patch) == [
        (
            "product_link_rules[0].product_selections",
            'The attribute "product_field" does not exist for this asset family',
        ),
        ("product_link_rules[0].product_selections", 'The attribute "ref" does not exist for this asset family'),
        ("product_link_rules[0].assign_assets_to", 'The attribute "target" does not exist for this asset family'),
    ]


def test_link_rule_messages_extrapolation_must_name_an_attribute_with_one_value() -> None:
    """ExtrapolatedAttributeValidator: one value per channel, then one per locale; a selection's channel before its
    locale."""
    attributes = {**ATTRIBUTES, "both": attribute("both", "text", localizable=True, scopable=True)}
    patch = {
        "product_link_rules": [
            rule(
                selection("sku", "IN", ["{{notes}}"], locale="{{notes}}", channel="{{channel_notes}}"),
                assignments=[{"mode": "add", "attribute": "pictures", "locale": None, "channel": "{{both}}"}],
            )
        ]
    }
    per_channel = "cannot be used for extrapolation because it has one value per channel"
    per_locale = "cannot be used for extrapolation because it has one value per locale"
    assert errors_of(patch, attributes=attributes) == [
        ("product_link_rules[0].product_selections", f'The attribute "notes" {per_locale}'),
        ("product_link_rules[0].product_selections", f'The attribute "channel_notes" {per_channel}'),
        ("product_link_rules[0].assign_assets_to", f'The attribute "both" {per_channel}'),
        ("product_link_rules[0].assign_assets_to", f'The attribute "both" {per_locale}'),
    ]


def test_product_link_rule_extrapolations() -> None:
    extrapolated = rule(
        selection("{{field}}", "IN", ["{{a}}", "b_{{ b }}"], locale="{{locale}}", channel="{{channel}}"),
        selection("sku", "=", "sku_{{product_ref}}_{{main_color}}"),
        assignments=[{"mode": "add", "attribute": "{{target}}", "locale": "x_{{l}}", "channel": "{{c}}"}],
    )
    assert product_link_rule_extrapolations(extrapolated) == {
        "field", "a", "b", "locale", "channel", "product_ref", "main_color", "target", "l", "c",
    }  # fmt: skip
    assert product_link_rule_extrapolations(rule(selection("family", "IN", ["{not}", "{{}"]))) == set()
