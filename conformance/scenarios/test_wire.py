"""Wire rules: how the answers are written (compact JSON, Content-Type, empty 201/204 bodies, absolute Location),
request media types without regard to case, links behind a proxy, and the system information."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.scenarios.helpers import FAMILIES, ROOT, asset_path, assets_path, prepare, upsert
from conformance.target import Target

JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "pim.example.com"}


def base(api: httpx.Client) -> str:
    return str(api.base_url).rstrip("/")


def assert_compact(response: httpx.Response) -> None:
    """No whitespace outside JSON strings, no trailing newline, and a body that parses."""
    raw = response.content.decode("utf-8")
    json.loads(raw)
    assert not raw.endswith(("\n", "\r", " ")), f"{response.request.url}: the body ends with whitespace: {raw[-20:]!r}"
    outside = JSON_STRING.sub('""', raw)
    assert not re.search(r"\s", outside), f"{response.request.url}: whitespace between JSON tokens: {raw[:200]!r}"


def assert_empty(response: httpx.Response) -> None:
    assert response.content == b"", f"{response.request.url}: {response.status_code} with a body {response.text!r}"
    assert response.headers.get("content-length", "0") == "0", response.headers


@pytest.fixture
def family(family_with: Callable[..., str]) -> str:
    return family_with(name="wire")


@pytest.mark.rule("WIRE-JSON-COMPACT")
@pytest.mark.writes
def test_json_answers_are_compact(api: httpx.Client, anonymous: httpx.Client, target: Target, family: str) -> None:
    prepare(api, asset_path(family, "one"), {"code": "one"})
    batch = api.patch(assets_path(family), json=[{"code": "one"}, {"code": "two"}])
    assert batch.status_code == 200, batch.text
    credentials = target.credentials
    token = anonymous.post(
        "/api/oauth/v1/token",
        json={"grant_type": "password", "username": credentials.username, "password": credentials.password},
        headers={"Authorization": credentials.basic},
    )
    assert token.status_code == 200, token.text
    for response in (
        api.get(f"{FAMILIES}/{family}"),
        api.get(assets_path(family)),
        api.get(asset_path(family, "one")),
        api.get(asset_path(family, "nobody")),
        batch,
        token,
    ):
        assert_compact(response)


@pytest.mark.rule("WIRE-JSON-ESCAPES")
@pytest.mark.writes
def test_json_strings_escape_slashes_and_non_ascii(api: httpx.Client, family: str) -> None:
    page = api.get(assets_path(family))
    assert page.status_code == 200, page.text
    assert b'"href":"http' in page.content.replace(b" ", b""), page.text
    assert b":\\/\\/" in page.content, f"'/' is not written '\\/': {page.text[:200]}"
    missing = api.get(asset_path(family, "caf\u00e9"))  # the 404 message names the code it was given
    assert b"caf\\u00e9" in missing.content, missing.text


@pytest.mark.rule("WIRE-CONTENT-TYPE")
@pytest.mark.writes
def test_json_answers_say_application_json(api: httpx.Client, family: str) -> None:
    for response in (api.get(f"{FAMILIES}/{family}"), api.get(FAMILIES), api.get(f"{FAMILIES}/{family}_nobody")):
        assert response.headers.get("content-type") == "application/json", (response.request.url, response.headers)


@pytest.mark.rule("WIRE-EMPTY-UPSERT-BODY")
@pytest.mark.writes
def test_201_and_204_have_empty_bodies(api: httpx.Client, family: str) -> None:
    path = asset_path(family, "empty")
    assert_empty(upsert(api, path, {"code": "empty"}))
    assert_empty(upsert(api, path, {"code": "empty"}))  # an update: whatever 2xx, its body is empty
    deleted = api.delete(path)
    assert deleted.is_success, deleted.text  # its status is ASSET-DELETE's subject; its empty body is this rule's
    assert_empty(deleted)


@pytest.mark.rule("WIRE-LOCATION-ABSOLUTE")
@pytest.mark.writes
def test_location_is_the_absolute_url(api: httpx.Client, family: str) -> None:
    path = asset_path(family, "located")
    for _ in ("create", "update"):  # the statuses are ASSET-UPSERT-CREATE's and -UPDATE's, the Location this rule's
        response = upsert(api, path, {"code": "located"})
        assert response.headers.get("location") == f"{base(api)}{path}", response.headers


@pytest.mark.rule("WIRE-CONTENT-TYPE-CASE")
@pytest.mark.writes
@pytest.mark.parametrize("content_type", ["Application/JSON", "application/json; charset=utf-8"])
def test_request_media_types_ignore_case(
    api: httpx.Client, code: Callable[[str], str], family: str, content_type: str
) -> None:
    # The run's shared family (a run may create only so many: the vendor's limit is 100), an attribute of its own.
    headers = {"Content-Type": content_type}
    response = api.patch(f"{FAMILIES}/{family}", content=json.dumps({"code": family}).encode(), headers=headers)
    assert response.status_code in (201, 204), f"{content_type}: {response.status_code} {response.text}"
    size = code("size")
    attribute = {"code": size, "type": "single_option"}
    attribute_path = f"{FAMILIES}/{family}/attributes/{size}"
    response = api.patch(attribute_path, content=json.dumps(attribute).encode(), headers=headers)
    assert response.status_code in (201, 204), f"{content_type}: {response.status_code} {response.text}"
    response = api.patch(f"{attribute_path}/options/xl", content=json.dumps({"code": "xl"}).encode(), headers=headers)
    assert response.status_code in (201, 204), f"{content_type}: {response.status_code} {response.text}"
    assert api.get(f"{attribute_path}/options/xl").status_code == 200


@pytest.mark.rule("WIRE-FORWARDED-LINKS")
@pytest.mark.writes
def test_links_follow_forwarded_headers(api: httpx.Client, family: str) -> None:
    path = asset_path(family, "proxied")
    created = api.patch(path, json={"code": "proxied"}, headers=PROXY)
    assert 200 <= created.status_code < 300, created.text  # 201 is ASSET-UPSERT-CREATE's; the Location is this rule's
    assert created.headers.get("location") == f"https://pim.example.com{path}", created.headers
    page = api.get(assets_path(family), headers=PROXY)
    assert page.status_code == 200, page.text
    body = page.json()
    hrefs = [link["href"] for link in body["_links"].values()]
    hrefs += [item["_links"]["self"]["href"] for item in body["_embedded"]["items"]]
    assert hrefs and all(href.startswith("https://pim.example.com/") for href in hrefs), hrefs


@pytest.mark.rule("WIRE-SYSTEM-INFORMATION")
def test_system_information(api: httpx.Client, anonymous: httpx.Client) -> None:
    response = api.get(f"{ROOT}/system-information")
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    assert sorted(body) == ["edition", "version"], body
    assert all(isinstance(value, str) for value in body.values()), body
    assert anonymous.get(f"{ROOT}/system-information").status_code == 401
