"""Asset rules as the vendor's code has them (issue #10): read-only targets, code format and case, deleted options, media link URLs, the vendor's texts."""

from __future__ import annotations

import pytest

from mock_server.domain.asset_manager.asset import (
    check_asset_code,
    keep_existing_options,
    media_link_linked_data,
    same_code,
    transformation_targets,
    upsert_asset,
)
from mock_server.domain.asset_manager.asset_values import ValueContext
from mock_server.domain.errors import RulesBroken, Unprocessable
from tests.domain.asset_cases import (
    ACTIVATED,
    ATTRIBUTES,
    CHANNELS,
    FAMILY,
    MEDIA,
    NOW,
    OPTIONS,
    one_refusal,
    upsert,
    value,
)

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
