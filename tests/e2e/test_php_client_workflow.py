"""The official PHP client's exchanges (facts sheet section 6), replayed against `python -m mock_server` on a real
socket: family -> attribute -> option -> media upload -> asset -> batch -> list -> delete."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator

import httpx
import pytest

from fixtures.images import picture
from tests.e2e.conftest import MOCK_PASSWORD, running_mock

CLIENT_HEADERS = {"Accept": "*/*"}  # what the PHP client sends on reads


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_mock() as url:
        yield url


@pytest.fixture(scope="module")
def php(base_url: str) -> Iterator[httpx.Client]:
    """An httpx client that authenticates the way the PHP client does (JSON body, Basic client credentials)."""
    with httpx.Client(base_url=base_url, timeout=10) as client:
        basic = base64.b64encode(b"client:secret").decode()
        token = client.post(
            "/api/oauth/v1/token",
            headers={"Content-Type": "application/json", "Authorization": f"Basic {basic}"},
            content=json.dumps({"grant_type": "password", "username": "admin", "password": MOCK_PASSWORD}),
        )
        assert token.status_code == 200, token.text
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        yield client


def _patch_json(client: httpx.Client, path: str, body: object) -> httpx.Response:
    return client.patch(path, content=json.dumps(body), headers={"Content-Type": "application/json"})


def test_the_default_catalog_is_loaded(php: httpx.Client) -> None:
    families = php.get("/api/rest/v1/asset-families", headers=CLIENT_HEADERS).json()
    codes = {item["code"] for item in families["_embedded"]["items"]}
    assert {"packshots", "model_pictures", "user_instructions"} <= codes


def test_full_workflow_of_the_php_client(php: httpx.Client) -> None:
    family = "/api/rest/v1/asset-families/e2e_family"
    assert _patch_json(php, family, {"code": "e2e_family", "labels": {"en_US": "E2E"}}).status_code == 201
    attribute = {"code": "picture", "type": "media_file", "media_type": "image", "allowed_extensions": ["png"]}
    assert _patch_json(php, f"{family}/attributes/picture", attribute).status_code == 201
    size = {"code": "size", "type": "single_option"}
    assert _patch_json(php, f"{family}/attributes/size", size).status_code == 201
    assert (
        _patch_json(php, f"{family}/attributes/size/options/xl", {"code": "xl", "labels": {"en_US": "XL"}}).status_code
        == 201
    )

    # Upload as the PHP client does: a quoted multipart boundary.
    boundary = "php-client-boundary"
    image = picture(20, 20)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="unicorn.png"\r\n'
            f"Content-Type: image/png\r\n\r\n"
        ).encode()
        + image
        + f"\r\n--{boundary}--\r\n".encode()
    )
    upload = php.post(
        "/api/rest/v1/asset-media-files",
        content=body,
        headers={"Content-Type": f'multipart/form-data; boundary="{boundary}"'},
    )
    assert upload.status_code == 201, upload.text
    media_code = upload.headers["asset-media-file-code"]
    assert php.get(f"/api/rest/v1/asset-media-files/{media_code}", headers=CLIENT_HEADERS).content == image

    values = {
        "picture": [{"locale": None, "channel": None, "data": media_code}],
        "size": [{"locale": None, "channel": None, "data": "xl"}],
    }
    assert _patch_json(php, f"{family}/assets/unicorn", {"code": "unicorn", "values": values}).status_code == 201
    batch = _patch_json(php, f"{family}/assets", [{"code": "unicorn", "values": values}, {"code": "pegasus"}])
    assert batch.status_code == 200
    assert batch.json() == [{"code": "unicorn", "status_code": 204}, {"code": "pegasus", "status_code": 201}]

    page = php.get(f"{family}/assets", headers=CLIENT_HEADERS).json()
    assert page["_links"]["first"]["href"].startswith("http://127.0.0.1:")
    assert [item["code"] for item in page["_embedded"]["items"]] == ["pegasus", "unicorn"]

    assert php.delete(f"{family}/assets/pegasus").status_code == 204
    missing = php.get(f"{family}/assets/pegasus", headers=CLIENT_HEADERS)
    assert missing.status_code == 404
    assert missing.json() == {"code": 404, "message": missing.json()["message"]}
    assert missing.json()["message"].startswith('Asset "pegasus" does not exist')  # the wording is the assets area's
