"""Product link rules end to end through the services: the doc's examples (create the asset, run the family's rules,
read the product value), the modes, product models, what cannot be applied, and the refusals at family save."""

from __future__ import annotations

import asyncio
import base64
import copy
from typing import Any

import httpx
import pytest

from fixtures import asset_catalog, product_catalog
from fixtures.catalog import load_start
from fixtures.images import pdf_document, picture
from mock_server.app import create_app
from mock_server.domain.automation.product_link_rules.rules import check_product_link_rules
from mock_server.domain.errors import ErrorCollector, ValidationFailed
from mock_server.services.asset_manager import asset_attributes, asset_families, asset_media_files, assets
from mock_server.services.automation.product_link_rules import run_for_asset
from mock_server.services.catalog import products
from mock_server.services.context import Context
from mock_server.settings import Settings


def _value(data: Any) -> list[dict[str, Any]]:
    return [{"locale": None, "channel": None, "data": data}]


@pytest.fixture
def ctx() -> Context:
    """The default catalog with its families' rules, but none of its assets: each test creates the doc's."""
    context = Context()
    product_catalog.load_structure(context)
    asset_catalog.load_families(context)
    product_catalog.load_products(context)
    asset_catalog.load_rules(context)
    return context


def value(ctx: Context, identifier: str, attribute: str) -> list[dict[str, Any]]:
    return ctx.store.catalog.products[identifier]["values"].get(attribute, [])


def create_user_guide(ctx: Context, code: str, **values: Any) -> None:
    media = asset_media_files.upload(ctx, f"{code}.pdf", pdf_document(code), None)
    sent = {"media_preview": _value(media.code), **{key: _value(data) for key, data in values.items()}}
    assert assets.upsert(ctx, "user_instructions", code, {"values": sent})


def create_model_picture(ctx: Context, code: str, **values: Any) -> None:
    media = asset_media_files.upload(ctx, f"{code}.jpg", picture(48, 64, (200, 20, 20), "jpg"), None)
    sent = {"main_image": _value(media.code), **{key: _value(data) for key, data in values.items()}}
    assert assets.upsert(ctx, "model_pictures", code, {"values": sent})


def create_ambient_picture(ctx: Context, code: str, categories: list[str]) -> None:
    sent = {"media_preview": _value(f"{code}.jpg"), "product_categories": _value(categories)}
    assert assets.upsert(ctx, "ambient_images", code, {"values": sent})


# -- the doc's examples -----------------------------------------------------------------------------------------


def test_user_guide_is_linked_to_the_product_of_its_reference_on_its_locale(ctx: Context) -> None:
    create_user_guide(ctx, "XMLD500_fr_FR_user_guide", product_ref="XMLD500", locale="fr_FR")
    assert run_for_asset(ctx, "user_instructions", "XMLD500_fr_FR_user_guide") == []
    assert value(ctx, "XMLD500", "user_instructions") == [
        {"locale": "fr_FR", "scope": None, "data": ["XMLD500_fr_FR_user_guide"]}
    ]


def test_model_pictures_are_linked_to_the_product_of_their_reference_and_color(ctx: Context) -> None:
    create_model_picture(ctx, "amor_red_model_picture", product_ref="amor", model_is_wearing_size="s", main_color="red")
    create_model_picture(
        ctx, "amor_blue_model_picture", product_ref="amor", model_is_wearing_size="S", main_color="blue"
    )
    assert run_for_asset(ctx, "model_pictures", "amor_red_model_picture") == []
    assert run_for_asset(ctx, "model_pictures", "amor_blue_model_picture") == []
    assert value(ctx, "sku_amor_red", "pictures") == [
        {"locale": None, "scope": None, "data": ["amor_red_model_picture"]}
    ]
    assert value(ctx, "sku_amor_blue", "pictures") == [
        {"locale": None, "scope": None, "data": ["amor_blue_model_picture"]}
    ]
    assert value(ctx, "amor", "pictures") == []  # "sku_amor_red" is matched whole, not "amor"


