"""Tenants (issue #11): X-Mock-Tenant or /t/NAME gives a request its own PIM (store, tokens, clock, automation
runs); URLs written for a /t/NAME request keep the prefix; /mock/tenants lists and drops them."""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtures.images import picture
from mock_server.api.http import tenancy
from mock_server.services.automation import scheduling
from mock_server.settings import Settings
from tests.control.conftest import TenantClient
from tests.support import FAMILIES


def asset_body(label: str) -> dict[str, Any]:
    return {"values": {"product_ref": [{"locale": None, "channel": None, "data": label}]}}


def test_tenant_isolation_two_tenants_doing_the_same_writes_do_not_interfere(client: TestClient, app: Any) -> None:
    default = TenantClient(client).login()
    before = default.pages(FAMILIES)
    by_header = TenantClient(client, header="worker_1").login()
    by_prefix = TenantClient(client, prefix="/t/worker-2").login()
    for tenant, label in ((by_header, "one"), (by_prefix, "two")):
        tenant.patch(f"{FAMILIES}/shared", {"labels": {"en_US": label}}, status=201)  # created in each
        tenant.patch(f"{FAMILIES}/model_pictures/assets/same_code", asset_body(label), status=201)
    for tenant, label in ((by_header, "one"), (by_prefix, "two")):
        assert tenant.get(f"{FAMILIES}/shared").json()["labels"] == {"en_US": label}
        asset = tenant.get(f"{FAMILIES}/model_pictures/assets/same_code").json()
        assert asset["values"]["product_ref"][0]["data"] == label
    assert default.pages(FAMILIES) == before  # the default tenant is untouched
    assert default.get(f"{FAMILIES}/shared").status_code == 404
    assert "same_code" not in app.mock_context.store.assets["model_pictures"]
    assert app.mock_tenants.context("worker_1").store.asset_families["shared"]["labels"] == {"en_US": "one"}


def test_tenant_tokens_a_token_is_only_valid_in_the_tenant_that_issued_it(client: TestClient) -> None:
    issuer = TenantClient(client, header="issuer").login()
    assert issuer.get(FAMILIES).status_code == 200
    for other in (TenantClient(client, header="other"), TenantClient(client)):
        other.token = issuer.token
        refused = other.get(FAMILIES)
        assert refused.status_code == 401
        assert refused.json()["code"] == 401


def test_tenant_clock_each_tenant_moves_its_own_clock(client: TestClient) -> None:
    response = client.post("/t/late/mock/clock/advance", json={"seconds": 3601})
    assert response.status_code == 200
    assert client.get("/t/late/mock/clock").json()["offset_seconds"] == 3601
    assert client.get("/mock/clock").json()["offset_seconds"] == 0
    assert client.get("/mock/clock", headers={"X-Mock-Tenant": "early"}).json()["offset_seconds"] == 0


@pytest.fixture
def settings() -> Settings:
    return Settings(validate_responses=True, page_size=2)


def test_tenant_links_keep_prefix_location_lists_and_next_links_stay_in_the_tenant(client: TestClient) -> None:
    tenant = TenantClient(client, prefix="/t/links").login()
    created = tenant.patch(f"{FAMILIES}/only_here", {"labels": {}}, status=201)
    assert created.headers["Location"] == f"http://testserver/t/links{FAMILIES}/only_here"
    asset = tenant.patch(f"{FAMILIES}/only_here/assets/a1", {"values": {}}, status=201)
    assert asset.headers["Location"] == f"http://testserver/t/links{FAMILIES}/only_here/assets/a1"
    for number in range(2, 6):
        tenant.patch(f"{FAMILIES}/only_here/assets/a{number}", {"values": {}}, status=201)
    assets = f"http://testserver/t/links{FAMILIES}/only_here/assets"
    pages = tenant.pages(f"{FAMILIES}/only_here/assets")  # next hrefs followed verbatim, no header: the prefix
    assert len(pages) == 3  # page_size 2
    for page in pages:
        assert page["_links"]["first"]["href"] == assets
        assert page["_links"]["self"]["href"].startswith(assets)
        assert page["_links"].get("next", {"href": assets})["href"].startswith(assets)
        for item in page["_embedded"]["items"]:
            assert item["_links"]["self"]["href"] == f"{assets}/{item['code']}"
    assert [item["code"] for page in pages for item in page["_embedded"]["items"]] == [f"a{n}" for n in range(1, 6)]
    families = tenant.get(FAMILIES).json()
    assert families["_links"]["self"]["href"] == f"http://testserver/t/links{FAMILIES}"
    assert f"http://testserver/t/links{FAMILIES}/only_here" in [
        item["_links"]["self"]["href"] for item in families["_embedded"]["items"]
    ]
    root = tenant.get("/api/rest/v1").json()
    assert root["host"] == "http://testserver/t/links"
    assert "only_here" not in TenantClient(client).login().family_codes()


