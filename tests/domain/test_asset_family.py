"""Rules of the asset family upsert (mock_server.domain.asset_family), one test per rule, and the doc's examples."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mock_server.domain.asset_family import (
    FAMILY_LIMIT,
    check_new_family,
    default_main_media,
    product_link_rule_extrapolations,
    upsert_asset_family,
)
from mock_server.domain.errors import FieldError, RulesBroken, Unprocessable, ValidationFailed

ACTIVATED = frozenset({"en_US", "fr_FR"})
LOCALES = ACTIVATED | {"de_DE"}
CHANNELS = frozenset({"ecommerce", "print"})


def attribute(code: str, type_: str, *, localizable: bool = False, scopable: bool = False) -> dict[str, Any]:
    media = {"media_type": "image"} if type_ in ("media_file", "media_link") else {}
    return {"code": code, "type": type_, "value_per_locale": localizable, "value_per_channel": scopable, **media}


def family_attributes(*attributes: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["code"]: item for item in attributes}


# The attributes the doc's examples refer to, in creation order.
ATTRIBUTES = family_attributes(
    attribute("main_image", "media_file"),
    attribute("main_image_2", "media_file"),
    attribute("thumbnail", "media_file"),
    attribute("thumbnail_2", "media_file"),
    attribute("variations", "media_file", scopable=True),
    attribute("localized_image", "media_file", localizable=True),
    attribute("product_ref", "text"),
    attribute("attribute_ref", "text"),
    attribute("main_color", "single_option"),
    attribute("model_is_wearing_size", "single_option"),
    attribute("locale", "text"),
    attribute("product_categories", "multiple_options"),
    attribute("notes", "text", localizable=True),
    attribute("channel_notes", "text", scopable=True),
    attribute("weight", "number"),
    attribute("shot_on", "date"),
)
# The last valid doc example reads main_image on two channels: there, main_image is scopable.
SCOPABLE_MAIN_IMAGE = {**ATTRIBUTES, "main_image": attribute("main_image", "media_file", scopable=True)}


def upsert(
    patch: dict[str, Any],
    existing: dict[str, Any] | None = None,
    *,
    attributes: dict[str, dict[str, Any]] = ATTRIBUTES,
    code: str = "packshots",
    faults: list[FieldError] | None = None,
) -> dict[str, Any]:
    return upsert_asset_family(
        existing,
        code,
        patch,
        attributes=attributes,
        activated_locales=ACTIVATED,
        locales=LOCALES,
        channels=CHANNELS,
        faults=faults or [],
    )


def errors_of(patch: dict[str, Any], existing: dict[str, Any] | None = None, **kwargs: Any) -> list[tuple[str, str]]:
    with pytest.raises(ValidationFailed) as raised:
        upsert(patch, existing, **kwargs)
    return [(error.property, error.message) for error in raised.value.errors]


def transformation(
    label: str,
    source: str,
    target: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    source_channel: str | None = None,
    target_channel: str | None = None,
    operations: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    result: dict[str, Any] = {"label": label}
    if prefix is not None:
        result["filename_prefix"] = prefix
    if suffix is not None:
        result["filename_suffix"] = suffix
    result["source"] = {"attribute": source, "channel": source_channel, "locale": None}
    result["target"] = {"attribute": target, "channel": target_channel, "locale": None}
    result["operations"] = operations or [{"type": "thumbnail", "parameters": {"width": 150, "height": 150}}]
    return result


def rule(*selections: dict[str, Any], assignments: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "product_selections": list(selections),
        "assign_assets_to": assignments
        or [{"mode": "add", "attribute": "ambient_image", "locale": None, "channel": None}],
    }


def selection(field: str, operator: str, value: Any, **coordinates: Any) -> dict[str, Any]:
    return {"field": field, "operator": operator, "value": value, **coordinates}


NAMING_CONVENTION = {
    "source": {"property": "main_image", "channel": None, "locale": None},
    "pattern": r"/(?P<product_ref>.*)\.jpg/",
    "abort_asset_creation_on_error": True,
}

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
# Naming convention


def naming(**changes: Any) -> dict[str, Any]:
    convention = copy.deepcopy(NAMING_CONVENTION)
    for key, value in changes.items():
        if key in ("property", "locale", "channel"):
            convention["source"][key] = value
        else:
            convention[key] = value
    return {"naming_convention": convention}


def test_doc_naming_convention_example_is_accepted() -> None:
    # The doc's example names the main media "main_asset_image": valid in a family whose main media it is.
    attributes = {**ATTRIBUTES, "main_asset_image": attribute("main_asset_image", "media_file")}
    patch = naming(property="main_asset_image", pattern=r"/(?P<product_ref>.*)-.*-(?P<attribute_ref>.*)\.jpg/")
    family = upsert({"attribute_as_main_media": "main_asset_image", **patch}, attributes=attributes)
    assert family["naming_convention"] == patch["naming_convention"]


def test_empty_naming_convention_means_none() -> None:
    existing = upsert(naming())
    assert upsert({"naming_convention": {}}, existing)["naming_convention"] == {}


def test_naming_convention_missing_keys_are_each_refused_the_vendor_way() -> None:
    # STRUCTURE-NAMING-CONVENTION: the vendor's Collection constraint, one "This field is missing." per key.
    assert errors_of({"naming_convention": {"pattern": r"/(?P<product_ref>.*)/"}}) == [
        ("naming_convention[source]", "This field is missing."),
        ("naming_convention[abort_asset_creation_on_error]", "This field is missing."),
    ]


def test_naming_convention_recorded_vendor_refusal() -> None:
    # The vendor's recorded answer (unprocessable_brand_asset_family_naming_convention_for_invalid_data.json).
    convention = {"source": {"property": "unknown", "locale": "en_US", "channel": None}, "pattern": "/invalid_pattern)"}
    assert errors_of({"naming_convention": convention}) == [
        ("naming_convention[source]", 'The property "unknown" does not exist for this asset family'),
        ("naming_convention[pattern]", 'The regular expression "/invalid_pattern)" is malformed.'),
        ("naming_convention[abort_asset_creation_on_error]", "This field is missing."),
    ]


def test_naming_source_code_is_accepted() -> None:
    assert upsert(naming(property="code"))["naming_convention"]["source"]["property"] == "code"


def test_naming_source_must_be_code_or_the_main_media() -> None:
    assert errors_of(naming(property="thumbnail")) == [
        ("naming_convention[source]", "Property must match the code of the attribute defined as main media")
    ]
    assert errors_of(naming(property="main_image"), attributes=family_attributes(attribute("product_ref", "text"))) == [
        ("naming_convention[source]", 'The property "main_image" does not exist for this asset family')
    ]


NOT_MAIN_MEDIA = ("naming_convention[source]", "Property must match the code of the attribute defined as main media")


def test_naming_source_main_media_is_the_one_sent_with_it() -> None:
    # STRUCTURE-NAMING-SOURCE-MAIN-MEDIA: RawSourceValidator reads the main media of the same PATCH first.
    existing = upsert(naming())  # stored main media: main_image
    changed = upsert({"attribute_as_main_media": "thumbnail", **naming(property="thumbnail")}, existing)
    assert (changed["attribute_as_main_media"], changed["naming_convention"]["source"]["property"]) == (
        "thumbnail",
        "thumbnail",
    )
    assert errors_of({"attribute_as_main_media": "thumbnail", **naming(property="main_image")}, existing) == [
        NOT_MAIN_MEDIA
    ]


def test_naming_source_main_media_is_the_stored_one_when_none_is_sent() -> None:
    existing = upsert({"attribute_as_main_media": "thumbnail"})
    assert upsert(naming(property="thumbnail"), existing)["naming_convention"]["source"]["property"] == "thumbnail"
    assert errors_of(naming(property="main_image"), existing) == [NOT_MAIN_MEDIA]
    # a null main media is "not sent" (STRUCTURE-FAMILY-ROUND-TRIP): the stored one still counts
    assert errors_of({"attribute_as_main_media": None, **naming(property="main_image")}, existing) == [NOT_MAIN_MEDIA]


def test_naming_source_main_media_sent_unreadable_falls_back_to_the_stored_one() -> None:
    # NullableNamingConventionValidator ignores a main media AttributeCode cannot read: the stored one counts, and
    # only the main media itself is refused.
    existing = upsert({"attribute_as_main_media": "thumbnail"})
    assert errors_of({"attribute_as_main_media": "no-such code", **naming(property="thumbnail")}, existing) == [
        (
            "attribute_as_main_media",
            'The attribute "no-such code" set as main media for the asset family does not exist',
        )
    ]


def test_naming_convention_is_judged_only_when_sent() -> None:
    # NullableNamingConventionValidator: a PATCH without a naming convention (or with null or {}) does not judge the
    # stored one again, even when the main media it names changes.
    existing = upsert(naming())  # source: main_image, the main media
    changed = upsert({"attribute_as_main_media": "thumbnail"}, existing)
    assert changed["naming_convention"] == existing["naming_convention"]
    assert changed["attribute_as_main_media"] == "thumbnail"


def test_naming_source_code_takes_any_activated_locale_and_existing_channel() -> None:
    # The vendor checks nothing more for the asset code than that they exist.
    assert upsert(naming(property="code", locale="en_US", channel="ecommerce"))
    assert errors_of(naming(property="code", locale="de_DE", channel="mobile")) == [
        ("naming_convention[source][locale]", 'The locale "de_DE" is not activated.'),
        ("naming_convention[source][channel]", 'The channel "mobile" does not exist.'),
    ]


def test_naming_source_locale_and_channel_must_be_null_for_a_non_localizable_non_scopable_main_media() -> None:
    assert errors_of(naming(locale="fr_FR", channel="print")) == [
        ("naming_convention[source]", 'Attribute "main_image" is not scopable, you cannot define a channel'),
        ("naming_convention[source]", 'Attribute "main_image" is not localizable, you cannot define a locale'),
    ]


def test_naming_source_locale_and_channel_are_required_for_a_localizable_scopable_main_media() -> None:
    attributes = {**ATTRIBUTES, "main_image": attribute("main_image", "media_file", localizable=True, scopable=True)}
    assert upsert(naming(locale="fr_FR", channel="print"), attributes=attributes)
    assert errors_of(naming(), attributes=attributes) == [
        ("naming_convention[source]", 'Attribute "main_image" is scopable, you must define a channel'),
        ("naming_convention[source]", 'Attribute "main_image" is localizable, you must define a locale'),
    ]


@pytest.mark.parametrize("pattern", [r"(?P<product_ref>.*)\.jpg", r"/(?P<product_ref>.*\.jpg/"])
def test_naming_pattern_must_compile(pattern: str) -> None:
    assert errors_of(naming(pattern=pattern)) == [
        ("naming_convention[pattern]", f'The regular expression "{pattern}" is malformed.')
    ]


@pytest.mark.parametrize(
    "pattern",
    [
        r"/^(.*)_(.*)\.jpg$/",  # no named group
        r"/(?P<sku>.*)\.jpg/",  # a group naming no attribute
        r"/(?P<shot_on>.*)/",  # a date attribute
        r"/(?P<notes>.*)/",  # a localizable attribute
    ],
)
def test_naming_pattern_groups_are_not_checked_on_save(pattern: str) -> None:
    # STRUCTURE-NAMING-CONVENTION: the vendor only compiles the pattern; what its groups fill is the asset's concern.
    assert upsert(naming(pattern=pattern))["naming_convention"]["pattern"] == pattern


def test_naming_abort_flag_must_be_a_boolean() -> None:
    assert upsert(naming(abort_asset_creation_on_error=False))
    assert errors_of(naming(abort_asset_creation_on_error="yes")) == [
        ("naming_convention[abort_asset_creation_on_error]", "This value should be of type bool.")
    ]


# ---------------------------------------------------------------------------------------------------------------
# Product link rules

AMBIENT = [{"mode": "add", "attribute": "ambient_image", "locale": None, "channel": None}]
DOC_PRODUCT_LINK_RULES: dict[str, list[dict[str, Any]]] = {
    "one rule": [
        rule(
            selection("sku", "=", "{{product_ref}}", locale=None, channel=None),
            assignments=[
                {"mode": "replace", "attribute": "user_instructions", "locale": "{{locale}}", "channel": None}
            ],
        )
    ],
    "two rules": [
        rule(selection("categories", "IN", ["men_clothes"]), assignments=AMBIENT),
        rule(selection("categories", "IN", ["women_clothes"]), assignments=AMBIENT),
    ],
    "enabled and categories": [rule(selection("enabled", "=", "true"), selection("categories", "IN", ["men"]))],
    "family": [rule(selection("family", "IN", ["accessories"]))],
    "categories": [rule(selection("categories", "IN", ["bohemian_style"]))],
    "parent": [rule(selection("parent", "IN", ["product_model_bicycle_REF012345"]))],
    "identifier": [rule(selection("sku", "=", "sku_54628", locale=None, channel=None))],
    "text attribute": [rule(selection("description", "CONTAINS", "bohème chic", locale="fr_FR", channel="ecommerce"))],
    "simple select": [rule(selection("range_style", "IN", ["bohemian_chic"], locale=None, channel=None))],
    "assignment": [
        rule(
            selection("family", "IN", ["tvs"]),
            assignments=[{"mode": "add", "attribute": "user_instructions", "locale": "en_US", "channel": None}],
        )
    ],
    "two assignments": [
        rule(
            selection("family", "IN", ["tvs"]),
            assignments=[
                {"mode": "replace", "attribute": "main_image", "locale": None, "channel": None},
                {"mode": "add", "attribute": "images", "locale": None, "channel": None},
            ],
        )
    ],
    "extrapolation": [
        rule(
            selection("sku", "EQUALS", "{{product_ref}}", locale=None, channel=None),
            assignments=[{"mode": "replace", "attribute": "user_guides", "locale": "{{locale}}", "channel": None}],
        )
    ],
    "extrapolation as interpreted": [
        rule(
            selection("sku", "EQUALS", "XMLD500", locale=None, channel=None),
            assignments=[{"mode": "replace", "attribute": "user_guides", "locale": "fr_FR", "channel": None}],
        )
    ],
    "extrapolation in a string": [
        rule(
            selection("sku", "EQUALS", "sku_{{product_ref}}_{{main_color}}", locale=None, channel=None),
            assignments=[{"mode": "replace", "attribute": "pictures", "locale": None, "channel": None}],
        )
    ],
    "extrapolation to an array": [rule(selection("categories", "IN", "{{product_categories}}"), assignments=AMBIENT)],
}


@pytest.mark.parametrize("name", DOC_PRODUCT_LINK_RULES)
def test_doc_product_link_rule_examples_are_accepted(name: str) -> None:
    rules = DOC_PRODUCT_LINK_RULES[name]
    assert upsert({"product_link_rules": copy.deepcopy(rules)})["product_link_rules"] == rules


def test_at_most_two_product_link_rules() -> None:
    # LINK-RULES-LIMIT-MESSAGE: ThereShouldBeLessRuleTemplateThanLimit, on `labels`, the family code filled in.
    rules = [rule(selection("family", "IN", [code])) for code in ("a", "b", "c")]
    assert errors_of({"product_link_rules": rules}) == [
        ("labels", 'You have reached the limit of 2 product link rules for the "packshots" asset family.')
    ]


def test_link_rule_messages_a_rule_needs_a_selection_and_an_assignment() -> None:
    assert errors_of({"product_link_rules": [{"product_selections": [], "assign_assets_to": []}]}) == [
        (
            "product_link_rules[0].product_selections",
            "You must specify at least one product selection in your product link rule",
        ),
        (
            "product_link_rules[0].assign_assets_to",
            "You must specify at least one product assignment in your product link rule",
        ),
    ]


def test_link_rule_messages_assignment_mode_must_be_add_or_replace() -> None:
    assignments = [{"mode": "merge", "attribute": "pictures", "locale": None, "channel": None}]
    assert errors_of({"product_link_rules": [rule(selection("family", "IN", ["a"]), assignments=assignments)]}) == [
        (
            "product_link_rules[0].assign_assets_to",
            'Invalid assignment mode "merge" found in a product link rule, expected to be "replace" or "add"',
        )
    ]


def test_link_rule_messages_operator_must_be_a_documented_operator() -> None:
    assert errors_of({"product_link_rules": [rule(selection("sku", "LIKE", "a%"))]}) == [
        (
            "product_link_rules[0].product_selections",
            'The field "sku" cannot be filtered or cannot be used with operator "LIKE".',
        )
    ]


@pytest.mark.parametrize(
    ("field", "operator", "value"),
    [
        ("family", "IN", ["a"]),
        ("family", "NOT IN", ["a"]),
        ("categories", "IN", ["a"]),
        ("categories", "NOT IN", ["a"]),
        ("categories", "IN OR UNCLASSIFIED", ["a"]),
        ("categories", "IN CHILDREN", ["a"]),
        ("categories", "NOT IN CHILDREN", ["a"]),
        ("categories", "UNCLASSIFIED", None),
        ("categories", "UNCLASSIFIED", ""),
        ("enabled", "=", "true"),
        ("enabled", "=", "false"),
        ("enabled", "=", True),
        ("enabled", "EQUALS", "false"),
        ("parent", "IN", ["a"]),
        ("parent", "EMPTY", []),
        ("parent", "NOT EMPTY", ""),
        ("sku", "STARTS WITH", "amor"),
        ("sku", "!=", "amor"),
        ("sku", "NOT IN", ["amor"]),
        ("sku", "EMPTY", ""),
        ("identifier", "NOT EMPTY", None),
        ("identifier", "DOES NOT CONTAIN", "{{product_ref}}"),
        ("is_new", "=", True),
    ],
)
def test_field_operators_of_the_doc_are_accepted(field: str, operator: str, value: Any) -> None:
    assert upsert({"product_link_rules": [rule(selection(field, operator, value))]})


@pytest.mark.parametrize(
    ("field", "operator"),
    [("family", "="), ("family", "EMPTY"), ("categories", "CONTAINS"), ("enabled", "!="), ("enabled", "IN"),
     ("parent", "NOT IN")],
)  # fmt: skip
def test_link_rule_messages_operator_must_be_allowed_on_the_field(field: str, operator: str) -> None:
    assert errors_of({"product_link_rules": [rule(selection(field, operator, ["a"]))]}) == [
        (
            "product_link_rules[0].product_selections",
            f'The field "{field}" cannot be filtered or cannot be used with operator "{operator}".',
        )
    ]


@pytest.mark.parametrize(("value", "shown"), [("yes", "yes"), ("1", "1"), (None, "null"), (["true"], '["true"]')])
def test_enabled_value_must_be_true_or_false(value: Any, shown: str) -> None:
    assert errors_of({"product_link_rules": [rule(selection("enabled", "=", value))]}) == [
        (
            "product_link_rules[0].product_selections",
            f'The field "enabled" takes the value "true" or "false", "{shown}" given.',
        )
    ]


@pytest.mark.parametrize("field", ["family", "categories"])
def test_link_field_coordinates_family_and_categories_take_no_channel_or_locale(field: str) -> None:
    """LINK-FIELD-COORDINATES: ProductSelectionsValidator, the channel first (without the catalog, whether they
    exist is not asked)."""
    assert upsert({"product_link_rules": [rule(selection(field, "IN", ["a"], locale=None, channel=""))]})
    patch = {"product_link_rules": [rule(selection(field, "IN", ["a"], locale="en_US", channel="print"))]}
    assert errors_of(patch) == [
        ("product_link_rules[0].product_selections", f'You cannot specify a channel for the field "{field}"'),
        ("product_link_rules[0].product_selections", f'You cannot specify a locale for the field "{field}"'),
    ]


@pytest.mark.parametrize("field", ["enabled", "parent"])
def test_link_field_coordinates_enabled_and_parent_are_not_asked(field: str) -> None:
    """The vendor's list names "enable", not "enabled", and leaves out "parent"."""
    value, operator = ("true", "=") if field == "enabled" else (["a"], "IN")
    assert upsert({"product_link_rules": [rule(selection(field, operator, value, locale="en_US", channel="print"))]})