def test_ambient_pictures_are_added_to_the_products_of_the_categories_they_name(ctx: Context) -> None:
    create_ambient_picture(ctx, "men_women_ambient_picture", ["men", "women"])
    create_ambient_picture(ctx, "children_ambient_picture", ["children"])
    assert run_for_asset(ctx, "ambient_images", "men_women_ambient_picture") == []
    assert run_for_asset(ctx, "ambient_images", "children_ambient_picture") == []
    linked = {
        identifier: product["values"]["ambient_image"][0]["data"]
        for identifier, product in ctx.store.catalog.products.items()
        if "ambient_image" in product["values"]
    }
    assert linked == {
        "sku_amor_red": ["men_women_ambient_picture"],  # women
        "sku_amor_blue": ["men_women_ambient_picture"],  # men
        "allie_jean": ["men_women_ambient_picture"],  # women
        "sku_boho_dress": ["men_women_ambient_picture"],  # women
        "sku_men_sweat": ["men_women_ambient_picture"],  # men
        "sku_kid_tshirt": ["children_ambient_picture"],  # children
    }


def test_add_mode_appends_after_the_existing_assets_without_duplicates(ctx: Context) -> None:
    create_ambient_picture(ctx, "children_ambient_picture", ["children"])
    products.assign_assets(ctx, "sku_amor_red", "ambient_image", None, None, ["children_ambient_picture"], "add")
    create_ambient_picture(ctx, "men_women_ambient_picture", ["men", "women"])
    assert run_for_asset(ctx, "ambient_images", "men_women_ambient_picture") == []
    assert run_for_asset(ctx, "ambient_images", "men_women_ambient_picture") == []  # twice: still once
    assert value(ctx, "sku_amor_red", "ambient_image") == [
        {"locale": None, "scope": None, "data": ["children_ambient_picture", "men_women_ambient_picture"]}
    ]


def test_replace_mode_replaces_the_existing_assets_of_that_value_only(ctx: Context) -> None:
    create_user_guide(ctx, "XMLD500_fr_FR_old_guide", product_ref="nothing", locale="fr_FR")
    create_user_guide(ctx, "XMLD500_en_US_user_guide", product_ref="XMLD500", locale="en_US")
    products.assign_assets(ctx, "XMLD500", "user_instructions", "fr_FR", None, ["XMLD500_fr_FR_old_guide"], "add")
    assert run_for_asset(ctx, "user_instructions", "XMLD500_en_US_user_guide") == []
    create_user_guide(ctx, "XMLD500_fr_FR_user_guide", product_ref="XMLD500", locale="fr_FR")
    assert run_for_asset(ctx, "user_instructions", "XMLD500_fr_FR_user_guide") == []
    by_locale = {entry["locale"]: entry["data"] for entry in value(ctx, "XMLD500", "user_instructions")}
    assert by_locale == {"fr_FR": ["XMLD500_fr_FR_user_guide"], "en_US": ["XMLD500_en_US_user_guide"]}


def test_one_rule_may_assign_to_several_attributes(ctx: Context) -> None:
    rule = {
        "product_selections": [{"field": "sku", "operator": "=", "value": "{{product_ref}}", "locale": None}],
        "assign_assets_to": [
            {"mode": "replace", "attribute": "packshots", "locale": None, "channel": None},
            {"mode": "add", "attribute": "model_pictures", "locale": "fr_FR", "channel": None},
        ],
    }
    asset_families.upsert(ctx, "packshots", {"product_link_rules": [rule]})
    assets.upsert(ctx, "packshots", "amor_packshot", {"values": {"product_ref": _value("amor")}})
    assert run_for_asset(ctx, "packshots", "amor_packshot") == []
    assert value(ctx, "amor", "packshots") == [{"locale": None, "scope": None, "data": ["amor_packshot"]}]
    assert value(ctx, "amor", "model_pictures") == [{"locale": "fr_FR", "scope": None, "data": ["amor_packshot"]}]


def test_two_rules_of_a_family_both_apply(ctx: Context) -> None:
    def in_category(code: str) -> dict[str, Any]:
        return {
            "product_selections": [{"field": "categories", "operator": "IN", "value": [code]}],
            "assign_assets_to": [{"mode": "add", "attribute": "ambient_image", "locale": None, "channel": None}],
        }

    asset_families.upsert(
        ctx, "ambient_images", {"product_link_rules": [in_category("men_clothes"), in_category("women_clothes")]}
    )
    create_ambient_picture(ctx, "clothes_picture", [])
    assert run_for_asset(ctx, "ambient_images", "clothes_picture") == []
    linked = sorted(i for i, p in ctx.store.catalog.products.items() if "ambient_image" in p["values"])
    assert linked == ["allie_jean", "amor", "sku_54628", "sku_amor_blue", "sku_amor_red", "sku_men_sweat"]


