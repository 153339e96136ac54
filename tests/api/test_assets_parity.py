"""Assets, asset lists and media files answer as the vendor's controllers do (issue #10), through the app."""

from __future__ import annotations

import json
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

BUSINESS_RULES = "The asset has data that does not comply with the business rules."


@pytest.fixture
def catalog(api: TestClient, app: Any) -> TestClient:
    product_catalog.load_structure(app.mock_context)
    return api


def _ok(response: Any) -> Any:
    assert response.status_code in (200, 201, 204), response.text
    return response


def _family(client: TestClient, code: str = "packshots") -> str:
    _ok(client.patch(f"{FAMILIES}/{code}", json={}))
    return code


def _attribute(client: TestClient, family: str, code: str, **body: Any) -> None:
    _ok(client.patch(f"{FAMILIES}/{family}/attributes/{code}", json=body))


def _assets(family: str) -> str:
    return f"{FAMILIES}/{family}/assets"


def _value(data: Any, locale: str | None = None, channel: str | None = None) -> dict:
    return {"locale": locale, "channel": channel, "data": data}


# -- batches ----------------------------------------------------------------------------------------------------


def test_batch_per_item_results_for_format_code_and_rules(catalog: TestClient) -> None:
    family = _family(catalog)
    _attribute(catalog, family, "label", type="text", value_per_locale=True)
    body = [
        {"values": {}},
        {"code": 42, "values": {"label": {"locale": "fr_FR", "channel": None, "data": "x"}}},
        {"code": "bad-code"},
        {"code": "phone", "values": {"label": [_value("Phone", "en_AU")]}},
        {"code": "flower", "values": {"label": [_value("Flower", "en_US")]}},
    ]
    results = _ok(catalog.patch(_assets(family), json=body)).json()
    assert [(r["code"], r["status_code"]) for r in results] == [
        ("", 422),
        (42, 422),
        ("bad-code", 422),
        ("phone", 422),
        ("flower", 201),
    ]
    assert results[0]["message"] == results[1]["message"] == "The asset has an invalid format."
    # The format stage's paths and texts are the format helper's (api/http/validation.py): only the faults are checked.
    assert any("code" in f"{e['property']} {e['message']}" for e in results[0]["errors"])
    assert {"code", "values.label"} <= {e["property"] for e in results[1]["errors"]}
    assert results[2] == {
        "code": "bad-code",
        "status_code": 422,
        "message": 'Asset code may contain only letters, numbers and underscores. "bad-code" given',
    }
    assert results[3]["message"] == BUSINESS_RULES
    assert [(e["property"], e["message"]) for e in results[3]["errors"]] == [
        ("values.label", 'The locale "en_AU" is not activated.')
    ]
    assert catalog.get(f"{_assets(family)}/phone").status_code == 404


def test_batch_per_item_results_whole_request_refusals(catalog: TestClient) -> None:
    family = _family(catalog)
    not_objects = catalog.patch(_assets(family), json=[{"code": "a"}, "b"]).json()
    assert (not_objects["code"], not_objects["message"]) == (400, "The list of assets has an invalid format.")
    too_many = catalog.patch(_assets(family), json=[{"code": f"a{i}"} for i in range(101)])
    assert too_many.json() == {"code": 413, "message": "Too many resources to process, 100 is the maximum allowed."}
    assert catalog.get(f"{_assets(family)}/a").status_code == 404


# -- asset codes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("bad-code", 'Asset code may contain only letters, numbers and underscores. "bad-code" given'),
        ("a" * 256, "Asset code cannot be longer than 255 characters, 256 string long given"),
    ],
)
def test_asset_code_format(catalog: TestClient, code: str, message: str) -> None:
    family = _family(catalog)
    response = catalog.patch(f"{_assets(family)}/{code}", json={})
    assert response.json() == {"code": 422, "message": message}
    assert catalog.get(f"{_assets(family)}/{code}").json() == {"code": 422, "message": message}
    assert _ok(catalog.patch(f"{_assets(family)}/{'a' * 255}", json={})).status_code == 201


def test_asset_code_unique_across_families(catalog: TestClient) -> None:
    first, second = _family(catalog, "packshots"), _family(catalog, "notices")
    _ok(catalog.patch(f"{_assets(first)}/amor", json={}))
    for code in ("amor", "AMOR"):
        response = catalog.patch(f"{_assets(second)}/{code}", json={})
        assert response.json() == {
            "code": 422,
            "message": BUSINESS_RULES,
            "errors": [{"property": "code", "message": f'An asset already exists with code "{code}"'}],
        }
    assert _ok(catalog.get(_assets(second))).json()["_embedded"]["items"] == []


