"""Assets one by one: upsert answers, the immutable code, how values are checked and merged, the update
walkthroughs of the docs, created/updated, and delete."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx
import pytest

from conformance.preparation import ROOT, prepared
from conformance.scenarios.assets_steps import (
    accepted,
    activated_locales,
    attribute,
    channel_with_two_locales,
    create,
    deactivated_locale,
    entries,
    fetch,
    picture,
    two_locales,
    upload,
    upsert,
    value_error,
)
from conformance.scenarios.helpers import (
    asset_path,
    not_found,
    refused_code_mismatch,
    value,
)

# -- upsert --------------------------------------------------------------------------------------------------------


@pytest.mark.rule("ASSET-UPSERT-CREATE")
@pytest.mark.writes
def test_asset_upsert_creates_with_201_and_location(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("title", "text")])
    asset = code("created")
    response = upsert(api, cleanup, family, asset, {"title": [value("First")]})
    assert response.status_code == 201, response.text
    assert response.content == b""
    location = response.headers["Location"]
    assert location.startswith(("http://", "https://")), location
    assert location.endswith(asset_path(family, asset)), location
    shown = fetch(api, family, asset)
    assert shown["code"] == asset
    assert entries(shown, "title") == [(None, None, "First")]


@pytest.mark.rule("ASSET-UPSERT-UPDATE")
@pytest.mark.writes
def test_asset_upsert_updates_with_204_and_location(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("title", "text")])
    asset = code("updated")
    create(api, cleanup, family, asset, {"title": [value("First")]})
    response = upsert(api, cleanup, family, asset, {"title": [value("Second")]})
    assert response.status_code == 204, response.text
    assert response.content == b""
    assert response.headers["Location"].endswith(asset_path(family, asset)), response.headers
    assert entries(fetch(api, family, asset), "title") == [(None, None, "Second")]


@pytest.mark.rule("ASSET-CODE-IMMUTABLE")
@pytest.mark.writes
def test_asset_code_is_immutable(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("title", "text")])
    asset, other = code("immutable"), code("renamed")
    create(api, cleanup, family, asset, {"title": [value("Kept")]})
    cleanup.add(asset_path(family, other))
    response = api.patch(asset_path(family, asset), json={"code": other, "values": {"title": [value("Lost")]}})
    refused_code_mismatch(response)  # on `code`, or the vendor controller's plain message (CHECK-ORDER-BODY-CODE)
    assert entries(fetch(api, family, asset), "title") == [(None, None, "Kept")]  # nothing written
    not_found(api.get(asset_path(family, other)))


# -- values are checked --------------------------------------------------------------------------------------------


@pytest.mark.rule("ASSET-VALUE-UNKNOWN-ATTRIBUTE")
@pytest.mark.writes
def test_asset_value_of_an_unknown_attribute_is_refused(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("title", "text")])
    asset = code("ghost_value")
    response = upsert(api, cleanup, family, asset, {"title": [value("x")], "ghost": [value("boo")]})
    error = value_error(response, "ghost")
    assert "ghost" in error["message"]
    not_found(api.get(asset_path(family, asset)))


@pytest.mark.rule("ASSET-VALUE-LOCALE-REQUIRED")
@pytest.mark.writes
def test_asset_value_of_a_localizable_attribute_needs_a_locale(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("alt_tag", "text", per_locale=True)])
    asset = code("no_locale")
    response = upsert(api, cleanup, family, asset, {"alt_tag": [value("Allie jean, blue")]})
    error = value_error(response, "alt_tag", locale=None, channel=None)
    assert "locale" in error["message"].lower()
    not_found(api.get(asset_path(family, asset)))


@pytest.mark.rule("ASSET-VALUE-LOCALE-FORBIDDEN")
@pytest.mark.writes
def test_asset_value_of_a_non_localizable_attribute_takes_no_locale(api, code, cleanup, family_with) -> None:
    locale = activated_locales(api)[0]
    family = family_with(attributes=[attribute("photographer", "text")])
    asset = code("extra_locale")
    response = upsert(api, cleanup, family, asset, {"photographer": [value("Ben Levy", locale)]})
    error = value_error(response, "photographer", locale=locale)
    assert "locali" in error["message"].lower() or "locale" in error["message"].lower()
    not_found(api.get(asset_path(family, asset)))


@pytest.mark.rule("ASSET-VALUE-LOCALE-ACTIVATED")
@pytest.mark.writes
def test_asset_value_locale_must_be_activated(api, code, cleanup, family_with) -> None:
    inactive = deactivated_locale(api)
    family = family_with(attributes=[attribute("alt_tag", "text", per_locale=True)])
    asset = code("inactive_locale")
    response = upsert(api, cleanup, family, asset, {"alt_tag": [value("Veste", inactive)]})
    error = value_error(response, "alt_tag", locale=inactive)
    assert inactive in error["message"]
    not_found(api.get(asset_path(family, asset)))


@pytest.mark.rule("ASSET-VALUE-CHANNEL-REQUIRED")
@pytest.mark.writes
def test_asset_value_of_a_scopable_attribute_needs_a_channel(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("model_height", "text", per_channel=True)])
    asset = code("no_channel")
    response = upsert(api, cleanup, family, asset, {"model_height": [value("1.65m")]})
    error = value_error(response, "model_height", locale=None, channel=None)
    assert "channel" in error["message"].lower() or "scop" in error["message"].lower()
    not_found(api.get(asset_path(family, asset)))


@pytest.mark.rule("ASSET-VALUE-CHANNEL-FORBIDDEN")
@pytest.mark.writes
def test_asset_value_of_a_non_scopable_attribute_takes_no_channel(api, code, cleanup, family_with) -> None:
    channel, _, _ = channel_with_two_locales(api)
    family = family_with(attributes=[attribute("photographer", "text")])
    asset = code("extra_channel")
    response = upsert(api, cleanup, family, asset, {"photographer": [value("Ben Levy", None, channel)]})
    error = value_error(response, "photographer", channel=channel)
    assert "channel" in error["message"].lower() or "scop" in error["message"].lower()
    not_found(api.get(asset_path(family, asset)))


@pytest.mark.rule("ASSET-VALUE-CHANNEL-EXISTS")
@pytest.mark.writes
def test_asset_value_channel_must_exist(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("model_height", "text", per_channel=True)])
    asset, ghost = code("ghost_channel"), code("channel")
    response = upsert(api, cleanup, family, asset, {"model_height": [value("1.65m", None, ghost)]})
    error = value_error(response, "model_height", channel=ghost)
    assert ghost in error["message"]
    not_found(api.get(asset_path(family, asset)))


@pytest.mark.rule("ASSET-TEXT-MAX-CHARACTERS")
@pytest.mark.writes
def test_asset_text_value_holds_at_most_max_characters(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("title", "text", max_characters=10)])
    asset = code("too_long")
    response = upsert(api, cleanup, family, asset, {"title": [value("x" * 11)]})
    error = value_error(response, "title", locale=None, channel=None)
    assert "10" in error["message"]
    not_found(api.get(asset_path(family, asset)))
    accepted(api, cleanup, family, asset, {"title": [value("x" * 10)]})  # the limit itself is allowed
    assert entries(fetch(api, family, asset), "title") == [(None, None, "x" * 10)]


@pytest.mark.rule("ASSET-NUMBER-BOUNDS")
@pytest.mark.writes
def test_asset_number_value_lies_within_min_and_max_value(api, code, cleanup, family_with) -> None:
    # Bounds are strings in the attribute's format; values are numbers as strings, as the docs send them.
    family = family_with(attributes=[attribute("pages", "number", min_value="12", max_value="42")])
    asset = code("out_of_bounds")
    for data, bound in (("11", "12"), ("43", "42")):
        response = upsert(api, cleanup, family, asset, {"pages": [value(data)]})
        error = value_error(response, "pages", locale=None, channel=None)
        assert bound in error["message"], error  # the error says which bound the value passes
        not_found(api.get(asset_path(family, asset)))
    accepted(api, cleanup, family, asset, {"pages": [value("12")]})  # the bounds themselves are allowed
    assert upsert(api, cleanup, family, asset, {"pages": [value("42")]}).status_code in range(200, 300)
    assert entries(fetch(api, family, asset), "pages") == [(None, None, "42")]


@pytest.mark.rule("ASSET-OPTION-CODES")
@pytest.mark.writes
def test_asset_option_values_must_be_option_codes_of_the_attribute(api, code, cleanup, family_with) -> None:
    family = family_with(
        attributes=[attribute("model_is_wearing_size", "single_option"), attribute("main_colors", "multiple_options")]
    )
    options = f"{ROOT}/asset-families/{family}/attributes"
    for attribute_code, option in (("model_is_wearing_size", "s"), ("main_colors", "red"), ("main_colors", "purple")):
        prepared(api.patch(f"{options}/{attribute_code}/options/{option}", json={"code": option, "labels": {}}))
    asset = code("options")
    single = upsert(api, cleanup, family, asset, {"model_is_wearing_size": [value("xl")]})
    assert "xl" in value_error(single, "model_is_wearing_size", locale=None, channel=None)["message"]
    multiple = upsert(api, cleanup, family, asset, {"main_colors": [value(["red", "teal"])]})
    assert "teal" in value_error(multiple, "main_colors", locale=None, channel=None)["message"]
    not_found(api.get(asset_path(family, asset)))
    accepted(
        api, cleanup, family, asset, {"model_is_wearing_size": [value("s")], "main_colors": [value(["red", "purple"])]}
    )
    shown = fetch(api, family, asset)
    assert entries(shown, "model_is_wearing_size") == [(None, None, "s")]
    assert entries(shown, "main_colors") == [(None, None, ["red", "purple"])]


@pytest.mark.rule("ASSET-MEDIA-FILE-CODE")
@pytest.mark.writes
def test_asset_media_file_value_must_be_an_uploaded_media_file_code(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("main_image", "media_file", media_type="image")])
    asset = code("media")
    missing = "0/0/0/0/0000000000000000000000000000000000000000_never_uploaded.png"
    response = upsert(api, cleanup, family, asset, {"main_image": [value(missing)]})
    value_error(response, "main_image", locale=None, channel=None)
    not_found(api.get(asset_path(family, asset)))
    uploaded = upload(api, f"{asset}.png", picture(12, 8))
    accepted(api, cleanup, family, asset, {"main_image": [value(uploaded)]})
    assert entries(fetch(api, family, asset), "main_image") == [(None, None, uploaded)]


@pytest.mark.rule("ASSET-MEDIA-FILE-EXTENSION")
@pytest.mark.writes
def test_asset_media_file_value_has_an_allowed_extension(api, code, cleanup, family_with) -> None:
    family = family_with(
        attributes=[attribute("main_image", "media_file", media_type="image", allowed_extensions=["jpg"])]
    )
    asset = code("extension")
    png_file = upload(api, f"{asset}.png", picture(12, 8))  # a sound upload: only the attribute refuses it
    response = upsert(api, cleanup, family, asset, {"main_image": [value(png_file)]})
    error = value_error(response, "main_image", locale=None, channel=None)
    said = error["message"].lower()
    assert "png" in said or "jpg" in said, error  # the refused extension, or the allowed ones
    not_found(api.get(asset_path(family, asset)))
    jpg_file = upload(api, f"{asset}.jpg", picture(12, 8, "JPEG"), "image/jpeg")
    accepted(api, cleanup, family, asset, {"main_image": [value(jpg_file)]})
    assert entries(fetch(api, family, asset), "main_image") == [(None, None, jpg_file)]


# -- values are merged ---------------------------------------------------------------------------------------------


@pytest.mark.rule("ASSET-VALUES-MERGE")
@pytest.mark.writes
def test_asset_patch_merges_values_per_attribute_locale_and_channel(api, code, cleanup, family_with) -> None:
    first, second = two_locales(api)
    family = family_with(attributes=[attribute("alt_tag", "text", per_locale=True), attribute("title", "text")])
    asset = code("merge")
    create(api, cleanup, family, asset, {"alt_tag": [value("One", first)], "title": [value("Title")]})
    response = upsert(api, cleanup, family, asset, {"alt_tag": [value("Deux", second)]})
    assert 200 <= response.status_code < 300, response.text  # accepted; 204 is ASSET-UPSERT-UPDATE\'s
    without_values = api.patch(asset_path(family, asset), json={"code": asset})  # untouched properties stay
    assert 200 <= without_values.status_code < 300, without_values.text  # accepted; 204 is ASSET-UPSERT-UPDATE\'s
    shown = fetch(api, family, asset)
    assert entries(shown, "title") == [(None, None, "Title")]
    assert sorted(entries(shown, "alt_tag")) == sorted([(first, None, "One"), (second, None, "Deux")])


# -- the update walkthroughs of the docs (001 "Update asset values"), on the target's own locales and channel ------


def walkthrough_family(api: httpx.Client, family_with: Any) -> tuple[str, str, str, str]:
    """A family shaped like allie_jean_picture's (alt_tag per locale, warning_message per locale and channel), and
    the target's stand-ins for en_US, fr_FR and mobile."""
    channel, english, french = channel_with_two_locales(api)
    family = family_with(
        attributes=[
            attribute("alt_tag", "text", per_locale=True),
            attribute("warning_message", "text", per_locale=True, per_channel=True),
        ]
    )
    return family, english, french, channel


