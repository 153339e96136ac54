"""Rules of the asset attribute option upsert (mock_server.domain.asset_manager.attribute_option), one test per rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mock_server.domain.asset_manager.attribute_option import (
    MAX_OPTIONS_PER_ATTRIBUTE,
    ensure_option_attribute,
    has_options,
    upsert_attribute_option,
)
from mock_server.domain.errors import FieldError, Unprocessable, ValidationFailed

LOCALES = frozenset({"en_US", "fr_FR", "de_DE"})
SIZE = {"code": "model_is_wearing_size", "labels": {}, "type": "single_option"}
COLORS = {"code": "main_colors", "labels": {}, "type": "multiple_options"}
PICTURE = {"code": "picture", "labels": {}, "type": "media_file", "media_type": "image"}

# The option examples of the 002 doc, verbatim.
DOC_OPTIONS = [
    {"code": "size_27", "labels": {"en_US": "Size 27", "fr_FR": "Taille 36"}},
    {"code": "small", "labels": {"en_US": "S", "fr_FR": "S"}},
    {"code": "medium", "labels": {"en_US": "M", "fr_FR": "M"}},
    {"code": "large", "labels": {"en_US": "L", "fr_FR": "L"}},
]


def upsert(
    existing: dict[str, Any] | None,
    patch: dict[str, Any],
    code: str = "small",
    attribute: dict[str, Any] = SIZE,
    count: int = 0,
) -> dict[str, Any]:
    return upsert_attribute_option(existing, attribute, code, patch, option_count=count, activated_locales=LOCALES)


def refused(*args: Any, **kwargs: Any) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as caught:
        upsert(*args, **kwargs)
    return caught.value.errors


@pytest.mark.parametrize("option", DOC_OPTIONS, ids=lambda o: o["code"])
def test_every_documented_option_is_accepted_unchanged(option: dict[str, Any]) -> None:
    assert upsert(None, option, code=option["code"]) == option


def test_option_without_labels_gets_empty_labels() -> None:
    assert upsert(None, {}, attribute=COLORS) == {"code": "small", "labels": {}}


def test_options_only_on_option_attributes() -> None:
    message = (
        'The attribute "picture" is of type "media_file": only attributes of type "single_option" or '
        '"multiple_options" have options.'
    )
    with pytest.raises(Unprocessable) as caught:
        upsert(None, {"code": "small"}, attribute=PICTURE)
    assert caught.value.message == message
    assert not isinstance(caught.value, ValidationFailed)
    with pytest.raises(Unprocessable, match="only attributes of type"):
        ensure_option_attribute(PICTURE)


def test_option_attributes_have_options() -> None:
    ensure_option_attribute(SIZE)
    ensure_option_attribute(COLORS)
    assert has_options(SIZE) and has_options(COLORS) and not has_options(PICTURE)


def test_option_refusals_are_the_attribute_option_business_rules_envelope() -> None:
    # STRUCTURE-RULES-ENVELOPE
    with pytest.raises(ValidationFailed) as caught:
        upsert(None, {"labels": {"xx_XX": "Nope"}})
    assert caught.value.message == "The attribute option has data that does not comply with the business rules."


def test_at_most_100_options_per_attribute() -> None:
    # STRUCTURE-OPTION-LIMIT: the vendor's class-level violation, on no property.
    errors = refused(None, {"code": "xl"}, code="xl", count=MAX_OPTIONS_PER_ATTRIBUTE)
    assert errors == [FieldError("", "You have reached the limit of 100 attribute options per attribute.")]
    assert upsert(None, {}, code="xl", count=MAX_OPTIONS_PER_ATTRIBUTE - 1)["code"] == "xl"
    stored = {"code": "xl", "labels": {}}
    assert upsert(stored, {"labels": {"en_US": "XL"}}, code="xl", count=MAX_OPTIONS_PER_ATTRIBUTE)["labels"] == {
        "en_US": "XL"
    }


def test_option_label_locales_must_be_activated() -> None:
    errors = refused(None, {"labels": {"xx_XX": "Nope"}})
    assert errors == [FieldError("labels", 'The locale "xx_XX" is not activated.')]


def test_option_labels_are_merged_and_null_removes_a_label() -> None:
    stored = {"code": "size_27", "labels": {"en_US": "Size 27", "fr_FR": "Taille 36"}}
    result = upsert(stored, {"code": "size_27", "labels": {"fr_FR": None, "de_DE": "Größe 27"}}, code="size_27")
    assert result == {"code": "size_27", "labels": {"en_US": "Size 27", "de_DE": "Größe 27"}}


def test_option_labels_must_be_an_object() -> None:
    errors = refused(None, {"labels": "Small"})
    assert errors == [
        FieldError("labels", 'The labels must be an object keyed by locale code, such as {"en_US": "Picture"}.')
    ]


def test_option_unknown_property_is_refused() -> None:
    errors = refused(None, {"sort_order": 1})
    assert errors == [FieldError("sort_order", 'The property "sort_order" is not a property of an attribute option.')]


def test_all_option_errors_are_reported_together() -> None:
    errors = refused(None, {"extra": 1, "labels": {"xx_XX": "?"}}, count=MAX_OPTIONS_PER_ATTRIBUTE)
    assert [error.property for error in errors] == ["extra", "", "labels"]


def test_refused_option_patch_leaves_existing_unchanged() -> None:
    stored = {"code": "small", "labels": {"en_US": "S"}}
    snapshot = copy.deepcopy(stored)
    refused(stored, {"labels": {"fr_FR": "P", "xx_XX": "?"}})
    assert stored == snapshot


def test_option_inputs_are_not_mutated_on_success() -> None:
    stored = {"code": "small", "labels": {"en_US": "S"}}
    patch = {"labels": {"fr_FR": "P"}}
    snapshots = copy.deepcopy((stored, patch))
    result = upsert(stored, patch)
    result["labels"]["de_DE"] = "K"
    assert (stored, patch) == snapshots
