"""Rules of asset upsert (values checked and merged per attribute, locale, channel), list filters and presentation."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from mock_server.domain.asset import (
    check_asset_code,
    filter_values,
    keep_existing_options,
    media_link_linked_data,
    present_values,
    same_code,
    transformation_targets,
    upsert_asset,
)
from mock_server.domain.asset_values import ValueContext
from mock_server.domain.errors import RulesBroken, Unprocessable, ValidationFailed
from mock_server.domain.media_file import MediaFile

FAMILY = "packshot"
NOW = datetime(2021, 6, 2, 14, 5, 10, tzinfo=UTC)
BEFORE = "2021-05-31T09:23:34+00:00"


def _attribute(code: str, type_: str, *, locale: bool = False, channel: bool = False, **settings: Any) -> dict:
    return {"code": code, "type": type_, "value_per_locale": locale, "value_per_channel": channel, **settings}


ATTRIBUTES = {
    a["code"]: a
    for a in [
        _attribute("alt_tag", "text", locale=True, max_characters=None, validation_rule="none"),
        _attribute("warning_message", "text", locale=True, channel=True, max_characters=None),
        _attribute("photographer", "text"),
        _attribute("model_height", "text", channel=True),
        _attribute("short_note", "text", max_characters=10),
        _attribute("contact", "text", validation_rule="email", validation_regexp=None),
        _attribute("website", "text", validation_rule="url", validation_regexp=None),
        _attribute("sku_ref", "text", validation_rule="regular_expression", validation_regexp="/^[A-Z]{3}[0-9]+$/"),
        _attribute("number_of_pages", "number", decimals_allowed=False, min_value="1", max_value="1000"),
        _attribute("weight", "number", decimals_allowed=True, min_value=None, max_value=None),
        _attribute("model_is_wearing_size", "single_option"),
        _attribute("main_colors", "multiple_options"),
        _attribute("picture", "media_file", media_type="image", allowed_extensions=["jpg", "jpeg"], max_file_size="1"),
        _attribute("any_file", "media_file", media_type="other", allowed_extensions=[], max_file_size=None),
        _attribute("media_link", "media_link", media_type="image", prefix="https://dam.example.com/", suffix=".jpg"),
        _attribute("bare_link", "media_link", media_type="other", prefix=None, suffix=None),
        _attribute("enabled", "boolean"),
        _attribute("publish_date", "date"),
        _attribute("brand", "record", reference_entity="brand"),
        _attribute("country", "asset_family_single_link", asset_family_code="countries"),
        _attribute("related", "asset_family_multiple_links", asset_family_code="packshot"),
        _attribute("tags", "auto_tagging"),
    ]
}
OPTIONS = {
    "model_is_wearing_size": frozenset({"s", "m", "l"}),
    "main_colors": frozenset({"red", "purple", "blue"}),
}
CHANNELS = {
    "ecommerce": frozenset({"en_US", "fr_FR"}),
    "mobile": frozenset({"en_US", "fr_FR"}),
    "print": frozenset({"en_US", "de_DE"}),
}
ACTIVATED = frozenset({"en_US", "fr_FR", "de_DE"})

JPG = MediaFile("1/2/3/4/1234_photo.jpg", "photo.jpg", "image/jpeg", b"x" * 100)
PNG = MediaFile("5/6/7/8/5678_photo.png", "photo.png", "image/png", b"y" * 100)
BIG_JPG = MediaFile("9/a/b/c/9abc_big.jpg", "big.jpg", "image/jpeg", b"z" * 1_000_001)
MEDIA = {f.code: f for f in (JPG, PNG, BIG_JPG)}


def upsert(existing: dict | None, patch: dict, code: str = "allie_jean_picture", now: datetime = NOW) -> dict:
    return upsert_asset(
        existing,
        code,
        patch,
        ValueContext(FAMILY, ATTRIBUTES, OPTIONS, ACTIVATED, CHANNELS, MEDIA.get),
        now=now,
    )


def refusal(patch: dict, existing: dict | None = None) -> list[dict]:
    with pytest.raises(ValidationFailed) as caught:
        upsert(existing, patch)
    return [error.to_json() for error in caught.value.errors]


def one_refusal(attribute: str, data: Any, locale: str | None = None, channel: str | None = None) -> dict:
    errors = refusal({"values": {attribute: [{"locale": locale, "channel": channel, "data": data}]}})
    assert len(errors) == 1, errors
    return errors[0]


def value(data: Any, locale: str | None = None, channel: str | None = None) -> dict:
    return {"locale": locale, "channel": channel, "data": data}


def stored(values: dict) -> dict:
    return {
        "code": "allie_jean_picture",
        "asset_family_code": FAMILY,
        "values": values,
        "created": BEFORE,
        "updated": BEFORE,
    }


def assert_error(error: dict, attribute: str, locale: str | None, channel: str | None, message: str) -> None:
    assert error == {
        "property": f"values.{attribute}",
        "message": message,
        "attribute": attribute,
        "locale": locale,
        "channel": channel,
    }


# -- creation, identity, read-only properties ------------------------------------------------------------------


def test_creation_returns_complete_asset_with_timestamps() -> None:
    asset = upsert(None, {"values": {"photographer": [value("ben_levy")]}})
    assert asset == {
        "code": "allie_jean_picture",
        "asset_family_code": FAMILY,
        "values": {"photographer": [value("ben_levy")]},
        "created": "2021-06-02T14:05:10+00:00",
        "updated": "2021-06-02T14:05:10+00:00",
    }


def test_creation_without_values_has_empty_values() -> None:
    assert upsert(None, {})["values"] == {}


def test_timestamps_are_utc_to_the_second() -> None:
    from datetime import timedelta, timezone

    paris = datetime(2021, 6, 2, 16, 5, 10, 123456, tzinfo=timezone(timedelta(hours=2)))
    assert upsert(None, {}, now=paris)["created"] == "2021-06-02T14:05:10+00:00"


def test_body_code_must_equal_url_code() -> None:
    errors = refusal({"code": "other"})
    assert errors == [
        {
            "property": "code",
            "message": "The code of the asset provided in the URI must be the same as the one provided in the "
            "request body.",
        }
    ]


def test_body_code_equal_to_url_code_is_accepted() -> None:
    assert upsert(None, {"code": "allie_jean_picture"})["code"] == "allie_jean_picture"


def test_body_asset_family_code_must_equal_url_family() -> None:
    errors = refusal({"asset_family_code": "notices"})
    assert [e["property"] for e in errors] == ["asset_family_code"]
    assert "asset family code" in errors[0]["message"]


def test_read_only_properties_sent_back_are_ignored() -> None:
    existing = stored({"picture": [value(JPG.code)], "media_link": [value("x")]})
    sent_back = {
        "_links": {"self": {"href": "https://example.com/..."}},
        "code": "allie_jean_picture",
        "asset_family_code": FAMILY,
        "created": "2000-01-01T00:00:00+00:00",
        "updated": "2000-01-01T00:00:00+00:00",
        "values": {
            "picture": [
                {
                    **value(JPG.code),
                    "attribute_type": "media_file",
                    "_links": {"download": {"href": "https://example.com/x"}},
                    "linked_data": {"size": 1},
                }
            ],
            "media_link": [{**value("x"), "linked_data": {"full_url": "y", "prefix": None, "suffix": None}}],
        },
    }
    asset = upsert(existing, sent_back)
    assert asset == existing


def test_unknown_property_is_refused() -> None:
    with pytest.raises(Unprocessable) as caught:
        upsert(None, {"code": "allie_jean_picture", "family": "packshot"})
    assert not isinstance(caught.value, ValidationFailed)
    assert caught.value.message == "Property 'family' does not exist."


def test_values_must_be_an_object() -> None:
    assert refusal({"values": [1]}) == [
        {"property": "values", "message": 'Property "values" expects an object, "array" given.'}
    ]


def test_values_of_an_attribute_must_be_an_array() -> None:
    errors = refusal({"values": {"photographer": value("ben_levy")}})
    assert_error(
        errors[0],
        "photographer",
        None,
        None,
        'The values of the attribute "photographer" must be an array, "object" given.',
    )


def test_value_entry_must_be_an_object() -> None:
    errors = refusal({"values": {"photographer": ["ben_levy"]}})
    assert errors[0]["attribute"] == "photographer"
    assert errors[0]["message"].endswith('"string" given.')


def test_value_with_scope_instead_of_channel_is_refused() -> None:
    errors = refusal({"values": {"model_height": [{"locale": None, "scope": "ecommerce", "data": "1.65m"}]}})
    messages = [e["message"] for e in errors]
    assert 'Property "scope" does not exist in an asset value: asset values use "channel".' in messages


def test_value_without_data_is_refused() -> None:
    errors = refusal({"values": {"photographer": [{"locale": None, "channel": None}]}})
    assert_error(
        errors[0],
        "photographer",
        None,
        None,
        'The property "data" is required in a value of the attribute "photographer".',
    )


def test_value_locale_and_channel_default_to_null() -> None:
    asset = upsert(None, {"values": {"photographer": [{"data": "ben_levy"}]}})
    assert asset["values"] == {"photographer": [value("ben_levy")]}


# -- attribute, locale, channel ----------------------------------------------------------------------------------


def test_value_of_unknown_attribute_is_refused() -> None:
    error = one_refusal("family", "x")
    assert_error(error, "family", None, None, 'The attribute "family" does not exist in the asset family "packshot".')


def test_locale_required_for_localizable_attribute() -> None:
    error = one_refusal("alt_tag", "Allie jean, blue")
    assert_error(
        error, "alt_tag", None, None, 'A locale is expected for attribute "alt_tag" because it has a value per locale.'
    )


def test_locale_must_be_null_for_non_localizable_attribute() -> None:
    error = one_refusal("photographer", "ben_levy", locale="en_US")
    assert_error(
        error,
        "photographer",
        "en_US",
        None,
        'A locale is not expected for attribute "photographer" because it has not a value per locale.',
    )


def test_locale_must_be_activated() -> None:
    error = one_refusal("alt_tag", "x", locale="xx_XX")
    assert_error(error, "alt_tag", "xx_XX", None, 'The locale "xx_XX" is not activated.')


def test_channel_required_for_scopable_attribute() -> None:
    error = one_refusal("model_height", "1.65m")
    assert_error(
        error,
        "model_height",
        None,
        None,
        'A channel is expected for attribute "model_height" because it has a value per channel.',
    )


def test_channel_must_be_null_for_non_scopable_attribute() -> None:
    error = one_refusal("photographer", "ben_levy", channel="ecommerce")
    assert_error(
        error,
        "photographer",
        None,
        "ecommerce",
        'A channel is not expected for attribute "photographer" because it has not a value per channel.',
    )


def test_channel_must_exist() -> None:
    error = one_refusal("model_height", "1.65m", channel="web")
    assert_error(error, "model_height", None, "web", 'The channel "web" does not exist.')


def test_locale_must_belong_to_channel_for_localizable_scopable_attribute() -> None:
    error = one_refusal("warning_message", "Photo retouchée.", locale="fr_FR", channel="print")
    assert_error(
        error, "warning_message", "fr_FR", "print", 'The locale "fr_FR" is not activated for the channel "print".'
    )


def test_localizable_scopable_value_with_channel_locale_is_accepted() -> None:
    asset = upsert(None, {"values": {"warning_message": [value("Retouché.", "de_DE", "print")]}})
    assert asset["values"]["warning_message"] == [value("Retouché.", "de_DE", "print")]


def test_locale_must_be_string_or_null() -> None:
    errors = refusal({"values": {"alt_tag": [{"locale": 1, "channel": None, "data": "x"}]}})
    assert_error(errors[0], "alt_tag", None, None, 'The locale of a value must be a string or null, "integer" given.')


def test_same_locale_and_channel_twice_in_one_request_is_refused() -> None:
    errors = refusal({"values": {"alt_tag": [value("a", "en_US"), value("b", "en_US")]}})
    assert_error(
        errors[0],
        "alt_tag",
        "en_US",
        None,
        'The attribute "alt_tag" has two values for the same locale and channel: send one.',
    )


def test_all_faults_are_reported_together() -> None:
    errors = refusal(
        {
            "code": "other",
            "values": {"unknown": [value("x")], "alt_tag": [value("x")], "enabled": [value("yes")]},
        }
    )
    assert [(e["property"], e.get("attribute")) for e in errors] == [
        ("code", None),
        ("values.unknown", "unknown"),
        ("values.alt_tag", "alt_tag"),
        ("values.enabled", "enabled"),
    ]


# -- data by type ------------------------------------------------------------------------------------------------


def test_null_data_is_allowed_for_every_type() -> None:
    patch = {
        "values": {
            code: [value(None)]
            for code, a in ATTRIBUTES.items()
            if not a["value_per_locale"] and not a["value_per_channel"] and a["type"] != "auto_tagging"
        }
    }
    asset = upsert(None, patch)
    assert all(entries == [value(None)] for entries in asset["values"].values())


def test_text_must_be_a_string() -> None:
    error = one_refusal("photographer", 12)
    assert_error(
        error, "photographer", None, None, 'The attribute "photographer" expects a string as data, "integer" given.'
    )


def test_text_longer_than_max_characters_is_refused() -> None:
    error = one_refusal("short_note", "eleven char")
    assert_error(
        error,
        "short_note",
        None,
        None,
        "This value is too long. It should have 10 characters or less.",
    )


def test_text_of_max_characters_is_accepted() -> None:
    assert upsert(None, {"values": {"short_note": [value("ten chars!")]}})["values"]["short_note"][0]["data"] == (
        "ten chars!"
    )


def test_text_with_email_rule_must_be_an_email() -> None:
    error = one_refusal("contact", "not-an-email")
    assert_error(
        error,
        "contact",
        None,
        None,
        "This value is not a valid email address.",
    )
    assert upsert(None, {"values": {"contact": [value("ben@example.com")]}})


def test_text_with_url_rule_must_be_a_url() -> None:
    error = one_refusal("website", "example.com/page")
    message = "This value is not a valid URL."
    assert_error(error, "website", None, None, message)
    assert upsert(None, {"values": {"website": [value("https://example.com/page")]}})


def test_text_with_regular_expression_rule_must_match() -> None:
    error = one_refusal("sku_ref", "abc12")
    assert_error(
        error,
        "sku_ref",
        None,
        None,
        'The text is incompatible with the regular expression "/^[A-Z]{3}[0-9]+$/"',
    )
    assert upsert(None, {"values": {"sku_ref": [value("ABC12")]}})


def test_number_must_hold_a_number() -> None:
    error = one_refusal("weight", "heavy")
    assert_error(error, "weight", None, None, "This field should be a numeric value with the right decimal separator")


def test_number_must_not_be_a_boolean() -> None:
    error = one_refusal("weight", True)
    assert_error(
        error, "weight", None, None, 'The attribute "weight" expects a number as a string as data, "boolean" given.'
    )


def test_number_sent_as_json_number_is_stored_as_string() -> None:
    asset = upsert(None, {"values": {"number_of_pages": [value(12)], "weight": [value(2.5)]}})
    assert asset["values"] == {"number_of_pages": [value("12")], "weight": [value("2.5")]}


def test_number_must_be_integer_when_decimals_are_not_allowed() -> None:
    error = one_refusal("number_of_pages", "12.5")
    assert_error(
        error,
        "number_of_pages",
        None,
        None,
        "This field should be an integer",
    )


def test_number_below_min_value_is_refused() -> None:
    error = one_refusal("number_of_pages", "0")
    assert_error(
        error,
        "number_of_pages",
        None,
        None,
        "This value should be 1 or more.",
    )


def test_number_above_max_value_is_refused() -> None:
    error = one_refusal("number_of_pages", "1001")
    assert_error(
        error,
        "number_of_pages",
        None,
        None,
        "This value should be 1000 or less.",
    )


def test_option_code_must_exist() -> None:
    error = one_refusal("model_is_wearing_size", "xxl")
    assert_error(
        error,
        "model_is_wearing_size",
        None,
        None,
        'The option with code "xxl" does not exist for this attribute',
    )


def test_single_option_must_be_a_string() -> None:
    error = one_refusal("model_is_wearing_size", ["s"])
    assert error["message"] == 'The attribute "model_is_wearing_size" expects an option code as data, "array" given.'


def test_multiple_options_must_be_an_array_of_existing_codes() -> None:
    errors = refusal({"values": {"main_colors": [value(["red", "kids", "green"])]}})
    assert [e["message"] for e in errors] == [
        'The following option codes don\'t exist for this attribute : "kids, green"',
    ]
    error = one_refusal("main_colors", "red")
    assert error["message"] == 'The attribute "main_colors" expects an array of option codes as data, "string" given.'


def test_multiple_options_accepts_existing_codes() -> None:
    asset = upsert(None, {"values": {"main_colors": [value(["red", "purple"])]}})
    assert asset["values"]["main_colors"] == [value(["red", "purple"])]


def test_media_file_must_be_uploaded() -> None:
    error = one_refusal("picture", "0/0/0/0/missing.jpg")
    assert_error(
        error,
        "picture",
        None,
        None,
        'The file "0/0/0/0/missing.jpg" was not found.',
    )


def test_media_file_extension_must_be_allowed() -> None:
    error = one_refusal("picture", PNG.code)
    assert_error(
        error,
        "picture",
        None,
        None,
        '".png" files are not allowed for this attribute. Allowed extensions are: jpg,jpeg',
    )


def test_media_file_any_extension_when_none_listed() -> None:
    assert upsert(None, {"values": {"any_file": [value(PNG.code)]}})["values"]["any_file"] == [value(PNG.code)]


def test_media_file_larger_than_max_file_size_is_refused() -> None:
    error = one_refusal("picture", BIG_JPG.code)
    assert_error(
        error,
        "picture",
        None,
        None,
        "The file exceeds the max file size set for the attribute.",
    )


def test_media_file_within_limits_is_accepted() -> None:
    assert upsert(None, {"values": {"picture": [value(JPG.code)]}})["values"]["picture"] == [value(JPG.code)]


def test_media_link_must_be_a_string() -> None:
    error = one_refusal("media_link", ["a.jpg"])
    assert error["message"] == 'The attribute "media_link" expects a string as data, "array" given.'


def test_boolean_must_be_a_bool() -> None:
    error = one_refusal("enabled", "true")
    assert_error(error, "enabled", None, None, 'The attribute "enabled" expects a boolean as data, "string" given.')
    assert upsert(None, {"values": {"enabled": [value(False)]}})["values"]["enabled"] == [value(False)]


def test_date_must_be_an_iso_8601_date_time() -> None:
    error = one_refusal("publish_date", "02/03/2021")
    assert_error(
        error,
        "publish_date",
        None,
        None,
        'The value "02/03/2021" of the attribute "publish_date" is not an ISO 8601 date-time '
        'such as "2023-03-01T00:00:00+00:00".',
    )
    asset = upsert(None, {"values": {"publish_date": [value("2023-03-01T00:00:00+00:00")]}})
    assert asset["values"]["publish_date"] == [value("2023-03-01T00:00:00+00:00")]


def test_date_with_impossible_day_is_refused() -> None:
    assert one_refusal("publish_date", "2023-02-30T00:00:00+00:00")["attribute"] == "publish_date"


def test_record_must_be_a_string() -> None:
    error = one_refusal("brand", 3)
    assert error["message"] == 'The attribute "brand" expects a string as data, "integer" given.'
    assert upsert(None, {"values": {"brand": [value("kartell")]}})["values"]["brand"] == [value("kartell")]


def test_asset_family_single_link_must_be_a_string() -> None:
    error = one_refusal("country", ["fr"])
    assert error["message"] == 'The attribute "country" expects a string as data, "array" given.'


def test_asset_family_multiple_links_must_be_an_array_of_strings() -> None:
    error = one_refusal("related", ["a", 1])
    assert error["message"] == 'The attribute "related" expects an array of strings as data, "array" given.'
    assert upsert(None, {"values": {"related": [value(["a", "b"])]}})["values"]["related"] == [value(["a", "b"])]


def test_auto_tagging_values_are_read_only() -> None:
    error = one_refusal("tags", ["cat"])
    assert_error(
        error,
        "tags",
        None,
        None,
        'The attribute "tags" is an auto_tagging attribute: its values are set by the PIM and cannot be written.',
    )


def test_auto_tagging_value_sent_back_unchanged_is_accepted() -> None:
    existing = stored({"tags": [value(["cat"])]})
    assert upsert(existing, {"values": {"tags": [value(["cat"])]}}) == existing


# -- merge -------------------------------------------------------------------------------------------------------


def test_patch_entry_replaces_only_same_coordinates() -> None:
    existing = stored({"warning_message": [value("A", "en_US", "mobile"), value("B", "en_US", "ecommerce")]})
    asset = upsert(existing, {"values": {"warning_message": [value("C", "en_US", "ecommerce")]}})
    assert asset["values"]["warning_message"] == [value("A", "en_US", "mobile"), value("C", "en_US", "ecommerce")]


def test_values_of_other_attributes_are_kept() -> None:
    existing = stored({"photographer": [value("ben_levy")]})
    asset = upsert(existing, {"values": {"enabled": [value(True)]}})
    assert asset["values"] == {"photographer": [value("ben_levy")], "enabled": [value(True)]}


def test_patch_without_values_keeps_values() -> None:
    existing = stored({"photographer": [value("ben_levy")]})
    assert upsert(existing, {"code": "allie_jean_picture"})["values"] == existing["values"]


def test_erase_keeps_entry_with_null_data() -> None:
    existing = stored({"alt_tag": [value("Allie jean, blue", "en_US")]})
    asset = upsert(existing, {"values": {"alt_tag": [value(None, "en_US")]}})
    assert asset["values"] == {"alt_tag": [value(None, "en_US")]}


def test_empty_array_of_values_changes_nothing() -> None:
    existing = stored({"photographer": [value("ben_levy")]})
    assert upsert(existing, {"values": {"photographer": [], "enabled": []}}) == existing


# -- created / updated -------------------------------------------------------------------------------------------


def test_update_keeps_created_and_moves_updated() -> None:
    asset = upsert(stored({}), {"values": {"photographer": [value("ben_levy")]}})
    assert asset["created"] == BEFORE
    assert asset["updated"] == "2021-06-02T14:05:10+00:00"


def test_identical_patch_keeps_updated() -> None:
    existing = stored({"photographer": [value("ben_levy")]})
    asset = upsert(existing, {"values": {"photographer": [value("ben_levy")]}})
    assert asset["updated"] == BEFORE


def test_refused_patch_leaves_existing_unchanged() -> None:
    existing = stored({"alt_tag": [value("Allie jean, blue", "en_US")]})
    snapshot = copy.deepcopy(existing)
    patch = {"values": {"alt_tag": [value("Jean Allie", "fr_FR")], "enabled": [value("yes")]}}
    patch_snapshot = copy.deepcopy(patch)
    with pytest.raises(ValidationFailed):
        upsert(existing, patch)
    assert existing == snapshot
    assert patch == patch_snapshot


def test_accepted_patch_does_not_mutate_inputs() -> None:
    existing = stored({"alt_tag": [value("Allie jean, blue", "en_US")]})
    snapshot = copy.deepcopy(existing)
    patch = {"values": {"alt_tag": [value("Jean Allie", "fr_FR"), value(None, "en_US")]}}
    patch_snapshot = copy.deepcopy(patch)
    asset = upsert(existing, patch)
    asset["values"]["alt_tag"][1]["data"] = "changed afterwards"
    assert existing == snapshot
    assert patch == patch_snapshot


# -- the three PATCH walkthroughs of the 001 doc (asset values, "Update asset values") ----------------------------


def test_walkthrough_add_a_value() -> None:
    original = stored({"alt_tag": [value("Allie jean, blue", "en_US")]})
    patch = {"values": {"warning_message": [value("Retouched photo.", "en_US", "mobile")]}}
    assert upsert(original, patch)["values"] == {
        "alt_tag": [value("Allie jean, blue", "en_US")],
        "warning_message": [value("Retouched photo.", "en_US", "mobile")],
    }


def test_walkthrough_modify_a_value() -> None:
    original = stored(
        {
            "alt_tag": [value("Allie jean, blue", "en_US")],
            "warning_message": [value("Retouched photo.", "en_US", "mobile")],
        }
    )
    patch = {"values": {"warning_message": [value("Not retouched photo.", "en_US", "mobile")]}}
    assert upsert(original, patch)["values"] == {
        "alt_tag": [value("Allie jean, blue", "en_US")],
        "warning_message": [value("Not retouched photo.", "en_US", "mobile")],
    }


def test_walkthrough_modify_one_locale_keeps_the_other() -> None:
    # The doc's result shows en_US "Amor jacket, blue" although the PATCH does not touch en_US: a doc error.
    original = stored(
        {
            "alt_tag": [value("Allie jean, blue", "en_US"), value("Veste Amor, bleu", "fr_FR")],
            "warning_message": [value("Not retouched photo.", "en_US", "mobile")],
        }
    )
    patch = {"values": {"alt_tag": [value("Jean Allie, bleu", "fr_FR")]}}
    assert upsert(original, patch)["values"] == {
        "alt_tag": [value("Allie jean, blue", "en_US"), value("Jean Allie, bleu", "fr_FR")],
        "warning_message": [value("Not retouched photo.", "en_US", "mobile")],
    }


def test_walkthrough_erase_a_value() -> None:
    original = stored(
        {
            "alt_tag": [value("Amor jacket, blue", "en_US"), value("Jean Allie, bleu", "fr_FR")],
            "warning_message": [value("Not retouched photo.", "en_US", "mobile")],
        }
    )
    patch = {"values": {"alt_tag": [value(None, "en_US")]}}
    assert upsert(original, patch)["values"] == {
        "alt_tag": [value(None, "en_US"), value("Jean Allie, bleu", "fr_FR")],
        "warning_message": [value("Not retouched photo.", "en_US", "mobile")],
    }


# -- list filters (001 "Asset filters") --------------------------------------------------------------------------

FILTER_VALUES = {
    "warning_mention": [
        value("Photo retouched.", "en_US", "mobile"),
        value("Photo retouched. This does not necessarily reflect the reality.", "en_US", "ecommerce"),
        value("Photo retouchée.", "fr_FR", "mobile"),
        value("Photo retouchée, ne représentant pas forcément la réalité.", "fr_FR", "ecommerce"),
    ],
    "model_is_wearing_size": [value("small")],
}


def test_locales_filter_keeps_given_locales_and_non_localizable_values() -> None:
    assert filter_values(FILTER_VALUES, channel=None, locales=["en_US"]) == {
        "warning_mention": FILTER_VALUES["warning_mention"][:2],
        "model_is_wearing_size": [value("small")],
    }


def test_locales_filter_on_several_locales() -> None:
    assert filter_values(FILTER_VALUES, channel=None, locales=["en_US", "fr_FR"]) == FILTER_VALUES


def test_channel_filter_keeps_channel_and_non_scopable_values() -> None:
    assert filter_values(FILTER_VALUES, channel="ecommerce", locales=None) == {
        "warning_mention": [FILTER_VALUES["warning_mention"][1], FILTER_VALUES["warning_mention"][3]],
        "model_is_wearing_size": [value("small")],
    }


def test_channel_and_locales_filters_combine() -> None:
    assert filter_values(FILTER_VALUES, channel="mobile", locales=["fr_FR"]) == {
        "warning_mention": [value("Photo retouchée.", "fr_FR", "mobile")],
        "model_is_wearing_size": [value("small")],
    }


def test_filters_drop_attributes_left_without_entries() -> None:
    values = {"alt_tag": [value("x", "de_DE")], "photographer": [value("ben")]}
    assert filter_values(values, channel=None, locales=["en_US"]) == {"photographer": [value("ben")]}


def test_the_read_path_leaves_the_stored_values_as_they_were() -> None:
    """filter_values builds lists of its own (entries shared, read-only); present_values, the last step, gives each
    entry its own dict: what a GET answers can be changed without touching the store."""
    stored = copy.deepcopy(FILTER_VALUES)
    result = filter_values(FILTER_VALUES, channel=None, locales=None)
    assert result == FILTER_VALUES
    result["model_is_wearing_size"].clear()
    presented = present_values(FILTER_VALUES, attributes={}, media_files=lambda code: None, download_url=str)
    presented["model_is_wearing_size"][0]["data"] = "large"
    presented["model_is_wearing_size"][0]["linked_data"] = {}
    assert stored == FILTER_VALUES


# -- GET enrichment ----------------------------------------------------------------------------------------------


def _present(values: dict) -> dict:
    return present_values(
        values,
        attributes=ATTRIBUTES,
        media_files=MEDIA.get,
        download_url=lambda code: f"https://pim.example.com/api/rest/v1/asset-media-files/{code}",
    )


def test_media_file_value_gets_download_link_and_linked_data() -> None:
    assert _present({"picture": [value(JPG.code)]}) == {
        "picture": [
            {
                **value(JPG.code),
                "_links": {"download": {"href": f"https://pim.example.com/api/rest/v1/asset-media-files/{JPG.code}"}},
                "linked_data": {
                    "size": 100,
                    "mime_type": "image/jpeg",
                    "extension": "jpg",
                    "original_filename": "photo.jpg",
                },
            }
        ]
    }


def test_media_file_value_of_missing_file_is_shown_as_stored() -> None:
    assert _present({"picture": [value("0/0/0/0/gone.jpg")]}) == {"picture": [value("0/0/0/0/gone.jpg")]}


def test_media_link_value_gets_full_url() -> None:
    assert _present({"media_link": [value("sku_1")], "bare_link": [value("https://x.com/a.png")]}) == {
        "media_link": [
            {
                **value("sku_1"),
                "linked_data": {
                    "full_url": "https://dam.example.com/sku_1.jpg",
                    "prefix": "https://dam.example.com/",
                    "suffix": ".jpg",
                },
            }
        ],
        "bare_link": [
            {
                **value("https://x.com/a.png"),
                "linked_data": {
                    "full_url": "https://x.com/a.png",
                    "prefix": None,
                    "suffix": None,
                },
            }
        ],
    }


def test_null_data_gets_no_enrichment() -> None:
    values = {"picture": [value(None)], "media_link": [value(None)]}
    assert _present(values) == values


def test_other_types_are_shown_as_stored_and_inputs_untouched() -> None:
    values = {"photographer": [value("ben")], "picture": [value(JPG.code)], "gone_attribute": [value("x")]}
    snapshot = copy.deepcopy(values)
    presented = _present(values)
    assert presented["photographer"] == [value("ben")]
    assert presented["gone_attribute"] == [value("x")]
    assert values == snapshot


# -- vendor parity (issue #10) -----------------------------------------------------------------------------------


def test_asset_target_read_only() -> None:
    targets = transformation_targets(
        [{"label": "thumb", "target": {"attribute": "photographer", "locale": None, "channel": None}}, "junk"]
    )
    assert targets == frozenset({("photographer", None, None)})
    with pytest.raises(RulesBroken) as caught:
        upsert_asset(
            None,
            "amor",
            {"values": {"photographer": [value("x")], "alt_tag": [value("y", "en_US")]}},
            ValueContext(FAMILY, ATTRIBUTES, OPTIONS, ACTIVATED, CHANNELS, MEDIA.get),
            now=NOW,
            read_only_targets=targets,
        )
    assert caught.value.message == "The asset has data that does not comply with the business rules."
    assert [(e.property, e.message) for e in caught.value.errors] == [
        (
            "values.photographer",
            'The value of the attribute "photographer" is the target of a transformation: it is computed from its '
            "source and cannot be edited.",
        )
    ]
    # The automation that fills the target passes no read-only targets.
    assert upsert(None, {"values": {"photographer": [value("x")]}})["values"]["photographer"] == [value("x")]


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Asset code cannot be empty"),
        ("é" * 128, "Asset code cannot be longer than 255 characters, 256 string long given"),
        ("a b", 'Asset code may contain only letters, numbers and underscores. "a b" given'),
    ],
)
def test_asset_code_format(code: str, message: str) -> None:
    with pytest.raises(Unprocessable) as caught:
        check_asset_code(code)
    assert caught.value.message == message
    check_asset_code("A_1" * 85)


def test_asset_code_case_insensitive() -> None:
    assert same_code(["house", "House"], "House") == "House"
    assert same_code(["house", "car"], "HOUSE") == "house"
    assert same_code(["car"], "house") is None


def test_asset_deleted_options_dropped() -> None:
    values = {
        "model_is_wearing_size": [value("xl"), value("s")],
        "main_colors": [value(["red", "gone"]), value(["gone"], "en_US")],
        "photographer": [value("ben")],
    }
    assert keep_existing_options(values, ATTRIBUTES, OPTIONS) == {
        "model_is_wearing_size": [value("s")],
        "main_colors": [value(["red"])],
        "photographer": [value("ben")],
    }


def test_asset_media_link_full_url() -> None:
    youtube = {"type": "media_link", "media_type": "youtube", "prefix": None, "suffix": None}
    assert media_link_linked_data(youtube, "abc")["full_url"] == "https://www.youtube.com/watch?v=abc"
    with_prefix = {**youtube, "prefix": "https://youtu.be/"}
    assert media_link_linked_data(with_prefix, "abc")["full_url"] == "https://youtu.be/abc"
    other = {"type": "media_link", "media_type": "other", "prefix": None, "suffix": ".pdf"}
    assert media_link_linked_data(other, "abc")["full_url"] == "abc.pdf"


@pytest.mark.parametrize("text", ["007", "-0", str(2**63)])
def test_asset_value_vendor_texts_integer_too_big(text: str) -> None:
    assert one_refusal("number_of_pages", text)["message"] == "This integer is too big"


def test_asset_value_vendor_texts_length_and_rule_together() -> None:
    attributes = {**ATTRIBUTES, "contact": {**ATTRIBUTES["contact"], "max_characters": 1}}
    with pytest.raises(RulesBroken) as caught:
        upsert_asset(
            None,
            "amor",
            {"values": {"contact": [value("nope")]}},
            ValueContext(FAMILY, attributes, OPTIONS, ACTIVATED, CHANNELS, MEDIA.get),
            now=NOW,
        )
    assert [e.message for e in caught.value.errors] == [
        "This value is too long. It should have 1 character or less.",
        "This value is not a valid email address.",
    ]
