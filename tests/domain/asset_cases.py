"""What the asset domain tests share: a family's attributes, options, channels and media files, and upsert helpers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mock_server.domain.asset_manager.asset import upsert_asset
from mock_server.domain.asset_manager.asset_values import ValueContext
from mock_server.domain.asset_manager.media_file import MediaFile
from mock_server.domain.errors import ValidationFailed

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