@pytest.mark.rule("ASSET-PATCH-ADD-VALUE")
@pytest.mark.writes
def test_patch_adds_a_value_and_keeps_the_others(api, code, cleanup, family_with) -> None:
    family, english, _, channel = walkthrough_family(api, family_with)
    asset = code("allie_jean_picture")
    create(api, cleanup, family, asset, {"alt_tag": [value("Allie jean, blue", english)]})
    response = upsert(api, cleanup, family, asset, {"warning_message": [value("Retouched photo.", english, channel)]})
    assert 200 <= response.status_code < 300, response.text  # accepted; 204 is ASSET-UPSERT-UPDATE\'s
    shown = fetch(api, family, asset)
    assert entries(shown, "alt_tag") == [(english, None, "Allie jean, blue")]
    assert entries(shown, "warning_message") == [(english, channel, "Retouched photo.")]


@pytest.mark.rule("ASSET-PATCH-MODIFY-VALUE")
@pytest.mark.writes
def test_patch_modifies_the_value_at_its_locale_and_channel(api, code, cleanup, family_with) -> None:
    family, english, _, channel = walkthrough_family(api, family_with)
    asset = code("allie_jean_picture")
    create(
        api,
        cleanup,
        family,
        asset,
        {
            "alt_tag": [value("Allie jean, blue", english)],
            "warning_message": [value("Retouched photo.", english, channel)],
        },
    )
    sent = {"warning_message": [value("Not retouched photo.", english, channel)]}
    assert 200 <= upsert(api, cleanup, family, asset, sent).status_code < 300
    shown = fetch(api, family, asset)
    assert entries(shown, "alt_tag") == [(english, None, "Allie jean, blue")]
    assert entries(shown, "warning_message") == [(english, channel, "Not retouched photo.")]


