"""Rules of the catalog structure (mock_server.domain.catalog.structure): locales, channels, categories, families."""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from mock_server.domain.catalog import families as catalog_families
from mock_server.domain.catalog import structure as catalog
from mock_server.domain.errors import FieldError, Unprocessable, ValidationFailed

NOW = datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
LOCALES = frozenset({"en_US", "fr_FR", "de_DE", "es_ES"})
ACTIVATED = frozenset({"en_US", "fr_FR", "de_DE"})
CATEGORIES = {
    "master": {"code": "master", "parent": None},
    "men": {"code": "men", "parent": "master"},
    "men_clothes": {"code": "men_clothes", "parent": "men"},
    "women": {"code": "women", "parent": "master"},
    "other_tree": {"code": "other_tree", "parent": None},
}
ATTRIBUTES = {
    "sku": {"code": "sku", "type": "pim_catalog_identifier"},
    "name": {"code": "name", "type": "pim_catalog_text"},
    "description": {"code": "description", "type": "pim_catalog_textarea"},
    "picture": {"code": "picture", "type": "pim_catalog_image"},
    "model_pictures": {"code": "model_pictures", "type": "pim_catalog_asset_collection"},
    "weight": {"code": "weight", "type": "pim_catalog_metric"},
}
CHANNEL = {"category_tree": "master", "locales": ["en_US", "fr_FR"], "currencies": ["EUR"]}


def channel(existing: dict | None, patch: Any, code: str = "ecommerce") -> dict[str, Any]:
    return catalog.upsert_channel(
        existing,
        code,
        patch,
        locales=LOCALES,
        activated_locales=ACTIVATED,
        root_categories=frozenset({"master", "other_tree"}),
        metric_attributes=frozenset({"weight"}),
    )


def category(existing: dict | None, patch: Any, code: str = "shoes", now: datetime = NOW) -> dict[str, Any]:
    return catalog.upsert_category(
        existing,
        code,
        patch,
        categories=CATEGORIES,
        channel_trees={"master": "ecommerce"},
        activated_locales=ACTIVATED,
        now=now,
    )


def family(existing: dict | None, patch: Any, code: str = "clothing") -> dict[str, Any]:
    return catalog_families.upsert_family(
        existing,
        code,
        patch,
        attributes=ATTRIBUTES,
        channels=frozenset({"ecommerce", "mobile"}),
        identifier_attribute="sku",
        activated_locales=ACTIVATED,
        now=NOW,
    )


def refused(function: Any, *args: Any, **kwargs: Any) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as caught:
        function(*args, **kwargs)
    return caught.value.errors


def properties(errors: list[FieldError]) -> list[str]:
    return [error.property for error in errors]


# -- locales ----------------------------------------------------------------------------------------------------


def test_locale_is_enabled_when_a_channel_uses_it() -> None:
    assert catalog.present_locale({"code": "fr_FR"}, ACTIVATED) == {"code": "fr_FR", "enabled": True}
    assert catalog.present_locale({"code": "es_ES"}, ACTIVATED) == {"code": "es_ES", "enabled": False}


def test_locale_code_must_look_like_a_locale() -> None:
    with pytest.raises(Unprocessable):
        catalog.new_locale("french")


# -- channels ---------------------------------------------------------------------------------------------------


def test_channel_creation_gives_every_property() -> None:
    assert channel(None, {**CHANNEL, "labels": {"en_US": "Ecommerce"}}) == {
        "code": "ecommerce",
        "currencies": ["EUR"],
        "locales": ["en_US", "fr_FR"],
        "category_tree": "master",
        "conversion_units": {},
        "labels": {"en_US": "Ecommerce"},
    }


def test_channel_creation_requires_category_tree_locales_and_currencies() -> None:
    errors = refused(channel, None, {"labels": {}})
    assert properties(errors) == ["category_tree", "locales", "currencies"]
    assert errors[0].message == 'Property "category_tree" is required.'


def test_channel_category_tree_must_be_an_existing_root_category() -> None:
    errors = refused(channel, None, {**CHANNEL, "category_tree": "men"})
    assert errors == [
        FieldError("category_tree", 'The category "men" does not exist or is not the root of a category tree.')
    ]


def test_channel_locales_must_exist() -> None:
    errors = refused(channel, None, {**CHANNEL, "locales": ["en_US", "xx_XX"]})
    assert errors == [FieldError("locales", 'The locale "xx_XX" does not exist.')]


