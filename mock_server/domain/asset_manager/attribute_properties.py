"""The properties of an asset attribute one by one: each normaliser checks the value sent for one property and
returns what is stored (split from asset_attribute.py, which holds the cross-property rules).

The texts are the vendor's (its property constraints in
back/Infrastructure/Validation/Attribute/*Validator.php, Symfony's own messages and validators.en_US.yml), and so
are the paths: its ViolationNormalizer tableizes the command's property, so `max_characters` is blamed as
`max_length` and `validation_regexp` as `regular_expression` (`vendor_path`). Type faults are the format stage's
(request_format/schemas.py); the type messages below only guard direct callers.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from mock_server.domain.errors import ErrorCollector
from mock_server.domain.shared.php_patterns import compile_lenient

BOOLEANS = ("value_per_locale", "value_per_channel", "is_required_for_completeness", "is_read_only")
VALIDATION_RULES = ("none", "email", "url", "regular_expression")
VALIDATION_RULE_ALIASES = {"regexp": "regular_expression"}
Normaliser = Callable[[Any, str, ErrorCollector], Any]
MAX_LENGTH_LIMIT = 65535  # MaxLengthValidator: LessThanOrEqual(65535)
MAX_FILE_SIZE_LIMIT = Decimal("9999.99")  # MaxFileSizeValidator: LessThanOrEqual(9999.99)
# PHP's is_numeric (PHP 8: leading and trailing whitespace allowed), which MinMaxValue and MaxFileSize apply.
_PHP_NUMERIC = re.compile(r"[ \t\n\r\v\f]*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\v\f]*")
_EXTENSION_PATTERN = re.compile(r"[a-z0-9]+")
_VENDOR_PATHS = {
    "max_characters": "max_length",
    "validation_regexp": "regular_expression",
    "is_required_for_completeness": "is_required",
}

# The vendor's texts (Symfony's built-in messages and pim_asset_manager.attribute.validation.*).
NOT_A_VALID_CHOICE = "The value you selected is not a valid choice."
NOT_VALID_CHOICES = "One or more of the given values is invalid."
MAX_LENGTH_NOT_INTEGER = "This value should be an integer."
BOUND_NOT_A_NUMBER = "This value should be a number with the right decimal separator."
MIN_GREATER_THAN_MAX = "The min cannot be greater than the max"
FILE_SIZE_NOT_A_NUMBER = "This value should be a number."
INVALID_REGULAR_EXPRESSION = (
    'This regular expression is not valid. Here is an example of a valid regular expression: "/[a-z]+[0-9]*/"'
)
EMPTY_REGULAR_EXPRESSION = "The regular expression cannot be empty."
TEXTAREA_WITH_VALIDATION_RULE = "A text area attribute cannot have a validation rule"
TEXTAREA_WITH_REGULAR_EXPRESSION = "The attribute should not have a regular expression"
SIMPLE_TEXT_WITH_RICH_EDITOR = "A simple text attribute cannot have a rich text editor"
REGULAR_EXPRESSION_WITHOUT_RULE = "Cannot set a regular expression on the text attribute"


def vendor_path(prop: str) -> str:
    """The path the vendor blames for one of our properties (Doctrine's tableize of its command's property)."""
    return _VENDOR_PATHS.get(prop, prop)


def less_or_equal(limit: Any) -> str:
    return f"This value should be less than or equal to {limit}."  # Symfony's LessThanOrEqual


def greater_than(limit: Any) -> str:
    return f"This value should be greater than {limit}."  # Symfony's GreaterThan


def _type_message(kind: str) -> str:
    return f"This value should be of type {kind}."  # Symfony's Type


def _as_is(value: Any, prop: str, errors: ErrorCollector) -> Any:
    return copy.deepcopy(value)


def _typed(kinds: tuple[type, ...], kind: str) -> Normaliser:
    def normalise(value: Any, prop: str, errors: ErrorCollector) -> Any:
        if not isinstance(value, kinds):
            errors.add(vendor_path(prop), _type_message(kind))
        return value

    return normalise


_boolean = _typed((bool,), "boolean")
_nullable_string = _typed((str, type(None)), "string")


def _rich_text_editor(value: Any, prop: str, errors: ErrorCollector) -> bool | None:
    """Null is accepted (the docs' text example sends it) and read as false by the text rules."""
    return _typed((bool, type(None)), "boolean")(value, prop, errors)


def _max_characters(value: Any, prop: str, errors: ErrorCollector) -> int | None:
    """STRUCTURE-ATTRIBUTE-MAX-LENGTH-MESSAGE: MaxLengthValidator, an integer, at most 65535, above 0 (each fault its own violation)."""
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        errors.add(vendor_path(prop), MAX_LENGTH_NOT_INTEGER)
        return None
    if value > MAX_LENGTH_LIMIT:
        errors.add(vendor_path(prop), less_or_equal(MAX_LENGTH_LIMIT))
    if value <= 0:
        errors.add(vendor_path(prop), greater_than(0))
    return value


def _validation_rule(value: Any, prop: str, errors: ErrorCollector) -> str:
    rule = VALIDATION_RULE_ALIASES.get(value, value) if isinstance(value, str) else value
    if rule is None:
        return "none"
    if rule not in VALIDATION_RULES:  # the vendor's Choice constraint (recorded ..._for_invalid_data.json)
        errors.add(vendor_path(prop), NOT_A_VALID_CHOICE)
        return value  # kept, so that the regexp rules stay silent: the vendor reports this fault alone
    return str(rule)


def _validation_regexp(value: Any, prop: str, errors: ErrorCollector) -> str | None:
    """STRUCTURE-ATTRIBUTE-REGEXP-MESSAGES: RegularExpressionValidator, a string that compiles (null is no expression). The vendor compiles it with
    preg_match; we compile it as the value check will (shared/php_patterns.compile_lenient), and refuse more than 1000
    characters (our patterns' bound) with the same sentence."""
    if value is None:
        return None
    if not isinstance(value, str):
        errors.add(vendor_path(prop), _type_message("string"))
        return None
    if not _compiles(value):
        errors.add(vendor_path(prop), INVALID_REGULAR_EXPRESSION)
    return value


MAX_REGEXP_LENGTH = 1000


def _compiles(regexp: str) -> bool:
    if not regexp or len(regexp) > MAX_REGEXP_LENGTH:
        return False  # preg_match('') fails: an empty pattern has no delimiter
    try:  # read as the value check reads it (asset_values), so a stored pattern always compiles there
        return compile_lenient(regexp) is not None
    except (RecursionError, OverflowError):
        return False


def is_php_numeric(value: Any) -> bool:
    """PHP's is_numeric on a decoded JSON value."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return True
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    return isinstance(value, str) and _PHP_NUMERIC.fullmatch(value) is not None


def _as_string(value: Any) -> str:
    return format(Decimal(repr(value)), "f") if isinstance(value, float) else str(value)


def _bound(value: Any, prop: str, errors: ErrorCollector) -> str | None:
    """STRUCTURE-ATTRIBUTE-NUMBER-BOUNDS-MESSAGE: MinMaxValueValidator, each bound sent is numeric (is_numeric), stored as a string."""
    if value is None:
        return None
    if not is_php_numeric(value):
        errors.add(vendor_path(prop), BOUND_NOT_A_NUMBER)
        return None
    return _as_string(value)


def _max_file_size(value: Any, prop: str, errors: ErrorCollector) -> str | None:
    """STRUCTURE-ATTRIBUTE-MAX-FILE-SIZE-MESSAGE: MaxFileSizeValidator, numeric, then (as a float) at most 9999.99 and above 0."""
    if value is None:
        return None
    if not is_php_numeric(value):
        errors.add(vendor_path(prop), FILE_SIZE_NOT_A_NUMBER)
        return None
    size = _as_string(value)
    megabytes = Decimal(size.strip())
    if megabytes > MAX_FILE_SIZE_LIMIT:
        errors.add(vendor_path(prop), less_or_equal(MAX_FILE_SIZE_LIMIT))
    if megabytes <= 0:
        errors.add(vendor_path(prop), greater_than(0))
    return size


def _allowed_extensions(value: Any, prop: str, errors: ErrorCollector) -> list[str]:
    """AllowedExtensionsValidator: an array of strings, each a valid extension (Choice, multiple: one violation for
    them all). We read ".JPG" as "jpg" and drop repeats (kept from our docs: the vendor stores the list as sent)."""
    if not isinstance(value, list):
        errors.add(vendor_path(prop), _type_message("array"))
        return []
    if not all(isinstance(item, str) for item in value):
        errors.add(vendor_path(prop), _type_message("string"))
        return []
    extensions = [item.strip().lstrip(".").lower() for item in value]
    if not all(_EXTENSION_PATTERN.fullmatch(extension) for extension in extensions):
        errors.add(vendor_path(prop), NOT_VALID_CHOICES)
        return []
    return list(dict.fromkeys(extensions))


def _affix(value: Any, prop: str, errors: ErrorCollector) -> str | None:
    """STRUCTURE-ATTRIBUTE-AFFIX-MESSAGE: MediaLink PrefixValidator / SuffixValidator: a string or null, never empty."""
    _nullable_string(value, prop, errors)
    if value == "":
        errors.add(vendor_path(prop), f"The {prop} cannot be an empty string.")
    return value


_NULLABLE_STRINGS = ("reference_entity", "asset_family_code")
_NORMALISERS: dict[str, Normaliser] = {
    **dict.fromkeys((*BOOLEANS, "is_textarea", "decimals_allowed"), _boolean),
    **dict.fromkeys(_NULLABLE_STRINGS, _nullable_string),
    **dict.fromkeys(("prefix", "suffix"), _affix),
    **dict.fromkeys(("min_value", "max_value"), _bound),
    "is_rich_text_editor": _rich_text_editor,
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
