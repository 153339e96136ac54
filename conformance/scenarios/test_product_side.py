"""The product side, only as far as the asset rules need it: an asset collection attribute names an existing asset
family, product values hold asset codes of that family, and the product NDJSON batch answers one line per item."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.preparation import ROOT, prepared
from conformance.scenarios.helpers import asset_path, identifier_attribute, text_attribute

NDJSON = "application/vnd.akeneo.collection+json"


def create_assets(api: httpx.Client, cleanup: Any, family: str, *codes: str) -> None:
    for asset in codes:
        cleanup.add(asset_path(family, asset))
        prepared(api.patch(asset_path(family, asset), json={"code": asset}))


def collection_body(code: str, asset_family: str | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "code": code,
        "type": "pim_catalog_asset_collection",
        "group": "other",
        "localizable": False,
        "scopable": False,
        "labels": {},
    }
    if asset_family is not None:
        body["reference_data_name"] = asset_family
    return body


def product_structure(api: httpx.Client, asset_family: str, code: Callable[[str], str]) -> tuple[str, str]:
    """(collection attribute, product family) for `asset_family`'s assets; their codes are this test's (unique and
    prefixed), since product attributes and families cannot be deleted through the API everywhere."""
    collection, product_family = code("assets"), code("products")
    prepared(api.post(f"{ROOT}/attributes", json=collection_body(collection, asset_family)))
    identifier = identifier_attribute(api)
    body = {"code": product_family, "attribute_as_label": identifier, "attributes": [identifier, collection]}
    prepared(api.post(f"{ROOT}/families", json=body))
    return collection, product_family


def product(identifier: str, family: str, collection: str, assets: list[str]) -> dict[str, Any]:
    return {
        "identifier": identifier,
        "family": family,
        "values": {collection: [{"locale": None, "scope": None, "data": assets}]},
    }


def held(api: httpx.Client, identifier: str, collection: str) -> list[str]:
    response = api.get(f"{ROOT}/products/{identifier}")
    assert response.status_code == 200, response.text
    entries = response.json()["values"].get(collection, [])
    assert [(e["locale"], e["scope"]) for e in entries] == [(None, None)], entries
    return entries[0]["data"]


def asset_error(response: httpx.Response, collection: str, asset: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == 422 and body["message"], body
    errors = [e for e in body.get("errors", []) if e.get("attribute") == collection]
    assert errors, body
    assert errors[0]["property"] == "values", errors
    assert asset in errors[0]["message"], errors


def refused_without_family(api: httpx.Client, attribute_code: str, asset_family: str | None) -> None:
    response = api.post(f"{ROOT}/attributes", json=collection_body(attribute_code, asset_family))
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == 422 and body["message"], body
    errors = [error for error in body.get("errors", []) if error.get("property") == "reference_data_name"]
    assert errors and errors[0]["message"], body
    assert api.get(f"{ROOT}/attributes/{attribute_code}").status_code == 404


@pytest.mark.rule("PRODUCT-ASSET-COLLECTION-NEEDS-FAMILY")
@pytest.mark.writes
@pytest.mark.product_side
def test_asset_collection_attribute_needs_an_existing_asset_family(api, code, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    missing = code("no_such_asset_family")
    refused_without_family(api, code("refused"), missing)
    accepted = code("assets")
    response = api.post(f"{ROOT}/attributes", json=collection_body(accepted, family))
    assert 200 <= response.status_code < 300, response.text  # accepted; the create's status is no rule here
    shown = api.get(f"{ROOT}/attributes/{accepted}")
    assert shown.status_code == 200, shown.text
    assert (shown.json()["type"], shown.json()["reference_data_name"]) == ("pim_catalog_asset_collection", family)


@pytest.mark.rule("PRODUCT-ASSET-COLLECTION-NAMES-FAMILY")
@pytest.mark.writes
@pytest.mark.product_side
def test_asset_collection_attribute_without_reference_data_name_is_refused(api, code) -> None:
    refused_without_family(api, code("unnamed"), None)


@pytest.mark.rule("PRODUCT-ASSET-CODES")
@pytest.mark.writes
@pytest.mark.product_side
def test_product_asset_collection_holds_asset_codes_of_its_family(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    first, second, third = code("front"), code("back"), code("side")
    create_assets(api, cleanup, family, first, second, third)
    collection, product_family = product_structure(api, family, code)
    identifier = code("product")
    cleanup.add(f"{ROOT}/products/{identifier}")
    created = api.post(f"{ROOT}/products", json=product(identifier, product_family, collection, [second, first]))
    assert 200 <= created.status_code < 300, created.text  # accepted; the create's status is no rule here
    assert held(api, identifier, collection) == [second, first]  # an array of asset codes, in the order sent
    update = {"values": {collection: [{"locale": None, "scope": None, "data": [third]}]}}
    response = api.patch(f"{ROOT}/products/{identifier}", json=update)
    assert 200 <= response.status_code < 300, response.text
    assert held(api, identifier, collection) == [third]  # an array is replaced, never merged


@pytest.mark.rule("PRODUCT-UNKNOWN-ASSET")
@pytest.mark.writes
@pytest.mark.product_side
def test_product_value_with_an_asset_code_the_family_lacks_is_refused(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    elsewhere = family_with(attributes=[text_attribute("title")])
    known, foreign = code("known"), code("foreign")
    create_assets(api, cleanup, family, known)
    create_assets(api, cleanup, elsewhere, foreign)  # exists, but in another asset family
    collection, product_family = product_structure(api, family, code)
    identifier = code("product")
    cleanup.add(f"{ROOT}/products/{identifier}")
    for wrong in (code("never_created"), foreign):
        response = api.post(f"{ROOT}/products", json=product(identifier, product_family, collection, [known, wrong]))
        asset_error(response, collection, wrong)
        assert api.get(f"{ROOT}/products/{identifier}").status_code == 404


@pytest.mark.rule("PRODUCT-NDJSON-LINES")
@pytest.mark.writes
@pytest.mark.product_side
def test_product_batch_answers_one_line_per_item(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    asset = code("packshot")
    create_assets(api, cleanup, family, asset)
    collection, product_family = product_structure(api, family, code)
    identifiers = [code("first"), code("refused"), code("last")]
    for identifier in identifiers:
        cleanup.add(f"{ROOT}/products/{identifier}")
    lines = [
        product(identifiers[0], product_family, collection, [asset]),
        product(identifiers[1], product_family, collection, [code("ghost")]),
        product(identifiers[2], product_family, collection, [asset]),
    ]
    body = "\n".join(json.dumps(line) for line in lines)
    response = api.patch(f"{ROOT}/products", content=body.encode(), headers={"Content-Type": NDJSON})
    assert response.status_code == 200, response.text
    answered = [json.loads(line) for line in response.text.splitlines() if line.strip()]
    assert [(a["line"], a["identifier"], a["status_code"]) for a in answered] == [
        (1, identifiers[0], 201),
        (2, identifiers[1], 422),
        (3, identifiers[2], 201),
    ]
    assert answered[1]["message"], answered[1]
    assert held(api, identifiers[0], collection) == [asset]
    assert held(api, identifiers[2], collection) == [asset]
    assert api.get(f"{ROOT}/products/{identifiers[1]}").status_code == 404