def test_channel_may_activate_an_existing_locale_no_channel_uses_yet() -> None:
    assert channel(None, {**CHANNEL, "locales": ["es_ES"], "labels": {"es_ES": "Comercio"}})["locales"] == ["es_ES"]


def test_channel_needs_at_least_one_locale_and_one_currency() -> None:
    errors = refused(channel, None, {**CHANNEL, "locales": [], "currencies": []})
    assert properties(errors) == ["locales", "currencies"]


def test_channel_currencies_are_currency_codes() -> None:
    assert properties(refused(channel, None, {**CHANNEL, "currencies": ["euro"]})) == ["currencies"]


def test_channel_labels_and_conversion_units_are_merged_arrays_replaced() -> None:
    stored = channel(None, {**CHANNEL, "labels": {"en_US": "Ecommerce"}, "conversion_units": {"weight": "GRAM"}})
    updated = channel(stored, {"labels": {"fr_FR": "E-commerce"}, "locales": ["de_DE"]})
    assert updated["labels"] == {"en_US": "Ecommerce", "fr_FR": "E-commerce"}
    assert updated["conversion_units"] == {"weight": "GRAM"}
    assert updated["locales"] == ["de_DE"]


def test_channel_conversion_units_name_metric_attributes() -> None:
    errors = refused(channel, None, {**CHANNEL, "conversion_units": {"name": "KILOGRAM"}})
    assert errors == [
        FieldError("conversion_units", 'The attribute "name" does not exist or is not a metric attribute.')
    ]


def test_channel_code_in_body_must_match_the_url() -> None:
    assert properties(refused(channel, None, {**CHANNEL, "code": "mobile"})) == ["code"]


def test_channel_unknown_property_is_refused() -> None:
    errors = refused(channel, None, {**CHANNEL, "color": "blue"})
    assert errors == [FieldError("color", "Property 'color' does not exist. Check the standard format documentation.")]


def test_channel_body_must_be_an_object() -> None:
    with pytest.raises(Unprocessable):
        channel(None, ["not", "an", "object"])


# -- categories -------------------------------------------------------------------------------------------------


def test_category_without_parent_is_a_tree_root() -> None:
    assert category(None, {}) == {"code": "shoes", "parent": None, "updated": "2026-01-01T09:00:00+00:00", "labels": {}}


def test_category_parent_must_exist() -> None:
    assert refused(category, None, {"parent": "nowhere"}) == [
        FieldError("parent", 'The category "nowhere" does not exist.')
    ]


def test_category_cannot_be_its_own_parent() -> None:
    errors = refused(category, CATEGORIES["men"], {"parent": "men"}, code="men")
    assert errors == [FieldError("parent", 'The category "men" cannot be its own parent.')]


def test_category_cannot_move_under_its_own_descendant() -> None:
    errors = refused(category, CATEGORIES["men"], {"parent": "men_clothes"}, code="men")
    assert properties(errors) == ["parent"]
    assert "descendant" in errors[0].message


def test_category_tree_of_a_channel_stays_a_root() -> None:
    errors = refused(category, CATEGORIES["master"], {"parent": "other_tree"}, code="master")
    assert errors[0].message.startswith('The category "master" is the category tree of the channel "ecommerce"')


def test_category_labels_need_activated_locales() -> None:
    errors = refused(category, None, {"labels": {"es_ES": "Zapatos"}})
    assert errors == [FieldError("labels", 'The locale "es_ES" does not exist or is not activated.')]


def test_category_updated_moves_only_when_something_changed() -> None:
    stored = category(None, {"labels": {"en_US": "Shoes"}})
    later = NOW + timedelta(hours=1)
    assert category(stored, {"labels": {"en_US": "Shoes"}}, now=later)["updated"] == stored["updated"]
    assert category(stored, {"labels": {"en_US": "Boots"}}, now=later)["updated"] == "2026-01-01T10:00:00+00:00"


def test_category_read_only_properties_are_accepted_and_ignored() -> None:
    stored = category(None, {"updated": "2000-01-01T00:00:00+00:00", "position": 9, "_links": {}})
    assert stored["updated"] == "2026-01-01T09:00:00+00:00"
    assert "position" not in stored


