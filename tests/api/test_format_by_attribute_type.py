"""FORMAT-ASSET-VALUE-BY-TYPE: the asset upserts (single and batch) judge each value's `data` with the schema of
its attribute's type in the family (the vendor's AssetValuesValidator and Value/*TypeValidator.php): string|null
for most types, an array of strings for option and asset collections. A fault is the format stage's 422 "The asset
has an invalid format." with Opis' errors, before any business rule, and nothing is written."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

FAMILY = "/api/rest/v1/asset-families/typed"
ATTRIBUTES = (
    {"code": "name", "type": "text"},
    {"code": "colors", "type": "multiple_options"},
    {"code": "weight", "type": "number", "decimals_allowed": False},
)
INVALID_FORMAT = "The asset has an invalid format."


def _value(data: Any) -> list[dict[str, Any]]:
    return [{"locale": None, "channel": None, "data": data}]


def _errors(attribute: str, given: str, expected: str) -> list[dict[str, str]]:
    """Opis' flat list for one value whose data has the wrong type (FORMAT-OPIS-FLAT-LIST)."""
    return [
        {"property": "", "message": "The properties must match schema: values"},
        {"property": "values", "message": "Object properties that match pattern '.+' must also match pattern's schema"},
        {"property": f"values.{attribute}", "message": "All array items must match schema"},
        {"property": f"values.{attribute}[0]", "message": "The properties must match schema: data"},
        {"property": f"values.{attribute}[0].data", "message": f"The data ({given}) must match the type: {expected}"},
    ]


# attribute, data of the wrong type, Opis' name of the sent type, the type the attribute's schema takes
WRONG_DATA = [
    ("name", ["a", "b"], "array", "string, null"),
    ("colors", "red", "string", "array"),
    ("weight", {"kg": "1"}, "object", "string, null"),
    ("weight", 12, "integer", "string, null"),  # NumberTypeValidator: a number's data is a string
]


@pytest.fixture
def typed(api: TestClient) -> TestClient:
    """A family whose attributes have the types under test."""
    assert api.patch(FAMILY, json={}).status_code == 201
    for attribute in ATTRIBUTES:
        path = f"{FAMILY}/attributes/{attribute['code']}"
        body = {"value_per_locale": False, "value_per_channel": False, **attribute}
        response = api.patch(path, json=body)
        assert response.status_code == 201, response.text
    return api


@pytest.mark.parametrize(("attribute", "data", "given", "expected"), WRONG_DATA)
def test_format_asset_value_by_type_single(
    typed: TestClient, attribute: str, data: Any, given: str, expected: str
) -> None:
    response = typed.patch(f"{FAMILY}/assets/house", json={"values": {attribute: _value(data)}})
    assert response.status_code == 422, response.text
    assert response.json() == {"code": 422, "message": INVALID_FORMAT, "errors": _errors(attribute, given, expected)}
    assert typed.get(f"{FAMILY}/assets/house").status_code == 404  # nothing written


@pytest.mark.parametrize(("attribute", "data", "given", "expected"), WRONG_DATA)
def test_format_asset_value_by_type_batch(
    typed: TestClient, attribute: str, data: Any, given: str, expected: str
) -> None:
    body = [{"code": "house", "values": {attribute: _value(data)}}, {"code": "flat"}]
    response = typed.patch(f"{FAMILY}/assets", json=body)
    assert response.status_code == 200, response.text
    assert response.json() == [
        {
            "code": "house",
            "status_code": 422,
            "message": INVALID_FORMAT,
            "errors": _errors(attribute, given, expected),
        },
        {"code": "flat", "status_code": 201},  # the other entry goes on
    ]
    assert typed.get(f"{FAMILY}/assets/house").status_code == 404


def test_format_asset_value_by_type_groups_in_family_order(typed: TestClient) -> None:
    # AssetValuesValidator judges one attribute type after the other, in the family's attribute order, whatever
    # the body's order; the errors of each group follow one another.
    values = {"weight": _value(12), "name": _value(["a"])}
    response = typed.patch(f"{FAMILY}/assets/house", json={"values": values})
    assert response.status_code == 422, response.text
    assert response.json()["errors"] == _errors("name", "array", "string, null") + _errors(
        "weight", "integer", "string, null"
    )


def test_format_asset_value_by_type_accepts_each_types_data(typed: TestClient) -> None:
    assert typed.patch(f"{FAMILY}/attributes/colors/options/red", json={}).status_code == 201
    values = {"name": _value("House"), "colors": _value(["red"]), "weight": _value("12")}
    assert typed.patch(f"{FAMILY}/assets/house", json={"values": values}).status_code == 201
    assert typed.get(f"{FAMILY}/assets/house").json()["values"]["weight"] == _value("12")


def test_format_asset_value_by_type_unknown_attribute_is_a_business_rule(typed: TestClient) -> None:
    # Values of an attribute the family lacks are in no type group: the business rules refuse them.
    response = typed.patch(f"{FAMILY}/assets/house", json={"values": {"nope": _value(["a"])}})
    assert response.status_code == 422, response.text
    assert response.json()["message"] == "The asset has data that does not comply with the business rules."
