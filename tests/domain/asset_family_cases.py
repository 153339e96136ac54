"""What the asset family domain tests share: the doc's attributes, locales and channels, upsert and error helpers, rule and
transformation builders."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.domain.asset_manager.asset_family import (
    upsert_asset_family,
)
from mock_server.domain.errors import FieldError, ValidationFailed

ACTIVATED = frozenset({"en_US", "fr_FR"})
LOCALES = ACTIVATED | {"de_DE"}
CHANNELS = frozenset({"ecommerce", "print"})


def attribute(code: str, type_: str, *, localizable: bool = False, scopable: bool = False) -> dict[str, Any]:
    media = {"media_type": "image"} if type_ in ("media_file", "media_link") else {}
    return {"code": code, "type": type_, "value_per_locale": localizable, "value_per_channel": scopable, **media}


def family_attributes(*attributes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for item in attributes}


# The attributes the doc's examples refer to, in creation order.
ATTRIBUTES = family_attributes(
    attribute("main_image", "media_file"),
    attribute("main_image_2", "media_file"),
    attribute("thumbnail", "media_file"),
    attribute("thumbnail_2", "media_file"),
    attribute("variations", "media_file", scopable=True),
    attribute("localized_image", "media_file", localizable=True),
    attribute("product_ref", "text"),
    attribute("attribute_ref", "text"),
    attribute("main_color", "single_option"),
    attribute("model_is_wearing_size", "single_option"),
    attribute("locale", "text"),
    attribute("product_categories", "multiple_options"),
    attribute("notes", "text", localizable=True),
    attribute("channel_notes", "text", scopable=True),
    attribute("weight", "number"),
    attribute("shot_on", "date"),
)
# The last valid doc example reads main_image on two channels: there, main_image is scopable.
SCOPABLE_MAIN_IMAGE = {**ATTRIBUTES, "main_image": attribute("main_image", "media_file", scopable=True)}


def upsert(
    patch: dict[str, Any],
    existing: dict[str, Any] | None = None,
    *,
    attributes: dict[str, dict[str, Any]] = ATTRIBUTES,
    code: str = "packshots",
    faults: list[FieldError] | None = None,
) -> dict[str, Any]:
    return upsert_asset_family(
        existing,
        code,
        patch,
        attributes=attributes,
        activated_locales=ACTIVATED,
        locales=LOCALES,
        channels=CHANNELS,
        faults=faults or [],
    )


def errors_of(patch: dict[str, Any], existing: dict[str, Any] | None = None, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as raised:
        upsert(patch, existing, **kwargs)
    return [(error.property, error.message) for error in raised.value.errors]


def transformation(
    label: str,
    source: str,
    target: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    source_channel: str | None = None,
    target_channel: str | None = None,
    operations: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    result: dict[str, Any] = {"label": label}
    if prefix is not None:
        result["filename_prefix"] = prefix
    if suffix is not None:
        result["filename_suffix"] = suffix
    result["source"] = {"attribute": source, "channel": source_channel, "locale": None}
    result["target"] = {"attribute": target, "channel": target_channel, "locale": None}
    result["operations"] = operations or [{"type": "thumbnail", "parameters": {"width": 150, "height": 150}}]
    return result


def rule(*selections: dict[str, Any], assignments: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "product_selections": list(selections),
        "assign_assets_to": assignments
        or [{"mode": "add", "attribute": "ambient_image", "locale": None, "channel": None}],
    }


def selection(field: str, operator: str, value: Any, **coordinates: Any) -> dict[str, Any]:
    return {"field": field, "operator": operator, "value": value, **coordinates}


NAMING_CONVENTION = {
    "source": {"property": "main_image", "channel": None, "locale": None},
    "pattern": r"/(?P<product_ref>.*)\.jpg/",
    "abort_asset_creation_on_error": True,
}
