"""Rules of asset upsert: identity, read-only properties, values checked per attribute, locale and channel, merged,
created/updated, and the docs' walkthroughs."""

from __future__ import annotations

import copy
from datetime import datetime

import pytest

from mock_server.domain.errors import Unprocessable, ValidationFailed
from tests.domain.asset_cases import BEFORE, FAMILY, JPG, assert_error, one_refusal, refusal, stored, upsert, value

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
