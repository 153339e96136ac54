"""Tenants through the real HTTP server (`python -m mock_server` on a loopback port), as parallel test workers and
clients that cannot add headers use them."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import MOCK_PASSWORD, running_mock
from tests.support import FAMILIES

BASIC = "Basic " + base64.b64encode(b"client:secret").decode()


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_mock(MOCK_PAGE_SIZE="2") as url:
        yield url


class Tenant:
    """One client of the server: `prefix` "/t/NAME" or `header` NAME."""

    def __init__(self, base_url: str, prefix: str = "", header: str | None = None) -> None:
        headers = {"X-Mock-Tenant": header} if header else {}
        self.http = httpx.Client(base_url=base_url + prefix, headers=headers, timeout=30)
        grant = {"grant_type": "password", "username": "admin", "password": MOCK_PASSWORD}
        response = self.http.post("/api/oauth/v1/token", json=grant, headers={"Authorization": BASIC})
        assert response.status_code == 200, response.text
        self.http.headers["Authorization"] = f"Bearer {response.json()['access_token']}"

    def patch(self, path: str, body: dict[str, Any]) -> httpx.Response:
        response = self.http.patch(path, json={"code": path.rsplit("/", 1)[1], **body})
        assert response.status_code in (201, 204), response.text
        return response

    def pages(self, url: str) -> list[dict[str, Any]]:
        found = []
        while url:
            response = self.http.get(url)
            assert response.status_code == 200, response.text
            found.append(response.json())
            url = found[-1]["_links"].get("next", {}).get("href")
        return found


def test_two_tenants_doing_the_same_writes_over_http_do_not_interfere(base_url: str) -> None:
    default = Tenant(base_url)
    default_before = default.http.get("/mock/snapshot").json()
    tenants = {"one": Tenant(base_url, header="http_one"), "two": Tenant(base_url, prefix="/t/http_two")}
    for label, tenant in tenants.items():
        tenant.patch(f"{FAMILIES}/same", {"labels": {"en_US": label}})
        for number in range(3):
            tenant.patch(f"{FAMILIES}/same/assets/asset_{number}", {"values": {}})
    for label, tenant in tenants.items():
        assert tenant.http.get(f"{FAMILIES}/same").json()["labels"] == {"en_US": label}
        assert len([i for p in tenant.pages(f"{FAMILIES}/same/assets") for i in p["_embedded"]["items"]]) == 3
    snapshot = default.http.get("/mock/snapshot").json()
    assert snapshot["asset_families"] == default_before["asset_families"]  # the default tenant is untouched
    assert snapshot["assets"] == default_before["assets"]
    names = [tenant["name"] for tenant in httpx.get(f"{base_url}/mock/tenants").json()]
    assert {"default", "http_one", "http_two"} <= set(names)


def test_a_client_without_headers_stays_in_its_tenant_by_following_links(base_url: str) -> None:
    tenant = Tenant(base_url, prefix="/t/follower")
    location = tenant.patch(f"{FAMILIES}/followed", {"labels": {}}).headers["Location"]
    assert location == f"{base_url}/t/follower{FAMILIES}/followed"
    for number in range(5):
        tenant.patch(f"{FAMILIES}/followed/assets/a{number}", {"values": {}})
    pages = tenant.pages(f"{base_url}/t/follower{FAMILIES}/followed/assets")  # absolute hrefs, followed verbatim
    assert len(pages) == 3
    assert all(page["_links"]["self"]["href"].startswith(f"{base_url}/t/follower/") for page in pages)
    assert [item["code"] for page in pages for item in page["_embedded"]["items"]] == [f"a{n}" for n in range(5)]
    assert httpx.get(f"{base_url}/t/follower/api/rest/v1").json()["host"] == f"{base_url}/t/follower"


def test_reset_snapshot_and_drop_over_http(base_url: str) -> None:
    tenant = Tenant(base_url, prefix="/t/cycle")
    saved = tenant.http.get("/mock/snapshot").json()
    tenant.patch(f"{FAMILIES}/temporary", {"labels": {}})
    assert tenant.http.put("/mock/snapshot", json=saved).status_code == 204
    assert tenant.http.get(f"{FAMILIES}/temporary").status_code == 404
    assert httpx.post(f"{base_url}/t/cycle/mock/reset", json={"catalog": "empty"}).status_code == 204
    assert httpx.get(f"{base_url}/t/cycle/mock/summary").json()["counts"]["asset_families"] == 0
    assert httpx.delete(f"{base_url}/mock/tenants/cycle").status_code == 204
    assert httpx.delete(f"{base_url}/mock/tenants/cycle").status_code == 404
