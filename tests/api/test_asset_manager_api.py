"""The Asset Manager operations end to end: upserts, lists, batches, deletes and media files."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtures import product_catalog
from fixtures.catalog import load_start
from fixtures.images import picture
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.api.conftest import token_pair
from tests.support import FAMILIES, MEDIA, ApiClient


@pytest.fixture
def catalog(api: TestClient, app: Any) -> TestClient:
    """The API client over a store holding the default locales, channels and categories."""
    product_catalog.load_structure(app.mock_context)
    return api


def _family(client: TestClient, code: str = "packshots", **body: Any) -> None:
    response = client.patch(f"{FAMILIES}/{code}", json=body)
    assert response.status_code in (201, 204), response.text


def _attribute(client: TestClient, family: str, code: str, **body: Any) -> None:
    response = client.patch(f"{FAMILIES}/{family}/attributes/{code}", json=body)
    assert response.status_code in (201, 204), response.text


def _upload(client: TestClient, name: str = "amor.png", content: bytes | None = None) -> str:
    content = content if content is not None else picture(40, 30)
    response = client.post(MEDIA, files={"file": (name, content, "image/png")})
    assert response.status_code == 201, response.text
    return response.headers["Asset-media-file-code"]


def test_asset_family_upsert_creates_with_201_then_updates_with_204(catalog: TestClient) -> None:
    created = catalog.patch(f"{FAMILIES}/packshots", json={"labels": {"en_US": "Packshots"}})
    assert created.status_code == 201
    assert created.headers["Location"] == "http://testserver/api/rest/v1/asset-families/packshots"
    assert created.content == b""
    updated = catalog.patch(f"{FAMILIES}/packshots", json={"labels": {"fr_FR": "Packshots FR"}})
    assert updated.status_code == 204
    family = catalog.get(f"{FAMILIES}/packshots").json()
    assert family["labels"] == {"en_US": "Packshots", "fr_FR": "Packshots FR"}  # labels merge


def test_label_locales_must_be_activated(catalog: TestClient) -> None:
    response = catalog.patch(f"{FAMILIES}/packshots", json={"labels": {"es_ES": "Fotos"}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["property"] == "labels"
    assert catalog.get(f"{FAMILIES}/packshots").status_code == 404  # nothing was written


def test_unknown_asset_family_is_404_with_the_vendor_message(api: TestClient) -> None:
    response = api.get(f"{FAMILIES}/foo")
    assert response.status_code == 404
    assert response.json() == {"code": 404, "message": 'Asset family "foo" does not exist.'}


def test_new_media_attributes_leave_the_default_main_media(catalog: TestClient) -> None:
    """A new family's main media is its default `media` attribute (STRUCTURE-FAMILY-DEFAULT-ATTRIBUTES)."""
    _family(catalog)
    assert catalog.get(f"{FAMILIES}/packshots").json()["attribute_as_main_media"] == "media"
    _attribute(catalog, "packshots", "main_image", type="media_file", media_type="image")
    assert catalog.get(f"{FAMILIES}/packshots").json()["attribute_as_main_media"] == "media"


def test_attribute_list_is_a_plain_array_in_creation_order(catalog: TestClient) -> None:
    _family(catalog)
    _attribute(catalog, "packshots", "zeta", type="text")
    _attribute(catalog, "packshots", "alpha", type="number")
    response = catalog.get(f"{FAMILIES}/packshots/attributes")
    assert [a["code"] for a in response.json()] == ["label", "media", "zeta", "alpha"]  # the defaults first


def test_options_live_only_on_option_attributes(catalog: TestClient) -> None:
    _family(catalog)
    _attribute(catalog, "packshots", "size", type="single_option")
    _attribute(catalog, "packshots", "title", type="text")
    options = f"{FAMILIES}/packshots/attributes/size/options"
    assert catalog.patch(f"{options}/small", json={"labels": {"en_US": "S"}}).status_code == 201
    assert catalog.get(options).json() == [{"code": "small", "labels": {"en_US": "S"}}]
    refused = catalog.patch(f"{FAMILIES}/packshots/attributes/title/options/small", json={})
    assert refused.status_code == 404
    assert catalog.delete(f"{options}/small").status_code == 204
    assert catalog.get(f"{options}/small").status_code == 404


