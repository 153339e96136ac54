"""The product-side operations through the app (httpx on the in-process ASGI transport; the app validates its own
answers against the contract, so a shape mistake would surface as a 500)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from fixtures.locales import INSTALLED_LOCALES

pytestmark = pytest.mark.anyio

ROOT = "/api/rest/v1"
BASE = "http://testserver"
NDJSON = {"Content-Type": "application/vnd.akeneo.collection+json"}


def lines(response: httpx.Response) -> list[dict[str, Any]]:
    return [json.loads(line) for line in response.text.splitlines()]


def ndjson(*entries: Any) -> str:
    return "\n".join(entry if isinstance(entry, str) else json.dumps(entry) for entry in entries)


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


# -- products ---------------------------------------------------------------------------------------------------


async def test_product_asset_collection_value_must_name_existing_assets(api: httpx.AsyncClient) -> None:
    body = {
        "identifier": "1111111196",
        "family": "clothing",
        "values": {"model_pictures": [{"locale": "en_US", "scope": None, "data": ["picture_enUS_front"]}]},
    }
    response = await api.post(f"{ROOT}/products", json=body)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "property": "values",
            "message": 'The asset "picture_enUS_front" does not exist in the asset family "packshots".',
            "attribute": "model_pictures",
            "locale": "en_US",
            "scope": None,
        }
    ]


async def test_product_lifecycle(api: httpx.AsyncClient) -> None:
    body = {
        "identifier": "top",
        "family": "clothing",
        "categories": ["tshirts"],
        "values": {
            "description": [{"locale": "en_US", "scope": "ecommerce", "data": "Summer top"}],
            "model_pictures": [{"locale": "en_US", "scope": None, "data": ["amor_packshot"]}],
        },
    }
    created = await api.post(f"{ROOT}/products", json=body)
    assert created.status_code == 201 and created.headers["location"] == f"{BASE}{ROOT}/products/top"
    patch = {"values": {"description": [{"locale": "fr_FR", "scope": "ecommerce", "data": "Haut d'été"}]}}
    assert (await api.patch(f"{ROOT}/products/top", json=patch)).status_code == 204
    shown = (await api.get(f"{ROOT}/products/top")).json()
    assert shown["values"]["description"] == [
        {"locale": "en_US", "scope": "ecommerce", "data": "Summer top"},
        {"locale": "fr_FR", "scope": "ecommerce", "data": "Haut d'été"},
    ]
    assert shown["values"]["model_pictures"] == [{"locale": "en_US", "scope": None, "data": ["amor_packshot"]}]
    assert (await api.delete(f"{ROOT}/products/top")).status_code == 204
    assert (await api.get(f"{ROOT}/products/top")).status_code == 404


async def test_product_patch_creates_an_unknown_identifier(api: httpx.AsyncClient) -> None:
    response = await api.patch(f"{ROOT}/products/new_one", json={"family": "tvs"})
    assert response.status_code == 201
    assert response.headers["location"] == f"{BASE}{ROOT}/products/new_one"


async def test_product_identifier_is_immutable_through_the_url(api: httpx.AsyncClient) -> None:
    response = await api.patch(f"{ROOT}/products/XMLD500", json={"identifier": "XMLD501"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["property"] == "identifier"


async def test_variant_product_shows_its_inherited_values(api: httpx.AsyncClient) -> None:
    shown = (await api.get(f"{ROOT}/products/1111111195")).json()
    assert shown["parent"] == "jack_brown" and shown["family"] == "clothing"
    assert shown["categories"] == ["tshirts"]
    assert shown["values"]["main_color"] == [{"locale": None, "scope": None, "data": "brown"}]


async def test_product_list_filters_values_by_scope_locales_and_attributes(api: httpx.AsyncClient) -> None:
    search = json.dumps({"identifier": [{"operator": "IN", "value": ["XMLD500"]}]})
    params = {"search": search, "scope": "ecommerce", "locales": "fr_FR", "attributes": "name,description"}
    item = (await api.get(f"{ROOT}/products", params=params)).json()["_embedded"]["items"][0]
    assert item["values"] == {
        "name": [{"locale": "fr_FR", "scope": None, "data": "Téléviseur XMLD500"}],
        "description": [{"locale": "fr_FR", "scope": "ecommerce", "data": "Un téléviseur de 50 pouces."}],
    }
    unknown = await api.get(f"{ROOT}/products", params={"scope": "tablet"})
    assert unknown.status_code == 422 and unknown.json()["message"] == 'Scope "tablet" does not exist.'


async def test_product_enrichments(api: httpx.AsyncClient) -> None:
    params = {"with_attribute_options": "true", "with_completenesses": "true", "with_quality_scores": "true"}
    shown = (await api.get(f"{ROOT}/products/sku_amor_red", params=params)).json()
    assert shown["values"]["main_color"][0]["linked_data"] == {
        "attribute": "main_color",
        "code": "red",
        "labels": {"en_US": "Red", "fr_FR": "Rouge"},
    }
    completeness = {(c["scope"], c["locale"]): c["data"] for c in shown["completenesses"]}
    assert completeness[("mobile", "en_US")] == 100 and completeness[("ecommerce", "en_US")] == 66
    assert shown["quality_scores"] == []


async def test_product_search_filters(api: httpx.AsyncClient) -> None:
    search = json.dumps(
        {"categories": [{"operator": "IN", "value": ["men"]}], "enabled": [{"operator": "=", "value": True}]}
    )
    page = (await api.get(f"{ROOT}/products", params={"search": search, "with_count": "true"})).json()
    assert [p["identifier"] for p in page["_embedded"]["items"]] == ["sku_amor_blue", "sku_men_sweat"]
    assert page["items_count"] == 2


async def test_products_walk_by_search_after(api: httpx.AsyncClient) -> None:
    url, seen = f"{ROOT}/products?pagination_type=search_after&limit=5", []
    while url:
        page = (await api.get(url)).json()
        assert "current_page" not in page and set(page["_links"]) <= {"self", "first", "next"}
        seen += [p["identifier"] for p in page["_embedded"]["items"]]
        url = page["_links"].get("next", {}).get("href")
    assert len(seen) == len(set(seen)) == 13


# -- collection PATCH -------------------------------------------------------------------------------------------


async def test_product_collection_patch_answers_each_line(api: httpx.AsyncClient) -> None:
    body = ndjson(
        {"identifier": "cap", "values": {"description": [{"scope": "ecommerce", "locale": "en_US", "data": "My cap"}]}},
        {"identifier": "mug", "group": ["promotion"]},
        "{not json",
        {"identifier": "tshirt", "family": "clothes"},
        {"identifier": "sku_54628", "enabled": False},
        {"family": "tvs"},
    )
    response = await api.patch(f"{ROOT}/products", content=body, headers=NDJSON)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.akeneo.collection+json")
    results = lines(response)
    assert [(r["line"], r.get("identifier"), r["status_code"]) for r in results] == [
        (1, "cap", 201),
        (2, "mug", 422),
        (3, None, 400),
        (4, "tshirt", 422),
        (5, "sku_54628", 204),
        (6, None, 422),
    ]
    assert results[1]["message"] == "Property 'group' does not exist. Check the standard format documentation."
    assert results[2]["message"] == "Invalid json message received"
    assert results[3]["errors"][0]["property"] == "family"
    assert results[5]["message"] == "Identifier is missing."
    assert (await api.get(f"{ROOT}/products/sku_54628")).json()["enabled"] is False


async def test_collection_patch_refuses_more_than_100_lines(api: httpx.AsyncClient) -> None:
    body = ndjson(*({"identifier": f"p{n}"} for n in range(101)))
    response = await api.patch(f"{ROOT}/products", content=body, headers=NDJSON)
    assert response.status_code == 413
    assert response.json() == {"code": 413, "message": "Too many resources to process, 100 is the maximum allowed."}
    assert (await api.get(f"{ROOT}/products/p0")).status_code == 404


async def test_collection_patch_refuses_a_line_over_a_million_characters(api: httpx.AsyncClient) -> None:
    body = ndjson(
        {"identifier": "big", "values": {"name": [{"locale": "en_US", "scope": None, "data": "x" * 1_000_000}]}}
    )
    response = await api.patch(f"{ROOT}/products", content=body, headers=NDJSON)
    assert response.status_code == 413
    assert response.json()["message"] == "Line is too long."


async def test_collection_patch_takes_only_its_media_type(api: httpx.AsyncClient) -> None:
    response = await api.patch(f"{ROOT}/products", json=[{"identifier": "cap"}])
    assert response.status_code == 415
    assert response.json()["message"].startswith("'application/json' in 'Content-type' header is not valid.")


async def test_collection_patch_415_names_the_collection_media_type(api: httpx.AsyncClient) -> None:
    response = await api.patch(f"{ROOT}/products", json=[{"identifier": "cap"}])
    assert response.json()["message"] == (
        "'application/json' in 'Content-type' header is not valid.  "
        "Only 'application/vnd.akeneo.collection+json' is allowed."
    )


# -- product models ---------------------------------------------------------------------------------------------


async def test_product_model_collection_patch_and_cascade_delete(api: httpx.AsyncClient) -> None:
    body = ndjson(
        {"code": "jack", "family_variant": "clothing_color_size"},
        {"code": "jack_brown_m", "parent": "jack", "family_variant": "clothing_color_size"},
        {"code": "jack_brown", "categories": ["tshirts", "men"]},
        {"code": "orphan", "family_variant": "unknown_variant"},
    )
    results = lines(await api.patch(f"{ROOT}/product-models", content=body, headers=NDJSON))
    assert [(r["line"], r["code"], r["status_code"]) for r in results] == [
        (1, "jack", 201),
        (2, "jack_brown_m", 201),
        (3, "jack_brown", 204),
        (4, "orphan", 422),
    ]
    assert (await api.patch(f"{ROOT}/products/1111111195", json={"parent": "jack_brown_m"})).status_code == 204
    assert (await api.delete(f"{ROOT}/product-models/jack")).status_code == 204
    for path in ("product-models/jack", "product-models/jack_brown_m", "products/1111111195"):
        assert (await api.get(f"{ROOT}/{path}")).status_code == 404


async def test_product_model_lifecycle(api: httpx.AsyncClient) -> None:
    body = {"code": "model_tee", "family_variant": "clothing_size", "categories": ["tshirts"]}
    created = await api.post(f"{ROOT}/product-models", json=body)
    assert created.status_code == 201
    shown = (await api.get(f"{ROOT}/product-models/model_tee")).json()
    assert shown["family"] == "clothing" and shown["parent"] is None
    immutable = await api.patch(f"{ROOT}/product-models/model_tee", json={"family_variant": "clothing_color_size"})
    assert immutable.status_code == 422
    search = json.dumps({"parent": [{"operator": "EMPTY"}]})
    roots = (await api.get(f"{ROOT}/product-models", params={"search": search})).json()
    assert [m["code"] for m in roots["_embedded"]["items"]] == [
        "jack_brown",
        "model_tee",
        "product_model_bicycle_REF012345",
    ]
