"""Structure parity: asset families, attributes and options answered as the vendor's server answers them.

Rules in conformance/rules_structure.yaml. Asset families and attributes cannot be deleted through the API: every
family here carries the run prefix (through `code` / `family_with`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.scenarios.helpers import (
    FAMILIES,
    family_path,
    get_json,
    not_found,
    patch,
    prepare,
    refused,
    upsert,
)

BAD_CODES = ("my-photo.jpg", "with space", "caf\u00e9")
RULES_MESSAGE = "The {} has data that does not comply with the business rules."

# One family with a `size` option attribute serves every test that only reads it or writes refused or uniquely
# coded children (the vendor allows 100 asset families, and none can be deleted).
SIZED = "sized"


def option_attribute(code: str) -> dict[str, Any]:
    return {"code": code, "type": "single_option"}


def plain_422(response: httpx.Response, message: str | None = None) -> None:
    """A 422 in the Akeneo envelope without `errors` (the vendor raises it before its validators run)."""
    assert response.status_code == 422, f"expected 422, got {response.status_code}: {response.text}"
    body = response.json()
    assert body.get("code") == 422 and "errors" not in body, body
    if message is not None:
        assert body.get("message") == message, body


def attribute_codes(api: httpx.Client, path: str) -> list[str]:
    return [item["code"] for item in get_json(api, f"{path}/attributes")]


# --- codes ----------------------------------------------------------------------------------------------------------


@pytest.mark.rule("STRUCTURE-CODE-FORMAT")
@pytest.mark.writes
def test_structure_code_format(api: httpx.Client, family_with: Callable[..., str], code: Any) -> None:
    path = family_path(family_with, SIZED, option_attribute("size"))
    before = attribute_codes(api, path)
    for bad in BAD_CODES:
        assert patch(api, f"{FAMILIES}/{code('fmt')}{bad}", {}).status_code == 422
        assert patch(api, f"{path}/attributes/x{bad}", {"type": "text"}).status_code == 422
        assert patch(api, f"{path}/attributes/size/options/x{bad}", {}).status_code == 422
    assert attribute_codes(api, path) == before
    assert get_json(api, f"{path}/attributes/size/options") == []


@pytest.mark.rule("STRUCTURE-CODE-FORMAT-MESSAGE")
@pytest.mark.writes
def test_structure_code_format_message(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, SIZED, option_attribute("size"))
    plain_422(
        patch(api, f"{FAMILIES}/my-photo.jpg", {}),
        'Asset family identifier may contain only letters, numbers and underscores. "my-photo.jpg" given',
    )
    plain_422(
        patch(api, f"{path}/attributes/my-photo.jpg", {"type": "text"}),
        'Attribute code may contain only letters, numbers and underscores. "my-photo.jpg" given',
    )
    plain_422(
        patch(api, f"{path}/attributes/size/options/x-l", {}),
        'Option code may contain only letters, numbers and underscores. "x-l" given',
    )


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-RESERVED-CODE")
@pytest.mark.writes
def test_structure_attribute_reserved_code(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "reserved")
    before = attribute_codes(api, path)
    for reserved in ("code", "image", "Code", "IMAGE"):
        refused(patch(api, f"{path}/attributes/{reserved}", {"type": "text"}), "code")
    assert attribute_codes(api, path) == before


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-RESERVED-CODE-MESSAGE")
@pytest.mark.writes
def test_structure_attribute_reserved_code_message(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "reserved")
    response = patch(api, f"{path}/attributes/image", {"type": "text"})
    assert response.json() == {
        "code": 422,
        "message": RULES_MESSAGE.format("attribute"),
        "errors": [
            {"property": "code", "message": 'The code cannot be any of those values: "{{ code, label, image }}"'}
        ],
    }


@pytest.mark.rule("STRUCTURE-CODE-MISMATCH")
@pytest.mark.writes
def test_structure_code_mismatch(api: httpx.Client, family_with: Callable[..., str], code: Any) -> None:
    fresh = code("mismatch_new")
    assert api.patch(f"{FAMILIES}/{fresh}", json={"code": f"{fresh}_other"}).status_code == 422
    assert api.get(f"{FAMILIES}/{fresh}").status_code == 404
    path = family_path(family_with, SIZED, option_attribute("size"))
    assert api.patch(f"{path}/attributes/title", json={"code": "other", "type": "text"}).status_code == 422
    assert api.get(f"{path}/attributes/title").status_code == 404
    assert api.patch(f"{path}/attributes/size/options/s", json={"code": "m"}).status_code == 422
    assert get_json(api, f"{path}/attributes/size/options") == []


@pytest.mark.rule("STRUCTURE-CODE-MISMATCH-MESSAGE")
@pytest.mark.writes
def test_structure_code_mismatch_message(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, SIZED, option_attribute("size"))
    family = path.rsplit("/", 1)[1]
    plain_422(
        api.patch(path, json={"code": f"{family}_other"}),
        "The code of the asset family provided in the URI must be the same as the one provided in the request body.",
    )
    plain_422(
        api.patch(f"{path}/attributes/title", json={"code": "other", "type": "text"}),
        "The code of the asset family provided in the URI must be the same as the one provided in the request body.",
    )
    plain_422(
        api.patch(f"{path}/attributes/size/options/s", json={"code": "m"}),
        "The code of the attribute option provided in the URI must be the same as the one provided in the request "
        "body.",
    )


# --- families -------------------------------------------------------------------------------------------------------


def other_case(code: str) -> str:
    return code.upper() if code.upper() != code else code.lower()


@pytest.mark.rule("STRUCTURE-FAMILY-CASE")
@pytest.mark.writes
def test_structure_family_case(api: httpx.Client, code: Any) -> None:
    family = code("case")
    prepare(api, f"{FAMILIES}/{family}", {"code": family})
    twin = other_case(family)
    # Refused before the business rules: the unknown label locale is not what answers.
    plain_422(api.patch(f"{FAMILIES}/{twin}", json={"code": twin, "labels": {"xx_XX": "Bad"}}))
    not_found(api.get(f"{FAMILIES}/{twin}"), twin)


@pytest.mark.rule("STRUCTURE-FAMILY-CASE-MESSAGE")
@pytest.mark.writes
def test_structure_family_case_message(api: httpx.Client, code: Any) -> None:
    family = code("case_message")
    prepare(api, f"{FAMILIES}/{family}", {"code": family})
    twin = other_case(family)
    plain_422(
        api.patch(f"{FAMILIES}/{twin}", json={"code": twin}),
        f'The "{family}" asset family already exists. Creating an asset family with a different case is forbidden.',
    )
    assert api.get(f"{FAMILIES}/{twin}").json() == {"code": 404, "message": f'Asset family "{twin}" does not exist.'}


@pytest.mark.rule("STRUCTURE-FAMILY-ROUND-TRIP")
@pytest.mark.writes
def test_structure_family_round_trip(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "round_trip", {**option_attribute("size"), "options": ["s"]})
    for url in (path, f"{path}/attributes/size", f"{path}/attributes/size/options/s"):
        resource = get_json(api, url)
        upsert(api, url, resource)
        assert get_json(api, url) == resource, url


@pytest.mark.rule("STRUCTURE-FAMILY-DEFAULT-ATTRIBUTES")
@pytest.mark.writes
def test_structure_family_default_attributes(api: httpx.Client, code: Any) -> None:
    family = code("defaults")
    prepare(api, f"{FAMILIES}/{family}", {"code": family})
    attributes = {item["code"]: item for item in get_json(api, f"{FAMILIES}/{family}/attributes")}
    assert list(attributes) == ["label", "media"]
    label, media = attributes["label"], attributes["media"]
    assert (label["type"], label["value_per_locale"], label["value_per_channel"]) == ("text", True, False)
    assert (media["type"], media["media_type"]) == ("media_file", "image")
    assert get_json(api, f"{FAMILIES}/{family}")["attribute_as_main_media"] == "media"


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-LIST-LINKS")
@pytest.mark.writes
def test_structure_attribute_list_links(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, SIZED, option_attribute("size"))
    items = get_json(api, f"{path}/attributes")
    assert items
    for item in items:
        assert item["_links"]["self"]["href"].endswith(f"{path}/attributes/{item['code']}"), item


@pytest.mark.rule("STRUCTURE-NOT-FOUND-TEXTS")
@pytest.mark.writes
def test_structure_not_found_texts(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "not_found", option_attribute("size"), {"code": "title", "type": "text"})
    family = path.rsplit("/", 1)[1]
    expected = {
        f"{path}/attributes/nope": f'Attribute "nope" does not exist for the asset family "{family}".',
        f"{path}/attributes/nope/options": f'Attribute "nope" does not exist for asset family "{family}".',
        f"{path}/attributes/title/options": 'Attribute "title" does not support options.',
        f"{path}/attributes/size/options/xl": 'Attribute option "xl" does not exist for the attribute "size".',
    }
    for url, message in expected.items():
        assert api.get(url).json() == {"code": 404, "message": message}, url


@pytest.mark.rule("STRUCTURE-RULES-ENVELOPE")
@pytest.mark.writes
def test_structure_rules_envelope(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, SIZED, option_attribute("size"))
    unknown_locale = {"labels": {"xx_XX": "Nope"}}
    for url, body, resource in (
        (path, unknown_locale, "asset family"),
        (f"{path}/attributes/title", {"type": "text", **unknown_locale}, "attribute"),
        (f"{path}/attributes/size/options/s", unknown_locale, "attribute option"),
    ):
        response = patch(api, url, body)
        assert response.status_code == 422, response.text
        assert response.json()["message"] == RULES_MESSAGE.format(resource), url


# --- naming convention and transformations --------------------------------------------------------------------------


@pytest.mark.rule("STRUCTURE-NAMING-CONVENTION-LENIENT")
@pytest.mark.writes
def test_structure_naming_convention_lenient(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "lenient_naming")
    for pattern in (r"/^(.*)_(.*)\.jpg$/", r"/(?P<no_such_attribute>.*)\.jpg/"):
        convention = {
            "source": {"property": "code", "locale": None, "channel": None},
            "pattern": pattern,
            "abort_asset_creation_on_error": False,
        }
        upsert(api, path, {"naming_convention": convention})
        assert get_json(api, path)["naming_convention"] == convention


@pytest.mark.rule("STRUCTURE-NAMING-CONVENTION-PATHS")
@pytest.mark.writes
def test_structure_naming_convention_paths(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "naming_paths")
    convention = {"source": {"property": "unknown", "locale": None, "channel": None}, "pattern": "/invalid_pattern)"}
    response = patch(api, path, {"naming_convention": convention})
    assert response.json() == {
        "code": 422,
        "message": RULES_MESSAGE.format("asset family"),
        "errors": [
            {"property": "naming_convention[source]", "message": 'The property "unknown" does not exist for this '
             "asset family"},
            {"property": "naming_convention[pattern]", "message": 'The regular expression "/invalid_pattern)" is '
             "malformed."},
            {"property": "naming_convention[abort_asset_creation_on_error]", "message": "This field is missing."},
        ],
    }  # fmt: skip


@pytest.mark.rule("STRUCTURE-NAMING-SOURCE-MAIN-MEDIA")
@pytest.mark.writes
def test_structure_naming_source_is_the_main_media_sent_else_stored(
    api: httpx.Client, family_with: Callable[..., str]
) -> None:
    media = [{"code": code, "type": "media_file", "media_type": "image"} for code in ("front", "back")]
    path = f"{FAMILIES}/{family_with(attributes=media, name='naming_main_media', own=True)}"

    def on(attribute: str) -> dict[str, Any]:
        source = {"property": attribute, "locale": None, "channel": None}
        return {"source": source, "pattern": "/(?P<ref>.*)/", "abort_asset_creation_on_error": False}

    upsert(api, path, {"attribute_as_main_media": "front", "naming_convention": on("front")})
    before = get_json(api, path)
    assert (before["attribute_as_main_media"], before["naming_convention"]) == ("front", on("front"))
    response = patch(api, path, {"attribute_as_main_media": "back", "naming_convention": on("front")})
    refused(response, "naming_convention")  # the former main media
    assert get_json(api, path) == before
    upsert(api, path, {"naming_convention": on("back")}, 422)  # none sent: the stored main media, front
    upsert(api, path, {"attribute_as_main_media": "back"})  # the stored convention is not judged again
    assert get_json(api, path)["naming_convention"] == on("front")
    upsert(api, path, {"attribute_as_main_media": "front", "naming_convention": on("front")})
    upsert(api, path, {"attribute_as_main_media": "back", "naming_convention": on("back")})
    after = get_json(api, path)
    assert (after["attribute_as_main_media"], after["naming_convention"]) == ("back", on("back"))


@pytest.mark.rule("STRUCTURE-TRANSFORMATION-ICC-STRIP")
@pytest.mark.writes
def test_structure_transformation_icc_strip(api: httpx.Client, family_with: Callable[..., str]) -> None:
    target = {"code": "stripped", "type": "media_file", "media_type": "image"}
    source = {"code": "original", "type": "media_file", "media_type": "image"}
    path = family_path(family_with, "icc_strip", source, target)
    transformation = {
        "label": "no_profile",
        "source": {"attribute": "original", "channel": None, "locale": None},
        "target": {"attribute": "stripped", "channel": None, "locale": None},
        "operations": [{"type": "icc_strip"}],
        "filename_suffix": "_noicc",
    }
    upsert(api, path, {"transformations": [transformation]})
    assert get_json(api, path)["transformations"] == [transformation]


@pytest.mark.rule("STRUCTURE-ATTRIBUTE-IMMUTABLE-MESSAGE")
@pytest.mark.writes
def test_structure_attribute_immutable_message(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "titled", {"code": "title", "type": "text"})
    response = patch(api, f"{path}/attributes/title", {"type": "number", "labels": {"xx_XX": "Bad"}})
    assert response.json() == {
        "code": 422,
        "message": RULES_MESSAGE.format("attribute"),
        "errors": [{"property": "type", "message": "The property type is immutable."}],
    }
    assert get_json(api, f"{path}/attributes/title")["type"] == "text"


@pytest.mark.rule("STRUCTURE-LABEL-LOCALE-MESSAGE")
@pytest.mark.writes
def test_structure_label_locale_message(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, SIZED, option_attribute("size"))
    for url, body in (
        (path, {}),
        (f"{path}/attributes/title", {"type": "text"}),
        (f"{path}/attributes/size/options/s", {}),
    ):
        response = patch(api, url, {**body, "labels": {"xx_XX": "Nope"}})
        assert response.json()["errors"] == [{"property": "labels", "message": 'The locale "xx_XX" is not activated.'}]
