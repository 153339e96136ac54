"""FORMAT-SHAPE-ONLY: what our contract constrains beyond the vendor's JSON shape is the business rules' (a 422 of the
rules, not "has an invalid format"), and a refused write changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.api.format_shop import PACKSHOTS, catalog_client, packshots
from tests.support import FAMILIES


@pytest.fixture(scope="module")
def shop() -> Iterator[TestClient]:
    """The default catalog, shared by the cases that are refused whatever the domain does (each checks it wrote
    nothing)."""
    yield from catalog_client()


@pytest.fixture
def fresh_shop() -> Iterator[TestClient]:
    """The default catalog, for the cases that would write if a business rule were missing."""
    yield from catalog_client()


# -- FORMAT-SHAPE-ONLY: what our contract constrains beyond shape is the business rules' ---------------------------
def _transformation(family: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {"transformations": [{**family["transformations"][0], **changes}]}


def _operation(family: dict[str, Any], **operation: Any) -> dict[str, Any]:
    return _transformation(family, operations=[operation])


def _selection(family: dict[str, Any], **changes: Any) -> dict[str, Any]:
    rule = family["product_link_rules"][0]
    return {"product_link_rules": [{**rule, "product_selections": [{**rule["product_selections"][0], **changes}]}]}


def _assignment(family: dict[str, Any], **changes: Any) -> dict[str, Any]:
    rule = family["product_link_rules"][0]
    return {"product_link_rules": [{**rule, "assign_assets_to": [{**rule["assign_assets_to"][0], **changes}]}]}


FAMILY_CASES = {
    "minLength attribute_as_main_media": lambda f: {"attribute_as_main_media": ""},
    "limit of 2 product_link_rules": lambda f: {"product_link_rules": f["product_link_rules"] * 3},
    "minItems product_selections": lambda f: {
        "product_link_rules": [{**f["product_link_rules"][0], "product_selections": []}]
    },
    "minItems assign_assets_to": lambda f: {
        "product_link_rules": [{**f["product_link_rules"][0], "assign_assets_to": []}]
    },
    # a literal value: a selection extrapolating one is only checked for its extrapolations (LINK-RULE-MESSAGES)
    "minLength selection field": lambda f: _selection(f, field="", value="x"),
    "enum selection operator": lambda f: _selection(f, operator="LIKE", value="x"),
    "anyOf selection value": lambda f: _selection(f, value=[1]),
    "minLength assignment attribute": lambda f: _assignment(f, attribute=""),
    "enum assignment mode": lambda f: _assignment(f, mode="merge"),
    "limit of 10 transformations": lambda f: {
        "transformations": [
            {**f["transformations"][0], "label": f"t{i}", "filename_suffix": f"_{i}"} for i in range(11)
        ]
    },
    "required transformation label": lambda f: {
        "transformations": [{k: v for k, v in f["transformations"][0].items() if k != "label"}]
    },
    "anyOf filename_prefix or filename_suffix": lambda f: _transformation(f, filename_suffix=None),
    "pattern filename_suffix": lambda f: _transformation(f, filename_suffix="a/b"),
    "minLength source attribute": lambda f: _transformation(
        f, source={"attribute": "", "channel": None, "locale": None}
    ),
    "minItems operations": lambda f: _transformation(f, operations=[]),
    "anyOf operation type": lambda f: _operation(f, type="blur", parameters={}),
    "required operation parameters": lambda f: _operation(f, type="resize"),
    "maximum optimize_jpeg quality": lambda f: _operation(f, type="optimize_jpeg", parameters={"quality": 1000}),
    "minProperties scale parameters": lambda f: _operation(f, type="scale", parameters={}),
    "enum colorspace": lambda f: _operation(f, type="colorspace", parameters={"colorspace": "cmyk2"}),
    "anyOf naming_convention": lambda f: {"naming_convention": {"pattern": "/x/"}},
    "minLength naming source property": lambda f: {
        "naming_convention": {**f["naming_convention"], "source": {"property": "", "locale": None, "channel": None}}
    },
    "x-key-pattern labels": lambda f: {"labels": {"x": "y"}},
}


@pytest.mark.parametrize("case", FAMILY_CASES)
def test_format_shape_only_family(fresh_shop: TestClient, case: str) -> None:
    before = packshots(fresh_shop)
    response = fresh_shop.patch(PACKSHOTS, json=FAMILY_CASES[case](before))
    assert response.status_code == 422, response.text
    assert response.json()["message"] == "The asset family has data that does not comply with the business rules."
    assert packshots(fresh_shop) == before


ATTRIBUTE_CASES = {
    "minLength attribute code": ("new_attribute", {"code": "", "type": "text"}),
    "enum attribute type": ("new_attribute", {"type": "file"}),
    "enum media_type": ("new_attribute", {"type": "media_file", "media_type": "audio"}),
    "enum validation_rule": ("product_ref", {"validation_rule": "phone"}),
    "minimum max_characters": ("product_ref", {"max_characters": 0}),
    "pattern max_file_size": ("main_image", {"max_file_size": "ten"}),
    "pattern min_value": ("new_number", {"type": "number", "min_value": "abc"}),
}


@pytest.mark.parametrize("case", ATTRIBUTE_CASES)
def test_format_shape_only_attribute(fresh_shop: TestClient, case: str) -> None:
    code, body = ATTRIBUTE_CASES[case]
    path = f"{PACKSHOTS}/attributes/{code}"
    before = fresh_shop.get(path).content
    response = fresh_shop.patch(path, json=body)
    assert response.status_code == 422, response.text
    assert "invalid format" not in response.json()["message"]  # the business rules' (or the code check's) 422
    assert fresh_shop.get(path).content == before


def test_format_shape_only_option_and_asset(shop: TestClient) -> None:
    option = shop.patch(f"{FAMILIES}/frontview/attributes/photographer/options/x", json={"code": ""})
    assert option.status_code == 422, option.text
    assert "invalid format" not in option.json()["message"]
    # x-key-pattern of values (data of the wrong type for its attribute is the format stage's:
    # FORMAT-ASSET-VALUE-BY-TYPE, tests/api/test_format_by_attribute_type.py)
    values = {"bad-key": [{"locale": None, "channel": None, "data": "x"}]}
    response = shop.patch(f"{PACKSHOTS}/assets/x", json={"values": values})
    assert response.status_code == 422, response.text
    assert response.json()["message"] == "The asset has data that does not comply with the business rules."
    assert shop.get(f"{PACKSHOTS}/assets/x").status_code == 404