def test_asset_upsert_get_and_delete(catalog: TestClient) -> None:
    _family(catalog)
    _attribute(catalog, "packshots", "alt_tag", type="text", value_per_locale=True)
    url = f"{FAMILIES}/packshots/assets/allie_jean_picture"
    body = {"values": {"alt_tag": [{"locale": "en_US", "channel": None, "data": "Allie jean, blue"}]}}
    assert catalog.patch(url, json=body).status_code == 201
    asset = catalog.get(url).json()
    assert asset["code"] == "allie_jean_picture"
    assert asset["values"]["alt_tag"] == [{"locale": "en_US", "channel": None, "data": "Allie jean, blue"}]
    assert catalog.delete(url).status_code == 204
    gone = catalog.get(url)
    assert gone.status_code == 404
    assert gone.json() == {
        "code": 404,
        "message": 'Asset "allie_jean_picture" does not exist for the asset family "packshots".',
    }


def test_asset_value_errors_name_attribute_locale_and_channel(catalog: TestClient) -> None:
    _family(catalog)
    _attribute(catalog, "packshots", "alt_tag", type="text", value_per_locale=True)
    body = {"values": {"alt_tag": [{"locale": None, "channel": None, "data": "x"}]}}
    response = catalog.patch(f"{FAMILIES}/packshots/assets/a1", json=body)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["property"] == "values.alt_tag"
    assert (error["attribute"], error["locale"], error["channel"]) == ("alt_tag", None, None)


def test_batch_upsert_answers_one_result_per_asset_in_request_order(catalog: TestClient) -> None:
    _family(catalog)
    _attribute(catalog, "packshots", "title", type="text")
    catalog.patch(f"{FAMILIES}/packshots/assets/existing", json={})
    body = [
        {"code": "existing", "values": {"title": [{"locale": None, "channel": None, "data": "t"}]}},
        {"code": "bad", "group": "nope"},
        {"code": "new_one"},
    ]
    response = catalog.patch(f"{FAMILIES}/packshots/assets", json=body)
    assert response.status_code == 200
    results = response.json()
    assert [(r["code"], r["status_code"]) for r in results] == [("existing", 204), ("bad", 422), ("new_one", 201)]
    assert results[1]["message"] == "The asset has an invalid format."
    assert any("group" in f"{e['property']} {e['message']}" for e in results[1]["errors"])
    assert catalog.get(f"{FAMILIES}/packshots/assets/bad").status_code == 404


def test_batch_above_100_assets_is_413(catalog: TestClient) -> None:
    _family(catalog)
    response = catalog.patch(f"{FAMILIES}/packshots/assets", json=[{"code": f"a{i}"} for i in range(101)])
    assert response.status_code == 413
    assert response.json() == {"code": 413, "message": "Too many resources to process, 100 is the maximum allowed."}


def test_batch_in_the_product_ndjson_format_is_415(catalog: TestClient) -> None:
    _family(catalog)
    headers = {"Content-Type": "application/vnd.akeneo.collection+json"}
    response = catalog.patch(f"{FAMILIES}/packshots/assets", content=b'{"code":"a"}\n', headers=headers)
    assert response.status_code == 415
    assert "Only 'application/json' is allowed" in response.json()["message"]


def test_batch_body_that_is_not_an_array_is_400(catalog: TestClient) -> None:
    _family(catalog)
    response = catalog.patch(f"{FAMILIES}/packshots/assets", json={"code": "a"})
    assert response.status_code == 400


