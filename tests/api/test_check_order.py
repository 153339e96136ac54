"""CHECK-ORDER-*: which check answers first on the Asset Manager writes, as the vendor's connector controllers
order them (Connector/Api/**/CreateOrUpdate*Action.php): URI codes, then (attribute, asset, batch) the family's
404 and the body code, and only then the JSON schema; the family and option controllers judge the schema first."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.api.conftest import token_pair
from tests.support import FAMILIES, ApiClient, FakeClock

PACKSHOTS = f"{FAMILIES}/packshots"
NO_FAMILY = f"{FAMILIES}/nowhere"
MALFORMED = {"labels": ["not an object"], "unknown": 1}  # a format fault whatever the resource
ATTRIBUTE_MISMATCH = (  # sic: the vendor's attribute controller names the asset family
    "The code of the asset family provided in the URI must be the same as the one provided in the request body."
)
ASSET_MISMATCH = "The code of the asset provided in the URI must be the same as the one provided in the request body."
OPTION_MISMATCH = (
    "The code of the attribute option provided in the URI must be the same as the one provided in the request body."
)


@pytest.fixture(scope="module")
def shop() -> Iterator[TestClient]:
    """The default catalog; every case is refused and checks it wrote nothing."""
    app = create_app(
        settings=Settings(load_fixtures=True, validate_responses=True), clock=FakeClock(), start_catalog=load_start
    )
    with ApiClient(app, raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {token_pair(client)['access_token']}"
        yield client


def _refused(client: TestClient, path: str, body: Any, status: int) -> dict[str, Any]:
    """The answer to a raw body (no code added), checked to have changed nothing at `path`."""
    before = client.get(path)
    response = client.patch(path, content=json.dumps(body).encode(), headers={"Content-Type": "application/json"})
    after = client.get(path)
    assert (after.status_code, after.content) == (before.status_code, before.content), path
    assert response.status_code == status, response.text
    return response.json()


def test_check_order_attribute_unknown_family_before_format(shop: TestClient) -> None:
    answer = _refused(shop, f"{NO_FAMILY}/attributes/color", {"code": "color", **MALFORMED}, 404)
    assert answer == {"code": 404, "message": 'Asset family "nowhere" does not exist.'}


def test_check_order_attribute_uri_code_before_family(shop: TestClient) -> None:
    answer = _refused(shop, f"{NO_FAMILY}/attributes/bad-code", MALFORMED, 422)
    assert "errors" not in answer and answer["code"] == 422  # the AttributeCode message, plain


def test_check_order_attribute_body_code_before_format(shop: TestClient) -> None:
    answer = _refused(shop, f"{PACKSHOTS}/attributes/product_ref", {"code": "other", **MALFORMED}, 422)
    assert answer == {"code": 422, "message": ATTRIBUTE_MISMATCH}


def test_check_order_asset_unknown_family_before_format(shop: TestClient) -> None:
    answer = _refused(shop, f"{NO_FAMILY}/assets/flat", {"code": "flat", "values": "not an object", "x": 1}, 404)
    assert answer == {"code": 404, "message": 'Asset family "nowhere" does not exist.'}


def test_check_order_asset_body_code_before_format(shop: TestClient) -> None:
    answer = _refused(shop, f"{PACKSHOTS}/assets/flat", {"code": "other", "values": "not an object"}, 422)
    assert answer == {"code": 422, "message": ASSET_MISMATCH}


def test_check_order_batch_unknown_family_before_list_format(shop: TestClient) -> None:
    answer = _refused(shop, f"{NO_FAMILY}/assets", {"code": "not a list"}, 404)
    assert answer == {"code": 404, "message": 'Asset family "nowhere" does not exist.'}
    answer = _refused(shop, f"{NO_FAMILY}/assets", [{"code": "x"}] * 101, 404)  # before the size's 413 too
    assert answer["code"] == 404


def test_check_order_batch_list_format_on_a_known_family(shop: TestClient) -> None:
    answer = _refused(shop, f"{PACKSHOTS}/assets", {"code": "not a list"}, 400)
    assert answer["message"] == "The list of assets has an invalid format."


def test_check_order_option_format_before_unknown_family(shop: TestClient) -> None:
    # CreateOrUpdateAttributeOptionAction: the schema and the body code come before the family's 404.
    path = f"{NO_FAMILY}/attributes/photographer/options/ben"
    answer = _refused(shop, path, {"code": "ben", "labels": ["x"]}, 422)
    assert answer["message"] == "The attribute option has an invalid format."
    answer = _refused(shop, path, {"code": "other", "labels": {}}, 422)
    assert answer == {"code": 422, "message": OPTION_MISMATCH}
    answer = _refused(shop, path, {"code": "ben", "labels": {}}, 404)
    assert answer == {"code": 404, "message": 'Asset family "nowhere" does not exist.'}


def test_check_order_family_uri_code_before_format(shop: TestClient) -> None:
    answer = _refused(shop, f"{FAMILIES}/bad-code", MALFORMED, 422)
    assert "errors" not in answer and answer["code"] == 422  # the AssetFamilyIdentifier message, plain


def test_check_order_family_format_before_body_code(shop: TestClient) -> None:
    answer = _refused(shop, PACKSHOTS, {"code": "other", **MALFORMED}, 422)
    assert answer["message"] == "The asset family has an invalid format."


# -- CHECK-ORDER-DECODE: the body is decoded where the vendor's controller calls json_decode ----------------------
UNREADABLE = [  # every way json_decode gives up (json_body.py), and a root that is not the object a PATCH takes
    pytest.param(b"{not json", id="not-json"),
    pytest.param(b"", id="empty"),
    pytest.param(b"[" * 513 + b"]" * 513, id="deeper-than-512"),
    pytest.param(b'{"code": "\xff"}', id="invalid-utf8"),
    pytest.param(b'{"code": NaN}', id="nan"),
]
NOT_AN_OBJECT = [pytest.param(b"[1]", id="list"), pytest.param(b'"x"', id="string")]
INVALID_JSON = {"code": 400, "message": "Invalid json message received"}


def _raw(client: TestClient, path: str, content: bytes) -> tuple[int, Any]:
    """The answer to raw bytes, checked to have changed nothing at `path`."""
    before = client.get(path)
    response = client.patch(path, content=content, headers={"Content-Type": "application/json"})
    after = client.get(path)
    assert (after.status_code, after.content) == (before.status_code, before.content), path
    return response.status_code, response.json()


@pytest.mark.parametrize("content", UNREADABLE + NOT_AN_OBJECT)
def test_check_order_decode_unknown_family_is_404_before_the_body(shop: TestClient, content: bytes) -> None:
    # CreateOrUpdateAttributeAction, CreateOrUpdateAssetAction: assetFamilyExists, then json_decode.
    for path in (f"{NO_FAMILY}/attributes/color", f"{NO_FAMILY}/assets/flat"):
        assert _raw(shop, path, content) == (404, {"code": 404, "message": 'Asset family "nowhere" does not exist.'})


@pytest.mark.parametrize("content", UNREADABLE)
def test_check_order_decode_batch_unknown_family_is_404_before_the_body(shop: TestClient, content: bytes) -> None:
    # CreateOrUpdateAssetsAction: assetFamilyExists, then json_decode.
    answer = _raw(shop, f"{NO_FAMILY}/assets", content)
    assert answer == (404, {"code": 404, "message": 'Asset family "nowhere" does not exist.'})


@pytest.mark.parametrize("content", UNREADABLE + NOT_AN_OBJECT)
def test_check_order_decode_known_family_is_400(shop: TestClient, content: bytes) -> None:
    for path in (f"{PACKSHOTS}/attributes/color", f"{PACKSHOTS}/assets/flat"):
        assert _raw(shop, path, content) == (400, INVALID_JSON), path


@pytest.mark.parametrize("content", UNREADABLE)
def test_check_order_decode_batch_known_family_is_400(shop: TestClient, content: bytes) -> None:
    assert _raw(shop, f"{PACKSHOTS}/assets", content) == (400, INVALID_JSON)


@pytest.mark.parametrize("content", UNREADABLE)
def test_check_order_decode_uri_codes_before_the_body(shop: TestClient, content: bytes) -> None:
    # Every controller reads its URI codes (plain 422) before json_decode, the family and the option ones too.
    for path in (
        f"{FAMILIES}/bad-code",
        f"{FAMILIES}/bad-code/attributes/color",
        f"{PACKSHOTS}/attributes/bad-code",
        f"{PACKSHOTS}/attributes/photographer/options/bad-code",
        f"{FAMILIES}/bad-code/assets/flat",
        f"{FAMILIES}/bad-code/assets",
    ):
        status, answer = _raw(shop, path, content)
        assert (status, answer["code"], "errors" in answer) == (422, 422, False), path
        assert "may contain only letters, numbers and underscores" in answer["message"], path


@pytest.mark.parametrize("content", UNREADABLE)
def test_check_order_decode_option_and_family_decode_before_their_checks(shop: TestClient, content: bytes) -> None:
    # CreateOrUpdateAttributeOptionAction decodes before the family's 404; a family PATCH creates (no 404).
    for path in (f"{NO_FAMILY}/attributes/photographer/options/ben", NO_FAMILY):
        assert _raw(shop, path, content) == (400, INVALID_JSON), path


def test_check_order_edit_by_stored_type(shop: TestClient) -> None:
    # product_ref is stored as text: a media_link property is foreign to its Edit schema, whatever `type` says.
    body = {"code": "product_ref", "type": "media_link", "prefix": "https://"}
    answer = _refused(shop, f"{PACKSHOTS}/attributes/product_ref", body, 422)
    assert answer == {
        "code": 422,
        "message": "The attribute has an invalid format.",
        "errors": [{"property": "", "message": "Additional object properties are not allowed: prefix"}],
    }


def test_check_order_media_link_type_required(shop: TestClient) -> None:
    answer = _refused(shop, f"{PACKSHOTS}/attributes/link", {"code": "link", "type": "media_link"}, 422)
    assert answer == {
        "code": 422,
        "message": "The attribute has an invalid format.",
        "errors": [{"property": "", "message": "The required properties (media_type) are missing"}],
    }
