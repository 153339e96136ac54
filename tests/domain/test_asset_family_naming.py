"""An asset family's naming convention: its keys, its source (the code or the main media) and pattern, judged when sent."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from tests.domain.asset_family_cases import (
    ATTRIBUTES,
    NAMING_CONVENTION,
    attribute,
    errors_of,
    family_attributes,
    upsert,
)

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
