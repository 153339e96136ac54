"""Attribute groups and family variants through the app, and what product attributes and product models need from
them (the app validates its responses against the contract)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.support import BASIC, PASSWORD_GRANT

pytestmark = pytest.mark.anyio

ROOT = "/api/rest/v1"
BASE = "http://testserver"


async def get_json(api: httpx.AsyncClient, path: str) -> Any:
    response = await api.get(f"{ROOT}/{path}")
    assert response.status_code == 200, response.text
    return response.json()


# -- attribute groups -------------------------------------------------------------------------------------------


async def test_attribute_group_list_is_an_offset_page_sorted_by_code(api: httpx.AsyncClient) -> None:
    page = await get_json(api, "attribute-groups?limit=2&with_count=true")
    assert page["current_page"] == 1 and page["items_count"] == 3
    assert [g["code"] for g in page["_embedded"]["items"]] == ["marketing", "other"]
    assert page["_embedded"]["items"][1] == {
        "_links": {"self": {"href": f"{BASE}{ROOT}/attribute-groups/other"}},
        "code": "other",
        "sort_order": 100,
        "attributes": ["sku"],
        "labels": {"en_US": "Other"},
    }
    assert "next" in page["_links"]
    search = '{"code":[{"operator":"IN","value":["technical"]}]}'
    found = await get_json(api, f"attribute-groups?search={search}")
    assert [g["code"] for g in found["_embedded"]["items"]] == ["technical"]


async def test_attribute_group_default_other_exists_in_an_empty_pim() -> None:
    """PRODUCT-GROUP-DEFAULT-OTHER: even started with --empty, a connector finds `other` and can use it."""
    app = create_app(settings=Settings(load_fixtures=False, validate_responses=True), start_catalog=load_start)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as api:
        token = await api.post("/api/oauth/v1/token", json=PASSWORD_GRANT, headers={"Authorization": BASIC})
        api.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        assert (await get_json(api, "attribute-groups/other"))["attributes"] == []
        body = {"code": "sku", "type": "pim_catalog_identifier", "group": "other"}
        assert (await api.post(f"{ROOT}/attributes", json=body)).status_code == 201
        assert (await get_json(api, "attribute-groups/other"))["attributes"] == ["sku"]


async def test_attribute_group_post_creates_with_location(api: httpx.AsyncClient) -> None:
    body = {"code": "media", "sort_order": 5, "attributes": ["packshots"], "labels": {"en_US": "Media"}}
    response = await api.post(f"{ROOT}/attribute-groups", json=body)
    assert response.status_code == 201 and response.content == b""
    assert response.headers["location"] == f"{BASE}{ROOT}/attribute-groups/media"
    assert await get_json(api, "attribute-groups/media") == body
    again = await api.post(f"{ROOT}/attribute-groups", json=body)
    assert again.status_code == 422


async def test_attribute_group_patch_upserts(api: httpx.AsyncClient) -> None:
    created = await api.patch(f"{ROOT}/attribute-groups/erp", json={"labels": {"en_US": "ERP"}})
    assert created.status_code == 201
    assert created.headers["location"] == f"{BASE}{ROOT}/attribute-groups/erp"
    updated = await api.patch(f"{ROOT}/attribute-groups/erp", json={"sort_order": 7})
    assert updated.status_code == 204
    assert await get_json(api, "attribute-groups/erp") == {
        "code": "erp",
        "sort_order": 7,
        "attributes": [],
        "labels": {"en_US": "ERP"},
    }


async def test_attribute_group_attributes_move(api: httpx.AsyncClient) -> None:
    """PRODUCT-GROUP-ATTRIBUTES-MOVE: an attribute belongs to one group; those dropped go to `other`."""
    assert (
        await api.patch(f"{ROOT}/attribute-groups/technical", json={"attributes": ["release_date"]})
    ).status_code == 204
    assert (await get_json(api, "attribute-groups/technical"))["attributes"] == ["release_date"]
    assert (await get_json(api, "attributes/release_date"))["group"] == "technical"
    assert (await get_json(api, "attributes/weight"))["group"] == "other"
    assert "release_date" not in (await get_json(api, "attribute-groups/marketing"))["attributes"]
    assert "weight" in (await get_json(api, "attribute-groups/other"))["attributes"]


async def test_attribute_group_unknown_is_404(api: httpx.AsyncClient) -> None:
    response = await api.get(f"{ROOT}/attribute-groups/nope")
    assert response.status_code == 404
    assert response.json() == {"code": 404, "message": 'Attribute group "nope" does not exist.'}


async def test_attribute_group_code_format_refused_and_nothing_written(api: httpx.AsyncClient) -> None:
    """PRODUCT-GROUP-CODE-FORMAT."""
    response = await api.patch(f"{ROOT}/attribute-groups/bad-code", json={})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"property": "code", "message": "Attribute group code may contain only letters, numbers and underscores"}
    ]
    assert (await api.get(f"{ROOT}/attribute-groups/bad-code")).status_code == 404


async def test_attribute_group_unknown_attribute_writes_nothing(api: httpx.AsyncClient) -> None:
    response = await api.patch(f"{ROOT}/attribute-groups/technical", json={"attributes": ["name", "ghost"]})
    assert response.status_code == 422
    assert (await get_json(api, "attributes/name"))["group"] == "marketing"


async def test_attribute_group_must_exist_for_a_product_attribute(api: httpx.AsyncClient) -> None:
    """PRODUCT-GROUP-MUST-EXIST."""
    body = {"code": "material", "type": "pim_catalog_text", "group": "nope"}
    response = await api.post(f"{ROOT}/attributes", json=body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "property": "group",
            "message": 'Property "group" expects a valid code. The attribute group does not exist, "nope" given.',
        }
    ]
    assert (await api.get(f"{ROOT}/attributes/material")).status_code == 404
    missing = await api.post(f"{ROOT}/attributes", json={"code": "material", "type": "pim_catalog_text"})
    assert missing.status_code == 422
    assert (await api.post(f"{ROOT}/attributes", json={**body, "group": "technical"})).status_code == 201


# -- family variants --------------------------------------------------------------------------------------------

VARIANT = {
    "code": "clothing_range",
    "labels": {"en_US": "Clothing by range"},
    "variant_attribute_sets": [{"level": 1, "axes": ["range_style"], "attributes": ["description"]}],
}


async def test_family_variant_list_and_get(api: httpx.AsyncClient) -> None:
    page = await get_json(api, "families/clothing/variants?with_count=true")
    assert page["items_count"] == 2
    assert [v["code"] for v in page["_embedded"]["items"]] == ["clothing_color_size", "clothing_size"]
    link = page["_embedded"]["items"][1]["_links"]["self"]["href"]
    assert link == f"{BASE}{ROOT}/families/clothing/variants/clothing_size"
    assert await get_json(api, "families/clothing/variants/clothing_size") == {
        "code": "clothing_size",
        "labels": {"en_US": "Clothing by size", "fr_FR": "Vêtements par taille"},
        "variant_attribute_sets": [{"level": 1, "axes": ["size"], "attributes": ["size", "sku"]}],
    }


async def test_family_variant_not_found(api: httpx.AsyncClient) -> None:
    wrong_family = await api.get(f"{ROOT}/families/tvs/variants/clothing_size")
    assert wrong_family.status_code == 404
    assert wrong_family.json()["message"] == (
        'Family variant "clothing_size" does not exist or is not a variant of the family "tvs".'
    )
    no_family = await api.get(f"{ROOT}/families/ghost/variants")
    assert no_family.status_code == 404
    assert no_family.json()["message"] == 'Family "ghost" does not exist.'


async def test_family_variant_post_and_patch(api: httpx.AsyncClient) -> None:
    created = await api.post(f"{ROOT}/families/clothing/variants", json=VARIANT)
    assert created.status_code == 201
    assert created.headers["location"] == f"{BASE}{ROOT}/families/clothing/variants/clothing_range"
    shown = await get_json(api, "families/clothing/variants/clothing_range")
    assert shown["variant_attribute_sets"] == [
        {"level": 1, "axes": ["range_style"], "attributes": ["description", "range_style", "sku"]}
    ]
    update = {"labels": {"fr_FR": "Vêtements par gamme"}}
    assert (await api.patch(f"{ROOT}/families/clothing/variants/clothing_range", json=update)).status_code == 204
    assert (await get_json(api, "families/clothing/variants/clothing_range"))["labels"] == {
        "en_US": "Clothing by range",
        "fr_FR": "Vêtements par gamme",
    }
    upserted = await api.patch(
        f"{ROOT}/families/accessories/variants/accessories_color",
        json={"variant_attribute_sets": [{"level": 1, "axes": ["main_color"]}]},
    )
    assert upserted.status_code == 201


async def test_family_variant_axes_immutable(api: httpx.AsyncClient) -> None:
    """PRODUCT-VARIANT-AXES-IMMUTABLE."""
    body = {"variant_attribute_sets": [{"level": 1, "axes": ["main_color"]}]}
    response = await api.patch(f"{ROOT}/families/clothing/variants/clothing_size", json=body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"property": "variant_attribute_sets", "message": 'Variant axes cannot be modified for the level "1"'}
    ]
    assert (await get_json(api, "families/clothing/variants/clothing_size"))["variant_attribute_sets"][0]["axes"] == [
        "size"
    ]


async def test_family_variant_attributes_of_the_family(api: httpx.AsyncClient) -> None:
    """PRODUCT-VARIANT-FAMILY-ATTRIBUTES: release_date is not a clothing attribute."""
    body = {**VARIANT, "variant_attribute_sets": [{"level": 1, "axes": ["size"], "attributes": ["release_date"]}]}
    response = await api.post(f"{ROOT}/families/clothing/variants", json=body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == (
        '"release_date" attribute cannot be added to "clothing_range" family variant, as it is not an attribute '
        'of the "clothing" family'
    )
    assert (await api.get(f"{ROOT}/families/clothing/variants/clothing_range")).status_code == 404


# -- product models and variant products -------------------------------------------------------------------------


async def test_product_model_family_variant_must_exist(api: httpx.AsyncClient) -> None:
    """PRODUCT-MODEL-VARIANT-EXISTS."""
    response = await api.post(f"{ROOT}/product-models", json={"code": "tee", "family_variant": "tshirt_size"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "property": "family_variant",
            "message": 'Property "family_variant" expects a valid family variant code. '
            'The family variant does not exist, "tshirt_size" given.',
        }
    ]


async def test_product_models_follow_the_levels_of_their_variant(api: httpx.AsyncClient) -> None:
    """PRODUCT-MODEL-VARIANT-LEVELS and PRODUCT-MODEL-VARIANT-LEVELS."""
    root = {"code": "amor", "family_variant": "clothing_color_size"}
    assert (await api.post(f"{ROOT}/product-models", json=root)).status_code == 201
    under_root = await api.patch(f"{ROOT}/products/new_amor", json={"parent": "amor"})
    assert under_root.status_code == 422
    assert under_root.json()["errors"][0]["property"] == "parent"
    sub = {"code": "amor_red", "parent": "amor", "family_variant": "clothing_color_size"}
    assert (await api.post(f"{ROOT}/product-models", json=sub)).status_code == 201
    assert (await api.patch(f"{ROOT}/products/new_amor", json={"parent": "amor_red"})).status_code == 201
    one_level = {"code": "jack_brown_s", "parent": "jack_brown", "family_variant": "clothing_size"}
    refused = await api.post(f"{ROOT}/product-models", json=one_level)
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "property": "parent",
            "message": 'The product model "jack_brown_s" cannot have the product model "jack_brown" as parent',
        }
    ]


async def test_family_axes_stay_in_the_family(api: httpx.AsyncClient) -> None:
    """PRODUCT-VARIANT-AXES-IN-FAMILY: an attribute used as an axis by a variant of the family cannot leave it."""
    family = await get_json(api, "families/accessories")
    kept = [a for a in family["attributes"] if a != "size"]
    response = await api.patch(f"{ROOT}/families/accessories", json={"attributes": kept})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "property": "attributes",
            "message": 'Attribute "size" is an axis in "accessories_size" family variant. It must belong to the family.',
        }
    ]
    assert "size" in (await get_json(api, "families/accessories"))["attributes"]
