"""The properties of an asset attribute one by one: each normaliser checks the value sent for one property and
returns what is stored (split from asset_attribute.py, which holds the cross-property rules)."""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from mock_server.domain.errors import ErrorCollector

BOOLEANS = ("value_per_locale", "value_per_channel", "is_required_for_completeness", "is_read_only")
VALIDATION_RULES = ("none", "email", "url", "regular_expression")
VALIDATION_RULE_ALIASES = {"regexp": "regular_expression"}
Normaliser = Callable[[Any, str, ErrorCollector], Any]
_NUMBER_PATTERN = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_FILE_SIZE_PATTERN = re.compile(r"[0-9]+(\.[0-9]+)?")
_EXTENSION_PATTERN = re.compile(r"[a-z0-9]+")


def _as_is(value: Any, prop: str, errors: ErrorCollector) -> Any:
    return copy.deepcopy(value)


def _typed(kinds: tuple[type, ...], expected: str) -> Normaliser:
    def normalise(value: Any, prop: str, errors: ErrorCollector) -> Any:
        if not isinstance(value, kinds):
            errors.add(prop, f'The property "{prop}" must be {expected}, not {_json(value)}.')
        return value

    return normalise


_boolean = _typed((bool,), "a boolean")
_nullable_boolean = _typed((bool, type(None)), "a boolean or null")
_nullable_string = _typed((str, type(None)), "a string or null")


def _max_characters(value: Any, prop: str, errors: ErrorCollector) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= 1):
        return value
    errors.add(prop, f'The maximum number of characters "{value}" must be an integer of at least 1, or null.')
    return None


def _validation_rule(value: Any, prop: str, errors: ErrorCollector) -> str:
    rule = VALIDATION_RULE_ALIASES.get(value, value) if isinstance(value, str) else value
    if rule is None:
        return "none"
    if rule not in VALIDATION_RULES:  # the vendor's Choice constraint (recorded ..._for_invalid_data.json)
        errors.add(prop, "The value you selected is not a valid choice.")
        return value  # kept, so that the regexp rules stay silent: the vendor reports this fault alone
    return str(rule)


def _validation_regexp(value: Any, prop: str, errors: ErrorCollector) -> str | None:
    _nullable_string(value, prop, errors)
    return value if isinstance(value, str) and value else None


def _numeric_string(value: Any) -> str | None:
    """The number as a string, or None when the value does not hold a number."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and math.isfinite(value):
        return format(Decimal(repr(value)), "f")
    if isinstance(value, str) and _NUMBER_PATTERN.fullmatch(value):
        return value
    return None


def _bound(value: Any, prop: str, errors: ErrorCollector) -> str | None:
    number = None if value is None else _numeric_string(value)
    if value is not None and number is None:
        errors.add(
            prop,
            f'The {_BOUND_NAMES[prop]} "{value}" must be a number written as a string, such as "10" or "-3.5", '
            "or null.",
        )
    return number


def _max_file_size(value: Any, prop: str, errors: ErrorCollector) -> str | None:
    if value is None:
        return None
    size = _numeric_string(value)
    if size is None or not _FILE_SIZE_PATTERN.fullmatch(size) or Decimal(size) <= 0:
        errors.add(
            prop,
            f'The maximum file size "{value}" must be a positive number of megabytes written as a string, '
            'such as "10" or "0.5", or null.',
        )
        return None
    return size


def _allowed_extensions(value: Any, prop: str, errors: ErrorCollector) -> list[str]:
    if not isinstance(value, list):
        errors.add(prop, 'The allowed extensions must be a list of file extensions, such as ["jpg", "png"].')
        return []
    extensions: list[str] = []
    for index, item in enumerate(value):
        extension = item.strip().lstrip(".").lower() if isinstance(item, str) else None
        if extension is None or not _EXTENSION_PATTERN.fullmatch(extension):
            errors.add(
                f"{prop}[{index}]", f'The extension "{item}" is not valid: use letters and digits only, such as "jpg".'
            )
        elif extension not in extensions:
            extensions.append(extension)
    return extensions


_BOUND_NAMES = {"min_value": "minimum value", "max_value": "maximum value"}
_NULLABLE_STRINGS = ("prefix", "suffix", "reference_entity", "asset_family_code")
_NORMALISERS: dict[str, Normaliser] = {
    **dict.fromkeys((*BOOLEANS, "is_textarea", "decimals_allowed"), _boolean),
    **dict.fromkeys(_NULLABLE_STRINGS, _nullable_string),
    **dict.fromkeys(("min_value", "max_value"), _bound),
    "is_rich_text_editor": _nullable_boolean,
    "max_characters": _max_characters,
    "validation_rule": _validation_rule,
    "validation_regexp": _validation_regexp,
    "allowed_extensions": _allowed_extensions,
    "max_file_size": _max_file_size,
}


def _quoted(values: tuple[str, ...]) -> str:
    return ", ".join(f'"{value}"' for value in values)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=repr)