def test_product_model_is_selected_by_its_code_in_the_identifier_field(ctx: Context) -> None:
    assets.upsert(ctx, "packshots", "jack_brown_packshot", {"values": {"product_ref": _value("jack_brown")}})
    assert run_for_asset(ctx, "packshots", "jack_brown_packshot") == []
    model = ctx.store.catalog.product_models["jack_brown"]
    assert model["values"]["model_pictures"] == [{"locale": "en_US", "scope": None, "data": ["jack_brown_packshot"]}]
    assert "model_pictures" not in ctx.store.catalog.products["1111111195"]["values"]  # only the model is named


def test_the_fixture_rules_link_the_fixture_assets_without_a_fault() -> None:
    context = create_app(settings=Settings(), start_catalog=load_start).mock_context
    for family_code, family_assets in context.store.assets.items():
        for asset_code in list(family_assets):
            assert run_for_asset(context, family_code, asset_code) == []
    assert value(context, "XMLD500", "user_instructions")[0]["data"] == ["XMLD500_fr_FR_user_guide"]
    assert value(context, "allie_jean", "model_pictures")[0]["data"] == ["allie_jean_packshot"]


# -- what cannot be applied is reported, never raised -----------------------------------------------------------


def test_a_missing_extrapolated_value_makes_the_rule_not_applicable(ctx: Context) -> None:
    create_user_guide(ctx, "XMLD500_user_guide", product_ref="XMLD500")
    assert run_for_asset(ctx, "user_instructions", "XMLD500_user_guide") == [
        'product_link_rules[0] was not applied to the asset "XMLD500_user_guide": the asset has no value for the '
        'extrapolated attribute "locale".'
    ]
    assert value(ctx, "XMLD500", "user_instructions") == []


def test_an_extrapolated_locale_that_is_not_activated_is_reported(ctx: Context) -> None:
    create_user_guide(ctx, "XMLD500_es_ES_user_guide", product_ref="XMLD500", locale="es_ES")
    assert run_for_asset(ctx, "user_instructions", "XMLD500_es_ES_user_guide") == [
        'product_link_rules[0] was not applied to the asset "XMLD500_es_ES_user_guide": '
        'product_link_rules[0].assign_assets_to: The locale "es_ES" is not activated or does not exist'
    ]


def test_a_target_refusing_the_value_is_reported(ctx: Context) -> None:
    rule = {
        "product_selections": [{"field": "sku", "operator": "=", "value": "{{product_ref}}"}],
        "assign_assets_to": [{"mode": "add", "attribute": "model_pictures", "locale": "{{product_ref}}"}],
    }
    asset_families.upsert(ctx, "packshots", {"product_link_rules": [rule]})
    products.create_product(ctx, {"identifier": "en_US", "family": "clothing"})  # a product named like a locale
    products.upsert_product(ctx, "amor", {"values": {}})
    catalog = ctx.store.catalog
    catalog.attributes["model_pictures"] = {**catalog.attributes["model_pictures"], "available_locales": ["fr_FR"]}
    assets.upsert(ctx, "packshots", "en_packshot", {"values": {"product_ref": _value("en_US")}})
    [reason] = run_for_asset(ctx, "packshots", "en_packshot")
    assert reason.startswith("product_link_rules[0] was not applied")
    assert 'is locale specific: "en_US" is not one of its locales.' in reason


def test_a_product_whose_family_lacks_the_target_attribute_is_reported(ctx: Context) -> None:
    asset_attributes.upsert_option(ctx, "ambient_images", "product_categories", "tvs", {})
    create_ambient_picture(ctx, "tv_ambient_picture", ["tvs"])
    assert run_for_asset(ctx, "ambient_images", "tv_ambient_picture") == [
        'product_link_rules[0].assign_assets_to[0]: the asset "tv_ambient_picture" was not assigned: the product '
        '"XMLD500" is in the family "tvs", which has no attribute "ambient_image".'
    ]


def test_an_assignment_the_product_value_rules_refuse_is_reported(ctx: Context) -> None:
    create_ambient_picture(ctx, "children_ambient_picture", ["children"])
    kid = ctx.store.catalog.products["sku_kid_tshirt"]  # a stale asset code left in the value (store edited)
    stale = [{"locale": None, "scope": None, "data": ["deleted_picture"]}]
    ctx.store.catalog.products["sku_kid_tshirt"] = {**kid, "values": {**kid["values"], "ambient_image": stale}}
    assert run_for_asset(ctx, "ambient_images", "children_ambient_picture") == [
        'product_link_rules[0].assign_assets_to[0]: the asset "children_ambient_picture" was not assigned to the '
        'product "sku_kid_tshirt": The asset "deleted_picture" does not exist in the asset family "ambient_images".'
    ]
    assert value(ctx, "sku_kid_tshirt", "ambient_image") == stale


