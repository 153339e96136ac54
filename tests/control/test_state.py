"""A tenant's whole state through the control plane: POST /mock/reset, GET/PUT /mock/snapshot, GET /mock/summary,
and the control plane switched off."""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtures.catalog import load_start
from fixtures.images import picture
from mock_server.app import create_app
from mock_server.settings import Settings
from mock_server.store import Store
from mock_server.store import snapshot as store_snapshot
from tests.control.conftest import TenantClient
from tests.support import BASIC, FAMILIES, MEDIA, FakeClock

LISTS = (
    "/api/rest/v1/locales",
    "/api/rest/v1/channels",
    "/api/rest/v1/categories",
    "/api/rest/v1/attributes",
    "/api/rest/v1/attribute-groups",
    "/api/rest/v1/families",
    "/api/rest/v1/products",
    "/api/rest/v1/product-models",
)


@pytest.fixture
def settings() -> Settings:
    return Settings(validate_responses=True, page_size=2)  # several pages of assets


def observe(tenant: TenantClient) -> dict[str, Any]:
    """What a client can see of the tenant: every asset-side resource and list page, every media file downloaded,
    the product side's lists, the clock and the automation runs."""
    seen: dict[str, Any] = {"families": tenant.pages(FAMILIES)}
    media_codes = set()
    for family in tenant.family_codes():
        seen[family] = tenant.get(f"{FAMILIES}/{family}").json()
        attributes = tenant.get(f"{FAMILIES}/{family}/attributes").json()
        seen[f"{family}/attributes"] = attributes
        for attribute in attributes:
            if attribute["type"] in ("single_option", "multiple_options"):
                path = f"{FAMILIES}/{family}/attributes/{attribute['code']}/options"
                seen[path] = tenant.get(path).json()
        pages = tenant.pages(f"{FAMILIES}/{family}/assets")
        seen[f"{family}/assets"] = pages
        for asset in (item for page in pages for item in page["_embedded"]["items"]):
            seen[f"{family}/{asset['code']}"] = tenant.get(f"{FAMILIES}/{family}/assets/{asset['code']}").json()
            media_codes |= {
                entry["data"]
                for entries in asset["values"].values()
                for entry in entries
                if isinstance(entry["data"], str) and entry["data"].count("/") == 4
            }
    for code in sorted(media_codes):
        response = tenant.get(f"{MEDIA}/{code}")
        seen[code] = (response.status_code, response.headers.get("content-disposition"), response.content)
    for path in LISTS:
        seen[path] = tenant.pages(path)
    seen["clock"] = tenant.get("/mock/clock").json()
    seen["events"] = tenant.get("/mock/automation-events").json()
    seen["users"] = tenant.get("/mock/users").json()
    return seen


def change_everything(tenant: TenantClient) -> None:
    image = tenant.upload("new.png", picture())
    main = [{"locale": None, "channel": None, "data": image}]
    tenant.patch(f"{FAMILIES}/packshots/assets/brand_new", {"values": {"main_image": main}}, status=201)
    tenant.patch(f"{FAMILIES}/packshots", {"labels": {"en_US": "Changed"}}, status=204)
    tenant.patch(f"{FAMILIES}/model_pictures/attributes/model_is_wearing_size/options/xxl", {"labels": {}}, status=201)
    assert tenant.request("DELETE", f"{FAMILIES}/model_pictures/assets/amor_red_model_picture").status_code == 204
    assert tenant.request("DELETE", "/api/rest/v1/products/1111111195").status_code == 204
    assert tenant.request("POST", "/mock/clock/advance", json={"seconds": 60}).status_code == 200
    reader = {"username": "reader", "password": "pw", "permissions": ["pim_api_overall_access"]}
    assert tenant.request("POST", "/mock/users", json=reader).status_code == 201


@pytest.mark.parametrize("how", [{"prefix": "/t/saved"}, {"header": "saved"}, {}])
def test_control_snapshot_taken_changed_and_restored_gives_identical_answers(
    client: TestClient, how: dict[str, str]
) -> None:
    tenant = TenantClient(client, **how).login()
    tenant.patch(f"{FAMILIES}/packshots/assets/before", {"values": {}}, status=201)  # an automation run too
    document = tenant.get("/mock/snapshot")
    assert document.status_code == 200
    before = observe(tenant)
    change_everything(tenant)
    assert observe(tenant) != before  # the test can tell a difference
    restored = tenant.request("PUT", "/mock/snapshot", json=document.json())
    assert restored.status_code == 204, restored.text
    assert observe(tenant) == before
    assert tenant.get(FAMILIES).status_code == 200  # CONTROL-SNAPSHOT-RESTORE keeps the token in use
    assert tenant.get("/mock/snapshot").json() == document.json()


