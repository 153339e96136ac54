"""Rules of attribute groups and family variants (mock_server.domain.catalog.attribute_groups, family_variants), each test
named after the rule it proves; the messages are the vendor's."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.domain.catalog import attribute_groups, family_variants
from mock_server.domain.errors import FieldError, Unprocessable, ValidationFailed

LOCALES = frozenset({"en_US", "fr_FR"})


def _attribute(code: str, kind: str, group: str = "other", **extra: Any) -> dict[str, Any]:
    return {"code": code, "type": kind, "group": group, "localizable": False, "scopable": False, **extra}


ATTRIBUTES = {
    a["code"]: a
    for a in [
        _attribute("sku", "pim_catalog_identifier", unique=True),
        _attribute("name", "pim_catalog_text", "marketing", localizable=True),
        _attribute("color", "pim_catalog_simpleselect", "marketing"),
        _attribute("size", "pim_catalog_simpleselect", "marketing"),
        _attribute("on_sale", "pim_catalog_boolean"),
        _attribute("weight", "pim_catalog_metric"),
        _attribute("ean", "pim_catalog_text", unique=True),
        _attribute("notes", "pim_catalog_textarea"),
        _attribute("material", "pim_catalog_simpleselect"),
    ]
}
FAMILY = {"code": "clothing", "attributes": ["sku", "name", "color", "size", "on_sale", "weight", "ean", "notes"]}


def errors_of(function: Any, *args: Any, **kwargs: Any) -> list[FieldError]:
    with pytest.raises(ValidationFailed) as caught:
        function(*args, **kwargs)
    return caught.value.errors


# -- attribute groups -------------------------------------------------------------------------------------------


def group(existing: dict | None, patch: Any, code: str = "technical") -> attribute_groups.GroupUpsert:
    return attribute_groups.upsert_attribute_group(
        existing, code, patch, attributes=ATTRIBUTES, activated_locales=LOCALES
    )


def test_attribute_group_default_other_is_shipped() -> None:
    """PRODUCT-GROUP-DEFAULT-OTHER: the default group's code is `other`."""
    assert attribute_groups.default_group()["code"] == "other"


def test_attribute_group_code_format() -> None:
    """PRODUCT-GROUP-CODE-FORMAT."""
    expected = "Attribute group code may contain only letters, numbers and underscores"
    assert errors_of(group, None, {}, code="tech-nical") == [FieldError("code", expected)]
    assert [e.property for e in errors_of(group, None, {}, code="x" * 101)] == ["code"]
    assert group(None, {}, code="x" * 100).group["code"] == "x" * 100


def test_attribute_group_new_gets_its_defaults() -> None:
    assert group(None, {}).group == {"code": "technical", "sort_order": 0, "labels": {}}


def test_attribute_group_sort_order() -> None:
    """PRODUCT-GROUP-SORT-ORDER: a positive integer, never null."""
    assert group(None, {"sort_order": 3}).group["sort_order"] == 3
    for value in (-1, None, "3", 1.5, True):
        assert [e.property for e in errors_of(group, None, {"sort_order": value})] == ["sort_order"]


def test_attribute_group_label_locale() -> None:
    """PRODUCT-GROUP-LABEL-LOCALE: labels only on activated locales."""
    assert [e.property for e in errors_of(group, None, {"labels": {"xx_XX": "Technique"}})] == ["labels"]
    assert group(None, {"labels": {"fr_FR": "Technique"}}).group["labels"] == {"fr_FR": "Technique"}


def test_attribute_group_attributes_move() -> None:
    """PRODUCT-GROUP-ATTRIBUTES-MOVE: listed attributes join; the group's attributes left out go to `other`."""
    assert group(None, {"attributes": ["weight", "name"]}).moves == {"weight": "technical", "name": "technical"}
    assert group({"code": "marketing", "sort_order": 0}, {"attributes": ["name"]}, code="marketing").moves == {
        "color": "other",
        "size": "other",
    }


def test_attribute_group_attributes_must_exist() -> None:
    assert errors_of(group, None, {"attributes": ["ghost"]}) == [
        FieldError(
            "attributes",
            'Property "attributes" expects a valid attribute code. The attribute does not exist, "ghost" given.',
        )
    ]


def test_attribute_group_other_ignores_its_attributes_list() -> None:
    assert group(attribute_groups.default_group(), {"attributes": []}, code="other").moves == {}


def test_attribute_group_members_follow_the_attributes() -> None:
    assert attribute_groups.members("marketing", ATTRIBUTES) == ["name", "color", "size"]


def test_attribute_group_unknown_property_is_refused() -> None:
    assert [e.property for e in errors_of(group, None, {"color": "blue"})] == ["color"]


# -- family variants --------------------------------------------------------------------------------------------


def sets(*levels: tuple[list[str], list[str]]) -> list[dict[str, Any]]:
    return [{"level": n, "axes": axes, "attributes": attrs} for n, (axes, attrs) in enumerate(levels, start=1)]


def variant(existing: dict | None, patch: Any, code: str = "clothing_color_size") -> dict[str, Any]:
    return family_variants.upsert_family_variant(
        existing, FAMILY, code, patch, attributes=ATTRIBUTES, activated_locales=LOCALES
    )


def messages(patch: Any, existing: dict | None = None) -> list[str]:
    return [e.message for e in errors_of(variant, existing, patch)]


def test_family_variant_axes_join_attributes_and_unique_ones_go_last() -> None:
    """PRODUCT-VARIANT-UNIQUE-LAST-LEVEL: the identifier and unique attributes end up on the product level."""
    created = variant(None, {"variant_attribute_sets": sets((["color"], ["name"]), (["size"], []))})
    assert created["variant_attribute_sets"] == [
        {"level": 1, "axes": ["color"], "attributes": ["name", "color"]},
        {"level": 2, "axes": ["size"], "attributes": ["size", "sku", "ean"]},
    ]
    assert family_variants.levels_of(created) == 2