def test_asset_code_case_insensitive_in_its_family(catalog: TestClient) -> None:
    family = _family(catalog)
    _attribute(catalog, family, "title", type="text")
    _ok(catalog.patch(f"{_assets(family)}/amor", json={}))
    updated = catalog.patch(f"{_assets(family)}/Amor", json={"code": "Amor", "values": {"title": [_value("T")]}})
    assert updated.status_code == 204
    found = _ok(catalog.get(f"{_assets(family)}/AMOR")).json()
    assert found["code"] == "amor" and found["values"]["title"] == [_value("T")]
    assert [item["code"] for item in catalog.get(_assets(family)).json()["_embedded"]["items"]] == ["amor"]


def test_asset_not_found_message(catalog: TestClient) -> None:
    family = _family(catalog)
    assert catalog.get(f"{_assets(family)}/ghost").json() == {
        "code": 404,
        "message": 'Asset "ghost" does not exist for the asset family "packshots".',
    }
    assert catalog.delete(f"{_assets(family)}/ghost").json() == {
        "code": 404,
        "message": "Resource `ghost` does not exist.",
    }


# -- values -----------------------------------------------------------------------------------------------------


def test_asset_deleted_options_dropped(catalog: TestClient) -> None:
    family = _family(catalog)
    _attribute(catalog, family, "size", type="single_option")
    _attribute(catalog, family, "colors", type="multiple_options")
    for attribute, option in (("size", "s"), ("colors", "red"), ("colors", "blue")):
        _ok(catalog.patch(f"{FAMILIES}/{family}/attributes/{attribute}/options/{option}", json={}))
    body = {"values": {"size": [_value("s")], "colors": [_value(["red", "blue"])]}}
    _ok(catalog.patch(f"{_assets(family)}/amor", json=body))
    _ok(catalog.delete(f"{FAMILIES}/{family}/attributes/size/options/s"))
    _ok(catalog.delete(f"{FAMILIES}/{family}/attributes/colors/options/red"))
    read = _ok(catalog.get(f"{_assets(family)}/amor")).json()
    assert read["values"] == {"colors": [_value(["blue"])]}
    assert catalog.patch(f"{_assets(family)}/amor", json=read).status_code == 204


