"""Checks of one asset value entry: its shape, its locale and channel, and its data by attribute type."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from mock_server.domain.asset_manager.media_file import MediaFile
from mock_server.domain.errors import FieldError, value_error
from mock_server.domain.request_format.json_values import finite_decimal, json_type
from mock_server.domain.shared import value_coordinates
from mock_server.domain.shared.php_patterns import compile_lenient
from mock_server.domain.shared.text_formats import EMAIL, is_url
from mock_server.domain.shared.timestamps import parse_value_date_time
from mock_server.domain.shared.types import NUMBER
from mock_server.domain.user_patterns import PatternSearch, search_in_process

VALUE_KEYS = frozenset({"locale", "channel", "data"})
READ_ONLY_VALUE_KEYS = frozenset({"_links", "linked_data", "attribute_type"})
PHP_INT_MAX = 2**63 - 1
BYTES_PER_MB = 1_000_000  # "10" MB = 10 000 000 bytes (Symfony's "M", not "Mi")

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_INTEGER = re.compile(r"-?[0-9]+")


@dataclass(frozen=True)
class ValueContext:
    """What the value checks need to know about the catalog, passed in by the service."""

    family_code: str
    attributes: Mapping[str, dict]
    options: Mapping[str, frozenset[str]]
    activated_locales: frozenset[str]
    channels: Mapping[str, frozenset[str]]
    media_files: Callable[[str], MediaFile | None]
    regexp_search: PatternSearch = search_in_process  # the service's: time-limited, off the loop (user_patterns.py)


@dataclass(frozen=True)
class Coordinates:
    """Where a value entry sits, as error context: its attribute, locale and channel."""

    attribute: str
    locale: str | None
    channel: str | None

    def error(self, message: str) -> FieldError:
        return value_error(message, self.attribute, self.locale, self.channel)


def coordinates_of(attribute_code: str, entry: Any) -> Coordinates:
    """The entry's coordinates as sent, keeping only string locale and channel (anything else reads as null)."""
    if not isinstance(entry, dict):
        return Coordinates(attribute_code, None, None)
    locale, channel = entry.get("locale"), entry.get("channel")
    return Coordinates(
        attribute_code, locale if isinstance(locale, str) else None, channel if isinstance(channel, str) else None
    )


def check_entry(
    attribute_code: str, attribute: dict, entry: Any, ctx: ValueContext
) -> tuple[dict | None, list[FieldError]]:
    """Check one value entry of a PATCH; return it normalized ({locale, channel, data}) or None, and the errors."""
    where = coordinates_of(attribute_code, entry)
    if not isinstance(entry, dict):
        expected = 'an object with "locale", "channel" and "data"'
        return None, [
            where.error(f'A value of the attribute "{attribute_code}" must be {expected}, "{json_type(entry)}" given.')
        ]
    messages = _shape_messages(attribute_code, entry)
    if not messages:
        messages += _coordinate_messages(attribute_code, attribute, entry, ctx)
    if "data" in entry:
        messages += check_data(attribute_code, attribute, entry["data"], ctx)
    if messages:
        return None, [where.error(message) for message in messages]
    data = normalize_data(attribute, entry["data"])
    return {"locale": entry.get("locale"), "channel": entry.get("channel"), "data": data}, []


def _shape_messages(attribute_code: str, entry: dict) -> list[str]:
    """Unknown properties, a missing `data`, a locale or channel that is neither a string nor null."""
    messages = [_unknown_value_property(key) for key in entry if key not in VALUE_KEYS | READ_ONLY_VALUE_KEYS]
    if "data" not in entry:
        messages.append(f'The property "data" is required in a value of the attribute "{attribute_code}".')
    for key in ("locale", "channel"):
        if entry.get(key) is not None and not isinstance(entry[key], str):
            messages.append(f'The {key} of a value must be a string or null, "{json_type(entry[key])}" given.')
    return messages


def _unknown_value_property(key: str) -> str:
    if key == "scope":
        return 'Property "scope" does not exist in an asset value: asset values use "channel".'
    return f'Property "{key}" does not exist in an asset value.'


_PRESENCE_MARKS = ("is expected for attribute", "is not expected for attribute")


