"""Wire parity: the bytes and headers a client sees are the ones Symfony's JsonResponse would send (WIRE-* rules)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.datastructures import Headers
from starlette.testclient import TestClient

from fixtures.catalog import load_start
from mock_server.api.http import wire
from mock_server.api.http.forwarded import public_netloc
from mock_server.api.http.presenters import asset_family
from mock_server.api.http.wire import render_json
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.api.conftest import BASIC, PASSWORD_GRANT
from tests.support import FAMILIES, ApiClient

ASSETS = f"{FAMILIES}/wire/assets"
PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "pim.example.com"}


@pytest.fixture
def family(api: TestClient) -> TestClient:
    assert api.patch(f"{FAMILIES}/wire", json={"code": "wire"}).status_code == 201
    return api


def _compact(body: bytes) -> None:
    """Compact JSON as json_encode writes it: no whitespace between tokens, no trailing newline."""
    assert not body.endswith(b"\n")
    assert body == render_json(json.loads(body)).encode()


# -- WIRE-JSON-COMPACT ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"a": 1, "b": [True, None]}, '{"a":1,"b":[true,null]}'),
        ({"href": "http://h/a/b"}, '{"href":"http:\\/\\/h\\/a\\/b"}'),
        ({"label": "Café"}, '{"label":"Caf\\u00e9"}'),
        ({"m": "<a href='x'>&\"</a>"}, '{"m":"\\u003Ca href=\\u0027x\\u0027\\u003E\\u0026\\u0022\\u003C\\/a\\u003E"}'),
        ({"p": "a\\b\\"}, '{"p":"a\\\\b\\\\"}'),
        ({}, "{}"),
        ([], "[]"),
    ],
)
def test_wire_json_compact_renders_as_symfony_json_response(data: Any, expected: str) -> None:
    assert render_json(data) == expected
    assert json.loads(expected) == data


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(alphabet=st.sampled_from("ab/\\\"<>&'é\n")),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=8,
)


@given(json_values, st.booleans())
def test_wire_json_compact_every_value_reads_back_and_escapes_like_the_one_pass_rewrite(
    data: Any, hex_flags: bool
) -> None:
    """The fast path (one str.translate when no escaped quote) writes what the escape-aware rewrite writes."""
    written = render_json(data, hex_flags=hex_flags)
    assert json.loads(written) == data
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
    table = wire._HEX if hex_flags else wire._PLAIN
    assert written == wire._TOKENS.sub(lambda match: table.get(match.group(0), match.group(0)), text)


def test_wire_json_compact_collection_lines_use_plain_json_encode() -> None:
    assert render_json({"m": "<&'\"/é"}, hex_flags=False) == '{"m":"<&\'\\"\\/\\u00e9"}'


def test_wire_json_compact_resource_list_error_and_token(family: TestClient) -> None:
    assert family.patch(f"{ASSETS}/a1", json={"code": "a1"}).status_code == 201
    for response in (
        family.get(f"{FAMILIES}/wire"),
        family.get(FAMILIES),
        family.get(f"{ASSETS}/a1"),
        family.get(f"{FAMILIES}/nope"),
        family.post("/api/oauth/v1/token", json=PASSWORD_GRANT, headers={"Authorization": BASIC}),
        family.get("/api/rest/v1/system-information"),
    ):
        _compact(response.content)


def test_wire_json_compact_asset_batch_is_one_line(family: TestClient) -> None:
    """The published Python client splits this body on newlines and decodes every piece."""
    response = family.patch(ASSETS, json=[{"code": "a1"}, {"code": "bad code!"}])
    assert response.status_code == 200
    _compact(response.content)
    assert b"\n" not in response.content
    lines = [json.loads(line) for line in response.content.decode().split("\n")]
    assert [[item["code"] for item in line] for line in lines] == [["a1", "bad code!"]]


# -- WIRE-CONTENT-TYPE ------------------------------------------------------------------------------------------
def test_wire_content_type_is_application_json_exactly(family: TestClient) -> None:
    for response in (family.get(f"{FAMILIES}/wire"), family.get(f"{FAMILIES}/nope"), family.get(FAMILIES)):
        assert response.headers["content-type"] == "application/json"


# -- WIRE-EMPTY-UPSERT-BODY, WIRE-LOCATION-ABSOLUTE -------------------------------------------------------------
def test_wire_empty_upsert_body_and_absolute_location_on_201_and_204(api: TestClient) -> None:
    created = api.patch(f"{FAMILIES}/wire", json={"code": "wire"})
    updated = api.patch(f"{FAMILIES}/wire", json={"code": "wire"})
    for response, status in ((created, 201), (updated, 204)):
        assert response.status_code == status
        assert response.content == b""
        assert response.headers.get("content-length", "0") == "0"
        assert response.headers["location"] == "http://testserver/api/rest/v1/asset-families/wire"


def test_wire_empty_upsert_body_on_delete(family: TestClient) -> None:
    assert family.patch(f"{ASSETS}/a1", json={"code": "a1"}).status_code == 201
    response = family.delete(f"{ASSETS}/a1")
    assert response.status_code == 204
    assert response.content == b""


# -- WIRE-FORWARDED-LINKS ---------------------------------------------------------------------------------------
def test_wire_forwarded_links_in_location_and_links(family: TestClient) -> None:
    upsert = family.patch(f"{ASSETS}/a1", json={"code": "a1"}, headers=PROXY)
    assert upsert.headers["location"] == "https://pim.example.com/api/rest/v1/asset-families/wire/assets/a1"
    page = family.get(ASSETS, headers=PROXY).json()
    assert page["_links"]["self"]["href"] == "https://pim.example.com/api/rest/v1/asset-families/wire/assets"
    assert page["_embedded"]["items"][0]["_links"]["self"]["href"].startswith("https://pim.example.com/")
    assert family.get("/api/rest/v1", headers=PROXY).json()["host"] == "https://pim.example.com"


def test_wire_forwarded_links_absent_headers_keep_the_called_host(family: TestClient) -> None:
    page = family.get(ASSETS).json()
    assert page["_links"]["first"]["href"] == "http://testserver/api/rest/v1/asset-families/wire/assets"


def test_wire_forwarded_links_can_be_switched_off() -> None:
    app = create_app(settings=Settings(load_fixtures=False, trust_forwarded_headers=False), start_catalog=load_start)
    with ApiClient(app) as client:
        assert client.get("/api/rest/v1", headers=PROXY).json()["host"] == "http://testserver"


@pytest.mark.parametrize(
    ("headers", "scheme", "expected"),
    [
        ({"x-forwarded-proto": "https", "host": "127.0.0.1:8080"}, "http", ("https", "127.0.0.1:8080")),
        ({"x-forwarded-proto": "https", "x-forwarded-host": "pim.example.com"}, "http", ("https", "pim.example.com")),
        ({"x-forwarded-proto": "on", "x-forwarded-host": "a.example, b.example"}, "http", ("https", "a.example")),
        ({"x-forwarded-host": "pim.example.com:8443"}, "http", ("http", "pim.example.com:8443")),
        ({"x-forwarded-proto": "https", "x-forwarded-host": "h", "x-forwarded-port": "443"}, "http", ("https", "h")),
        (
            {"x-forwarded-proto": "https", "x-forwarded-host": "h", "x-forwarded-port": "8443"},
            "http",
            ("https", "h:8443"),
        ),
        ({"x-forwarded-proto": "http", "host": "h:80"}, "https", ("http", "h")),
        ({"x-forwarded-host": "[::1]:9000"}, "http", ("http", "[::1]:9000")),
    ],
)
def test_wire_forwarded_links_follow_symfony_rules(headers: dict, scheme: str, expected: tuple[str, str]) -> None:
    assert public_netloc(Headers(headers), scheme, "localhost") == expected


# -- WIRE-CONTENT-TYPE-CASE -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "content_type", ["Application/JSON", "APPLICATION/JSON; charset=UTF-8", "application/json; charset=utf-8"]
)
def test_wire_content_type_case_is_ignored_on_every_json_endpoint(anonymous: TestClient, content_type: str) -> None:
    headers = {"Content-Type": content_type, "Authorization": BASIC}
    token = anonymous.post("/api/oauth/v1/token", content=json.dumps(PASSWORD_GRANT), headers=headers)
    assert token.status_code == 200, token.text
    auth = {"Content-Type": content_type, "Authorization": f"Bearer {token.json()['access_token']}"}
    family = anonymous.patch(f"{FAMILIES}/wire", content=json.dumps({"code": "wire"}), headers=auth)
    assert family.status_code in (201, 204), family.text
    attribute = {"code": "size", "type": "single_option"}
    response = anonymous.patch(f"{FAMILIES}/wire/attributes/size", content=json.dumps(attribute), headers=auth)
    assert response.status_code in (201, 204), response.text
    option = anonymous.patch(
        f"{FAMILIES}/wire/attributes/size/options/xl", content=json.dumps({"code": "xl"}), headers=auth
    )
    assert option.status_code in (201, 204), option.text
    batch = anonymous.patch(ASSETS, content=json.dumps([{"code": "a1"}]), headers=auth)
    assert batch.status_code == 200, batch.text


def test_wire_content_type_case_keeps_an_unknown_type_verbatim_in_the_415(api: TestClient) -> None:
    response = api.patch(f"{FAMILIES}/wire", content=b"{}", headers={"Content-Type": "Text/Plain"})
    assert response.status_code == 415
    assert response.json()["message"].startswith("'Text/Plain' in 'Content-type' header is not valid.")


# -- WIRE-SYSTEM-INFORMATION ------------------------------------------------------------------------------------
def test_wire_system_information_answers_version_and_edition(api: TestClient) -> None:
    response = api.get("/api/rest/v1/system-information")
    assert response.status_code == 200
    body = response.json()
    assert list(body) == ["version", "edition"]
    assert body["edition"] == "serenity"


def test_wire_system_information_needs_a_token(anonymous: TestClient) -> None:
    response = anonymous.get("/api/rest/v1/system-information")
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "Authentication is required"}


# -- WIRE-KEY-ORDER ---------------------------------------------------------------------------------------------
def test_wire_key_order_of_an_asset_family_is_the_vendors() -> None:
    stored = {
        "code": "f",
        "naming_convention": {},
        "labels": {},
        "transformations": [{"label": "t", "filename_suffix": "_s", "source": {}, "target": {}, "operations": []}],
        "attribute_as_main_media": None,
        "product_link_rules": [],
    }
    family = asset_family(stored)
    assert family == stored
    assert list(family) == [
        "code",
        "labels",
        "attribute_as_main_media",
        "product_link_rules",
        "transformations",
        "naming_convention",
    ]
    assert list(family["transformations"][0]) == ["label", "source", "target", "operations", "filename_suffix"]


def test_wire_key_order_of_asset_families_read_through_the_api(family: TestClient) -> None:
    """The GET and the list answer in that order, whatever order the family was written in."""
    family.patch(f"{FAMILIES}/wire", json={"naming_convention": {}, "labels": {}, "code": "wire"})
    order = ["code", "labels", "attribute_as_main_media", "product_link_rules", "transformations", "naming_convention"]
    assert [key for key in family.get(f"{FAMILIES}/wire").json() if key in order] == order
    [listed] = [item for item in family.get(FAMILIES).json()["_embedded"]["items"] if item["code"] == "wire"]
    assert [key for key in listed if key in order] == order


@pytest.mark.parametrize(("value", "trusted"), [("1", True), ("0", False), ("false", False), ("off", False)])
def test_wire_forwarded_links_setting_from_the_environment(value: str, trusted: bool) -> None:
    assert Settings.from_env({"MOCK_TRUST_FORWARDED_HEADERS": value}).trust_forwarded_headers is trusted
    assert Settings.from_env({}).trust_forwarded_headers is True


def test_page_size_from_the_environment() -> None:
    assert Settings.from_env({"MOCK_PAGE_SIZE": "2"}).page_size == 2
    with pytest.raises(ValueError, match="page_size"):
        Settings.from_env({"MOCK_PAGE_SIZE": "0"})