def test_an_unknown_asset_or_family_runs_nothing(ctx: Context) -> None:
    assert run_for_asset(ctx, "ghosts", "boo") == [
        'The asset family "ghosts" does not exist: no product link rule was run.'
    ]
    assert run_for_asset(ctx, "user_instructions", "boo") == [
        'The asset "boo" does not exist in the asset family "user_instructions": no rule was run.'
    ]


def test_a_family_without_rules_links_nothing(ctx: Context) -> None:
    assets.upsert(ctx, "frontview", "front", {})
    before = copy.deepcopy(ctx.store.catalog.products)
    assert run_for_asset(ctx, "frontview", "front") == []
    assert ctx.store.catalog.products == before


# -- refusals at family save ------------------------------------------------------------------------------------

SELECTION_PATH = "product_link_rules[0].product_selections"  # LINK-RULES-VENDOR-PATHS
ASSIGNMENT_PATH = "product_link_rules[0].assign_assets_to"


def refusal(ctx: Context, family_code: str, rules: list[dict[str, Any]]) -> list[tuple[str, str]]:
    stored = copy.deepcopy(ctx.store.asset_families[family_code])
    with pytest.raises(ValidationFailed) as caught:
        asset_families.upsert(ctx, family_code, {"product_link_rules": rules})
    assert ctx.store.asset_families[family_code] == stored
    return [(error.property, error.message) for error in caught.value.errors]


def a_rule(selection: dict[str, Any], assignment: dict[str, Any] | None = None) -> dict[str, Any]:
    return {
        "product_selections": [selection],
        "assign_assets_to": [assignment or {"mode": "add", "attribute": "ambient_image", "locale": None}],
    }


def test_family_refuses_a_selection_on_an_unknown_product_attribute(ctx: Context) -> None:
    # LINK-RULE-MESSAGES: the rule engine's ExistingFilterField
    assert refusal(ctx, "ambient_images", [a_rule({"field": "colour", "operator": "IN", "value": ["red"]})]) == [
        (SELECTION_PATH, 'The field "colour" cannot be filtered or cannot be used with operator "IN".')
    ]


def test_family_refuses_an_operator_the_field_type_does_not_take(ctx: Context) -> None:
    selection = {"field": "main_color", "operator": "CONTAINS", "value": "red", "locale": None, "channel": None}
    assert refusal(ctx, "ambient_images", [a_rule(selection)]) == [
        (SELECTION_PATH, 'The field "main_color" cannot be filtered or cannot be used with operator "CONTAINS".')
    ]


def test_family_refuses_a_selection_without_the_locale_of_a_localizable_attribute(ctx: Context) -> None:
    selection = {"field": "name", "operator": "=", "value": "Amor", "locale": None, "channel": None}
    assert refusal(ctx, "ambient_images", [a_rule(selection)]) == [
        (SELECTION_PATH, 'The attribute "name" is localizable: a locale is expected.')
    ]


def test_family_refuses_an_assignment_to_an_attribute_that_is_not_an_asset_collection(ctx: Context) -> None:
    rule = a_rule({"field": "family", "operator": "IN", "value": ["tvs"]}, {"mode": "add", "attribute": "name"})
    assert refusal(ctx, "ambient_images", [rule]) == [
        (ASSIGNMENT_PATH, 'product attribute "name" is not an attribute of type asset collection')
    ]


def test_family_refuses_an_assignment_to_an_asset_collection_of_another_family(ctx: Context) -> None:
    rule = a_rule({"field": "enabled", "operator": "=", "value": "true"}, {"mode": "add", "attribute": "pictures"})
    assert refusal(ctx, "ambient_images", [rule]) == [
        (ASSIGNMENT_PATH, 'The product attribute "pictures" cannot contain assets of asset family "ambient_images"')
    ]


