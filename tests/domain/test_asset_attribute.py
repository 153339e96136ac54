"""Rules of the asset attribute upsert (mock_server.domain.asset_manager.asset_attribute), one test per rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mock_server.domain.asset_manager.asset_attribute import (
    MAX_ATTRIBUTES_PER_FAMILY,
    is_localizable,
    is_scopable,
    upsert_asset_attribute,
)
from mock_server.domain.errors import FieldError, ValidationFailed
from tests.domain.asset_attribute_cases import (
    COMMON,
    DOC_EXAMPLES,
    LOCALES,
    NORMALISED,
    TYPE_PROPERTIES,
    assert_refused,
    create,
    media_file,
    number,
    refused,
    text,
    update,
)

# ---- documented examples and shapes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("example", DOC_EXAMPLES, ids=lambda e: e["type"])
def test_every_documented_attribute_example_is_accepted_with_the_full_shape_of_its_type(
    example: dict[str, Any],
) -> None:
    result = create(example, code=example["code"])
    assert set(result) == COMMON | TYPE_PROPERTIES.get(example["type"], set())
    for key, value in example.items():
        sent, stored = NORMALISED.get(key, (object(), None))
        assert result[key] == (stored if value == sent else value)


@pytest.mark.parametrize("example", DOC_EXAMPLES, ids=lambda e: e["type"])
def test_created_attributes_match_the_response_schema(example: dict[str, Any]) -> None:
    validator_module = pytest.importorskip("openapi_schema_validator")
    bundle = pytest.importorskip("bundle")
    components: dict[str, Any] = {}
    for part in ("00-root.yaml", "30-asset-attributes.yaml"):
        components.setdefault("schemas", {}).update(bundle.load_part(bundle.PARTS_DIR / part)["components"]["schemas"])
    schema = {"$ref": "#/components/schemas/AssetAttribute", "components": components}
    validator_module.validate(create(example, code=example["code"]), schema, cls=validator_module.OAS30Validator)


def test_defaults_are_filled_in_on_creation() -> None:
    assert text() == {
        "code": "attr",
        "labels": {},
        "type": "text",
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": False,
        "is_read_only": False,
        "max_characters": None,
        "is_textarea": False,
        "is_rich_text_editor": False,
        "validation_rule": "none",
        "validation_regexp": None,
    }
    assert number()["min_value"] is None and number()["decimals_allowed"] is False
    assert media_file()["allowed_extensions"] == [] and media_file()["max_file_size"] is None
    assert create({"type": "media_link", "media_type": "other"})["prefix"] is None
    assert create({"type": "record"})["reference_entity"] is None


def test_is_localizable_and_is_scopable() -> None:
    attribute = create({"type": "boolean", "value_per_locale": True})
    assert is_localizable(attribute) and not is_scopable(attribute)


# ---- code, type and creation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", ["code", "label", "image", "Label", "IMAGE"])
def test_reserved_attribute_codes_are_refused_on_creation(code: str) -> None:
    # STRUCTURE-ATTRIBUTE-RESERVED-CODE: the vendor compares in lower case; the braces are its own.
    errors = refused(create, {"type": "text"}, code)
    assert_refused(errors, "code", 'The code cannot be any of those values: "{{ code, label, image }}"')


def test_reserved_code_attribute_created_by_the_vendor_can_be_updated() -> None:
    # A family's default `label` attribute exists: a PATCH on it is an update, which the code rule does not see.
    stored = create({"type": "text", "value_per_locale": True}, "labelled")
    updated = upsert_asset_attribute(
        {**stored, "code": "label"},
        "packshot",
        "label",
        {"labels": {"en_US": "Label"}},
        family_attribute_count=2,
        activated_locales=LOCALES,
    )
    assert updated["labels"] == {"en_US": "Label"}


def test_type_is_required_on_creation() -> None:
    assert_refused(refused(create, {"labels": {}}), "type", 'The type is required to create the attribute "attr".')


def test_unknown_type_is_refused() -> None:
    errors = refused(create, {"type": "image"})
    assert errors[0].property == "type" and errors[0].message.startswith('The type "image" does not exist: use one of')


def test_auto_tagging_cannot_be_created() -> None:
    errors = refused(create, {"type": "auto_tagging"})
    assert_refused(
        errors,
        "type",
        'An attribute of type "auto_tagging" cannot be created through the API: the PIM '
        "creates it when the asset family enables auto-tagging.",
    )


def test_auto_tagging_attribute_can_be_updated() -> None:
    stored = {**text(), "type": "auto_tagging"}
    stored = {
        k: v
        for k, v in stored.items()
        if k not in {"max_characters", "is_textarea", "is_rich_text_editor", "validation_rule", "validation_regexp"}
    }
    assert update(stored, {"type": "auto_tagging", "labels": {"en_US": "Tags"}})["labels"] == {"en_US": "Tags"}


def test_media_type_is_required_for_media_link() -> None:
    errors = refused(create, {"type": "media_link"})
    assert_refused(errors, "media_type", 'The media type is required for an attribute of type "media_link".')


def test_structure_attribute_media_type_media_file_defaults_to_image() -> None:
    # CreateMediaFileAttributeCommandFactory: `media_type ?? MediaType::IMAGE`.
    assert create({"type": "media_file"})["media_type"] == "image"


def test_structure_attribute_media_type_vendor_message() -> None:
    errors = refused(create, {"type": "media_file", "media_type": "youtube"})
    message = "The media type given is not corresponding to the expected ones (image, pdf, other)."
    assert errors == [FieldError("media_type", message)]
    errors = refused(create, {"type": "media_link", "media_type": "audio"})
    message = "The media type given is not corresponding to the expected ones (image, pdf, youtube, vimeo, other)."
    assert errors == [FieldError("media_type", message)]


@pytest.mark.parametrize("affix", ["prefix", "suffix"])
def test_structure_attribute_media_link_affix_not_empty(affix: str) -> None:
    errors = refused(create, {"type": "media_link", "media_type": "image", affix: ""})
    assert errors == [FieldError(affix, f"The {affix} cannot be an empty string.")]


def test_media_link_accepts_video_media_types() -> None:
    assert create({"type": "media_link", "media_type": "vimeo"})["media_type"] == "vimeo"


def test_at_most_100_attributes_per_family() -> None:
    # STRUCTURE-ATTRIBUTE-LIMIT: the vendor names the first label ("" without one), on `labels`.
    errors = refused(create, {"type": "text", "labels": {"en_US": "Notes"}}, "attr", MAX_ATTRIBUTES_PER_FAMILY)
    assert_refused(
        errors,
        "labels",
        'You cannot create the attribute "Notes" because you have reached the limit of 100 attributes for this asset '
        "family",
    )
    errors = refused(create, {"type": "text"}, "attr", MAX_ATTRIBUTES_PER_FAMILY)
    assert errors[0].message.startswith('You cannot create the attribute "" because')
    assert create({"type": "text"}, count=MAX_ATTRIBUTES_PER_FAMILY - 1)["type"] == "text"
    full = upsert_asset_attribute(
        text(),
        "packshot",
        "attr",
        {"is_read_only": True},
        family_attribute_count=MAX_ATTRIBUTES_PER_FAMILY,
        activated_locales=LOCALES,
    )
    assert full["is_read_only"] is True


# ---- immutability and applicability ---------------------------------------------------------------------------------


def test_attribute_type_is_immutable() -> None:
    # STRUCTURE-ATTRIBUTE-IMMUTABLE: answered alone, before the edit's other rules (the bad label is not listed).
    errors = refused(update, text(), {"type": "number", "labels": {"xx_XX": "?"}})
    assert errors == [FieldError("type", "The property type is immutable.")]


@pytest.mark.parametrize("flag", ["value_per_locale", "value_per_channel"])
def test_value_per_locale_and_value_per_channel_are_immutable(flag: str) -> None:
    errors = refused(update, text(), {flag: True})
    assert errors == [FieldError(flag, f"The property {flag} is immutable.")]


def test_asset_family_code_is_immutable_and_compared_strictly() -> None:
    stored = create({"type": "asset_family_single_link", "asset_family_code": "brands"})
    assert update(stored, {"asset_family_code": "brands"}) == stored
    errors = refused(update, stored, {"asset_family_code": "other", "value_per_locale": 0})
    assert errors == [
        FieldError("value_per_locale", "The property value_per_locale is immutable."),
        FieldError("asset_family_code", "The property asset_family_code is immutable."),
    ]


def test_immutable_properties_may_be_repeated_unchanged() -> None:
    stored = text(value_per_locale=True)
    result = update(stored, {"code": "attr", "type": "text", "value_per_locale": True, "value_per_channel": False})
    assert result == stored


def test_property_of_another_type_is_refused() -> None:
    errors = refused(create, {"type": "number", "max_characters": 10})
    assert_refused(
        errors, "max_characters", 'The property "max_characters" does not apply to an attribute of type "number".'
    )


def test_unknown_property_is_refused() -> None:
    assert_refused(
        refused(create, {"type": "text", "colour": "red"}),
        "colour",
        'The property "colour" is not a property of an asset attribute.',
    )


def test_null_asset_family_code_is_ignored_on_other_types() -> None:
    assert "asset_family_code" not in text(asset_family_code=None)
    errors = refused(create, {"type": "text", "asset_family_code": "x"})
    assert_refused(
        errors, "asset_family_code", 'The property "asset_family_code" does not apply to an attribute of type "text".'
    )


def test_asset_family_code_is_required_for_asset_family_links() -> None:
    errors = refused(create, {"type": "asset_family_multiple_links"})
    assert_refused(
        errors,
        "asset_family_code",
        'The property "asset_family_code" is required for an attribute of type "asset_family_multiple_links".',
    )


# ---- labels and PATCH merge -----------------------------------------------------------------------------------------


def test_label_locales_must_be_activated() -> None:
    errors = refused(create, {"type": "text", "labels": {"xx_XX": "Nope"}})
    assert_refused(errors, "labels", 'The locale "xx_XX" is not activated.')


def test_labels_are_merged_and_null_removes_a_label() -> None:
    stored = text(labels={"en_US": "Name", "fr_FR": "Nom"})
    assert update(stored, {"labels": {"fr_FR": None, "de_DE": "Name"}})["labels"] == {"en_US": "Name", "de_DE": "Name"}


def test_a_null_label_is_accepted_on_any_locale_as_for_families() -> None:
    stored = text(labels={"en_US": "Name"})
    assert update(stored, {"labels": {"es_ES": None, "xx_XX": None}})["labels"] == {"en_US": "Name"}


def test_labels_must_be_an_object() -> None:
    errors = refused(create, {"type": "text", "labels": ["en_US"]})
    assert_refused(errors, "labels", 'The labels must be an object keyed by locale code, such as {"en_US": "Picture"}.')


def test_patch_replaces_sent_properties_and_keeps_absent_ones() -> None:
    stored = media_file(allowed_extensions=["jpg", "png"], max_file_size="10", labels={"en_US": "Picture"})
    result = update(stored, {"allowed_extensions": ["pdf"]})
    assert result == {**stored, "allowed_extensions": ["pdf"]}


def test_links_are_ignored() -> None:
    stored = text()
    assert update(stored, {**stored, "_links": {"self": {"href": "https://x/attr"}}}) == stored


# ---- errors together, inputs untouched ------------------------------------------------------------------------------


def test_all_errors_are_reported_together() -> None:
    errors = refused(
        create,
        {"type": "number", "labels": {"xx_XX": "a"}, "min_value": "9", "max_value": "1", "prefix": "p"},
        "image",
        100,
    )
    # min > max is the vendor's second group (MinMaxValue): judged only when the properties passed.
    assert {error.property for error in errors} == {"code", "labels", "prefix"}
    assert len(errors) == 4


def test_refused_patch_leaves_existing_unchanged() -> None:
    stored = media_file(labels={"en_US": "Picture"}, allowed_extensions=["jpg"])
    snapshot = copy.deepcopy(stored)
    patch = {"labels": {"fr_FR": "Photo", "xx_XX": "?"}, "allowed_extensions": ["png"], "max_file_size": "0"}
    refused(update, stored, patch)
    assert stored == snapshot


def test_inputs_are_not_mutated_on_success() -> None:
    stored = media_file(labels={"en_US": "Picture"}, allowed_extensions=["jpg"])
    snapshot = copy.deepcopy(stored)
    patch = {"labels": {"fr_FR": "Photo"}, "allowed_extensions": [".PNG"]}
    patch_snapshot = copy.deepcopy(patch)
    result = update(stored, patch)
    result["labels"]["de_DE"] = "Bild"
    result["allowed_extensions"].append("gif")
    assert stored == snapshot and patch == patch_snapshot


def test_structure_attribute_unknown_validation_rule_recorded_refusal() -> None:
    # unprocessable_update_main_color_asset_family_attribute_for_invalid_data.json: the one fault, the vendor's text.
    stored = text(value_per_locale=True)
    patch = {
        "code": "attr",
        "type": "text",
        "value_per_locale": True,
        "value_per_channel": False,
        "is_required_for_completeness": True,
        "max_characters": 133,
        "is_textarea": False,
        "validation_rule": "invalid_rule",
        "validation_regexp": "/\\w+/",
    }
    with pytest.raises(ValidationFailed) as caught:
        update(stored, patch)
    assert caught.value.message == "The attribute has data that does not comply with the business rules."
    assert caught.value.errors == [FieldError("validation_rule", "The value you selected is not a valid choice.")]