def test_family_variant_code_format() -> None:
    """PRODUCT-VARIANT-CODE-FORMAT."""
    body = {"variant_attribute_sets": sets((["color"], []))}
    assert [e.message for e in errors_of(variant, None, body, code="a b")] == [
        "Family variant code may contain only letters, numbers and underscores"
    ]


def test_family_variant_levels() -> None:
    """PRODUCT-VARIANT-LEVELS: one or two levels, numbered from 1, each with one to five axes."""
    assert messages({"variant_attribute_sets": []}) == [
        "There should be at least one level defined in the family variant"
    ]
    three = sets((["color"], []), (["size"], []), (["on_sale"], []))
    assert messages({"variant_attribute_sets": three}) == ['Family variant cannot have more than "2" level']
    gap = [{"level": 1, "axes": ["color"]}, {"level": 3, "axes": ["size"]}]
    assert messages({"variant_attribute_sets": gap}) == ['There is no variant attribute set for level "2"']
    assert messages({"variant_attribute_sets": sets(([], ["name"]))}) == [
        'There should be at least one attribute defined as axis for the attribute set for level "1"'
    ]


def test_family_variant_axes_types() -> None:
    """PRODUCT-VARIANT-AXES-TYPES: boolean, simple select, simple reference data or metric; not localizable,
    scopable or unique."""
    assert messages({"variant_attribute_sets": sets((["notes"], []))}) == [
        'Variant axes "notes" must be a boolean, a simple select, a simple reference data or a measurement'
    ]
    assert messages({"variant_attribute_sets": sets((["name"], []))}) == [
        'Variant axes "name" cannot be localizable, not scopable and not locale specific',
        'Variant axes "name" must be a boolean, a simple select, a simple reference data or a measurement',
    ]
    assert 'Variant axes "ean" cannot be unique or an identifier' in messages(
        {"variant_attribute_sets": sets((["ean"], []))}
    )
    assert variant(None, {"variant_attribute_sets": sets((["on_sale", "weight"], []))})


def test_family_variant_axes_unique() -> None:
    """PRODUCT-VARIANT-AXES-UNIQUE: an axis is used once across the levels."""
    said = messages({"variant_attribute_sets": sets((["color"], []), (["color"], []))})
    assert 'Variant axes must be unique, "color" are used several times in variant attributes sets' in said


def test_family_variant_family_attributes() -> None:
    """PRODUCT-VARIANT-FAMILY-ATTRIBUTES: every attribute of a set belongs to the family; unknown ones are refused."""
    assert messages({"variant_attribute_sets": sets((["color"], ["material"]))}) == [
        '"material" attribute cannot be added to "clothing_color_size" family variant, as it is not an attribute '
        'of the "clothing" family'
    ]
    assert messages({"variant_attribute_sets": sets((["color"], ["ghost"]))}) == [
        'Property "attribute_set_1" expects a valid attribute code. The attribute does not exist, "ghost" given.'
    ]


def test_family_variant_unique_attribute_on_the_product_level() -> None:
    said = messages({"variant_attribute_sets": sets((["color"], ["ean"]), (["size"], []))})
    assert said == ['Unique attribute "ean" must be set at the product level']


def test_family_variant_axes_immutable() -> None:
    """PRODUCT-VARIANT-AXES-IMMUTABLE: the axes of a level never change; attributes may."""
    stored = variant(None, {"variant_attribute_sets": sets((["color"], []), (["size"], []))})
    assert messages({"variant_attribute_sets": [{"level": 1, "axes": ["on_sale"]}]}, stored) == [
        'Variant axes cannot be modified for the level "1"'
    ]
    updated = variant(stored, {"variant_attribute_sets": [{"level": 1, "axes": ["color"], "attributes": ["name"]}]})
    assert updated["variant_attribute_sets"][0]["attributes"] == ["name", "color"]


def test_family_variant_levels_immutable() -> None:
    """PRODUCT-VARIANT-LEVELS-IMMUTABLE: no level is added after creation."""
    stored = variant(None, {"variant_attribute_sets": sets((["color"], []))})
    assert messages({"variant_attribute_sets": [{"level": 2, "axes": ["size"]}]}, stored) == [
        "The number of variant attribute sets cannot be changed."
    ]


def test_family_variant_family_is_the_url_family() -> None:
    body = {"family": "shoes", "variant_attribute_sets": sets((["color"], []))}
    assert [e.property for e in errors_of(variant, None, body)] == ["family"]


def test_family_variant_malformed_sets_are_refused_not_crashed() -> None:
    for sent in ("x", [1], [{"level": "1"}], [{"level": 1, "axes": "color"}], [{"level": 1, "attributes": [1]}]):
        assert errors_of(variant, None, {"variant_attribute_sets": sent})


def test_code_in_the_body_must_be_the_url_code() -> None:
    """On creation the vendor refuses the request outright; on update its Immutable constraint blames `code`."""
    with pytest.raises(Unprocessable) as caught:
        group(None, {"code": "other_code"})
    assert caught.value.message == (
        'The code "other_code" provided in the request body must match the code "technical" provided in the url.'
    )
    assert not isinstance(caught.value, ValidationFailed)
    stored = group(None, {}).group
    assert errors_of(group, stored, {"code": "other_code"}) == [FieldError("code", "This property cannot be changed.")]
    with pytest.raises(Unprocessable):
        variant(None, {"code": "another", "variant_attribute_sets": sets((["color"], []))})
