"""Asset value data checked by attribute type: text, number, options, media files and links, booleans, dates, records, links to other families, auto-tagging."""

from __future__ import annotations

from tests.domain.asset_cases import (
    ATTRIBUTES,
    BIG_JPG,
    JPG,
    PNG,
    assert_error,
    one_refusal,
    refusal,
    stored,
    upsert,
    value,
)

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
