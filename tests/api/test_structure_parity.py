"""Asset families, attributes and options through the app, at the vendor's parity: codes, case, round trips, the
defaults of a new family, limits, page size, list links, not-found texts and the business-rules envelope."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtures import product_catalog
from tests.support import FAMILIES

FAMILY_RULES = "The asset family has data that does not comply with the business rules."


@pytest.fixture
def catalog(api: TestClient, app: Any) -> TestClient:
    product_catalog.load_structure(app.mock_context)
    return api


def created(client: TestClient, url: str, **body: Any) -> None:
    response = client.patch(url, json=body)
    assert response.status_code in (201, 204), response.text


def plain_422(response: Any, message: str) -> None:
    assert (response.status_code, response.json()) == (422, {"code": 422, "message": message})


# ---- STRUCTURE-CODE-FORMAT -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["my-photo.jpg", "with space", "café", "x" * 256])
def test_structure_code_format_family(catalog: TestClient, code: str) -> None:
    response = catalog.patch(f"{FAMILIES}/{code}", json={"labels": {}})
    expected = (
        "Asset family identifier cannot be longer than 255 characters, 256 string long given"
        if len(code) > 255
        else f'Asset family identifier may contain only letters, numbers and underscores. "{code}" given'
    )
    plain_422(response, expected)
    assert catalog.get(f"{FAMILIES}").json()["_embedded"]["items"] == []


def test_structure_code_format_255_characters_is_accepted(catalog: TestClient) -> None:
    assert catalog.patch(f"{FAMILIES}/{'x' * 255}", json={}).status_code == 201


def test_structure_code_format_attribute_and_option(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    response = catalog.patch(f"{FAMILIES}/packshots/attributes/my-photo.jpg", json={"type": "text"})
    plain_422(response, 'Attribute code may contain only letters, numbers and underscores. "my-photo.jpg" given')
    created(catalog, f"{FAMILIES}/packshots/attributes/size", type="single_option")
    response = catalog.patch(f"{FAMILIES}/packshots/attributes/size/options/x-l", json={})
    plain_422(response, 'Option code may contain only letters, numbers and underscores. "x-l" given')
    codes = [attribute["code"] for attribute in catalog.get(f"{FAMILIES}/packshots/attributes").json()]
    assert codes == ["label", "media", "size"]


def test_structure_code_format_get_of_an_unreadable_family_code(catalog: TestClient) -> None:
    plain_422(
        catalog.get(f"{FAMILIES}/bad-code"),
        'Asset family identifier may contain only letters, numbers and underscores. "bad-code" given',
    )


# ---- STRUCTURE-ATTRIBUTE-RESERVED-CODE -------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["code", "image", "Label"])
def test_structure_attribute_reserved_code(catalog: TestClient, code: str) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    response = catalog.patch(f"{FAMILIES}/packshots/attributes/{code}", json={"type": "text"})
    assert response.status_code == 422
    assert response.json() == {
        "code": 422,
        "message": "The attribute has data that does not comply with the business rules.",
        "errors": [
            {"property": "code", "message": 'The code cannot be any of those values: "{{ code, label, image }}"'}
        ],
    }


# ---- STRUCTURE-CODE-MISMATCH -----------------------------------------------------------------------------------------


def test_structure_code_mismatch(catalog: TestClient) -> None:
    plain_422(
        catalog.patch(f"{FAMILIES}/packshots", json={"code": "other"}),
        "The code of the asset family provided in the URI must be the same as the one provided in the request body.",
    )
    created(catalog, f"{FAMILIES}/packshots")
    plain_422(
        catalog.patch(f"{FAMILIES}/packshots/attributes/title", json={"code": "other", "type": "text"}),
        "The code of the asset family provided in the URI must be the same as the one provided in the request body.",
    )
    created(catalog, f"{FAMILIES}/packshots/attributes/size", type="single_option")
    plain_422(
        catalog.patch(f"{FAMILIES}/packshots/attributes/size/options/s", json={"code": "m"}),
        "The code of the attribute option provided in the URI must be the same as the one provided in the request "
        "body.",
    )


# ---- STRUCTURE-FAMILY-CASE -------------------------------------------------------------------------------------------


def test_structure_family_case(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/brand")
    # The case check comes before the business rules: the bad label locale is not reported.
    response = catalog.patch(f"{FAMILIES}/BranD", json={"code": "BranD", "labels": {"xx_XX": "Bad"}})
    plain_422(response, 'The "brand" asset family already exists. Creating an asset family with a different case is '
              "forbidden.")  # fmt: skip
    assert catalog.get(f"{FAMILIES}/BranD").json() == {"code": 404, "message": 'Asset family "BranD" does not exist.'}


# ---- STRUCTURE-FAMILY-ROUND-TRIP ---------------------------------------------------------------------------------------


def test_structure_family_round_trip(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots", labels={"en_US": "Packshots"})
    family = catalog.get(f"{FAMILIES}/packshots").json()
    response = catalog.patch(f"{FAMILIES}/packshots", json=family)
    assert response.status_code == 204, response.text
    assert catalog.get(f"{FAMILIES}/packshots").json() == family


def test_structure_attribute_and_option_round_trip(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    created(catalog, f"{FAMILIES}/packshots/attributes/size", type="single_option", labels={"en_US": "Size"})
    created(catalog, f"{FAMILIES}/packshots/attributes/size/options/s", labels={"en_US": "S"})
    for item in catalog.get(f"{FAMILIES}/packshots/attributes").json():  # list items carry _links: accepted
        assert catalog.patch(f"{FAMILIES}/packshots/attributes/{item['code']}", json=item).status_code == 204
    option_url = f"{FAMILIES}/packshots/attributes/size/options/s"
    option = catalog.get(option_url).json()
    assert catalog.patch(option_url, json=option).status_code == 204
    assert catalog.get(option_url).json() == option


# ---- STRUCTURE-FAMILY-DEFAULT-ATTRIBUTES ---------------------------------------------------------------------------------


def test_structure_family_default_attributes(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    assert catalog.get(f"{FAMILIES}/packshots").json()["attribute_as_main_media"] == "media"
    label = catalog.get(f"{FAMILIES}/packshots/attributes/label").json()
    media = catalog.get(f"{FAMILIES}/packshots/attributes/media").json()
    assert (label["type"], label["value_per_locale"], label["value_per_channel"]) == ("text", True, False)
    assert (media["type"], media["media_type"], media["value_per_locale"]) == ("media_file", "image", False)
    # A later media attribute does not take the main media over.
    created(catalog, f"{FAMILIES}/packshots/attributes/packshot", type="media_file", media_type="image")
    assert catalog.get(f"{FAMILIES}/packshots").json()["attribute_as_main_media"] == "media"


# ---- STRUCTURE-FAMILY-LIMIT and STRUCTURE-FAMILY-PAGE-SIZE ---------------------------------------------------------


def test_structure_family_limit_and_page_size(catalog: TestClient, app: Any) -> None:
    from mock_server.services.asset_manager import asset_families

    for index in range(100):
        asset_families.upsert(app.mock_context, f"family_{index:03}", {}, with_default_attributes=False)
    page = catalog.get(FAMILIES).json()
    assert len(page["_embedded"]["items"]) == 100 and "next" not in page["_links"]  # one page of up to 200
    response = catalog.patch(f"{FAMILIES}/one_too_many", json={"labels": {"en_US": "One too many"}})
    assert response.status_code == 422
    assert response.json() == {
        "code": 422,
        "message": FAMILY_RULES,
        "errors": [
            {
                "property": "labels",
                "message": 'You cannot create the asset family "one_too_many" because you have reached the limit of '
                "100 asset families",
            }
        ],
    }
    assert catalog.patch(f"{FAMILIES}/family_000", json={"labels": {"en_US": "Updated"}}).status_code == 204


# ---- STRUCTURE-ATTRIBUTE-LIST-LINKS ------------------------------------------------------------------------------------


def test_structure_attribute_list_links(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    items = catalog.get(f"{FAMILIES}/packshots/attributes").json()
    assert [item["_links"] for item in items] == [
        {"self": {"href": f"http://testserver{FAMILIES}/packshots/attributes/{code}"}} for code in ("label", "media")
    ]
    assert "_links" not in catalog.get(f"{FAMILIES}/packshots/attributes/label").json()


# ---- STRUCTURE-NOT-FOUND-TEXTS -----------------------------------------------------------------------------------------


def test_structure_not_found_texts(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    created(catalog, f"{FAMILIES}/packshots/attributes/size", type="single_option")
    expected = {
        f"{FAMILIES}/nope/attributes": 'Asset family "nope" does not exist.',
        f"{FAMILIES}/packshots/attributes/nope": 'Attribute "nope" does not exist for the asset family "packshots".',
        f"{FAMILIES}/packshots/attributes/nope/options": 'Attribute "nope" does not exist for asset family "packshots".',
        f"{FAMILIES}/packshots/attributes/label/options": 'Attribute "label" does not support options.',
        f"{FAMILIES}/packshots/attributes/size/options/xl": 'Attribute option "xl" does not exist for the attribute '
        '"size".',
        f"{FAMILIES}/packshots/attributes/nope/options/xl": 'Attribute option "xl" does not exist for the attribute '
        '"nope".',
    }
    for url, message in expected.items():
        assert catalog.get(url).json() == {"code": 404, "message": message}, url


# ---- STRUCTURE-NAMING-CONVENTION -----------------------------------------------------------------------------------------


def test_structure_naming_convention_recorded_refusal(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/brand")
    body = {
        "code": "brand",
        "labels": {"en_US": "Label for an activated locale"},
        "product_link_rules": [],
        "transformations": [],
        "naming_convention": {
            "source": {"property": "unknown", "locale": "en_US", "channel": None},
            "pattern": "/invalid_pattern)",
        },
    }
    response = catalog.patch(f"{FAMILIES}/brand", json=body)
    assert response.json() == {
        "code": 422,
        "message": FAMILY_RULES,
        "errors": [
            {
                "property": "naming_convention[source]",
                "message": 'The property "unknown" does not exist for this asset family',
            },
            {
                "property": "naming_convention[pattern]",
                "message": 'The regular expression "/invalid_pattern)" is malformed.',
            },
            {"property": "naming_convention[abort_asset_creation_on_error]", "message": "This field is missing."},
        ],
    }


def test_structure_naming_convention_pattern_without_named_groups_is_accepted(catalog: TestClient) -> None:
    convention = {
        "source": {"property": "media", "locale": None, "channel": None},
        "pattern": r"/^(.*)_(?P<nowhere>.*)\.jpg$/",
        "abort_asset_creation_on_error": False,
    }
    created(catalog, f"{FAMILIES}/packshots", naming_convention=convention)
    assert catalog.get(f"{FAMILIES}/packshots").json()["naming_convention"] == convention


# ---- STRUCTURE-TRANSFORMATION-ICC-STRIP ----------------------------------------------------------------------------------


def test_structure_transformation_icc_strip_is_accepted(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    created(catalog, f"{FAMILIES}/packshots/attributes/stripped", type="media_file", media_type="image")
    transformation = {
        "label": "No profile",
        "source": {"attribute": "media", "channel": None, "locale": None},
        "target": {"attribute": "stripped", "channel": None, "locale": None},
        "operations": [{"type": "icc_strip"}],
        "filename_suffix": "_noicc",
    }
    created(catalog, f"{FAMILIES}/packshots", transformations=[transformation])
    assert catalog.get(f"{FAMILIES}/packshots").json()["transformations"] == [transformation]


# ---- STRUCTURE-ATTRIBUTE-IMMUTABLE-MESSAGE and STRUCTURE-LABEL-LOCALE-MESSAGE ----------------------------------------


def test_structure_attribute_immutable_message(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    response = catalog.patch(f"{FAMILIES}/packshots/attributes/media", json={"value_per_channel": True})
    assert response.json() == {
        "code": 422,
        "message": "The attribute has data that does not comply with the business rules.",
        "errors": [{"property": "value_per_channel", "message": "The property value_per_channel is immutable."}],
    }


def test_structure_label_locale_message(catalog: TestClient) -> None:
    response = catalog.patch(f"{FAMILIES}/packshots", json={"labels": {"xx_XX": "Nope"}})
    assert response.json() == {
        "code": 422,
        "message": FAMILY_RULES,
        "errors": [{"property": "labels", "message": 'The locale "xx_XX" is not activated.'}],
    }
    assert catalog.get(f"{FAMILIES}/packshots").status_code == 404  # nothing written


# ---- LIST-SEARCH-AFTER-CODE (families) -----------------------------------------------------------------------------


def test_family_list_search_after_is_the_last_code_in_clear(catalog: TestClient) -> None:
    """The vendor reads `search_after` as an AssetFamilyIdentifier: the families after that code, in code order."""
    for code in ("alpha", "beta", "gamma"):
        created(catalog, f"{FAMILIES}/{code}", code=code)
    after = catalog.get(FAMILIES, params={"search_after": "beta"})
    assert after.status_code == 200, after.text
    codes = [item["code"] for item in after.json()["_embedded"]["items"]]
    assert codes == sorted(codes, key=str.lower) and "gamma" in codes
    assert not {"alpha", "beta"} & set(codes)
    plain_422(
        catalog.get(FAMILIES, params={"search_after": "not-a-code"}),
        'Asset family identifier may contain only letters, numbers and underscores. "not-a-code" given',
    )


# ---- attribute property messages and paths (rules_rule_messages.yaml) -------------------------------------------


ATTRIBUTE_RULES = "The attribute has data that does not comply with the business rules."


def rules_422(response: Any, envelope: str, *errors: tuple[str, str]) -> None:
    assert response.status_code == 422, response.text
    expected = [{"property": path, "message": message} for path, message in errors]
    assert response.json() == {"code": 422, "message": envelope, "errors": expected}


def test_structure_attribute_max_length_message(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    url = f"{FAMILIES}/packshots/attributes/title"
    response = catalog.patch(url, json={"type": "text", "max_characters": 70000})
    rules_422(response, ATTRIBUTE_RULES, ("max_length", "This value should be less than or equal to 65535."))
    assert catalog.get(url).status_code == 404


def test_structure_attribute_regexp_messages(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    url = f"{FAMILIES}/packshots/attributes/ean"
    body = {"type": "text", "validation_rule": "regular_expression", "validation_regexp": "(["}
    invalid = 'This regular expression is not valid. Here is an example of a valid regular expression: "/[a-z]+[0-9]*/"'
    rules_422(catalog.patch(url, json=body), ATTRIBUTE_RULES, ("regular_expression", invalid))
    created(catalog, url, **{**body, "validation_regexp": "^[0-9]{13}$"})
    response = catalog.patch(url, json={"is_rich_text_editor": True, "validation_regexp": None})
    rules_422(response, ATTRIBUTE_RULES, ("", "A simple text attribute cannot have a rich text editor"))


def test_structure_attribute_media_and_file_messages(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    url = f"{FAMILIES}/packshots/attributes/picture"
    response = catalog.patch(url, json={"type": "media_file", "media_type": "vimeo", "max_file_size": "0"})
    rules_422(
        response,
        ATTRIBUTE_RULES,
        ("max_file_size", "This value should be greater than 0."),
        ("media_type", "The media type given is not corresponding to the expected ones (image, pdf, other)."),
    )
    created(catalog, url, type="media_file")
    assert catalog.get(url).json()["media_type"] == "image"


def test_link_rules_limit_message_and_vendor_paths(catalog: TestClient) -> None:
    created(catalog, f"{FAMILIES}/packshots")
    rule = {
        "product_selections": [{"field": "family", "operator": "LIKE", "value": ["x"]}],
        "assign_assets_to": [{"attribute": "pictures", "mode": "merge"}],
    }
    response = catalog.patch(f"{FAMILIES}/packshots", json={"product_link_rules": [rule, rule, rule]})
    assert response.status_code == 422, response.text
    # LINK-RULE-MESSAGES, LINK-RULES-VENDOR-PATHS, then LINK-RULES-LIMIT-MESSAGE: the vendor's texts in its order
    no_filter = 'The field "family" cannot be filtered or cannot be used with operator "LIKE".'
    bad_mode = 'Invalid assignment mode "merge" found in a product link rule, expected to be "replace" or "add"'
    assert response.json()["errors"] == [
        *(
            {"property": f"product_link_rules[{i}].{part}", "message": message}
            for i in range(3)
            for part, message in (("product_selections", no_filter), ("assign_assets_to", bad_mode))
        ),
        {
            "property": "labels",
            "message": 'You have reached the limit of 2 product link rules for the "packshots" asset family.',
        },
    ]
    assert catalog.get(f"{FAMILIES}/packshots").json()["product_link_rules"] == []
