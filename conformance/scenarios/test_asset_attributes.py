"""Asset attribute rules: upsert, label locales, immutable type and flags, media_type, regular expression, number
bounds, 100 per family.

Asset attributes cannot be deleted through the API: each test works in its own family named with the run prefix.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from conformance.scenarios.helpers import (
    check_label_locales,
    family_path,
    get_json,
    patch,
    prepare,
    refused,
    upsert,
)

MAX_ATTRIBUTES = 100


# --- rules -----------------------------------------------------------------------------------------------------------


@pytest.mark.rule("ATTR-UPSERT")
@pytest.mark.writes
def test_attribute_upsert_creates_then_updates(api: httpx.Client, family_with: Callable[..., str]) -> None:
    family = family_path(family_with, "attribute_upsert")
    path = f"{family}/attributes/photographer"
    created = upsert(api, path, {"code": "photographer", "type": "text", "max_characters": 50}, 201)
    assert created.headers["Location"].endswith(path)
    assert created.content == b""
    updated = upsert(api, path, {"is_required_for_completeness": True}, 204)
    assert updated.headers["Location"].endswith(path)

    attribute = get_json(api, path)
    assert attribute["code"] == "photographer"
    assert attribute["type"] == "text"
    assert attribute["max_characters"] == 50  # update rule 4: what the PATCH leaves out is kept
    assert attribute["is_required_for_completeness"] is True
    assert (attribute["value_per_locale"], attribute["value_per_channel"]) == (False, False)  # the defaults
    listed = get_json(api, f"{family}/attributes")
    assert isinstance(listed, list)  # a plain array, never paginated (at most 100 attributes)
    assert "photographer" in [item["code"] for item in listed]


@pytest.mark.rule("ATTR-LABEL-LOCALES")
@pytest.mark.writes
def test_attribute_labels_need_activated_locales(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = f"{family_path(family_with, 'attribute_labels')}/attributes/photographer"
    check_label_locales(api, path, {"type": "text"})


@pytest.mark.rule("ATTR-TYPE-IMMUTABLE")
@pytest.mark.writes
def test_attribute_type_is_immutable(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = f"{family_path(family_with, 'attribute_type')}/attributes/pages"
    prepare(api, path, {"type": "text"})
    refused(patch(api, path, {"type": "number"}), "type")
    assert get_json(api, path)["type"] == "text"
    upsert(api, path, {"type": "text"})  # repeating the same type is fine


@pytest.mark.rule("ATTR-LOCALE-CHANNEL-IMMUTABLE")
@pytest.mark.writes
@pytest.mark.parametrize("flag", ["value_per_locale", "value_per_channel"])
def test_value_per_locale_and_per_channel_are_immutable(
    api: httpx.Client, family_with: Callable[..., str], flag: str
) -> None:
    path = f"{family_path(family_with, f'attribute_{flag}')}/attributes/alt_tag"
    prepare(api, path, {"type": "text", flag: False})
    refused(patch(api, path, {flag: True}), flag)
    assert get_json(api, path)[flag] is False


@pytest.mark.rule("ATTR-MEDIA-TYPE-REQUIRED")
@pytest.mark.writes
@pytest.mark.parametrize("attribute_type", ["media_link"])  # a media_file defaults to image (vendor factory)
def test_media_type_required_for_media_attributes(
    api: httpx.Client, family_with: Callable[..., str], attribute_type: str
) -> None:
    family = family_path(family_with, f"media_type_{attribute_type}")
    path = f"{family}/attributes/preview"
    # The vendor's Create schema requires it: its format stage names it on "" ("The required properties
    # (media_type) are missing"); a server may as well blame `media_type` itself.
    refused(patch(api, path, {"type": attribute_type}), ("media_type", ""), "media_type")
    assert api.get(path).status_code == 404  # nothing was created
    upsert(api, path, {"type": attribute_type, "media_type": "image"})
    assert get_json(api, path)["media_type"] == "image"


@pytest.mark.rule("ATTR-REGEXP-REQUIRED")
@pytest.mark.writes
def test_validation_regexp_required_with_regular_expression(api: httpx.Client, family_with: Callable[..., str]) -> None:
    family = family_path(family_with, "validation_regexp")
    path = f"{family}/attributes/ean"
    body = {"type": "text", "validation_rule": "regular_expression"}
    refused(patch(api, path, body), ("validation_regexp", "regular_expression"))  # the vendor's path: the latter
    assert api.get(path).status_code == 404
    body = {"type": "text", "validation_rule": "regular_expression", "validation_regexp": "^[0-9]{13}$"}
    upsert(api, path, body)
    attribute = get_json(api, path)
    assert (attribute["validation_rule"], attribute["validation_regexp"]) == ("regular_expression", "^[0-9]{13}$")


@pytest.mark.rule("ATTR-MIN-LOWER-THAN-MAX")
@pytest.mark.writes
def test_min_lower_than_max(api: httpx.Client, family_with: Callable[..., str]) -> None:
    family = family_path(family_with, "number_bounds")
    path = f"{family}/attributes/weight"
    bounds = ("min_value", "max_value")  # the rule ties the two: either may carry the error
    for low, high in (("10", "5"), ("5.5", "5")):  # equal bounds are the vendor's "not greater": accepted
        refused(patch(api, path, {"type": "number", "min_value": low, "max_value": high}), bounds)
    assert api.get(path).status_code == 404
    upsert(api, path, {"type": "number", "min_value": "1", "max_value": "5"})
    # The stored bound counts too: a new minimum above the stored maximum is refused.
    refused(patch(api, path, {"min_value": "7"}), bounds)  # the vendor's text names no value
    attribute = get_json(api, path)
    assert (attribute["min_value"], attribute["max_value"]) == ("1", "5")


@pytest.mark.rule("ATTR-MAX-100")
@pytest.mark.writes
def test_at_most_100_attributes(api: httpx.Client, family_with: Callable[..., str]) -> None:
    family = family_path(family_with, "hundred_attributes")
    existing = get_json(api, f"{family}/attributes")  # a server may create default attributes with the family
    for index in range(len(existing), MAX_ATTRIBUTES):
        prepare(api, f"{family}/attributes/attribute_{index}", {"type": "text"})
    listed = get_json(api, f"{family}/attributes")
    assert isinstance(listed, list) and len(listed) == MAX_ATTRIBUTES  # all of them, in one plain array

    response = patch(api, f"{family}/attributes/one_too_many", {"type": "text"})
    assert response.status_code == 422, response.text
    body = response.json()
    # The docs give no property for a limit: the answer must say which limit, wherever it says it.
    said = " ".join([body["message"], *(str(error.get("message")) for error in body.get("errors", []))])
    assert body["code"] == 422 and "100" in said, body
    assert api.get(f"{family}/attributes/one_too_many").status_code == 404
    # A full family still takes updates of its attributes.
    last = listed[-1]["code"]
    upsert(api, f"{family}/attributes/{last}", {"is_required_for_completeness": True})
