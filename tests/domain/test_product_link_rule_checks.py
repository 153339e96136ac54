"""Product link rules checked at family save against the product catalog (LINK-RULE-MESSAGES: the vendor's texts and
order), and the faults found at run time."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.domain.automation.product_link_rules.rules import check_product_link_rules
from mock_server.domain.errors import ErrorCollector
from tests.domain.product_link_cases import ASSET_ATTRIBUTES, CATALOG, USER_GUIDE_RULE, condition

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
