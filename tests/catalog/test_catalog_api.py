"""The product side's catalog through the app: list conventions and search, channels, categories, attributes,
options, families (products and product models: test_products_api.py). httpx on the in-process ASGI transport; the app
validates its own answers against the contract, so a shape mistake would surface as a 500."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from fixtures.locales import INSTALLED_LOCALES
from tests.catalog.catalog_http import BASE, ROOT

pytestmark = pytest.mark.anyio

# -- conventions ------------------------------------------------------------------------------------------------


async def test_catalog_routes_need_a_token(app: Any) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=BASE) as anonymous:
        response = await anonymous.get(f"{ROOT}/products")
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "Authentication is required"}


async def test_offset_page_links_are_absolute_and_previous_next_only_where_they_lead(api: httpx.AsyncClient) -> None:
    first = (await api.get(f"{ROOT}/locales", params={"limit": 2, "with_count": "true"})).json()
    assert first["_links"] == {
        "self": {"href": f"{BASE}{ROOT}/locales?page=1&limit=2&with_count=true"},
        "first": {"href": f"{BASE}{ROOT}/locales?page=1&limit=2&with_count=true"},
        "next": {"href": f"{BASE}{ROOT}/locales?page=2&limit=2&with_count=true"},
    }
    assert first["current_page"] == 1 and first["items_count"] == len(INSTALLED_LOCALES)
    assert first["_embedded"]["items"][0] == {
        "_links": {"self": {"href": f"{BASE}{ROOT}/locales/ar_SA"}},
        "code": "ar_SA",
        "enabled": False,
    }
    last_page = (len(INSTALLED_LOCALES) + 1) // 2
    last = (await api.get(f"{ROOT}/locales", params={"limit": 2, "page": last_page})).json()
    assert set(last["_links"]) == {"self", "first", "previous"}
    assert last["_links"]["previous"]["href"] == f"{BASE}{ROOT}/locales?page={last_page - 1}&limit=2"
    assert "items_count" not in last


async def test_default_page_size_is_10(api: httpx.AsyncClient) -> None:
    page = (await api.get(f"{ROOT}/categories")).json()
    assert len(page["_embedded"]["items"]) == 10
    assert page["_links"]["next"]["href"] == f"{BASE}{ROOT}/categories?page=2&limit=10"


@pytest.mark.parametrize("path", ["locales", "channels", "categories", "attributes", "families", "products"])
async def test_limit_above_100_is_refused_on_every_list(api: httpx.AsyncClient, path: str) -> None:
    response = await api.get(f"{ROOT}/{path}", params={"limit": 101})
    assert response.status_code == 422
    assert response.json() == {"code": 422, "message": "You cannot request more than 100 items."}


@pytest.mark.parametrize(("name", "value"), [("page", "0"), ("page", "--5"), ("limit", "ten"), ("limit", "-1")])
async def test_page_and_limit_must_be_positive_integers(api: httpx.AsyncClient, name: str, value: str) -> None:
    response = await api.get(f"{ROOT}/families", params={name: value})
    assert response.status_code == 422
    assert response.json()["message"] == f'"{value}" is not a valid {name} number.'


async def test_with_count_must_be_true_or_false(api: httpx.AsyncClient) -> None:
    response = await api.get(f"{ROOT}/channels", params={"with_count": "null"})
    assert response.status_code == 422
    assert (
        response.json()["message"]
        == 'Parameter "with_count" has to be a boolean. Only "true" or "false" allowed, "null" given.'
    )


# PRODUCT-SEARCH-NOT-JSON: ProductController answers 400, ProductModelController 422, the catalog resources 422.
NOT_JSON_STATUS = {"products": 400, "product-models": 422, "attributes": 422, "attribute-groups": 422}


@pytest.mark.parametrize("search", ["{family:", "", '"text"', "42", "true", "null"])
@pytest.mark.parametrize("resource", ["products", "product-models"])
async def test_product_search_not_json(api: httpx.AsyncClient, resource: str, search: str) -> None:
    """PRODUCT-SEARCH-NOT-JSON: whatever json_decode does not make an array (not JSON, empty, a scalar)."""
    response = await api.get(f"{ROOT}/{resource}", params={"search": search})
    status = NOT_JSON_STATUS[resource]
    assert (response.status_code, response.json()) == (
        status,
        {"code": status, "message": "Search query parameter should be valid JSON."},
    )


@pytest.mark.parametrize("resource", ["products", "product-models"])
async def test_product_search_empty_array_filters_nothing(api: httpx.AsyncClient, resource: str) -> None:
    """PRODUCT-SEARCH-NOT-JSON: `[]` is an array to json_decode (PHP's empty object), so it filters nothing."""
    everything = (await api.get(f"{ROOT}/{resource}")).json()["_embedded"]["items"]
    response = await api.get(f"{ROOT}/{resource}", params={"search": "[]"})
    assert response.status_code == 200, response.text
    assert response.json()["_embedded"]["items"] == everything


async def test_catalog_search_that_is_not_json_is_unprocessable(api: httpx.AsyncClient) -> None:
    response = await api.get(f"{ROOT}/attributes", params={"search": "{family:"})
    assert response.status_code == 422
    assert response.json()["message"] == "Search query parameter should be valid JSON."


@pytest.mark.parametrize("depth", [600, 1000, 5000])
@pytest.mark.parametrize("resource", ["products", "product-models", "attributes", "attribute-groups"])
async def test_search_deep_nesting_is_refused_not_crashed(api: httpx.AsyncClient, resource: str, depth: int) -> None:
    """PRODUCT-SEARCH-DEEP-NESTING: deeper than the vendor's JSON decoder goes (512) is "not valid JSON", never a
    500 (400 or 422 by controller: PRODUCT-SEARCH-NOT-JSON)."""
    nested = '{"enabled":[{"operator":"=","value":' + "[" * depth + "]" * depth + "}]}"
    response = await api.get(f"{ROOT}/{resource}", params={"search": nested})
    status = NOT_JSON_STATUS[resource]
    assert (response.status_code, response.json()) == (
        status,
        {"code": status, "message": "Search query parameter should be valid JSON."},
    )


async def test_unsupported_search_filter_is_refused(api: httpx.AsyncClient) -> None:
    response = await api.get(f"{ROOT}/locales", params={"search": '{"code":[{"operator":"=","value":"en_US"}]}'})
    assert response.status_code == 422


async def test_locales_filter_on_enabled(api: httpx.AsyncClient) -> None:
    search = json.dumps({"enabled": [{"operator": "=", "value": True}]})
    page = (await api.get(f"{ROOT}/locales", params={"search": search})).json()
    assert [item["code"] for item in page["_embedded"]["items"]] == ["de_DE", "en_US", "fr_FR"]
    assert (await api.get(f"{ROOT}/locales/es_ES")).json() == {"code": "es_ES", "enabled": False}
    missing = await api.get(f"{ROOT}/locales/xx_XX")
    assert missing.status_code == 404 and missing.json()["message"] == 'Locale "xx_XX" does not exist.'


# -- channels and categories ------------------------------------------------------------------------------------


async def test_channel_created_by_post_enables_its_locales(api: httpx.AsyncClient) -> None:
    body = {"code": "ecommerce_es", "category_tree": "master", "currencies": ["EUR"], "locales": ["es_ES"]}
    created = await api.post(f"{ROOT}/channels", json=body)
    assert created.status_code == 201
    assert created.headers["location"] == f"{BASE}{ROOT}/channels/ecommerce_es"
    assert (await api.get(f"{ROOT}/locales/es_ES")).json()["enabled"] is True
    again = await api.post(f"{ROOT}/channels", json=body)
    assert again.status_code == 422
    assert again.json()["errors"] == [{"property": "code", "message": 'The channel "ecommerce_es" already exists.'}]


async def test_channel_category_tree_must_be_a_root_category(api: httpx.AsyncClient) -> None:
    response = await api.patch(f"{ROOT}/channels/mobile", json={"category_tree": "men"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["property"] == "category_tree"


async def test_channel_patch_merges_labels(api: httpx.AsyncClient) -> None:
    response = await api.patch(f"{ROOT}/channels/mobile", json={"labels": {"de_DE": "Tablet"}})
    assert response.status_code == 204
    assert (await api.get(f"{ROOT}/channels/mobile")).json()["labels"] == {
        "en_US": "Mobile",
        "fr_FR": "Mobile",
        "de_DE": "Tablet",
    }


async def test_category_moves_and_reports_its_position(api: httpx.AsyncClient) -> None:
    assert (await api.post(f"{ROOT}/categories", json={"code": "shoes", "parent": "master"})).status_code == 201
    assert (await api.patch(f"{ROOT}/categories/shoes", json={"parent": "men"})).status_code == 204
    shoes = (await api.get(f"{ROOT}/categories/shoes", params={"with_position": "true"})).json()
    assert shoes["parent"] == "men" and shoes["position"] == 2
    own_parent = await api.patch(f"{ROOT}/categories/shoes", json={"parent": "shoes"})
    assert own_parent.status_code == 422
    assert own_parent.json()["errors"] == [
        {"property": "parent", "message": 'The category "shoes" cannot be its own parent.'}
    ]


async def test_unknown_property_is_refused_by_name(api: httpx.AsyncClient) -> None:
    response = await api.post(f"{ROOT}/categories", json={"code": "boots", "colour": "red"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["property"] == "colour"


# -- attributes, options, families ------------------------------------------------------------------------------


async def test_documented_asset_collection_attribute_joins_a_family(api: httpx.AsyncClient) -> None:
    body = {
        "code": "my_new_asset_collection",
        "type": "pim_catalog_asset_collection",
        "group": "other",
        "localizable": False,
        "scopable": False,
        "labels": {"en_US": "My new assets"},
        "reference_data_name": "packshots",
    }
    assert (await api.post(f"{ROOT}/attributes", json=body)).status_code == 201
    shown = (await api.get(f"{ROOT}/attributes/my_new_asset_collection")).json()
    assert shown["reference_data_name"] == "packshots" and "updated" not in shown
    family = (await api.get(f"{ROOT}/families/tvs")).json()
    patch = {"attributes": [*family["attributes"], "my_new_asset_collection"]}
    assert (await api.patch(f"{ROOT}/families/tvs", json=patch)).status_code == 204
    assert "my_new_asset_collection" in (await api.get(f"{ROOT}/families/tvs")).json()["attributes"]


async def test_asset_collection_attribute_needs_an_existing_asset_family(api: httpx.AsyncClient) -> None:
    body = {"code": "brochures", "type": "pim_catalog_asset_collection", "group": "other", "reference_data_name": "x"}
    response = await api.post(f"{ROOT}/attributes", json=body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"property": "reference_data_name", "message": 'The asset family "x" does not exist.'}
    ]


async def test_attribute_type_cannot_change(api: httpx.AsyncClient) -> None:
    response = await api.patch(f"{ROOT}/attributes/name", json={"type": "pim_catalog_textarea"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["property"] == "type"


async def test_attributes_filter_on_type(api: httpx.AsyncClient) -> None:
    search = json.dumps({"type": [{"operator": "IN", "value": ["pim_catalog_identifier"]}]})
    page = (await api.get(f"{ROOT}/attributes", params={"search": search})).json()
    assert [(a["code"], a["is_main_identifier"]) for a in page["_embedded"]["items"]] == [("sku", True)]


async def test_options_of_a_select_attribute(api: httpx.AsyncClient) -> None:
    created = await api.post(
        f"{ROOT}/attributes/main_color/options", json={"code": "purple", "labels": {"en_US": "Purple"}}
    )
    assert created.status_code == 201
    assert created.headers["location"] == f"{BASE}{ROOT}/attributes/main_color/options/purple"
    assert (await api.patch(f"{ROOT}/attributes/main_color/options/purple", json={"sort_order": 1})).status_code == 204
    shown = (await api.get(f"{ROOT}/attributes/main_color/options/purple")).json()
    assert shown == {"code": "purple", "attribute": "main_color", "sort_order": 1, "labels": {"en_US": "Purple"}}
    page = (await api.get(f"{ROOT}/attributes/main_color/options", params={"with_count": "true"})).json()
    assert page["items_count"] == 6


async def test_options_of_another_attribute_type_are_not_found(api: httpx.AsyncClient) -> None:
    assert (await api.get(f"{ROOT}/attributes/name/options")).status_code == 404
    assert (await api.get(f"{ROOT}/attributes/ghost/options")).status_code == 404


async def test_family_label_attribute_must_be_an_identifier_or_text_attribute(api: httpx.AsyncClient) -> None:
    response = await api.post(f"{ROOT}/families", json={"code": "mugs", "attribute_as_label": "main_color"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["property"] == "attribute_as_label"