@pytest.mark.parametrize(("value", "shown"), [("men", "men"), (None, "null"), (True, "true"), ([1], "[1]")])
def test_array_operator_needs_an_array_of_codes(value: Any, shown: str) -> None:
    assert errors_of({"product_link_rules": [rule(selection("categories", "IN", value))]}) == [
        (
            "product_link_rules[0].product_selections",
            f'The operator "IN" expects an array of codes, "{shown}" given.',
        )
    ]


@pytest.mark.parametrize("value", ["{{product_ref}}", "men_{{product_ref}}", ["{{product_ref}}", "men"]])
def test_extrapolated_selection_value_is_left_to_run_time(value: Any) -> None:
    assert upsert({"product_link_rules": [rule(selection("categories", "IN", value))]})


@pytest.mark.parametrize(("value", "shown"), [(["a"], '["a"]'), (None, "null")])
def test_single_value_operator_needs_a_single_value(value: Any, shown: str) -> None:
    assert errors_of({"product_link_rules": [rule(selection("sku", "STARTS WITH", value))]}) == [
        (
            "product_link_rules[0].product_selections",
            f'The operator "STARTS WITH" expects a single value, "{shown}" given.',
        )
    ]


def test_link_rule_messages_extrapolation_must_name_an_attribute_of_the_family() -> None:
    patch = {
        "product_link_rules": [
            rule(
                selection("{{product_field}}", "=", "sku_{{ref}}_{{main_color}}"),
                assignments=[{"mode": "add", "attribute": "{{target}}", "locale": None, "channel": None}],
            )
        ]
    }
    assert errors_of(patch) == [
        (
            "product_link_rules[0].product_selections",
            'The attribute "product_field" does not exist for this asset family',
        ),
        ("product_link_rules[0].product_selections", 'The attribute "ref" does not exist for this asset family'),
        ("product_link_rules[0].assign_assets_to", 'The attribute "target" does not exist for this asset family'),
    ]


