"""Rule messages: the vendor's texts and paths for asset attribute properties and product link rules.

Rules in conformance/rules_rule_messages.yaml. One family of this run serves every test (asset families cannot be
deleted, and the vendor allows 100): each test writes attributes of its own codes, and refused writes change nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.scenarios.helpers import family_path, get_json, patch, prepare, refused, upsert

ATTRIBUTE_RULES = "The attribute has data that does not comply with the business rules."
FAMILY_RULES = "The asset family has data that does not comply with the business rules."
INVALID_REGEXP = (
    'This regular expression is not valid. Here is an example of a valid regular expression: "/[a-z]+[0-9]*/"'
)


def family(family_with: Callable[..., str]) -> str:
    return family_path(family_with, "rule_messages")


def errors_of(response: httpx.Response, message: str) -> list[dict[str, Any]]:
    """The `errors` of a business-rules 422 with this envelope message."""
    assert response.status_code == 422, f"expected 422, got {response.status_code}: {response.text}"
    body = response.json()
    assert (body.get("code"), body.get("message")) == (422, message), body
    return body.get("errors", [])


def blames(response: httpx.Response, path: str, message: str, envelope: str = ATTRIBUTE_RULES) -> None:
    errors = errors_of(response, envelope)
    assert {"property": path, "message": message} in [
        {"property": e.get("property"), "message": e.get("message")} for e in errors
    ], errors


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-MAX-LENGTH-MESSAGE")
@pytest.mark.writes
def test_structure_attribute_max_length_message(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = f"{family(family_with)}/attributes/long_title"
    for size, message in ((0, "greater than 0"), (65536, "less than or equal to 65535")):
        response = api.patch(path, json={"code": "long_title", "type": "text", "max_characters": size})
        blames(response, "max_length", f"This value should be {message}.")
    assert api.get(path).status_code == 404


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-NUMBER-BOUNDS-MESSAGE")
@pytest.mark.writes
def test_structure_attribute_number_bounds_message(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = f"{family(family_with)}/attributes/bounded"
    body = {"code": "bounded", "type": "number"}
    response = api.patch(path, json={**body, "max_value": "ten"})
    blames(response, "max_value", "This value should be a number with the right decimal separator.")
    response = api.patch(path, json={**body, "min_value": "9", "max_value": "1"})
    blames(response, "min_value", "The min cannot be greater than the max")
    assert api.get(path).status_code == 404


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-MAX-FILE-SIZE-MESSAGE")
@pytest.mark.writes
def test_structure_attribute_max_file_size_message(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = f"{family(family_with)}/attributes/heavy"
    body = {"code": "heavy", "type": "media_file", "media_type": "image"}
    for size, message in (
        ("ten", "This value should be a number."),
        ("0", "This value should be greater than 0."),
        ("10000", "This value should be less than or equal to 9999.99."),
    ):
        blames(api.patch(path, json={**body, "max_file_size": size}), "max_file_size", message)
    assert api.get(path).status_code == 404


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-MEDIA-TYPE")
@pytest.mark.writes
def test_structure_attribute_media_file_defaults_to_image(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = f"{family(family_with)}/attributes/untyped_media"
    upsert(api, path, {"code": "untyped_media", "type": "media_file"})
    assert get_json(api, path)["media_type"] == "image"


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-MEDIA-TYPE-MESSAGE")
@pytest.mark.writes
def test_structure_attribute_media_type_message(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = f"{family(family_with)}/attributes/odd_media"
    response = api.patch(path, json={"code": "odd_media", "type": "media_file", "media_type": "audio"})
    blames(
        response, "media_type", "The media type given is not corresponding to the expected ones (image, pdf, other)."
    )
    response = api.patch(path, json={"code": "odd_media", "type": "media_link", "media_type": "audio"})
    errors = errors_of(response, ATTRIBUTE_RULES)
    prefix = "The media type given is not corresponding to the expected ones ("
    assert any(e.get("property") == "media_type" and e.get("message", "").startswith(prefix) for e in errors), errors
    assert api.get(path).status_code == 404


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-AFFIX-MESSAGE")
@pytest.mark.writes
@pytest.mark.parametrize("affix", ["prefix", "suffix"])
def test_structure_attribute_affix_message(api: httpx.Client, family_with: Callable[..., str], affix: str) -> None:
    path = f"{family(family_with)}/attributes/{affix}_link"
    response = api.patch(path, json={"code": f"{affix}_link", "type": "media_link", "media_type": "image", affix: ""})
    blames(response, affix, f"The {affix} cannot be an empty string.")
    assert api.get(path).status_code == 404


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-REGEXP-MESSAGES")
@pytest.mark.writes
def test_structure_attribute_regexp_messages(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = f"{family(family_with)}/attributes/patterned"
    body = {"code": "patterned", "type": "text", "validation_rule": "regular_expression"}
    blames(api.patch(path, json={**body, "validation_regexp": "/([a-z]/"}), "regular_expression", INVALID_REGEXP)
    assert api.get(path).status_code == 404
    prepare(api, path, {**body, "validation_regexp": "/[a-z]+/"})
    # An update naming the rule without an expression: the vendor judges what the update sends.
    response = api.patch(path, json={"code": "patterned", "validation_rule": "regular_expression"})
    blames(response, "regular_expression", "The regular expression cannot be empty.")
    assert get_json(api, path)["validation_regexp"] == "/[a-z]+/"


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-TEXT-COHERENCE")
@pytest.mark.writes
def test_structure_attribute_text_coherence(api: httpx.Client, family_with: Callable[..., str]) -> None:
    base = family(family_with)
    simple, area = f"{base}/attributes/simple_text", f"{base}/attributes/area_text"
    prepare(api, simple, {"code": "simple_text", "type": "text"})
    prepare(api, area, {"code": "area_text", "type": "text", "is_textarea": True, "is_rich_text_editor": False})
    response = api.patch(simple, json={"code": "simple_text", "is_rich_text_editor": True})
    blames(response, "", "A simple text attribute cannot have a rich text editor")
    response = api.patch(area, json={"code": "area_text", "validation_rule": "email"})
    blames(response, "", "A text area attribute cannot have a validation rule")
    assert get_json(api, area)["validation_rule"] == "none"


def _rule(operator: str) -> dict[str, Any]:
    return {
        "product_selections": [{"field": "family", "operator": operator, "value": ["shoes"]}],
        "assign_assets_to": [{"attribute": "no_such_product_attribute", "mode": "add"}],
    }


@pytest.mark.rule("LINK-RULES-LIMIT-MESSAGE")
@pytest.mark.writes
def test_link_rules_limit_message(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family(family_with)
    before = get_json(api, path)["product_link_rules"]
    response = patch(api, path, {"product_link_rules": [_rule("IN"), _rule("IN"), _rule("IN")]})
    code = path.rstrip("/").rsplit("/", 1)[-1]
    message = f'You have reached the limit of 2 product link rules for the "{code}" asset family.'
    blames(response, "labels", message, FAMILY_RULES)
    assert get_json(api, path)["product_link_rules"] == before


def _in_order(errors: list[dict[str, Any]], expected: list[tuple[str, str]]) -> None:
    """The expected (property, message) pairs are among the errors, in this order (a target may add its own)."""
    pairs = [(e.get("property"), e.get("message")) for e in errors]
    position = 0
    for pair in expected:
        assert pair in pairs[position:], f"{pair} missing or out of order in {pairs}"
        position = pairs.index(pair, position) + 1


@pytest.mark.rule("LINK-RULE-MESSAGES")
@pytest.mark.writes
def test_link_rule_messages(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family(family_with)
    prepare(api, f"{path}/attributes/link_pages", {"code": "link_pages", "type": "number"})
    before = get_json(api, path)["product_link_rules"]
    channel = "no_such_channel_for_link_rules"
    rules = [
        {"product_selections": [], "assign_assets_to": [{"attribute": "no_such_product_attribute", "mode": "merge"}]},
        {
            "product_selections": [{"field": "family", "operator": "IN", "value": ["x"], "channel": channel}],
            "assign_assets_to": [
                {"attribute": "{{no_such_asset_attribute}}", "mode": "add"},
                {"attribute": "{{link_pages}}", "mode": "add"},
            ],
        },
    ]
    errors = errors_of(patch(api, path, {"product_link_rules": rules}), FAMILY_RULES)
    _in_order(
        errors,
        [
            (
                "product_link_rules[0].product_selections",
                "You must specify at least one product selection in your product link rule",
            ),
            (
                "product_link_rules[0].assign_assets_to",
                'Invalid assignment mode "merge" found in a product link rule, expected to be "replace" or "add"',
            ),
            ("product_link_rules[1].product_selections", 'You cannot specify a channel for the field "family"'),
            ("product_link_rules[1].product_selections", f'The channel "{channel}" does not exist'),
            (
                "product_link_rules[1].assign_assets_to",
                'The attribute "no_such_asset_attribute" does not exist for this asset family',
            ),
            (
                "product_link_rules[1].assign_assets_to",
                'The attribute "link_pages" of type "number" is not supported, only the following attribute types '
                "are supported for this field: text",
            ),
        ],
    )
    assert get_json(api, path)["product_link_rules"] == before


@pytest.mark.rule("LINK-FIELD-COORDINATES")
@pytest.mark.writes
def test_link_field_coordinates(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family(family_with)
    before = get_json(api, path)["product_link_rules"]
    selection = {"field": "categories", "operator": "IN", "value": ["{{no_such_asset_attribute}}"]}
    rule = {
        "product_selections": [
            {"field": "categories", "operator": "IN", "value": ["x"], "channel": "c", "locale": "l"}
        ],
        "assign_assets_to": [{"attribute": "no_such_product_attribute", "mode": "merge"}],
    }
    errors = errors_of(patch(api, path, {"product_link_rules": [rule]}), FAMILY_RULES)
    _in_order(
        errors,
        [
            ("product_link_rules[0].product_selections", 'You cannot specify a channel for the field "categories"'),
            ("product_link_rules[0].product_selections", 'You cannot specify a locale for the field "categories"'),
        ],
    )
    # A selection that extrapolates is only checked for its extrapolations: its channel and locale are not.
    rule["product_selections"] = [{**selection, "channel": "c", "locale": "l"}]
    errors = errors_of(patch(api, path, {"product_link_rules": [rule]}), FAMILY_RULES)
    selection_messages = [
        e.get("message") for e in errors if e.get("property") == "product_link_rules[0].product_selections"
    ]
    assert selection_messages == ['The attribute "no_such_asset_attribute" does not exist for this asset family'], (
        errors
    )
    assert get_json(api, path)["product_link_rules"] == before


@pytest.mark.rule("LINK-RULES-VENDOR-PATHS")
@pytest.mark.writes
def test_link_rules_vendor_paths(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family(family_with)
    errors = errors_of(patch(api, path, {"product_link_rules": [_rule("LIKE")]}), FAMILY_RULES)
    paths = {e.get("property") for e in errors if str(e.get("property", "")).startswith("product_link_rules")}
    assert "product_link_rules[0].product_selections" in paths, errors
    assert paths <= {"product_link_rules[0].product_selections", "product_link_rules[0].assign_assets_to"}, errors


@pytest.mark.rule("LINK-EXTRAPOLATION-TYPES")
@pytest.mark.writes
def test_link_extrapolation_types(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family(family_with)
    prepare(api, f"{path}/attributes/extrapolated_pages", {"code": "extrapolated_pages", "type": "number"})
    before = get_json(api, path)["product_link_rules"]
    rule = {
        "product_selections": [{"field": "identifier", "operator": "=", "value": "x"}],
        "assign_assets_to": [{"attribute": "{{extrapolated_pages}}", "mode": "add"}],
    }
    refused(patch(api, path, {"product_link_rules": [rule]}), "product_link_rules")
    assert get_json(api, path)["product_link_rules"] == before