def test_search_after_pages_walk_every_asset_once(clock: Any) -> None:
    app = create_app(
        settings=Settings(load_fixtures=False, validate_responses=True, page_size=2),
        clock=clock,
        start_catalog=load_start,
    )
    product_catalog.load_structure(app.mock_context)
    catalog = ApiClient(app)
    catalog.headers["Authorization"] = f"Bearer {token_pair(catalog)['access_token']}"
    _family(catalog)
    for code in ["d", "a", "c", "b", "e"]:
        catalog.patch(f"{FAMILIES}/packshots/assets/{code}", json={})
    seen, url = [], f"{FAMILIES}/packshots/assets"
    while url:
        page = catalog.get(url).json()
        assert page["_links"]["first"]["href"].startswith("http://testserver/")
        seen += [item["code"] for item in page["_embedded"]["items"]]
        url = page["_links"].get("next", {}).get("href")
    assert seen == ["a", "b", "c", "d", "e"]


def test_search_filter_that_is_not_json_is_400(catalog: TestClient) -> None:
    _family(catalog)
    response = catalog.get(f"{FAMILIES}/packshots/assets", params={"search": "{not json"})
    assert response.json() == {"code": 400, "message": "The search query parameter must be a valid JSON."}


def test_media_upload_then_download_returns_the_exact_bytes(catalog: TestClient) -> None:
    content = picture(40, 30)
    code = _upload(catalog, "allie jean.png", content)
    parts = code.split("/")
    assert len(parts) == 5 and all(len(p) == 1 for p in parts[:4]) and parts[4].endswith("_allie_jean.png")
    raw = catalog.get(f"{MEDIA}/{code}")
    assert raw.status_code == 200
    assert raw.content == content
    assert raw.headers["content-type"] == "image/png"
    encoded = catalog.get(f"{MEDIA}/{code.replace('/', '%2F')}")
    assert encoded.status_code == 200 and encoded.content == content


def test_upload_keeps_the_file_part_among_other_parts(catalog: TestClient) -> None:
    files = {"file": ("a.png", picture(10, 10), "image/png"), "other": ("b.png", picture(4, 4), "image/png")}
    response = catalog.post(MEDIA, data={"note": "hello"}, files=files)
    assert response.status_code == 201
    assert response.headers["Location"].endswith(response.headers["Asset-media-file-code"])


def test_upload_without_a_file_is_422(catalog: TestClient) -> None:
    response = catalog.post(MEDIA, data={"note": "hello"}, files={"x": ("", b"", "text/plain")})
    assert response.json() == {"code": 422, "message": 'Property "file" is required.'}


def test_upload_without_content_type_is_415(catalog: TestClient) -> None:
    response = catalog.post(MEDIA, content=b"")
    assert response.status_code == 415


def test_media_file_value_has_a_download_link(catalog: TestClient) -> None:
    _family(catalog)
    _attribute(catalog, "packshots", "main_image", type="media_file", media_type="image")
    code = _upload(catalog)
    body = {"values": {"main_image": [{"locale": None, "channel": None, "data": code}]}}
    catalog.patch(f"{FAMILIES}/packshots/assets/amor", json=body)
    value = catalog.get(f"{FAMILIES}/packshots/assets/amor").json()["values"]["main_image"][0]
    assert value["_links"]["download"]["href"] == f"http://testserver{MEDIA}/{code}"
    assert value["linked_data"]["mime_type"] == "image/png"


def test_an_image_upload_that_is_a_decompression_bomb_is_422(catalog: TestClient) -> None:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)  # declares 10 gigapixels
    bomb = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )
    response = catalog.post(MEDIA, files={"file": ("bomb.png", bomb, "image/png")})
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["property"] == "file"
    assert "decompression bomb" in error["message"]


def test_a_file_named_like_an_image_that_is_not_one_is_422(catalog: TestClient) -> None:
    response = catalog.post(MEDIA, files={"file": ("fake.jpg", b"not an image at all", "image/jpeg")})
    assert response.status_code == 422
    assert response.json()["errors"][0]["property"] == "file"


def test_a_pdf_upload_is_accepted_as_is(catalog: TestClient) -> None:
    from fixtures.images import pdf_document

    response = catalog.post(MEDIA, files={"file": ("guide.pdf", pdf_document(), "application/pdf")})
    assert response.status_code == 201