def test_categories_are_listed_tree_by_tree_depth_first_with_positions() -> None:
    ordered = [(c["code"], position) for c, position in catalog.tree_order(CATEGORIES)]
    assert ordered == [("master", 1), ("men", 1), ("men_clothes", 1), ("women", 2), ("other_tree", 2)]


def test_category_descendants() -> None:
    assert catalog.descendants("master", CATEGORIES) == {"men", "men_clothes", "women"}


# -- families ---------------------------------------------------------------------------------------------------


def test_family_always_contains_the_identifier_attribute() -> None:
    created = family(None, {"attributes": ["name"], "attribute_as_label": "name"})
    assert created["attributes"] == ["sku", "name"]
    assert created["attribute_requirements"] == {"ecommerce": ["sku"], "mobile": ["sku"]}
    assert created["attribute_as_image"] is None


def test_family_creation_requires_attribute_as_label() -> None:
    errors = refused(family, None, {"attributes": ["name"]})
    assert errors == [FieldError("attribute_as_label", 'Property "attribute_as_label" is required.')]


def test_family_attribute_as_label_is_an_identifier_or_text_attribute_of_the_family() -> None:
    not_member = refused(family, None, {"attributes": ["description"], "attribute_as_label": "name"})
    wrong_type = refused(family, None, {"attributes": ["description"], "attribute_as_label": "description"})
    assert properties(not_member) == properties(wrong_type) == ["attribute_as_label"]
    assert family(None, {"attribute_as_label": "sku"})["attribute_as_label"] == "sku"


def test_family_attribute_as_image_is_an_image_or_asset_collection_of_the_family() -> None:
    base = {"attributes": ["name", "picture", "model_pictures"], "attribute_as_label": "name"}
    assert family(None, {**base, "attribute_as_image": "model_pictures"})["attribute_as_image"] == "model_pictures"
    assert family(None, {**base, "attribute_as_image": "picture"})["attribute_as_image"] == "picture"
    assert properties(refused(family, None, {**base, "attribute_as_image": "name"})) == ["attribute_as_image"]
    assert properties(refused(family, None, {**base, "attribute_as_image": "description"})) == ["attribute_as_image"]


def test_family_attributes_must_exist() -> None:
    errors = refused(family, None, {"attributes": ["name", "ghost"], "attribute_as_label": "name"})
    assert errors == [FieldError("attributes", 'The attribute "ghost" does not exist.')]


def test_family_requirements_name_existing_channels_and_family_attributes() -> None:
    base = {"attributes": ["name"], "attribute_as_label": "name"}
    errors = refused(family, None, {**base, "attribute_requirements": {"print": ["sku"], "ecommerce": ["picture"]}})
    assert [e.message for e in errors] == [
        'The channel "print" does not exist.',
        'The attribute "picture" cannot be required on the channel "ecommerce": it does not belong to the family.',
    ]


def test_family_requirements_merge_per_channel_and_attributes_are_replaced() -> None:
    stored = family(
        None,
        {
            "attributes": ["name", "description"],
            "attribute_as_label": "name",
            "attribute_requirements": {"ecommerce": ["name", "description"], "mobile": ["name"]},
        },
    )
    updated = family(stored, {"attribute_requirements": {"mobile": ["description"]}})
    assert updated["attribute_requirements"] == {
        "ecommerce": ["sku", "name", "description"],
        "mobile": ["sku", "description"],
    }
    smaller = family(stored, {"attributes": ["name"]})
    assert smaller["attributes"] == ["sku", "name"]
    assert smaller["attribute_requirements"] == {"ecommerce": ["sku", "name"], "mobile": ["sku", "name"]}


def test_family_cannot_drop_its_label_attribute() -> None:
    stored = family(None, {"attributes": ["name"], "attribute_as_label": "name"})
    assert properties(refused(family, stored, {"attributes": ["description"]})) == ["attribute_as_label"]


def test_family_upsert_leaves_its_inputs_untouched() -> None:
    stored = family(None, {"attributes": ["name"], "attribute_as_label": "name", "labels": {"en_US": "Clothing"}})
    snapshot = copy.deepcopy(stored)
    family(stored, {"labels": {"fr_FR": "Vêtements"}, "attributes": ["name", "description"]})
    refused(family, stored, {"attributes": ["ghost"]})
    assert stored == snapshot


def test_family_presentation_hides_updated() -> None:
    created = family(None, {"attribute_as_label": "sku"})
    assert "updated" in created
    assert "updated" not in catalog.without_updated(created)
