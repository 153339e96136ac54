"""The main paths through the real HTTP server (`python -m mock_server` on a free port, MOCK_USERS_FILE naming the
users file): a file user lists but gets the vendor's 403 on a write, a user added through /mock/users cannot delete,
and the default admin keeps every permission."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import MOCK_PASSWORD, running_mock

BASIC = "Basic " + base64.b64encode(b"client:secret").decode()
ASSET = "/api/rest/v1/asset-families/packshots/assets/amor_packshot"
USERS_FILE = """\
users:
  - username: reader
    password: read-only
    permissions: [pim_api_overall_access, pim_api_asset_family_list, pim_api_asset_list]
"""


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[httpx.Client]:
    path: Path = tmp_path_factory.mktemp("users") / "users.yaml"
    path.write_text(USERS_FILE, encoding="utf-8")
    with running_mock(MOCK_USERS_FILE=str(path)) as url, httpx.Client(base_url=url, timeout=30) as client:
        yield client


def bearer(client: httpx.Client, username: str, password: str) -> dict[str, str]:
    grant = {"grant_type": "password", "username": username, "password": password}
    response = client.post("/api/oauth/v1/token", json=grant, headers={"Authorization": BASIC})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_acl_required_a_file_user_lists_but_gets_the_vendors_403_on_patch(mock: httpx.Client) -> None:
    reader = bearer(mock, "reader", "read-only")
    assert mock.get("/api/rest/v1/asset-families/packshots/assets", headers=reader).status_code == 200
    refused = mock.patch(ASSET, json={"code": "amor_packshot", "values": {}}, headers=reader)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/json")
    assert refused.json() == {
        "code": 403,
        "message": "Access forbidden. You are not allowed to create or update assets.",
    }


def test_acl_required_a_user_without_asset_removal_gets_403_on_delete(mock: httpx.Client) -> None:
    permissions = ["pim_api_overall_access", "pim_api_asset_list", "pim_api_asset_edit"]
    added = mock.post("/mock/users", json={"username": "editor", "password": "pw", "permissions": permissions})
    assert added.status_code == 201, added.text
    refused = mock.delete(ASSET, headers=bearer(mock, "editor", "pw"))
    assert refused.json() == {"code": 403, "message": "Access forbidden. You are not allowed to delete assets."}
    admin = bearer(mock, "admin", MOCK_PASSWORD)
    assert mock.get(ASSET, headers=admin).status_code == 200  # still there
    assert mock.delete(ASSET, headers=admin).status_code == 204  # the default admin keeps every permission
    assert mock.delete("/mock/users/editor").status_code == 204