def test_tenant_links_keep_prefix_in_the_404_text(client: TestClient) -> None:
    response = client.get("/t/lost/api/rest/v1/nowhere")
    assert response.status_code == 404
    assert response.json() == {
        "code": 404,
        "message": 'No route found for "GET http://testserver/t/lost/api/rest/v1/nowhere"',
    }


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/t/bad name/api/rest/v1/asset-families", {}),
        (f"/t/{'x' * 65}/mock/summary", {}),
        ("/t//mock/summary", {}),
        ("/mock/summary", {"X-Mock-Tenant": "semi;colon"}),
        ("/mock/summary", {"X-Mock-Tenant": ""}),
        ("/t/one/mock/summary", {"X-Mock-Tenant": "two"}),  # a header and a prefix naming two tenants
    ],
)
def test_tenant_name_outside_the_pattern_is_a_400_in_the_vendor_envelope(
    client: TestClient, app: Any, path: str, headers: dict[str, str]
) -> None:
    response = client.get(path, headers=headers)
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/json"
    assert set(response.json()) == {"code", "message"} and response.json()["code"] == 400
    assert [name for name, _ in app.mock_tenants.items()] == ["default"]  # nothing created


def test_tenant_name_of_64_characters_and_the_default_name(client: TestClient, app: Any) -> None:
    longest = "A-z_0.9" + "x" * 57
    assert client.get(f"/t/{longest}/mock/summary").json()["tenant"] == longest
    assert client.get("/mock/summary", headers={"X-Mock-Tenant": longest}).json()["tenant"] == longest
    same = client.get("/t/default/mock/summary").json()
    assert same["tenant"] == "default"  # `default` names the default tenant, not a new one
    assert [name for name, _ in app.mock_tenants.items()] == ["default", longest]


def test_tenants_list_and_delete(client: TestClient) -> None:
    TenantClient(client, header="first").login().patch(f"{FAMILIES}/extra", {"labels": {}})
    TenantClient(client, prefix="/t/second").login()
    listed = client.get("/mock/tenants")
    assert listed.status_code == 200
    tenants = {tenant["name"]: tenant["counts"] for tenant in listed.json()}
    assert list(tenants) == ["default", "first", "second"]
    assert tenants["first"]["asset_families"] == tenants["default"]["asset_families"] + 1
    assert tenants["first"]["access_tokens"] == 1
    assert client.delete("/mock/tenants/first").status_code == 204
    assert [tenant["name"] for tenant in client.get("/mock/tenants").json()] == ["default", "second"]
    again = client.delete("/mock/tenants/first")
    assert again.status_code == 404
    assert again.json() == {"code": 404, "message": 'The tenant "first" does not exist.'}
    refused = client.delete("/mock/tenants/default")
    assert refused.status_code == 422 and refused.json()["code"] == 422
    reborn = TenantClient(client, header="first").login()  # a dropped tenant's name starts afresh
    assert "extra" not in reborn.family_codes()


def test_the_control_plane_needs_no_token_and_is_not_reachable_through_the_vendor_paths(client: TestClient) -> None:
    assert client.get("/t/anyone/mock/summary").status_code == 200  # no Authorization header
    for path in ("/api/rest/v1/mock/summary", "/t/x/api/rest/v1/mock/tenants", "/api/mock/reset"):
        response = client.get(path)
        assert response.status_code in (401, 404), path  # the vendor's auth or its missing route, never ours
        assert "counts" not in response.text


@pytest.fixture
def background() -> Settings:
    return Settings(validate_responses=True, rules_execution="background")


