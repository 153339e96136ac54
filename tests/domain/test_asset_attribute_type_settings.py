"""The settings of each asset attribute type: text (max characters, rich text, validation rules), number (decimals,
bounds), media_file (extensions, size, media type) and the SaaS default_value."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.domain.errors import FieldError
from tests.domain.asset_attribute_cases import assert_refused, create, media_file, number, refused, text, update

# ---- text -----------------------------------------------------------------------------------------------------------


def test_structure_attribute_text_coherence_rich_text_editor_defaults_to_false() -> None:
    # The vendor has no rule requiring it: a text area created without it has none.
    assert create({"type": "text", "is_textarea": True})["is_rich_text_editor"] is False
    assert update(text(), {"is_textarea": True})["is_rich_text_editor"] is False


def test_is_rich_text_editor_is_kept_while_textarea_stays_true() -> None:
    textarea = text(is_textarea=True, is_rich_text_editor=True)
    assert update(textarea, {"is_textarea": True, "max_characters": 5})["is_rich_text_editor"] is True


def test_structure_attribute_text_coherence_rich_text_editor_on_simple_text() -> None:
    # TextPropertyUpdatesShouldBeCoherent: an update only, on no property; a creation drops it.
    errors = refused(update, text(), {"is_rich_text_editor": True})
    assert errors == [FieldError("", "A simple text attribute cannot have a rich text editor")]
    assert create({"type": "text", "is_rich_text_editor": True})["is_rich_text_editor"] is False


def test_structure_attribute_text_coherence_textarea_has_no_validation() -> None:
    textarea = text(is_textarea=True)
    errors = refused(update, textarea, {"validation_rule": "email", "validation_regexp": "^a$"})
    assert errors == [
        FieldError("", "A text area attribute cannot have a validation rule"),
        FieldError("", "The attribute should not have a regular expression"),
    ]
    assert update(textarea, {"validation_rule": "none"})["validation_rule"] == "none"


def test_is_rich_text_editor_resets_when_textarea_is_turned_off() -> None:
    textarea = text(is_textarea=True, is_rich_text_editor=True)
    assert update(textarea, {"is_textarea": False})["is_rich_text_editor"] is False


def test_validation_rule_regexp_is_stored_as_regular_expression() -> None:
    result = text(validation_rule="regexp", validation_regexp="^[0-9]+$")
    assert (result["validation_rule"], result["validation_regexp"]) == ("regular_expression", "^[0-9]+$")


def test_null_validation_rule_means_none() -> None:
    assert text(validation_rule=None)["validation_rule"] == "none"


def test_structure_attribute_regexp_required_with_regular_expression_rule() -> None:
    message = "The regular expression cannot be empty."
    errors = refused(create, {"type": "text", "validation_rule": "regular_expression"})
    assert errors == [FieldError("regular_expression", message)]
    # The vendor judges what the update sends: the rule without an expression, even one already stored.
    stored = text(validation_rule="regular_expression", validation_regexp="^a$")
    assert refused(update, stored, {"validation_rule": "regular_expression"}) == [
        FieldError("regular_expression", message)
    ]
    assert update(stored, {"validation_regexp": "^b$"})["validation_regexp"] == "^b$"


@pytest.mark.parametrize("regexp", ["([a-z]", "", "a" * 1001, "/*/"])  # "/*/": the value check reads "*"
def test_structure_attribute_regexp_must_compile(regexp: str) -> None:
    errors = refused(create, {"type": "text", "validation_rule": "regular_expression", "validation_regexp": regexp})
    message = 'This regular expression is not valid. Here is an example of a valid regular expression: "/[a-z]+[0-9]*/"'
    assert errors == [FieldError("regular_expression", message)]


def test_structure_attribute_regexp_without_regular_expression_rule() -> None:
    errors = refused(update, text(validation_rule="email"), {"validation_regexp": "^a$"})
    assert errors == [FieldError("", "Cannot set a regular expression on the text attribute")]
    # A creation has no coherence validator: the expression is dropped.
    assert create({"type": "text", "validation_rule": "email", "validation_regexp": "^a$"})["validation_regexp"] is None


def test_validation_regexp_is_cleared_when_the_rule_changes() -> None:
    stored = text(validation_rule="regular_expression", validation_regexp="^a$")
    assert update(stored, {"validation_rule": "url"})["validation_regexp"] is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "This value should be greater than 0."),
        (65536, "This value should be less than or equal to 65535."),
        ("50", "This value should be an integer."),
        (True, "This value should be an integer."),
    ],
)
def test_structure_attribute_max_length_messages(value: Any, message: str) -> None:
    # MaxLengthValidator on the command's maxLength: the vendor blames `max_length`.
    assert refused(create, {"type": "text", "max_characters": value}) == [FieldError("max_length", message)]
    assert text(max_characters=65535)["max_characters"] == 65535


# ---- number ---------------------------------------------------------------------------------------------------------


def test_number_bounds_are_stored_as_strings() -> None:
    result = number(min_value=0, max_value="10")
    assert (result["min_value"], result["max_value"]) == ("0", "10")


@pytest.mark.parametrize("bound", ["min_value", "max_value"])
def test_structure_attribute_number_bounds_must_be_numeric(bound: str) -> None:
    message = "This value should be a number with the right decimal separator."
    assert refused(create, {"type": "number", bound: "ten"}) == [FieldError(bound, message)]
    assert number(**{bound: "1e3"})[bound] == "1e3"  # PHP's is_numeric


@pytest.mark.parametrize(("low", "high"), [("10", "5"), ("5.5", "5")])
def test_structure_attribute_number_min_greater_than_max(low: str, high: str) -> None:
    errors = refused(create, {"type": "number", "decimals_allowed": True, "min_value": low, "max_value": high})
    assert errors == [FieldError("min_value", "The min cannot be greater than the max")]


def test_structure_attribute_number_equal_bounds_are_accepted() -> None:
    assert number(min_value="5", max_value="5")["min_value"] == "5"


def test_min_value_is_compared_with_the_stored_max_value() -> None:
    stored = number(max_value="5")
    errors = refused(update, stored, {"min_value": "7"})
    assert errors == [FieldError("min_value", "The min cannot be greater than the max")]


def test_structure_attribute_number_bounds_ignore_decimals_allowed() -> None:
    # The vendor ties no bound to decimals_allowed.
    assert number(min_value="-3.5")["min_value"] == "-3.5"
    assert update(number(decimals_allowed=True, max_value="2.5"), {"decimals_allowed": False})["max_value"] == "2.5"


def test_decimal_bounds_are_accepted_when_decimals_are_allowed() -> None:
    assert number(decimals_allowed=True, min_value="-3.5", max_value=2.25)["max_value"] == "2.25"


# ---- media_file -----------------------------------------------------------------------------------------------------


def test_allowed_extensions_are_normalised() -> None:
    assert media_file(allowed_extensions=[".JPG", "png", "jpg"])["allowed_extensions"] == ["jpg", "png"]


def test_structure_attribute_allowed_extensions_messages() -> None:
    errors = refused(create, {"type": "media_file", "allowed_extensions": ["jpg", "j pg", "p-ng"]})
    assert errors == [FieldError("allowed_extensions", "One or more of the given values is invalid.")]
    errors = refused(create, {"type": "media_file", "allowed_extensions": "jpg"})
    assert errors == [FieldError("allowed_extensions", "This value should be of type array.")]


@pytest.mark.parametrize(
    ("size", "message"),
    [
        ("0", "This value should be greater than 0."),
        ("-1", "This value should be greater than 0."),
        ("10000", "This value should be less than or equal to 9999.99."),
        ("ten", "This value should be a number."),
    ],
)
def test_structure_attribute_max_file_size_messages(size: str, message: str) -> None:
    errors = refused(create, {"type": "media_file", "max_file_size": size})
    assert errors == [FieldError("max_file_size", message)]


def test_max_file_size_accepts_php_numbers() -> None:
    assert media_file(max_file_size="1e3")["max_file_size"] == "1e3"
    assert media_file(max_file_size="9999.99")["max_file_size"] == "9999.99"


def test_max_file_size_accepts_decimals_and_null() -> None:
    assert media_file(max_file_size="0.5")["max_file_size"] == "0.5"
    assert update(media_file(max_file_size="10"), {"max_file_size": None})["max_file_size"] is None


# ---- default_value (SaaS) -------------------------------------------------------------------------------------------


def test_default_value_must_match_the_type() -> None:
    errors = refused(create, {"type": "boolean", "default_value": "yes"})
    assert_refused(
        errors, "default_value", 'The default value "yes" of an attribute of type "boolean" must be a boolean or null.'
    )


def test_default_value_is_stored_and_null_removes_it() -> None:
    stored = create({"type": "multiple_options", "default_value": ["red"]})
    assert stored["default_value"] == ["red"]
    assert "default_value" not in update(stored, {"default_value": None})