def test_asset_media_link_full_url(catalog: TestClient) -> None:
    family = _family(catalog)
    _attribute(catalog, family, "video", type="media_link", media_type="youtube")
    _attribute(catalog, family, "clip", type="media_link", media_type="vimeo")
    body = {"values": {"video": [_value("dQw4w9WgXcQ")], "clip": [_value("76979871")]}}
    _ok(catalog.patch(f"{_assets(family)}/trailer", json=body))
    values = _ok(catalog.get(f"{_assets(family)}/trailer")).json()["values"]
    assert values["video"][0]["linked_data"]["full_url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert values["clip"][0]["linked_data"]["full_url"] == "https://vimeo.com/76979871"


# -- lists and search -------------------------------------------------------------------------------------------


def _page(client: TestClient, url: str, **params: str) -> dict:
    return _ok(client.get(url, params=params)).json()


def test_list_search_after_code(clock: Any) -> None:
    app = create_app(
        settings=Settings(load_fixtures=False, validate_responses=True, page_size=2),
        clock=clock,
        start_catalog=load_start,
    )
    product_catalog.load_structure(app.mock_context)
    catalog = ApiClient(app)
    catalog.headers["Authorization"] = f"Bearer {token_pair(catalog)['access_token']}"
    family = _family(catalog)
    for code in ("d", "a", "c", "b", "e"):
        _ok(catalog.patch(f"{_assets(family)}/{code}", json={}))
    first = _page(catalog, _assets(family))
    assert first["_links"]["next"]["href"].endswith("/assets?search_after=b")
    after_c = _page(catalog, _assets(family), search_after="c")
    assert [item["code"] for item in after_c["_embedded"]["items"]] == ["d", "e"]
    invalid = catalog.get(_assets(family), params={"search_after": "not a code"})
    assert invalid.json() == {
        "code": 422,
        "message": 'Asset code may contain only letters, numbers and underscores. "not a code" given',
    }


def test_list_links_vendor_escaping(catalog: TestClient) -> None:
    family = _family(catalog)
    search = json.dumps({"code": [{"operator": "IN", "value": ["a", "b"]}]}, separators=(",", ":"))
    href = _page(catalog, _assets(family), search=search)["_links"]["self"]["href"]
    assert href.endswith(
        "/assets?search=%7B%22code%22:%5B%7B%22operator%22:%22IN%22,%22value%22:%5B%22a%22,%22b%22%5D%7D%5D%7D"
    )


def test_list_unknown_channel_and_locales(catalog: TestClient) -> None:
    family = _family(catalog)
    response = catalog.get(_assets(family), params={"channel": "nope", "locales": "en_US,xx_XX"})
    assert response.json() == {
        "code": 422,
        "message": "Invalid query parameters",
        "errors": [
            {"property": "channel", "message": 'Channel "nope" does not exist.'},
            {"property": "locales", "message": 'Locale "xx_XX" is not activated.'},
        ],
    }


@pytest.mark.parametrize(
    ("search", "status"),
    [
        pytest.param("[" * 1000 + "]" * 1000, 400, id="nested-1000-deep"),
        pytest.param('"text"', 400, id="json-string"),
        pytest.param(json.dumps({"updated": [{"operator": "SINCE LAST N DAYS", "value": 740_000}]}), 422, id="days"),
        pytest.param(json.dumps({"and": [{"ghost": {"operator": "EMPTY"}}]}), 422, id="unknown-attribute"),
    ],
)
def test_list_search_refusals_are_4xx(catalog: TestClient, search: str, status: int) -> None:
    family = _family(catalog)
    response = catalog.get(_assets(family), params={"search": search})
    assert response.status_code == status, response.text
    expected = "The search query parameter must be a valid JSON." if status == 400 else None
    assert response.json()["message"] == (expected or "The search filters have an invalid format.")


def test_list_search_on_values_and_complete(catalog: TestClient) -> None:
    family = _family(catalog)
    _attribute(catalog, family, "title", type="text", value_per_locale=True)
    _attribute(catalog, family, "note", type="text", value_per_channel=True, is_required_for_completeness=True)
    _ok(catalog.patch(f"{_assets(family)}/summer", json={"values": {"title": [_value("Summer sale", "en_US")]}}))
    _ok(catalog.patch(f"{_assets(family)}/done", json={"values": {"note": [_value("ok", None, "ecommerce")]}}))

    def codes(search: dict) -> list[str]:
        page = _page(catalog, _assets(family), search=json.dumps(search))
        return [item["code"] for item in page["_embedded"]["items"]]

    title = {"title": {"operator": "CONTAINS", "value": "sale", "locale": "en_US"}}
    assert codes(title) == ["summer"]
    assert codes({"or": [title, {"code": {"operator": "IN", "value": ["done"]}}]}) == ["done", "summer"]
    complete = {"operator": "=", "value": True, "channel": "ecommerce", "locales": ["en_US"]}
    assert codes({"complete": complete}) == ["done"]
    unknown = catalog.get(_assets(family), params={"search": json.dumps({"complete": {**complete, "channel": "x"}})})
    assert unknown.json() == {
        "code": 422,
        "message": "Invalid query parameters",
        "errors": [{"property": "complete.channel", "message": 'Channel "x" does not exist.'}],
    }


# -- media files ------------------------------------------------------------------------------------------------


def test_media_upload_file_part(catalog: TestClient) -> None:
    response = catalog.post(MEDIA, files={"upload": ("a.png", picture(10, 10), "image/png")})
    assert response.json() == {"code": 422, "message": 'Property "file" is required.'}


def test_media_download_headers(catalog: TestClient) -> None:
    uploaded = _ok(catalog.post(MEDIA, files={"file": ("../../etc/passwd.png", picture(8, 8), "image/png")}))
    code = uploaded.headers["Asset-media-file-code"]
    download = _ok(catalog.get(f"{MEDIA}/{code}"))
    assert download.headers["content-disposition"] == 'attachment; filename="passwd.png"'
    accented = _ok(catalog.post(MEDIA, files={"file": ("café.png", picture(8, 8), "image/png")}))
    header = _ok(catalog.get(f"{MEDIA}/{accented.headers['Asset-media-file-code']}")).headers["content-disposition"]
    assert header == "attachment; filename=\"caf_.png\"; filename*=UTF-8''caf%C3%A9.png"


def test_asset_target_read_only(catalog: TestClient) -> None:
    family = _family(catalog)
    for code in ("main", "thumb"):
        _attribute(catalog, family, code, type="media_file", media_type="image")
    transformation = {
        "label": "thumbnail",
        "source": {"attribute": "main", "locale": None, "channel": None},
        "target": {"attribute": "thumb", "locale": None, "channel": None},
        "operations": [{"type": "thumbnail", "parameters": {"width": 10, "height": 10}}],
        "filename_suffix": "_thumb",
    }
    _ok(catalog.patch(f"{FAMILIES}/{family}", json={"transformations": [transformation]}))
    code = _ok(catalog.post(MEDIA, files={"file": ("a.png", picture(20, 20), "image/png")})).headers[
        "Asset-media-file-code"
    ]
    refused = catalog.patch(f"{_assets(family)}/amor", json={"values": {"thumb": [_value(code)]}}).json()
    assert refused["message"] == BUSINESS_RULES
    assert [e["property"] for e in refused["errors"]] == ["values.thumb"]
    assert catalog.patch(f"{_assets(family)}/amor", json={"values": {"main": [_value(code)]}}).status_code == 201
    assert _ok(catalog.get(f"{_assets(family)}/amor")).json()["values"]["thumb"][0]["data"].endswith("_thumb.png")
