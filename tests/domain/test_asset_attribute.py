"""Rules of the asset attribute upsert (mock_server.domain.asset_attribute), one test per rule."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mock_server.domain.asset_attribute import (
    MAX_ATTRIBUTES_PER_FAMILY,
    is_localizable,
    is_scopable,
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
