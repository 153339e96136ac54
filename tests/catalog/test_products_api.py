"""Products and product models through the app: lifecycle, values, filters, enrichments, the NDJSON collection PATCH
(httpx on the in-process ASGI transport; the app validates its own answers against the contract)."""

from __future__ import annotations

import json

import httpx
import pytest

from tests.catalog.catalog_http import BASE, NDJSON, ROOT, lines, ndjson

pytestmark = pytest.mark.anyio

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