def test_control_snapshot_restored_into_another_tenant_gives_the_same_answers(client: TestClient) -> None:
    source = TenantClient(client, header="source").login()
    change_everything(source)
    document = source.get("/mock/snapshot").json()
    target = TenantClient(client, header="target").login()
    assert target.request("PUT", "/mock/snapshot", json=document).status_code == 204
    assert observe(target) == observe(source)


def test_control_snapshot_covers_every_store_field_but_the_tokens() -> None:
    fields = {field.name for field in dataclasses.fields(Store)}
    assert fields - set(store_snapshot.STORE_FIELDS) == {"tokens"}
    catalog = {field.name for field in dataclasses.fields(Store().catalog)}
    assert catalog == set(store_snapshot.CATALOG_FLAT) | set(store_snapshot.CATALOG_NESTED)


def test_control_snapshot_restores_the_api_users_and_their_logins(client: TestClient) -> None:
    source = TenantClient(client, header="with_users").login()
    change_everything(source)  # adds the user "reader"
    document = source.get("/mock/snapshot").json()
    target = TenantClient(client, header="restored_users")
    assert target.request("PUT", "/mock/snapshot", json=document).status_code == 204
    grant = {"grant_type": "password", "username": "reader", "password": "pw"}
    login = target.request("POST", "/api/oauth/v1/token", json=grant, headers={"Authorization": BASIC})
    assert login.status_code == 200, login.text


def test_control_snapshot_document_leaves_the_tokens_out_and_keeps_integer_like_keys_in_order(
    client: TestClient,
) -> None:
    tenant = TenantClient(client).login()
    document = tenant.get("/mock/snapshot").json()
    assert tenant.token not in str(document)
    products = [entry["key"] for entry in document["catalog"]["products"]]
    assert products == list(client.app.mock_context.store.catalog.products)  # type: ignore[attr-defined]
    assert "1111111195" in products  # an identifier a JavaScript object would move first


def _invalid(document: dict[str, Any]) -> list[tuple[str, dict[str, Any], str]]:
    def changed(**parts: Any) -> dict[str, Any]:
        return {**copy.deepcopy(document), **parts}

    first_media = document["media_files"][0]
    twice = document["asset_families"] + document["asset_families"][:1]
    options = [{"key": ["packshots", "no_such_attribute"], "value": []}]
    return [
        ("format", changed(format="other"), "format"),
        ("offset", changed(clock_offset_seconds=-1), "clock_offset_seconds"),
        ("duplicate", changed(asset_families=twice), f"asset_families[{len(twice) - 1}].key"),
        ("orphan", changed(assets=[{"key": "nobody", "value": []}]), "assets[0].key"),
        ("options", changed(asset_attribute_options=options), "asset_attribute_options[0].key"),
        (
            "options twice",
            changed(asset_attribute_options=document["asset_attribute_options"][:1] * 2),
            "asset_attribute_options[1].key",
        ),
        ("base64", changed(media_files=[{**first_media, "content": "not base64!"}]), "media_files[0].content"),
        ("shape", changed(assets=3), "assets"),
        ("missing", {k: v for k, v in document.items() if k != "catalog"}, "catalog"),
        # CONTROL-SNAPSHOT-RESOURCES: a resource GET could not answer (a product without identifier)
        (
            "resource",
            changed(catalog={**document["catalog"], "products": [{"key": "p", "value": {}}]}),
            "catalog.products[0].value",
        ),
    ]


def test_control_snapshot_an_invalid_document_is_a_422_naming_the_fault_and_changes_nothing(client: TestClient) -> None:
    tenant = TenantClient(client, prefix="/t/strict").login()
    document = tenant.get("/mock/snapshot").json()
    change_everything(tenant)
    before = tenant.get("/mock/snapshot").json()
    for name, bad, where in _invalid(document):
        response = tenant.request("PUT", "/mock/snapshot", json=bad)
        assert response.status_code == 422, name
        body = response.json()
        assert body["code"] == 422 and where in [error["property"] for error in body["errors"]], (name, body)
        assert tenant.get("/mock/snapshot").json() == before, name
    assert tenant.request("PUT", "/mock/snapshot", content=b"{").status_code == 400


