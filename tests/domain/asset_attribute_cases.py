"""What the asset attribute domain tests share: the 002 doc's attribute examples, the properties common to every type and
to each type, and create/update/refusal helpers."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.domain.asset_manager.asset_attribute import (
    upsert_asset_attribute,
)
from mock_server.domain.errors import FieldError, ValidationFailed

LOCALES = frozenset({"en_US", "fr_FR", "de_DE"})
COMMON = {
    "code",
    "labels",
    "type",
    "value_per_locale",
    "value_per_channel",
    "is_required_for_completeness",
    "is_read_only",
}
TYPE_PROPERTIES = {
    "text": {"max_characters", "is_textarea", "is_rich_text_editor", "validation_rule", "validation_regexp"},
    "media_file": {"media_type", "allowed_extensions", "max_file_size"},
    "media_link": {"media_type", "prefix", "suffix"},
    "number": {"decimals_allowed", "min_value", "max_value"},
    "record": {"reference_entity"},
    "asset_family_single_link": {"asset_family_code"},
}
_LABELS = {"en_US": "x", "fr_FR": "x"}

# The attribute examples of the 002 doc (verbatim), plus the contract's asset_family_single_link example.
DOC_EXAMPLES: list[dict[str, Any]] = [
    {
        "code": "warning_mention",
        "labels": {"en_US": "Warning mention", "fr_FR": "Avertissement"},
        "type": "text",
        "value_per_locale": True,
        "value_per_channel": False,
        "is_required_for_completeness": False,
        "is_read_only": False,
        "max_characters": 50,
        "is_textarea": False,
        "is_rich_text_editor": None,
        "validation_rule": None,
        "validation_regexp": None,
    },
    {
        "code": "model_is_wearing_size",
        "labels": {"en_US": "Model is wearing size", "fr_FR": "Le mannequin porte la taille"},
        "type": "single_option",
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": True,
        "is_read_only": False,
    },
    {
        "code": "main_colors",
        "labels": {"en_US": "Main colors", "fr_FR": "Couleurs principales"},
        "type": "multiple_options",
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": True,
        "is_read_only": False,
    },
    {
        "code": "number_of_pages",
        "labels": {"en_US": "Number of pages", "fr_FR": "Nombre de pages"},
        "type": "number",
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": True,
        "is_read_only": False,
    },
    {
        "code": "picture",
        "labels": {"en_US": "Picture", "fr_FR": "Photo"},
        "type": "media_file",
        "media_type": "image",
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": True,
        "is_read_only": False,
        "allowed_extensions": ["jpg"],
        "max_file_size": "10",
    },
    {
        "code": "media_link",
        "labels": {"en_US": "Media link", "fr_FR": "Lien vers le média"},
        "type": "media_link",
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": False,
        "is_read_only": False,
        "prefix": "dam.com/my_assets/",
        "suffix": None,
        "media_type": "image",
    },
    {
        "code": "enabled",
        "labels": {"en_US": "Enabled", "fr_FR": "Actif"},
        "type": "boolean",
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": True,
        "is_read_only": False,
    },
    {
        "code": "publish_date",
        "labels": {"en_US": "Publish date", "fr_FR": "Date de publication"},
        "type": "date",
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": True,
        "is_read_only": False,
    },
    {
        "code": "brand",
        "labels": {"en_US": "Brand", "fr_FR": "Marque"},
        "type": "record",
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": True,
        "is_read_only": False,
        "reference_entity": "brand",
    },
    {
        "code": "country",
        "labels": {"en_US": "Country", "fr_FR": "Pays"},
        "type": "asset_family_single_link",
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": False,
        "is_read_only": False,
        "asset_family_code": "country",
    },
]
# What the mock returns differently from what was sent: null read as the documented default.
NORMALISED = {"validation_rule": (None, "none"), "is_rich_text_editor": (None, False)}


def create(patch: dict[str, Any], code: str = "attr", count: int = 0) -> dict[str, Any]:
    return upsert_asset_attribute(
        None, "packshot", code, patch, family_attribute_count=count, activated_locales=LOCALES
    )


def update(existing: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    return upsert_asset_attribute(
        existing, "packshot", existing["code"], patch, family_attribute_count=1, activated_locales=LOCALES
    )


def refused(call: Any, *args: Any) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as caught:
        call(*args)
    return caught.value.errors


def assert_refused(errors: list[FieldError], property_: str, message: str) -> None:
    assert FieldError(property_, message) in errors, errors


def text(**extra: Any) -> dict[str, Any]:
    return create({"type": "text", **extra})


def number(**extra: Any) -> dict[str, Any]:
    return create({"type": "number", **extra})


def media_file(**extra: Any) -> dict[str, Any]:
    return create({"type": "media_file", "media_type": "image", **extra})