def test_link_assignment_coordinates_at_run_time_a_locale_the_target_does_not_take(ctx: Context) -> None:
    """LINK-ASSIGNMENT-COORDINATES-AT-RUN-TIME: the family is saved; the rule fails when it runs, linking nothing."""
    rule = {
        "product_selections": [{"field": "sku", "operator": "=", "value": "{{product_ref}}"}],
        "assign_assets_to": [{"mode": "add", "attribute": "user_instructions", "locale": None}],
    }
    asset_families.upsert(ctx, "user_instructions", {"product_link_rules": [rule]})
    assert ctx.store.asset_families["user_instructions"]["product_link_rules"] == [rule]
    create_user_guide(ctx, "XMLD500_user_guide", product_ref="XMLD500", locale="en_US")
    assert run_for_asset(ctx, "user_instructions", "XMLD500_user_guide") == [
        'product_link_rules[0] was not applied to the asset "XMLD500_user_guide": product_link_rules[0]'
        '.assign_assets_to: The attribute "user_instructions" is localizable: a locale is expected.'
    ]
    assert value(ctx, "XMLD500", "user_instructions") == []


def test_link_rule_messages_catalog_faults_in_the_vendor_order(ctx: Context) -> None:
    # LINK-RULE-MESSAGES: the selections, then the assignments; a refused mode leaves the target unchecked.
    rule = a_rule({"field": "colour", "operator": "IN", "value": ["red"]}, {"mode": "append", "attribute": "ghost"})
    assert refusal(ctx, "ambient_images", [rule]) == [
        (SELECTION_PATH, 'The field "colour" cannot be filtered or cannot be used with operator "IN".'),
        (
            ASSIGNMENT_PATH,
            'Invalid assignment mode "append" found in a product link rule, expected to be "replace" or "add"',
        ),
    ]
    rule = a_rule({"field": "enabled", "operator": "=", "value": "true"}, {"mode": "add", "attribute": "ghost"})
    assert refusal(ctx, "ambient_images", [rule]) == [(ASSIGNMENT_PATH, 'product attribute "ghost" does not exist')]


def test_family_update_without_rules_does_not_check_the_stored_rules_again(ctx: Context) -> None:
    del ctx.store.catalog.attributes["ambient_image"]  # the catalog changed under the stored rule
    assert not asset_families.upsert(ctx, "ambient_images", {"labels": {"fr_FR": "Ambiances"}})


def test_family_refusal_is_a_422_listing_each_property() -> None:
    app = create_app(settings=Settings(validate_responses=True), start_catalog=load_start)
    basic = "Basic " + base64.b64encode(b"client:secret").decode()
    grant = {"grant_type": "password", "username": "admin", "password": "admin"}
    rule = a_rule({"field": "colour", "operator": "IN", "value": ["red"]}, {"mode": "add", "attribute": "pictures"})

    async def patch() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client:
            token = await client.post("/api/oauth/v1/token", json=grant, headers={"Authorization": basic})
            headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
            body = {"code": "ambient_images", "product_link_rules": [rule]}
            return await client.patch("/api/rest/v1/asset-families/ambient_images", json=body, headers=headers)

    response = asyncio.run(patch())
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == 422
    assert [error["property"] for error in body["errors"]] == [
        SELECTION_PATH,
        ASSIGNMENT_PATH,
    ]


def test_link_extrapolation_types_follow_the_vendor() -> None:
    """LINK-EXTRAPOLATION-TYPES: a selection's value may extrapolate a text or option attribute, every other site a
    text attribute only (ExtrapolatedAttributeValidator's supported types); faults at the vendor's paths."""
    attributes = {
        "color": {"code": "color", "type": "single_option"},
        "pages": {"code": "pages", "type": "number"},
        "target": {"code": "target", "type": "text"},
    }
    rule = {
        "product_selections": [{"field": "sku", "operator": "=", "value": "{{color}}"}],
        "assign_assets_to": [{"mode": "add", "attribute": "{{target}}"}],
    }
    errors = ErrorCollector()
    check_product_link_rules(errors, [rule], attributes=attributes)
    assert errors.errors == []
    rule = {
        "product_selections": [{"field": "sku", "operator": "=", "value": "{{pages}}"}],
        "assign_assets_to": [{"mode": "add", "attribute": "{{color}}"}],
    }
    check_product_link_rules(errors, [rule], attributes=attributes)
    assert [(e.property, e.message) for e in errors.errors] == [
        (
            "product_link_rules[0].product_selections",
            'The attribute "pages" of type "number" is not supported, only the following attribute types are '
            "supported for this field: text, option, option_collection",
        ),
        (
            "product_link_rules[0].assign_assets_to",
            'The attribute "color" of type "option" is not supported, only the following attribute types are '
            "supported for this field: text",
        ),
    ]
