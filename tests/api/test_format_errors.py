"""The vendor's first validation stage: JSON bodies (400), JSON-schema format faults (422 "The <resource> has an
invalid format." with Opis' errors), the asset batch's list and size checks (400, 413).

The expected bodies are the vendor's recorded answers (pim-community-dev, AssetManager
tests/back/Integration/Resources/responses/**/Connector/Collect/*invalid_format*.json), written out here.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server.domain.request_format import schemas as format_schemas
from mock_server.domain.request_format.opis import php_view, property_path
from tests.api.format_shop import PACKSHOTS, as_json, catalog_client, send_raw
from tests.support import FAMILIES

ROOT_LABELS = [
    {"property": "", "message": "The properties must match schema: labels"},
    {"property": "labels", "message": "The data (array) must match the type: object"},
]


@pytest.fixture(scope="module")
def shop() -> Iterator[TestClient]:
    """The default catalog, shared by the cases that are refused whatever the domain does (each checks it wrote
    nothing)."""
    yield from catalog_client()


@pytest.fixture
def fresh_shop() -> Iterator[TestClient]:
    """The default catalog, for the cases that would write if a business rule were missing."""
    yield from catalog_client()


# -- FORMAT-OPIS-FIRST-FAULT, FORMAT-OPIS-FLAT-LIST, FORMAT-OPIS-ITEM-PATHS: the recorded answers -------------------
def test_format_opis_first_fault_family() -> None:
    # unprocessable_brand_asset_family_for_invalid_format.json: `properties` fails, additionalProperties never runs.
    body = {"code": "brand", "labels": ["Wrong label format"], "unknown_property": "michel"}
    assert as_json(format_schemas.asset_family_errors(body)) == ROOT_LABELS


def test_format_opis_first_fault_attribute_on_creation_and_update() -> None:
    # unprocessable_{creation,update}_main_color_asset_family_attribute_for_invalid_format.json
    body = {"code": "main_color", "labels": ["Wrong label format"], "unknown_property": "michel"}
    assert as_json(format_schemas.attribute_errors({**body, "type": "text"})) == ROOT_LABELS
    assert as_json(format_schemas.attribute_errors(body, "text")) == ROOT_LABELS


def test_format_opis_first_fault_attribute_option() -> None:
    # unprocessable_creation_usa_attribute_option_for_invalid_format.json
    body = {"code": "usa", "labels": ["Wrong label format"]}
    assert as_json(format_schemas.attribute_option_errors(body)) == ROOT_LABELS


def test_format_opis_flat_list_asset_values() -> None:
    # unprocessable_entity_house_asset_for_invalid_format.json
    body = {
        "code": "house",
        "values": {
            "name": [
                {"locale": 42, "channel": None, "data": None},
                {"locale": "en_AU", "data": "House french description."},
            ]
        },
    }
    assert as_json(format_schemas.asset_errors(body, {"name": "text"})) == [
        {"property": "", "message": "The properties must match schema: values"},
        {"property": "values", "message": "Object properties that match pattern '.+' must also match pattern's schema"},
        {"property": "values.name", "message": "All array items must match schema"},
        {"property": "values.name[0]", "message": "The properties must match schema: locale"},
        {"property": "values.name[0].locale", "message": "The data (integer) must match the type: string, null"},
        {"property": "values.name[1]", "message": "The required properties (channel) are missing"},
    ]


def test_format_opis_flat_list_batch_entry() -> None:
    # collect_frontview_assets_with_unprocessable_assets.json, first entry
    entry = {"code": 42, "values": {"description": {"locale": "fr_FR", "channel": None, "data": "House"}}}
    assert as_json(format_schemas.asset_errors(entry)) == [
        {"property": "", "message": "The properties must match schema: code, values"},
        {"property": "code", "message": "The data (integer) must match the type: string"},
        {"property": "values", "message": "Object properties that match pattern '.+' must also match pattern's schema"},
        {"property": "values.description", "message": "The data (object) must match the type: array"},
    ]


def test_format_opis_item_paths() -> None:
    # unprocessable_brand_asset_family_transformation_for_invalid_data.json: only the 11th transformation is at fault.
    good = {
        "label": "t",
        "source": {"attribute": "main_image", "channel": None, "locale": None},
        "target": {"attribute": "thumbnail", "channel": None, "locale": None},
        "operations": [{"type": "thumbnail", "parameters": {}}, {"type": "scale"}],
    }
    bad = {**good, "operations": [{"type": "thumbnail", "parameters": {"width": 100}, "foo": "bar"}]}
    assert as_json(format_schemas.asset_family_errors({"code": "brand", "transformations": [good] * 10 + [bad]})) == [
        {"property": "", "message": "The properties must match schema: transformations"},
        {"property": "transformations", "message": "All array items must match schema"},
        {"property": "transformations[10]", "message": "The properties must match schema: operations"},
        {"property": "transformations[10].operations", "message": "All array items must match schema"},
        {
            "property": "transformations[10].operations[0]",
            "message": "Additional object properties are not allowed: foo",
        },
    ]


def test_format_opis_flat_list_values_by_attribute_type() -> None:
    body = {"code": "shirt", "values": {"colors": [{"locale": None, "channel": None, "data": "red"}]}}
    assert as_json(format_schemas.asset_errors(body, {"colors": "multiple_options"}))[-1] == {
        "property": "values.colors[0].data",
        "message": "The data (string) must match the type: array",
    }
    assert format_schemas.asset_errors(body, {"colors": "text"}) == []
    assert format_schemas.asset_errors(body) == []  # attributes unknown: any data type passes this stage


@pytest.mark.parametrize(
    ("path", "expected"),
    [((), ""), (("labels",), "labels"), (("values", "title", 0, "data"), "values.title[0].data"), (("a/b",), "a~1b")],
)
def test_format_opis_item_paths_conversion(path: tuple[Any, ...], expected: str) -> None:
    assert property_path(path) == expected


def test_format_opis_first_fault_sees_data_as_php_does() -> None:
    assert php_view({}) == []
    assert php_view({"0": "a", "1": "b"}) == ["a", "b"]
    assert php_view({"1": "a"}) == {"1": "a"}
    assert as_json(format_schemas.asset_family_errors({"code": "brand", "labels": {"0": "x"}})) == ROOT_LABELS
    assert (
        format_schemas.asset_family_errors({"code": "brand", "labels": {}}) == []
    )  # the vendor sends empty labels as an object


# -- FORMAT-422-PER-RESOURCE, FORMAT-MESSAGE-PER-RESOURCE: through the app, one resource each ----------------------
@pytest.mark.parametrize(
    ("path", "body", "message"),
    [
        (PACKSHOTS, {"labels": ["x"], "unknown_property": 1}, "The asset family has an invalid format."),
        (f"{PACKSHOTS}/attributes/product_ref", {"labels": ["x"]}, "The attribute has an invalid format."),
        (
            f"{FAMILIES}/frontview/attributes/photographer/options/x",
            {"labels": ["x"]},
            "The attribute option has an invalid format.",
        ),
        (
            f"{PACKSHOTS}/assets/x",
            {"values": {"product_ref": [{"locale": None, "data": "x"}]}},
            "The asset has an invalid format.",
        ),
    ],
)
def test_format_422_per_resource_and_message(shop: TestClient, path: str, body: dict[str, Any], message: str) -> None:
    before = shop.get(path)
    response = shop.patch(path, json=body)
    assert response.status_code == 422, response.text
    answer = response.json()
    assert (answer["code"], answer["message"]) == (422, message)
    assert answer["errors"][0]["property"] == ""
    after = shop.get(path)
    assert (after.status_code, after.content) == (before.status_code, before.content)  # nothing was written


def test_format_opis_first_fault_unknown_property_alone(shop: TestClient) -> None:
    response = shop.patch(PACKSHOTS, json={"extra_property": 1})
    assert response.json() == {
        "code": 422,
        "message": "The asset family has an invalid format.",
        "errors": [{"property": "", "message": "Additional object properties are not allowed: extra_property"}],
    }


# -- FORMAT-JSON-DEPTH, FORMAT-JSON-ENCODING, FORMAT-JSON-HUGE-NUMBER ----------------------------------------------
def _nested(levels: int) -> bytes:
    """A body whose arrays and objects nest `levels` deep (the root object counts as one)."""
    return b'{"code": "packshots", "labels": ' + b"[" * (levels - 1) + b"]" * (levels - 1) + b"}"


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"{", id="not-json"),
        pytest.param(b"null", id="null"),
        pytest.param(_nested(513), id="deeper-than-512"),
        pytest.param(_nested(1000), id="1000-levels"),
        pytest.param(b'{"labels": {"en_US": "\xff"}}', id="invalid-utf8"),
        pytest.param(b'\xef\xbb\xbf{"code": "packshots"}', id="byte-order-mark"),
        pytest.param(b'{"labels": {"en_US": "\\ud800"}}', id="lone-surrogate"),
        pytest.param(b'{"labels": {"en_US": NaN}}', id="nan"),
        pytest.param(b'{"labels": {"en_US": -Infinity}}', id="infinity"),
    ],
)
def test_format_json_encoding_and_depth_are_400(shop: TestClient, content: bytes) -> None:
    for path in (PACKSHOTS, f"{PACKSHOTS}/assets", f"{PACKSHOTS}/assets/x"):
        response = send_raw(shop, path, content)
        assert response.status_code == 400, (path, response.text)
        assert response.json() == {"code": 400, "message": "Invalid json message received"}
    assert shop.get(f"{PACKSHOTS}/assets/x").status_code == 404


def test_format_json_depth_512_levels_are_still_json(shop: TestClient) -> None:
    response = send_raw(shop, PACKSHOTS, _nested(512))
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == ROOT_LABELS


@pytest.mark.parametrize(
    ("number", "json_type"),
    [(b"9" * 5000, "number"), (b"99999999999999999999", "integer"), (b"1e400", "number"), (b"-1e400", "number")],
)
def test_format_json_huge_number_is_a_number(shop: TestClient, number: bytes, json_type: str) -> None:
    response = send_raw(shop, PACKSHOTS, b'{"code": "packshots", "labels": {"en_US": ' + number + b"}}")
    assert response.status_code == 422, response.text
    assert response.json()["errors"][-1] == {
        "property": "labels.en_US",
        "message": f"The data ({json_type}) must match the type: string, null",
    }


# -- FORMAT-ASSET-LIST(-MESSAGES), before the batch size -----------------------------------------------------------
@pytest.mark.parametrize(
    ("body", "errors"),
    [
        ({"code": "a"}, [{"property": "", "message": "The data (object) must match the type: array"}]),
        ({}, [{"property": "", "message": "The data (object) must match the type: array"}]),
        (
            [{"code": "a"}, [], 1],
            [
                {"property": "", "message": "All array items must match schema"},
                {"property": "[1]", "message": "The data (array) must match the type: object"},
                {"property": "[2]", "message": "The data (integer) must match the type: object"},
            ],
        ),
    ],
)
def test_format_asset_list_messages(shop: TestClient, body: Any, errors: list[dict[str, Any]]) -> None:
    # `{}` would be PHP's empty list; our contract types the batch as an array (ERRATA "Empty objects").
    response = send_raw(shop, f"{PACKSHOTS}/assets", json.dumps(body).encode())
    assert response.status_code == 400, response.text
    assert response.json() == {"code": 400, "message": "The list of assets has an invalid format.", "errors": errors}
    assert shop.get(f"{PACKSHOTS}/assets/a").status_code == 404


def test_format_asset_list_before_the_413(shop: TestClient) -> None:
    response = shop.patch(f"{PACKSHOTS}/assets", json=[{"code": f"a{i}"} for i in range(101)])
    assert response.json() == {"code": 413, "message": "Too many resources to process, 100 is the maximum allowed."}
    assert response.status_code == 413
    assert shop.patch(f"{PACKSHOTS}/assets", json=[{"code": "a"}] * 100 + [1]).status_code == 400


def test_format_opis_flat_list_batch_entries_one_by_one(fresh_shop: TestClient) -> None:
    # collect_frontview_assets_with_unprocessable_assets.json: a bad entry is a 422 result, the others go on.
    body = [
        {"code": 42, "values": {"alt_tag": {"locale": "en_US", "channel": None, "data": "House"}}},
        {"code": "house", "values": {"alt_tag": [{"locale": "en_US", "channel": None, "data": "House"}]}},
        {"code": "flat", "group": "nope"},
    ]
    response = fresh_shop.patch(f"{FAMILIES}/frontview/assets", json=body)
    assert response.status_code == 200, response.text
    assert response.json() == [
        {
            "code": 42,
            "status_code": 422,
            "message": "The asset has an invalid format.",
            "errors": [
                {"property": "", "message": "The properties must match schema: code, values"},
                {"property": "code", "message": "The data (integer) must match the type: string"},
                {
                    "property": "values",
                    "message": "Object properties that match pattern '.+' must also match pattern's schema",
                },
                {"property": "values.alt_tag", "message": "The data (object) must match the type: array"},
            ],
        },
        {"code": "house", "status_code": 201},
        {
            "code": "flat",
            "status_code": 422,
            "message": "The asset has an invalid format.",
            "errors": [{"property": "", "message": "Additional object properties are not allowed: group"}],
        },
    ]
    assert fresh_shop.get(f"{FAMILIES}/frontview/assets/flat").status_code == 404


# -- FORMAT-CODE-REQUIRED: the vendor's schemas require `code` in the body, whatever the path says -----------------
CODE_MISSING = [{"property": "", "message": "The required properties (code) are missing"}]


def _refused_without_code(client: TestClient, path: str, body: dict[str, Any], resource: str) -> None:
    before = client.get(path)
    response = send_raw(client, path, json.dumps(body).encode())  # raw: ApiClient would add the path's code
    assert response.status_code == 422, response.text
    assert response.json() == {"code": 422, "message": f"The {resource} has an invalid format.", "errors": CODE_MISSING}
    after = client.get(path)
    assert (after.status_code, after.content) == (before.status_code, before.content)


def test_format_code_required_family(shop: TestClient) -> None:
    _refused_without_code(shop, PACKSHOTS, {"labels": {"en_US": "Packshots"}}, "asset family")  # an update
    _refused_without_code(shop, f"{FAMILIES}/newcomer", {"labels": {}}, "asset family")  # a creation


def _refused_as_mismatch(client: TestClient, path: str, body: dict[str, Any], message: str) -> None:
    """CHECK-ORDER-BODY-CODE: the attribute and asset controllers compare `body['code'] ?? null` with the URI's
    code before their JSON schema, so a body without code is their plain mismatch 422."""
    before = client.get(path)
    response = send_raw(client, path, json.dumps(body).encode())
    assert (response.status_code, response.json()) == (422, {"code": 422, "message": message})
    after = client.get(path)
    assert (after.status_code, after.content) == (before.status_code, before.content)


def test_format_code_required_attribute(shop: TestClient) -> None:
    # sic: the vendor's attribute controller names the asset family.
    message = (
        "The code of the asset family provided in the URI must be the same as the one provided in the request body."
    )
    _refused_as_mismatch(shop, f"{PACKSHOTS}/attributes/product_ref", {"labels": {"en_US": "Ref"}}, message)
    _refused_as_mismatch(shop, f"{PACKSHOTS}/attributes/newcomer", {"type": "text"}, message)


def test_format_code_required_option(shop: TestClient) -> None:
    options = f"{FAMILIES}/frontview/attributes/photographer/options"
    _refused_without_code(shop, f"{options}/newcomer", {"labels": {"en_US": "New"}}, "attribute option")


def test_format_code_required_asset_single(shop: TestClient) -> None:
    values = {"product_ref": [{"locale": None, "channel": None, "data": "x"}]}
    message = "The code of the asset provided in the URI must be the same as the one provided in the request body."
    _refused_as_mismatch(shop, f"{PACKSHOTS}/assets/newcomer", {"values": values}, message)


def test_format_code_required_batch_entry(fresh_shop: TestClient) -> None:
    values = {"product_ref": [{"locale": None, "channel": None, "data": "x"}]}
    count = len(fresh_shop.get(f"{PACKSHOTS}/assets").json()["_embedded"]["items"])
    response = fresh_shop.patch(f"{PACKSHOTS}/assets", json=[{"values": values}, {"code": "kept", "values": values}])
    assert response.status_code == 200, response.text
    assert response.json() == [
        {"code": "", "status_code": 422, "message": "The asset has an invalid format.", "errors": CODE_MISSING},
        {"code": "kept", "status_code": 201},
    ]
    assert len(fresh_shop.get(f"{PACKSHOTS}/assets").json()["_embedded"]["items"]) == count + 1  # "kept" only
