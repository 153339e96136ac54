"""Rule-off mutants of the asset values: locales, and the data each attribute type accepts."""

from __future__ import annotations

from typing import Any

from mock_server.domain.asset_manager import asset_values
from mock_server.domain.shared import value_coordinates
from mutation.mutants.machinery import Mutant, attr, rule_off

# The originals, taken once at import (before any patch can exist), so the broken versions can delegate to them.
_ORIGINAL_LOCALE_MESSAGES = value_coordinates.asset_locale_messages


def _any_locale_on_localizable(attribute_code: str, attribute: dict, locale: Any, *args: Any) -> list:
    if attribute.get("value_per_locale"):
        return []
    return _ORIGINAL_LOCALE_MESSAGES(attribute_code, attribute, locale, *args)


def _max_characters_ignored(attribute: dict, text: str) -> list[str]:
    return []


def _bounds_ignored(attribute_code: str, attribute: dict, text: str) -> list[str]:
    return []


def _extension_ignored(attribute_code: str, attribute: dict, media_file: Any) -> list[str]:
    return []


VALUE_MUTANTS: tuple[Mutant, ...] = (
    rule_off(
        "value_locale_unchecked",
        "asset values",
        "a value of a localizable attribute is accepted with any locale (null, unknown, not activated)",
        lambda: [attr(value_coordinates, "asset_locale_messages", _any_locale_on_localizable)],
        catch="a value of a localizable attribute with a null or not activated locale: 422 naming the attribute and locale",
    ),
    rule_off(
        "text_max_characters_ignored",
        "asset values",
        "a text value longer than the attribute's max_characters is accepted",
        lambda: [attr(asset_values, "text_max_characters_messages", _max_characters_ignored)],
        catch="a text value longer than max_characters: 422 naming the attribute",
    ),
    rule_off(
        "number_bounds_ignored",
        "asset values",
        "a number value below min_value or above max_value is accepted",
        lambda: [attr(asset_values, "number_bound_messages", _bounds_ignored)],
        catch="a number attribute with min_value and max_value; an asset value below or above them: 422 naming the attribute",
    ),
    rule_off(
        "option_code_existence_ignored",
        "asset values",
        "a single/multiple option value naming an option that does not exist is accepted",
        lambda: [attr(asset_values, "unknown_option_messages", lambda *args: [])],
        catch="an option value naming an option that does not exist: 422 naming the attribute",
    ),
    rule_off(
        "media_file_extension_ignored",
        "asset values",
        "a media file whose extension the attribute does not allow is accepted as a value",
        lambda: [attr(asset_values, "media_file_extension_messages", _extension_ignored)],
        catch='a media_file attribute with allowed_extensions ["jpg"]; a value with an uploaded .png: 422 naming the attribute',
    ),
)
