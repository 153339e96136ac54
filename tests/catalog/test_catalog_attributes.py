"""Rules of product attributes and their options (mock_server.domain.catalog.attributes)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mock_server.domain.catalog import attributes as catalog_attributes
from mock_server.domain.errors import FieldError, NotFound, ValidationFailed

NOW = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
ACTIVATED = frozenset({"en_US", "fr_FR"})
ASSET_COLLECTION = {
    "code": "my_new_asset_collection",
    "type": "pim_catalog_asset_collection",
    "group": "other",
    "localizable": False,
    "scopable": False,
    "labels": {"en_US": "My new assets", "fr_FR": "Mes nouvelles ressources numériques"},
    "reference_data_name": "packshots",
}


def attribute(existing: dict | None, patch: Any, code: str = "my_new_asset_collection", main: bool = True) -> dict:
    return catalog_attributes.upsert_attribute(
        existing,
        code,
        patch,
        asset_families=frozenset({"packshots", "user_instructions"}),
        locales=frozenset({"en_US", "fr_FR", "es_ES"}),
        activated_locales=ACTIVATED,
        has_main_identifier=main,
        now=NOW,
    )


def refused(*args: Any, **kwargs: Any) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as caught:
        attribute(*args, **kwargs)
    return caught.value.errors


def properties(errors: list[FieldError]) -> list[str]:
    return [error.property for error in errors]


def test_documented_asset_collection_attribute_is_created_as_the_docs_show_it() -> None:
    shown = catalog_attributes.present_attribute(attribute(None, ASSET_COLLECTION))
    assert shown == {
        "code": "my_new_asset_collection",
        "type": "pim_catalog_asset_collection",
        "group": "other",
        "unique": False,
        "useable_as_grid_filter": False,
        "allowed_extensions": [],
        "metric_family": None,
        "default_metric_unit": None,
        "reference_data_name": "packshots",
        "available_locales": [],
        "max_characters": None,
        "validation_rule": None,
        "validation_regexp": None,
        "wysiwyg_enabled": None,
        "number_min": None,
        "number_max": None,
        "decimals_allowed": None,
        "negative_allowed": None,
        "date_min": None,
        "date_max": None,
        "max_file_size": None,
        "minimum_input_length": None,
        "sort_order": 0,
        "localizable": False,
        "scopable": False,
        "default_value": None,
        "labels": {"en_US": "My new assets", "fr_FR": "Mes nouvelles ressources numériques"},
    }


def test_attribute_creation_requires_code_type_and_group() -> None:
    assert properties(refused(None, {"labels": {}}, code="color")) == ["type", "group"]


def test_attribute_code_must_not_be_reserved() -> None:
    assert properties(refused(None, {"type": "pim_catalog_text", "group": "other"}, code="family")) == ["code"]


def test_attribute_type_must_be_known() -> None:
    errors = refused(None, {"type": "pim_catalog_color", "group": "other"}, code="color")
    assert errors == [FieldError("type", 'The attribute type "pim_catalog_color" does not exist.')]


def test_asset_collection_requires_reference_data_name() -> None:
    patch = {key: value for key, value in ASSET_COLLECTION.items() if key != "reference_data_name"}
    assert refused(None, patch) == [FieldError("reference_data_name", 'Property "reference_data_name" is required.')]


def test_asset_collection_reference_data_name_must_be_an_existing_asset_family() -> None:
    errors = refused(None, {**ASSET_COLLECTION, "reference_data_name": "brochures"})
    assert errors == [FieldError("reference_data_name", 'The asset family "brochures" does not exist.')]


def test_attribute_type_is_immutable() -> None:
    stored = attribute(None, ASSET_COLLECTION)
    assert properties(refused(stored, {"type": "pim_catalog_text"})) == ["type"]


@pytest.mark.parametrize("flag", ["localizable", "scopable", "unique"])
def test_attribute_localizable_scopable_and_unique_are_immutable(flag: str) -> None:
    stored = attribute(None, ASSET_COLLECTION)
    assert properties(refused(stored, {flag: True})) == [flag]


def test_asset_collection_family_is_immutable() -> None:
    stored = attribute(None, ASSET_COLLECTION)
    assert properties(refused(stored, {"reference_data_name": "user_instructions"})) == ["reference_data_name"]


def test_attribute_patch_merges_labels_and_replaces_scalars() -> None:
    stored = attribute(None, ASSET_COLLECTION)
    updated = attribute(stored, {"labels": {"fr_FR": None, "en_US": "Assets"}, "useable_as_grid_filter": True})
    assert updated["labels"] == {"en_US": "Assets"}
    assert updated["useable_as_grid_filter"] is True


def test_identifier_attribute_cannot_be_localizable_or_scopable() -> None:
    errors = refused(None, {"type": "pim_catalog_identifier", "group": "other", "localizable": True, "scopable": True})
    assert properties(errors) == ["localizable", "scopable"]


def test_identifier_attribute_is_unique_and_the_first_is_the_main_one() -> None:
    first = attribute(None, {"type": "pim_catalog_identifier", "group": "other"}, code="sku", main=False)
    second = attribute(None, {"type": "pim_catalog_identifier", "group": "other"}, code="ean", main=True)
    assert first["unique"] is True and first["is_main_identifier"] is True
    assert second["is_main_identifier"] is False


def test_type_specific_property_sent_for_another_type_is_refused() -> None:
    errors = refused(None, {"type": "pim_catalog_boolean", "group": "other", "max_characters": 12}, code="on_sale")
    assert errors == [
        FieldError(
            "max_characters", 'Property "max_characters" does not apply to attributes of type "pim_catalog_boolean".'
        )
    ]


def test_type_specific_null_sent_back_for_another_type_is_accepted() -> None:
    stored = attribute(None, ASSET_COLLECTION)
    echoed = catalog_attributes.present_attribute(stored)
    assert attribute(stored, {**echoed, "group_labels": {"en_US": "Other"}, "is_main_identifier": False}) == stored


def test_metric_attribute_requires_measurement_family_and_default_unit() -> None:
    errors = refused(None, {"type": "pim_catalog_metric", "group": "technical"}, code="weight")
    assert properties(errors) == ["metric_family", "default_metric_unit"]


def test_text_attribute_holds_at_most_255_characters() -> None:
    errors = refused(None, {"type": "pim_catalog_text", "group": "other", "max_characters": 300}, code="name")
    assert properties(errors) == ["max_characters"]


def test_regexp_validation_rule_requires_a_valid_regexp() -> None:
    base = {"type": "pim_catalog_text", "group": "other", "validation_rule": "regexp"}
    assert properties(refused(None, base, code="ean")) == ["validation_regexp"]
    assert properties(refused(None, {**base, "validation_regexp": "/[/"}, code="ean")) == ["validation_regexp"]
    assert attribute(None, {**base, "validation_regexp": "/^[0-9]+$/"}, code="ean")["validation_regexp"] == "/^[0-9]+$/"


def test_number_bounds_are_decimal_strings_in_order() -> None:
    base = {"type": "pim_catalog_number", "group": "other"}
    assert properties(refused(None, {**base, "number_min": "ten"}, code="count")) == ["number_min"]
    assert properties(refused(None, {**base, "number_min": "5", "number_max": "1"}, code="count")) == ["number_max"]


def test_unique_is_only_for_identifier_text_number_and_date_attributes() -> None:
    errors = refused(None, {"type": "pim_catalog_boolean", "group": "other", "unique": True}, code="on_sale")
    assert properties(errors) == ["unique"]


def test_available_locales_must_exist() -> None:
    errors = refused(None, {"type": "pim_catalog_text", "group": "other", "available_locales": ["xx_XX"]}, code="n")
    assert errors == [FieldError("available_locales", 'The locale "xx_XX" does not exist.')]


# -- options ----------------------------------------------------------------------------------------------------

COLOR = {"code": "color", "type": "pim_catalog_simpleselect"}


def option(existing: dict | None, patch: Any, code: str = "black", attribute_: dict = COLOR, count: int = 0) -> dict:
    return catalog_attributes.upsert_option(
        existing, attribute_, code, patch, option_count=count, activated_locales=ACTIVATED
    )


def test_documented_option_is_created_as_sent() -> None:
    sent = {"code": "black", "attribute": "color", "sort_order": 2, "labels": {"en_US": "Black", "fr_FR": "Noir"}}
    assert option(None, sent) == sent


def test_options_exist_only_for_simple_and_multi_select_attributes() -> None:
    with pytest.raises(NotFound) as caught:
        option(None, {}, attribute_={"code": "name", "type": "pim_catalog_text"})
    assert caught.value.message.startswith('Attribute "name" does not support options.')
    assert option(None, {}, attribute_={"code": "tags", "type": "pim_catalog_multiselect"})["attribute"] == "tags"


def test_option_attribute_in_the_body_must_be_the_url_attribute() -> None:
    with pytest.raises(ValidationFailed) as caught:
        option(None, {"attribute": "size"})
    assert [e.property for e in caught.value.errors] == ["attribute"]


def test_new_option_goes_after_the_existing_ones() -> None:
    assert option(None, {}, count=3)["sort_order"] == 3


def test_option_labels_merge_and_need_activated_locales() -> None:
    stored = option(None, {"labels": {"en_US": "Black"}})
    assert option(stored, {"labels": {"fr_FR": "Noir"}})["labels"] == {"en_US": "Black", "fr_FR": "Noir"}
    with pytest.raises(ValidationFailed):
        option(stored, {"labels": {"es_ES": "Negro"}})