def test_tenant_automation_background_jobs_run_against_the_tenant_they_were_queued_for(background: Settings) -> None:
    from fixtures.catalog import load_start
    from mock_server.app import create_app

    app = create_app(settings=background, start_catalog=load_start)
    with TestClient(app, raise_server_exceptions=False) as client:
        tenant = TenantClient(client, header="jobs").login()
        main_image = tenant.upload("allie_jean.png", picture())
        main = [{"locale": None, "channel": None, "data": main_image}]
        tenant.patch(f"{FAMILIES}/packshots/assets/allie_jean_front", {"values": {"main_image": main}}, status=201)
        assert client.portal is not None
        client.portal.call(scheduling.settle)
        ran = client.get("/mock/automation-events", headers={"X-Mock-Tenant": "jobs"}).json()
        assert [event["kind"] for event in ran].count("transformation") == 3
        assert client.get("/mock/automation-events").json() == []  # the default tenant ran nothing
        stored = app.mock_tenants.context("jobs").store.assets["packshots"]["allie_jean_front"]
        assert stored["values"].get("thumbnail")
        assert "allie_jean_front" not in app.mock_context.store.assets["packshots"]


@pytest.mark.parametrize("header", [None, "h"])
def test_tenant_scope_strips_the_prefix_and_names_the_tenant_for_the_middlewares_after_it(header: str | None) -> None:
    headers = [(b"x-mock-tenant", header.encode())] if header else []
    scope = {"type": "http", "path": "/t/h/api/rest/v1/x%2Fy", "raw_path": b"/t/h/api/rest/v1/x%252Fy"}
    routed = tenancy.tenant_scope({**scope, "headers": headers, "root_path": ""})
    assert routed["path"] == "/api/rest/v1/x%2Fy"
    assert routed["raw_path"] == b"/api/rest/v1/x%252Fy"
    assert routed["mock_tenant"] == "h"
    assert routed["app_root_path"] == "/t/h"
    bare = tenancy.tenant_scope({"type": "http", "path": "/mock/summary", "headers": headers, "root_path": ""})
    assert bare["path"] == "/mock/summary" and bare["mock_tenant"] == header
    assert "app_root_path" not in bare  # a header-named tenant's links need no prefix


def test_tenancy_bind_hands_connexion_the_handler_signature_without_its_first_parameter() -> None:
    async def handler(ctx: Any, asset_family_code: str, body: dict[str, Any]) -> None: ...

    bound = tenancy.bind(handler, tenants=None)  # type: ignore[arg-type]
    assert list(inspect.signature(bound).parameters) == ["asset_family_code", "body"]
    assert inspect.iscoroutinefunction(bound)

    async def free(limit: int) -> None: ...  # a handler that needs no tenant is served as it is

    assert tenancy.bind(free, tenants=None) is free  # type: ignore[arg-type]


def test_tenant_journal_and_faults_are_the_tenants_own_and_go_with_it(client: TestClient) -> None:
    """TENANT-ISOLATION for the traffic features: each tenant reads only its own journal and arms only its own faults;
    dropping a tenant drops both (TENANT-DELETE)."""
    first = TenantClient(client, header="first").login()
    second = TenantClient(client, prefix="/t/second").login()
    assert first.get(FAMILIES).status_code == 200
    fault = {"method": "GET", "path": "^/api/rest/v1/asset-families$", "status": 503}
    assert second.request("POST", "/mock/faults", json=fault).status_code == 201
    assert second.get(FAMILIES).status_code == 503  # the fault is the second tenant's
    assert first.get(FAMILIES).status_code == 200  # the first never sees it
    first_paths = [entry["path"] for entry in first.get("/mock/requests").json()]
    second_statuses = [entry["status"] for entry in second.get("/mock/requests").json()]
    assert first_paths == ["/api/oauth/v1/token", FAMILIES, FAMILIES]
    assert second_statuses == [200, 503]
    assert client.get("/mock/requests").json() == []  # the default tenant's journal holds neither
    assert client.delete("/mock/tenants/second").status_code == 204
    reborn = TenantClient(client, prefix="/t/second").login()
    assert reborn.get(FAMILIES).status_code == 200  # its fault went with it
    assert [entry["path"] for entry in reborn.get("/mock/requests").json()] == ["/api/oauth/v1/token", FAMILIES]