def test_control_reset_default_catalog_drops_changes_tokens_clock_and_events(client: TestClient) -> None:
    tenant = TenantClient(client, header="reset_me").login()
    pristine = tenant.get("/mock/snapshot").json()
    change_everything(tenant)
    assert tenant.get("/mock/automation-events").json() != []
    response = tenant.request("POST", "/mock/reset", json={"catalog": "default"})
    assert response.status_code == 204 and response.content == b""
    assert tenant.get(FAMILIES).status_code == 401  # the tokens went with the rest
    state = tenant.get("/mock/snapshot").json()
    assert state["clock_offset_seconds"] == 0 and state["automation"]["events"] == []
    assert state == pristine
    tenant.login()
    assert "Changed" not in str(tenant.get(f"{FAMILIES}/packshots").json())


def test_control_reset_empty_catalog_keeps_only_the_locales(client: TestClient) -> None:
    assert client.post("/t/blank/mock/reset", json={"catalog": "empty"}).status_code == 204
    counts = client.get("/t/blank/mock/summary").json()["counts"]
    assert counts["locales"] == 53
    assert {name: count for name, count in counts.items() if name not in ("locales", "attribute_groups")} == {
        **{name: 0 for name in counts if name not in ("locales", "attribute_groups", "assets_per_family")},
        "assets_per_family": {},
    }
    assert client.get("/mock/summary").json()["counts"]["asset_families"] == 5  # only that tenant


def test_control_reset_without_a_body_returns_the_default_tenant_to_the_store_it_started_with() -> None:
    started = Store()
    started.asset_families["lonely"] = {"code": "lonely", "labels": {}}
    started.asset_attributes["lonely"], started.assets["lonely"] = {}, {}
    app = create_app(
        store=started, settings=Settings(validate_responses=True), clock=FakeClock(), start_catalog=load_start
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.post("/mock/reset", json={"catalog": "empty"}).status_code == 204
        assert client.get("/mock/summary").json()["counts"]["asset_families"] == 0
        assert client.post("/mock/reset").status_code == 204  # no body, no Content-Type: curl -X POST
        assert list(app.mock_context.store.asset_families) == ["lonely"]
        assert client.post("/mock/reset", json={"catalog": "full"}).status_code == 422


def test_control_summary_counts_and_the_settings_in_force_without_secrets(client: TestClient) -> None:
    tenant = TenantClient(client, prefix="/t/counted").login()
    tenant.patch(f"{FAMILIES}/packshots/assets/one_more", {"values": {}}, status=201)
    summary = tenant.get("/mock/summary")
    assert summary.status_code == 200
    body = summary.json()
    assert body["tenant"] == "counted"
    store = client.app.mock_tenants.context("counted").store  # type: ignore[attr-defined]
    assert body["counts"]["assets_per_family"] == {family: len(assets) for family, assets in store.assets.items()}
    assert body["counts"]["assets_per_family"]["packshots"] == 3
    expected = {
        "asset_families": 5,
        "assets": 9,
        "media_files": len(store.media_files),
        "products": 13,
        "product_models": 2,
        "locales": 53,
        "access_tokens": 1,
    }
    assert {name: body["counts"][name] for name in expected} == expected
    assert body["settings"]["page_size"] == 2
    assert "client_secret" not in body["settings"] and "password" not in body["settings"]
    assert "secret" not in summary.text.replace("client_secret", "")


def test_control_plane_off_answers_the_vendors_no_route_404_under_mock() -> None:
    app = create_app(
        settings=Settings(validate_responses=True, control_plane=False), clock=FakeClock(), start_catalog=load_start
    )
    with TestClient(app, raise_server_exceptions=False) as client:
        for path in ("/mock/summary", "/t/x/mock/reset", "/mock/openapi.json"):
            response = client.get(path)
            assert response.status_code == 404, path
            assert response.json() == {"code": 404, "message": f'No route found for "GET http://testserver{path}"'}
        tenant = TenantClient(client, prefix="/t/x").login()  # tenants themselves do not need the control plane
        assert tenant.get(FAMILIES).status_code == 200