def _coordinate_messages(attribute_code: str, attribute: dict, entry: dict, ctx: ValueContext) -> list[str]:
    """ASSET-VALUE-ERROR-PATH: the vendor's EditValueCommandValidator, in its order: a channel and a
    locale present exactly when the attribute has values per channel / per locale (both reported at once), then
    the channel exists, then the locale is activated (for the channel when the attribute is scopable)."""
    locale, channel = entry.get("locale"), entry.get("channel")
    channel_faults = value_coordinates.asset_channel_messages(attribute_code, attribute, channel, ctx.channels)
    locale_faults = value_coordinates.asset_locale_messages(
        attribute_code, attribute, locale, channel, ctx.activated_locales, ctx.channels
    )
    presence = [m for m in channel_faults + locale_faults if any(mark in m for mark in _PRESENCE_MARKS)]
    return presence or channel_faults or locale_faults


# -- data by attribute type ---------------------------------------------------------------------------------------


def check_data(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    """Messages for a `data` that does not fit the attribute; null always fits (it erases the value)."""
    if data is None:
        return []
    checker = _CHECKERS.get(attribute.get("type", ""))
    return checker(attribute_code, attribute, data, ctx) if checker else []


def normalize_data(attribute: dict, data: Any) -> Any:
    """The data as stored: numbers become strings, everything else is kept as sent."""
    if attribute.get("type") == NUMBER and data is not None:
        return number_text(data)
    return data


def _type_message(attribute_code: str, expected: str, data: Any) -> str:
    return f'The attribute "{attribute_code}" expects {expected} as data, "{json_type(data)}" given.'


def _check_string(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    return [] if isinstance(data, str) else [_type_message(attribute_code, "a string", data)]


def _check_string_list(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    if isinstance(data, list) and all(isinstance(item, str) for item in data):
        return []
    return [_type_message(attribute_code, "an array of strings", data)]


def _check_boolean(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    return [] if isinstance(data, bool) else [_type_message(attribute_code, "a boolean", data)]


def _check_text(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    if not isinstance(data, str):
        return [_type_message(attribute_code, "a string", data)]
    # ASSET-VALUE-ERROR-PATH: EditTextValueCommandValidator checks the length and the rule, both reported.
    return text_max_characters_messages(attribute, data) + _validation_rule_messages(
        attribute_code, attribute, data, ctx
    )


# ASSET-TEXT-MAX-CHARACTERS: the limit itself is accepted
def text_max_characters_messages(attribute: dict, text: str) -> list[str]:
    max_characters = _int_or_none(attribute.get("max_characters"))
    if max_characters is None or len(text) <= max_characters:
        return []
    unit = "character" if max_characters == 1 else "characters"
    return [f"This value is too long. It should have {max_characters} {unit} or less."]


def _validation_rule_messages(attribute_code: str, attribute: dict, data: str, ctx: ValueContext) -> list[str]:
    rule = attribute.get("validation_rule") or "none"
    if rule == "email" and not EMAIL.fullmatch(data):
        return ["This value is not a valid email address."]  # Symfony's Email constraint
    if rule == "url" and not is_url(data):
        return ["This value is not a valid URL."]  # Symfony's Url constraint
    if rule in ("regular_expression", "regexp") and attribute.get("validation_regexp"):
        pattern = attribute["validation_regexp"]
        compiled = compile_lenient(pattern)
        if compiled is None:
            return [f'The regular expression "{pattern}" of the attribute "{attribute_code}" is not valid.']
        found = ctx.regexp_search(compiled, data)
        if found is None:
            return [
                f'The regular expression "{pattern}" of the attribute "{attribute_code}" ran out of time on the value '
                '"'
                + data
                + '" and was stopped: simplify it (overlapping alternatives under a repetition, such as "(a|a)+", '
                "backtrack without end)."
            ]
        if not found:
            return [f'The text is incompatible with the regular expression "{pattern}"']
    return []


def number_text(data: Any) -> str | None:
    """The string form of a number datum (strings as sent, ints and floats converted); None for other types."""
    if isinstance(data, bool):
        return None
    if isinstance(data, int):
        return str(data)
    if isinstance(data, float):
        return format(Decimal(repr(data)), "f") if math.isfinite(data) else None
    return data if isinstance(data, str) else None


def _check_number(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    text = number_text(data)
    if text is None:
        return [_type_message(attribute_code, "a number as a string", data)]
    # ASSET-VALUE-ERROR-PATH: EditNumberValueCommandValidator's texts and order.
    if attribute.get("decimals_allowed"):
        if not _NUMBER.fullmatch(text):
            return ["This field should be a numeric value with the right decimal separator"]
    elif not _INTEGER.fullmatch(text):
        return ["This field should be an integer"]
    elif str(int(text)) != text or abs(int(text)) > PHP_INT_MAX:
        return ["This integer is too big"]  # PHP's (int) cast would change it: "007", "-0", beyond 64 bits
    return number_bound_messages(attribute_code, attribute, text)


# ASSET-NUMBER-BOUNDS: the bounds themselves are accepted
def number_bound_messages(attribute_code: str, attribute: dict, text: str) -> list[str]:
    value = Decimal(text)
    minimum, maximum = finite_decimal(attribute.get("min_value")), finite_decimal(attribute.get("max_value"))
    messages = []
    if minimum is not None and value < minimum:
        messages.append(f"This value should be {attribute['min_value']} or more.")  # Symfony's Range
    if maximum is not None and value > maximum:
        messages.append(f"This value should be {attribute['max_value']} or less.")
    return messages


# ASSET-OPTION-CODES (and _check_multiple_options below)
def _check_single_option(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    if not isinstance(data, str):
        return [_type_message(attribute_code, "an option code", data)]
    if data in ctx.options.get(attribute_code, frozenset()):
        return []
    return [f'The option with code "{data}" does not exist for this attribute']


def _check_multiple_options(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    if not isinstance(data, list) or not all(isinstance(item, str) for item in data):
        return [_type_message(attribute_code, "an array of option codes", data)]
    return unknown_option_messages(attribute_code, data, ctx)


# ASSET-OPTION-CODES: the codes of a multiple options value that the attribute does not have
def unknown_option_messages(attribute_code: str, codes: list[str], ctx: ValueContext) -> list[str]:
    existing = ctx.options.get(attribute_code, frozenset())
    missing = [code for code in codes if code not in existing]
    if not missing:
        return []
    return [f'The following option codes don\'t exist for this attribute : "{", ".join(missing)}"']


def _check_media_file(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    if not isinstance(data, str):
        return [_type_message(attribute_code, "a media file code", data)]
    media_file = ctx.media_files(data)
    if media_file is None:
        # ASSET-MEDIA-FILE-CODE
        return [f'The file "{data}" was not found.']
    return media_file_extension_messages(attribute_code, attribute, media_file) + _size_messages(
        attribute_code, attribute, media_file
    )


# ASSET-MEDIA-FILE-EXTENSION
def media_file_extension_messages(attribute_code: str, attribute: dict, media_file: MediaFile) -> list[str]:
    allowed = [str(ext).lower().lstrip(".") for ext in attribute.get("allowed_extensions") or []]
    if not allowed or media_file.extension in allowed:
        return []
    listed = ",".join(allowed)
    return [f'".{media_file.extension}" files are not allowed for this attribute. Allowed extensions are: {listed}']


def _size_messages(attribute_code: str, attribute: dict, media_file: MediaFile) -> list[str]:
    max_mb = finite_decimal(attribute.get("max_file_size"))
    if max_mb is None or media_file.size <= max_mb * BYTES_PER_MB:
        return []
    return ["The file exceeds the max file size set for the attribute."]


def _check_date(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    if not isinstance(data, str):
        return [_type_message(attribute_code, "a date-time string", data)]
    if parse_value_date_time(data) is None:
        return [
            f'The value "{data}" of the attribute "{attribute_code}" is not an ISO 8601 date-time '
            'such as "2023-03-01T00:00:00+00:00".'
        ]
    return []


def _check_auto_tagging(attribute_code: str, attribute: dict, data: Any, ctx: ValueContext) -> list[str]:
    return []  # read-only: refused in asset.py, where the stored value is known


def _int_or_none(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


_Checker = Callable[[str, dict, Any, ValueContext], list[str]]

_CHECKERS: dict[str, _Checker] = {
    "text": _check_text,
    "number": _check_number,
    "single_option": _check_single_option,
    "multiple_options": _check_multiple_options,
    "media_file": _check_media_file,
    "media_link": _check_string,
    "boolean": _check_boolean,
    "date": _check_date,
    "record": _check_string,
    "asset_family_single_link": _check_string,
    "asset_family_multiple_links": _check_string_list,
    "auto_tagging": _check_auto_tagging,
}