@pytest.mark.rule("ASSET-PATCH-MODIFY-ONE-LOCALE")
@pytest.mark.writes
def test_patch_of_one_locale_keeps_the_other_locales(api, code, cleanup, family_with) -> None:
    family, english, french, channel = walkthrough_family(api, family_with)
    asset = code("allie_jean_picture")
    create(
        api,
        cleanup,
        family,
        asset,
        {
            "alt_tag": [value("Allie jean, blue", english), value("Veste Amor, bleu", french)],
            "warning_message": [value("Not retouched photo.", english, channel)],
        },
    )
    assert (
        200 <= upsert(api, cleanup, family, asset, {"alt_tag": [value("Jean Allie, bleu", french)]}).status_code < 300
    )
    shown = fetch(api, family, asset)
    # 001's resulting resource shows en_US changed to "Amor jacket, blue": a doc slip (ERRATA); it is kept as it was
    assert sorted(entries(shown, "alt_tag")) == sorted(
        [(english, None, "Allie jean, blue"), (french, None, "Jean Allie, bleu")]
    )
    assert entries(shown, "warning_message") == [(english, channel, "Not retouched photo.")]


@pytest.mark.rule("ASSET-PATCH-ERASE-VALUE")
@pytest.mark.writes
def test_patch_with_null_data_erases_the_value_and_keeps_the_entry(api, code, cleanup, family_with) -> None:
    family, english, french, channel = walkthrough_family(api, family_with)
    asset = code("allie_jean_picture")
    create(
        api,
        cleanup,
        family,
        asset,
        {
            "alt_tag": [value("Amor jacket, blue", english), value("Jean Allie, bleu", french)],
            "warning_message": [value("Not retouched photo.", english, channel)],
        },
    )
    assert 200 <= upsert(api, cleanup, family, asset, {"alt_tag": [value(None, english)]}).status_code < 300
    shown = fetch(api, family, asset)
    assert sorted(entries(shown, "alt_tag"), key=str) == sorted(
        [(english, None, None), (french, None, "Jean Allie, bleu")], key=str
    )
    assert entries(shown, "warning_message") == [(english, channel, "Not retouched photo.")]


