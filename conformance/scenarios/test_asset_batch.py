"""The asset batch upsert (PATCH .../assets): a JSON array in, one result per asset out, each entry on its own;
the limits and media type of the request as a whole."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from conformance.preparation import prepared
from conformance.scenarios.helpers import asset_path, assets_path, text_attribute, value

MAX_BATCH = 100


def batch(api: httpx.Client, cleanup: Any, family: str, items: list[dict[str, Any]]) -> httpx.Response:
    """Send a batch and register the deletion of every asset it names."""
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("code"), str):
            cleanup.add(asset_path(family, item["code"]))
    return api.patch(assets_path(family), json=items)


def results(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json"), response.headers
    body = response.json()
    assert isinstance(body, list), body
    return body


def title_of(api: httpx.Client, family: str, asset: str) -> Any:
    response = api.get(asset_path(family, asset))
    assert response.status_code == 200, response.text
    return [entry["data"] for entry in response.json()["values"].get("title", [])]


def whole_request_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["code"] == status and body["message"], body
    return body


def absent(api: httpx.Client, family: str, asset: str) -> None:
    response = api.get(asset_path(family, asset))
    assert response.status_code == 404, response.text


@pytest.mark.rule("BATCH-RESULT-PER-ASSET")
@pytest.mark.writes
def test_batch_answers_one_result_per_asset_in_request_order(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    existing, first, second = code("existing"), code("first_new"), code("second_new")
    cleanup.add(asset_path(family, existing))
    prepared(api.patch(asset_path(family, existing), json={"code": existing}))
    items = [
        {"code": second, "values": {"title": [value("B")]}},
        {"code": existing, "values": {"title": [value("E")]}},
        {"code": first, "values": {"title": [value("A")]}},
    ]
    answered = results(batch(api, cleanup, family, items))
    assert [(r["code"], r["status_code"]) for r in answered] == [(second, 201), (existing, 204), (first, 201)]
    assert all("line" not in r for r in answered), answered  # the product side's NDJSON field, not the assets'
    assert title_of(api, family, second) == ["B"]
    assert title_of(api, family, existing) == ["E"]
    assert title_of(api, family, first) == ["A"]


@pytest.mark.rule("BATCH-ENTRIES-INDEPENDENT")
@pytest.mark.writes
def test_batch_refuses_a_bad_entry_alone(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    before, unknown_property, unknown_attribute, after = (
        code("before"),
        code("with_group"),
        code("with_ghost"),
        code("after"),
    )
    items = [
        {"code": before, "values": {"title": [value("before")]}},
        {"code": unknown_property, "group": "nope"},
        {"code": unknown_attribute, "values": {"ghost": [value("boo")]}},
        {"code": after, "values": {"title": [value("after")]}},
    ]
    answered = results(batch(api, cleanup, family, items))
    assert [(r["code"], r["status_code"]) for r in answered] == [
        (before, 201),
        (unknown_property, 422),
        (unknown_attribute, 422),
        (after, 201),
    ]
    # vendor example: "Property 'group' does not exist.", in the message or in the line's errors
    assert "group" in answered[1]["message"] + json.dumps(answered[1].get("errors", []))
    ghost_errors = answered[2].get("errors") or [{"message": answered[2]["message"]}]
    assert any("ghost" in str(error) for error in ghost_errors), answered[2]
    absent(api, family, unknown_property)
    absent(api, family, unknown_attribute)
    assert title_of(api, family, before) == ["before"]
    assert title_of(api, family, after) == ["after"]


@pytest.mark.rule("BATCH-MAX-100")
@pytest.mark.writes
def test_batch_rejects_101_assets_with_413(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    items = [{"code": code(f"many_{n}")} for n in range(MAX_BATCH + 1)]
    response = api.patch(assets_path(family), json=items)
    if response.status_code != 413:  # a server that took them must not keep them
        for item in items:
            cleanup.add(asset_path(family, item["code"]))
    body = whole_request_error(response, 413)
    assert "100" in body["message"]  # "Too many resources to process, 100 is the maximum allowed."
    absent(api, family, items[0]["code"])
    absent(api, family, items[-1]["code"])


@pytest.mark.rule("BATCH-JSON-ONLY")
@pytest.mark.writes
def test_batch_in_the_product_ndjson_format_is_415(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    asset = code("ndjson")
    cleanup.add(asset_path(family, asset))
    ndjson = f'{{"code":"{asset}"}}\n'.encode()
    response = api.patch(
        assets_path(family), content=ndjson, headers={"Content-Type": "application/vnd.akeneo.collection+json"}
    )
    body = whole_request_error(response, 415)
    assert "application/json" in body["message"], body
    absent(api, family, asset)


@pytest.mark.rule("BATCH-BODY-ARRAY")
@pytest.mark.writes
def test_batch_body_that_is_not_an_array_is_400(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    asset = code("not_in_an_array")
    cleanup.add(asset_path(family, asset))
    whole_request_error(api.patch(assets_path(family), json={"code": asset}), 400)
    absent(api, family, asset)
    malformed = api.patch(assets_path(family), content=b'[{"code": ', headers={"Content-Type": "application/json"})
    whole_request_error(malformed, 400)