def test_link_rule_messages_extrapolation_must_name_an_attribute_with_one_value() -> None:
    """ExtrapolatedAttributeValidator: one value per channel, then one per locale; a selection's channel before its
    locale."""
    attributes = {**ATTRIBUTES, "both": attribute("both", "text", localizable=True, scopable=True)}
    patch = {
        "product_link_rules": [
            rule(
                selection("sku", "IN", ["{{notes}}"], locale="{{notes}}", channel="{{channel_notes}}"),
                assignments=[{"mode": "add", "attribute": "pictures", "locale": None, "channel": "{{both}}"}],
            )
        ]
    }
    per_channel = "cannot be used for extrapolation because it has one value per channel"
    per_locale = "cannot be used for extrapolation because it has one value per locale"
    assert errors_of(patch, attributes=attributes) == [
        ("product_link_rules[0].product_selections", f'The attribute "notes" {per_locale}'),
        ("product_link_rules[0].product_selections", f'The attribute "channel_notes" {per_channel}'),
        ("product_link_rules[0].assign_assets_to", f'The attribute "both" {per_channel}'),
        ("product_link_rules[0].assign_assets_to", f'The attribute "both" {per_locale}'),
    ]


def test_product_link_rule_extrapolations() -> None:
    extrapolated = rule(
        selection("{{field}}", "IN", ["{{a}}", "b_{{ b }}"], locale="{{locale}}", channel="{{channel}}"),
        selection("sku", "=", "sku_{{product_ref}}_{{main_color}}"),
        assignments=[{"mode": "add", "attribute": "{{target}}", "locale": "x_{{l}}", "channel": "{{c}}"}],
    )
    assert product_link_rule_extrapolations(extrapolated) == {
        "field", "a", "b", "locale", "channel", "product_ref", "main_color", "target", "l", "c",
    }  # fmt: skip
    assert product_link_rule_extrapolations(rule(selection("family", "IN", ["{not}", "{{}"]))) == set()


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