# -- created / updated, delete --------------------------------------------------------------------------------------


def moment(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None, f"{text!r} has no time zone"
    return parsed


@pytest.mark.rule("ASSET-CREATED-UPDATED")
@pytest.mark.writes
def test_asset_shows_created_and_updated_dates(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("title", "text")])
    asset = code("dated")
    create(api, cleanup, family, asset, {"title": [value("First")]})
    first = fetch(api, family, asset)
    created, updated = moment(first["created"]), moment(first["updated"])
    assert updated >= created
    assert 200 <= upsert(api, cleanup, family, asset, {"title": [value("Second")]}).status_code < 300
    second = fetch(api, family, asset)
    assert moment(second["created"]) == created
    assert moment(second["updated"]) >= updated


@pytest.mark.rule("ASSET-DELETE")
@pytest.mark.writes
def test_deleted_asset_is_gone(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("title", "text")])
    asset = code("deleted")
    create(api, cleanup, family, asset, {"title": [value("Bye")]})
    response = api.delete(asset_path(family, asset))
    assert response.status_code == 204, response.text
    assert response.content == b""
    gone = api.get(asset_path(family, asset))
    assert gone.status_code == 404
    assert gone.json()["code"] == 404 and asset in gone.json()["message"]
    again = api.delete(asset_path(family, asset))
    assert again.status_code == 404
    assert again.json()["code"] == 404
