"""Rules of the asset family upsert (mock_server.domain.asset_manager.asset_family), one test per rule, and the doc's examples."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mock_server.domain.asset_manager.asset_family import (
    FAMILY_LIMIT,
    check_new_family,
    default_main_media,
)
from mock_server.domain.errors import FieldError, RulesBroken, Unprocessable, ValidationFailed
from tests.domain.asset_family_cases import (
    ATTRIBUTES,
    NAMING_CONVENTION,
    SCOPABLE_MAIN_IMAGE,
    attribute,
    errors_of,
    family_attributes,
    rule,
    selection,
    transformation,
    upsert,
)

# ---------------------------------------------------------------------------------------------------------------
# The doc's (002) asset family examples, as the contract attaches them.

PACKSHOTS = {
    "code": "packshots",
    "labels": {"en_US": "Pachskots", "fr_FR": "Packshots"},
    "attribute_as_main_media": "main_image",
    "naming_convention": NAMING_CONVENTION,
    "product_link_rules": [
        {
            "product_selections": [{"field": "sku", "operator": "=", "value": "{{product_ref}}"}],
            "assign_assets_to": [{"attribute": "model_pictures", "mode": "replace"}],
        }
    ],
    "transformations": [
        {
            "label": "Thumbnail plus black and white transformation",
            "filename_suffix": "_thumbnailBW",
            "source": {"attribute": "main_image", "channel": None, "locale": None},
            "target": {"attribute": "thumbnail", "channel": None, "locale": None},
            "operations": [
                {"type": "resize", "parameters": {"width": 150, "height": 150}},
                {"type": "colorspace", "parameters": {"colorspace": "grey"}},
            ],
        }
    ],
}


def test_doc_packshots_family_is_accepted() -> None:
    assert upsert(copy.deepcopy(PACKSHOTS)) == PACKSHOTS


def test_doc_packshots_family_with_the_doc_naming_source_is_refused() -> None:
    # The doc's family names its naming source "main_asset_image" while its main media is "main_image" (ERRATA).
    patch = copy.deepcopy(PACKSHOTS)
    patch["naming_convention"]["source"]["property"] = "main_asset_image"
    assert errors_of(patch) == [
        ("naming_convention[source]", 'The property "main_asset_image" does not exist for this asset family')
    ]


def test_doc_user_instructions_family_is_accepted() -> None:
    patch = {
        "code": "user_instructions",
        "labels": {"en_US": "User instructions", "fr_FR": "Notice d'utilisation"},
        "product_link_rules": [
            {
                "product_selections": [{"field": "sku", "operator": "EQUALS", "value": "{{product_ref}}"}],
                "assign_assets_to": [{"attribute": "user_instructions", "locale": "{{locale}}", "mode": "replace"}],
            }
        ],
    }
    family = upsert(patch, code="user_instructions", attributes=family_attributes(
        attribute("media_preview", "media_link"), attribute("product_ref", "text"), attribute("locale", "text")
    ))  # fmt: skip
    assert family == {
        **patch,
        "attribute_as_main_media": "media_preview",
        "naming_convention": {},
        "transformations": [],
    }


# ---------------------------------------------------------------------------------------------------------------
# Code and PATCH merge


def test_body_code_equal_to_url_code_is_accepted() -> None:
    assert upsert({"code": "packshots"})["code"] == "packshots"


def test_creation_fills_the_defaults() -> None:
    assert upsert({}, attributes={}) == {
        "code": "packshots",
        "labels": {},
        "attribute_as_main_media": None,
        "naming_convention": {},
        "product_link_rules": [],
        "transformations": [],
    }


def test_labels_are_merged_and_a_null_label_removes_it() -> None:
    existing = upsert({"labels": {"en_US": "Packshots", "fr_FR": "Photos"}})
    family = upsert({"labels": {"fr_FR": None, "en_US": "Pack shots"}}, existing)
    assert family["labels"] == {"en_US": "Pack shots"}


def test_absent_properties_are_kept() -> None:
    existing = upsert(copy.deepcopy(PACKSHOTS))
    assert upsert({"labels": {"en_US": "Packshots"}}, existing) == {
        **PACKSHOTS,
        "labels": {**PACKSHOTS["labels"], "en_US": "Packshots"},
    }


def test_rules_transformations_and_naming_convention_are_replaced_whole() -> None:
    existing = upsert(copy.deepcopy(PACKSHOTS))
    new_rule = rule(selection("categories", "IN", ["men"]))
    family = upsert({"product_link_rules": [new_rule], "transformations": [], "naming_convention": {}}, existing)
    assert family["product_link_rules"] == [new_rule]
    assert family["transformations"] == []
    assert family["naming_convention"] == {}


def test_links_in_the_body_are_ignored() -> None:
    family = upsert({"_links": {"self": {"href": "https://demo.akeneo.com/api/rest/v1/asset-families/packshots"}}})
    assert "_links" not in family


def test_saas_flags_are_kept_only_once_sent() -> None:
    assert "sharing_enabled" not in upsert({})
    existing = upsert({"sharing_enabled": True})
    assert existing["sharing_enabled"] is True
    assert "auto_tagging_enabled" not in existing
    family = upsert({"auto_tagging_enabled": False}, existing)
    assert (family["sharing_enabled"], family["auto_tagging_enabled"]) == (True, False)


def test_non_scalar_property_of_the_wrong_type_is_refused() -> None:
    assert errors_of({"labels": ["en_US"], "transformations": {}}) == [
        ("labels", 'The property "labels" must be an object.'),
        ("transformations", 'The property "transformations" must be an array.'),
    ]


def test_refused_patch_leaves_existing_and_patch_unchanged() -> None:
    existing = upsert(copy.deepcopy(PACKSHOTS))
    snapshot = copy.deepcopy(existing)
    patch = {"labels": {"xx_XX": "Bad", "fr_FR": None}, "product_link_rules": [], "transformations": [{}]}
    patch_snapshot = copy.deepcopy(patch)
    with pytest.raises(ValidationFailed):
        upsert(patch, existing)
    assert existing == snapshot
    assert patch == patch_snapshot


def test_result_shares_nothing_with_the_inputs() -> None:
    existing = upsert(copy.deepcopy(PACKSHOTS))
    patch = {"transformations": copy.deepcopy(PACKSHOTS["transformations"])}
    family = upsert(patch, existing)
    family["transformations"][0]["label"] = "changed"
    family["labels"]["de_DE"] = "changed"
    family["naming_convention"]["pattern"] = "changed"
    assert patch["transformations"][0]["label"] != "changed"
    assert existing == upsert(copy.deepcopy(PACKSHOTS))


def test_errors_are_collected_together() -> None:
    patch = {
        "labels": {"xx_XX": "Bad"},
        "attribute_as_main_media": "product_ref",
        "product_link_rules": [rule(), rule(), rule()],
        "transformations": [transformation("T", "main_image", "main_image", prefix="t_")],
    }
    assert [prop for prop, _ in errors_of(patch)] == [
        "labels",
        "product_link_rules[0].product_selections",
        "product_link_rules[1].product_selections",
        "product_link_rules[2].product_selections",
        "labels",  # LINK-RULES-LIMIT-MESSAGE: after the rules' own faults
        "attribute_as_main_media",
        "transformations",
    ]


# ---------------------------------------------------------------------------------------------------------------
# Labels and main media


def test_label_locale_must_be_activated() -> None:
    assert errors_of({"labels": {"en_US": "Packshots", "de_DE": "Packshots", "xx_XX": "Packshots"}}) == [
        ("labels", 'The locale "de_DE" is not activated.'),
        ("labels", 'The locale "xx_XX" is not activated.'),  # the vendor's LabelCollectionValidator says no more
    ]


def test_removing_the_label_of_a_deactivated_locale_is_allowed() -> None:
    existing = {**upsert({}), "labels": {"en_US": "Packshots", "de_DE": "Packshots"}}
    assert upsert({"labels": {"de_DE": None}}, existing)["labels"] == {"en_US": "Packshots"}


def test_main_media_must_be_an_attribute_of_the_family() -> None:
    assert errors_of({"attribute_as_main_media": "unknown"}) == [
        ("attribute_as_main_media", 'The attribute "unknown" set as main media for the asset family does not exist')
    ]


def test_main_media_must_be_a_media_file_or_media_link_attribute() -> None:
    assert errors_of({"attribute_as_main_media": "product_ref"}) == [
        (
            "attribute_as_main_media",
            "The attribute set as main media for the asset family should be of type: media_link, media_file",
        )
    ]


@pytest.mark.parametrize("code", ["thumbnail", "preview"])
def test_main_media_accepts_media_file_and_media_link(code: str) -> None:
    attributes = {**ATTRIBUTES, "preview": attribute("preview", "media_link")}
    assert upsert({"attribute_as_main_media": code}, attributes=attributes)["attribute_as_main_media"] == code


def test_main_media_defaults_to_the_first_media_attribute_created() -> None:
    attributes = family_attributes(
        attribute("product_ref", "text"), attribute("preview", "media_link"), attribute("main_image", "media_file")
    )
    assert upsert({}, attributes=attributes)["attribute_as_main_media"] == "preview"


def test_main_media_is_none_until_the_family_has_a_media_attribute() -> None:
    existing = upsert({}, attributes=family_attributes(attribute("product_ref", "text")))
    assert existing["attribute_as_main_media"] is None
    assert upsert({"labels": {"en_US": "P"}}, existing)["attribute_as_main_media"] == "main_image"


def test_main_media_once_set_is_kept() -> None:
    existing = upsert({"attribute_as_main_media": "thumbnail"})
    assert upsert({}, existing)["attribute_as_main_media"] == "thumbnail"


def test_default_main_media() -> None:
    assert default_main_media({"attribute_as_main_media": "thumbnail"}, ATTRIBUTES) == "thumbnail"
    assert default_main_media({"code": "packshots"}, ATTRIBUTES) == "main_image"
    assert default_main_media({"attribute_as_main_media": None}, {}) is None
    text_only = family_attributes(attribute("product_ref", "text"), attribute("weight", "number"))
    assert default_main_media({}, text_only) is None


# ---------------------------------------------------------------------------------------------------------------
# Transformations

THUMBNAIL = [{"type": "thumbnail", "parameters": {"width": 150, "height": 150}}]
DOC_VALID_TRANSFORMATIONS: dict[str, tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]] = {
    "one transformation": ([transformation("Thumbnail generation", "main_image", "thumbnail", suffix="_thumbnail")],
                           ATTRIBUTES),
    "two transformations": (
        [
            transformation("Resize ecommerce", "main_image", "variations", prefix="ecom_", target_channel="ecommerce",
                           operations=[{"type": "scale", "parameters": {"width": 150, "height": 150}}]),
            transformation("Resize print", "main_image", "variations", prefix="print_", target_channel="print",
                           operations=[{"type": "scale", "parameters": {"width": 2500, "height": 2500}}]),
        ],
        ATTRIBUTES,
    ),
    "sharing a source": (
        [
            transformation("Transformation 1", "main_image", "thumbnail", prefix="t1_"),
            transformation("Transformation 2", "main_image", "thumbnail_2", prefix="t2_"),
        ],
        ATTRIBUTES,
    ),
    "source and target on different channels": (
        [
            transformation("Transformation 1", "main_image", "thumbnail", prefix="t1_", source_channel="ecommerce"),
            transformation("Transformation 2", "main_image_2", "main_image", prefix="t2_", target_channel="print"),
        ],
        SCOPABLE_MAIN_IMAGE,
    ),
    "family example": (copy.deepcopy(PACKSHOTS["transformations"]), ATTRIBUTES),
}  # fmt: skip


@pytest.mark.parametrize("name", DOC_VALID_TRANSFORMATIONS)
def test_doc_valid_transformation_examples_are_accepted(name: str) -> None:
    transformations, attributes = DOC_VALID_TRANSFORMATIONS[name]
    family = upsert({"transformations": copy.deepcopy(transformations)}, attributes=attributes)
    assert family["transformations"] == transformations


# ---------------------------------------------------------------------------------------------------------------
# Vendor parity of the structure (STRUCTURE-*)


def test_structure_family_round_trip_null_main_media_leaves_it_unchanged() -> None:
    existing = upsert({"attribute_as_main_media": "thumbnail"})
    assert upsert({"attribute_as_main_media": None}, existing)["attribute_as_main_media"] == "thumbnail"


def test_structure_family_case_is_refused_before_the_rules() -> None:
    with pytest.raises(Unprocessable) as caught:
        check_new_family("BranD", ["brand", "other"])
    assert not isinstance(caught.value, ValidationFailed)
    assert caught.value.message == (
        'The "brand" asset family already exists. Creating an asset family with a different case is forbidden.'
    )


def test_structure_family_limit_is_a_labels_fault() -> None:
    assert check_new_family("new", [f"f{index}" for index in range(FAMILY_LIMIT - 1)]) == []
    faults = check_new_family("new", [f"f{index}" for index in range(FAMILY_LIMIT)])
    assert faults == [
        FieldError(
            "labels",
            'You cannot create the asset family "new" because you have reached the limit of 100 asset families',
        )
    ]
    with pytest.raises(RulesBroken) as caught:
        upsert({}, faults=faults)
    assert caught.value.message == "The asset family has data that does not comply with the business rules."


def test_structure_family_empty_main_media_is_refused() -> None:
    # The vendor cannot even read "" as an attribute code (a 500 there): we refuse it as an unknown attribute.
    assert errors_of({"attribute_as_main_media": ""}) == [
        ("attribute_as_main_media", 'The attribute "" set as main media for the asset family does not exist')
    ]
