"""The vendor's business rules on a family's transformations (mock_server.domain.automation.transformations.rules), each test
named after the rule, the recorded vendor answers as oracles (STRUCTURE-TRANSFORMATION-RULES)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mock_server.domain.errors import ValidationFailed
from tests.domain.asset_family_cases import attribute, errors_of, family_attributes, transformation, upsert

# The recorded family: main_image and thumbnail are media files, title and sub_title texts, and
# test_scopable_localizable a scopable and localizable media file.
RECORDED = family_attributes(
    attribute("main_image", "media_file"),
    attribute("thumbnail", "media_file"),
    attribute("title", "text"),
    attribute("sub_title", "text"),
    attribute("test_scopable_localizable", "media_file", localizable=True, scopable=True),
)
ANY_CHANNEL = frozenset({"ecommerce", "print", "other"})


def recorded_errors(transformations: list[dict[str, Any]]) -> list[dict[str, str]]:
    from mock_server.domain.asset_manager.asset_family import upsert_asset_family

    with pytest.raises(ValidationFailed) as raised:
        upsert_asset_family(
            None,
            "brand",
            {"transformations": transformations},
            attributes=RECORDED,
            activated_locales=frozenset({"en_US", "fr_FR", "de_DE"}),
            locales=frozenset({"en_US", "fr_FR", "de_DE"}),
            channels=ANY_CHANNEL,
        )
    assert raised.value.message == "The asset family has data that does not comply with the business rules."
    return [error.to_json() for error in raised.value.errors]


def item(label: str, source: tuple[str, str | None, str | None], target: tuple[str, str | None, str | None],
         operations: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:  # fmt: skip
    def file(value: tuple[str, str | None, str | None]) -> dict[str, Any]:
        return {"attribute": value[0], "channel": value[1], "locale": value[2]}

    return {"label": label, "source": file(source), "target": file(target), "operations": operations, **extra}


THUMB = {"type": "thumbnail", "parameters": {"width": 100, "height": 80}}
PLAIN = ("main_image", None, None)


def test_structure_transformation_rules_recorded_invalid_data() -> None:
    # unprocessable_brand_asset_family_transformation_for_invalid_data.json
    tsl = "test_scopable_localizable"
    transformations = [
        item("thumbnail_100x80", PLAIN, ("unknown", None, None), [THUMB], filename_suffix="_2"),
        item("thumbnail_100x80", ("main_image", "ecommerce", "fr_FR"), ("thumbnail", None, None),
             [{"type": "unknown", "parameters": {"width": 100, "height": 80}}, {"type": "thumbnail", "parameters": {}},
              {"type": "scale"}], filename_prefix="invalid%'%", filename_suffix="_2"),
        item("thumbnail_100x80", PLAIN, ("thumbnail", None, None),
             [THUMB, {"type": "thumbnail", "parameters": {"width": 80, "height": 60}}], filename_prefix="",
             filename_suffix="_2"),
        item("thumbnail3", PLAIN, ("title", None, None), [THUMB], filename_suffix="_3"),
        item("thumbnail4", ("sub_title", None, None), (tsl, "ecommerce", "fr_FR"), [THUMB], filename_suffix="_4"),
        item("thumbnail5", PLAIN, (tsl, "ecommerce", "de_DE"), [], filename_suffix="_5"),
        item("thumbnail6", PLAIN, (tsl, "print", "en_US"), [THUMB], filename_suffix="_6"),
        item("thumbnail7", PLAIN, (tsl, "print", "fr_FR"), [THUMB], filename_suffix="_7"),
        item("thumbnail8", PLAIN, (tsl, "print", "de_DE"), [THUMB], filename_suffix="_8"),
        item("thumbnail9", PLAIN, (tsl, "other", "en_US"), [THUMB], filename_suffix="_9"),
        item("thumbnail10", (tsl, "other", "en_US"), (tsl, "other", "fr_FR"), [{**THUMB, "foo": "bar"}]),
    ]  # fmt: skip
    assert recorded_errors(transformations) == [
        {"property": "transformations[0][target]", "message": 'The attribute "unknown" does not exist for this asset '
         "family"},
        {"property": "transformations[1][source]", "message": 'Attribute "main_image" is not scopable, you cannot '
         "define a channel"},
        {"property": "transformations[1][operations][0]", "message": 'Operation "unknown" is unknown.'},
        {"property": "transformations[1][operations][1]", "message": "No parameter is provided for 'thumbnail' "
         "operation. At least one of parameter 'width' and 'height' must be defined."},
        {"property": "transformations[1][operations][2]", "message": "No parameter is provided for 'scale' operation. "
         "At least one of parameter 'width', 'height' and 'ratio' must be defined."},
        {"property": "transformations[1][filename_prefix]", "message": "Filename prefix contains illegal character. "
         "Allowed characters are alphanumerics, '_', '-', '.', and space."},
        {"property": "transformations[2][operations]", "message": 'The operation "thumbnail" cannot be defined twice '
         "in a single transformation"},
        {"property": "transformations[3][target]", "message": "The target attribute should be of type media file."},
        {"property": "transformations[4][source]", "message": "The source attribute should be of type media file."},
        {"property": "transformations[5][operations]", "message": "At least one transformation operation is "
         "required."},
        {"property": "transformations[10][operations][0][foo]", "message": 'The property "foo" was not expected.'},
        {"property": "transformations[10]", "message": "You should have at least either the properties "
         "filename_prefix or filename_suffix and one of them should not be empty strings."},
        {"property": "transformations", "message": "Two transformations cannot have the same target."},
        {"property": "transformations", "message": "You have reached the limit of 10 transformations"},
        {"property": "transformations", "message": 'The attribute source "test_scopable_localizable" can not be an '
         "attribute target of a transformation."},
        {"property": "transformations", "message": 'A transformation with filename\'s prefix "" and suffix "_2" '
         'already exists for attribute source "main_image"'},
    ]  # fmt: skip


def test_structure_transformation_rules_recorded_invalid_operation_parameters() -> None:
    # unprocessable_brand_asset_family_transformation_for_invalid_operation_parameters.json
    whatever = {"whatever": "..."}
    transformations = [
        item("thumbnail_100x80", PLAIN, ("thumbnail", None, None), [
            {"type": "colorspace", "parameters": whatever}, {"type": "resize", "parameters": whatever},
            {"type": "resolution", "parameters": whatever}, {"type": "scale", "parameters": {}},
            {"type": "thumbnail", "parameters": {}}], filename_suffix="_thumb"),
        item("other", PLAIN, ("test_scopable_localizable", "ecommerce", "en_US"),
             [{"type": "scale", "parameters": {"foo": "bar"}}], filename_suffix="_other"),
    ]  # fmt: skip
    assert recorded_errors(transformations) == [
        {"property": "transformations[0][operations][0]", "message": "The parameter 'colorspace' is required for the "
         "colorspace operation."},
        {"property": "transformations[0][operations][1]", "message": "The parameters 'width' and 'height' are "
         "required for the resize operation."},
        {"property": "transformations[0][operations][2]", "message": "The parameters 'resolution-x', 'resolution-y' "
         "and 'resolution-unit' are required for the resolution operation."},
        {"property": "transformations[0][operations][3]", "message": "No parameter is provided for 'scale' operation. "
         "At least one of parameter 'width', 'height' and 'ratio' must be defined."},
        {"property": "transformations[0][operations][4]", "message": "No parameter is provided for 'thumbnail' "
         "operation. At least one of parameter 'width' and 'height' must be defined."},
        {"property": "transformations[1][operations][0]", "message": 'The property "foo" was not expected.'},
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "parameters"),
    [
        ("thumbnail", {"width": 1}),  # the vendor needs one side only
        ("thumbnail", {"width": 1, "height": 1}),
        ("scale", {"ratio": 50}),
        ("scale", {"height": 150, "ratio": 10}),
        ("colorspace", {"colorspace": "grey"}),
        ("resolution", {"resolution-x": 72, "resolution-y": 72, "resolution-unit": "ppi"}),
        ("resolution", {"resolution-x": 28, "resolution-y": 28, "resolution-unit": "ppc"}),
        ("resize", {"width": 2500, "height": 10}),
        # TRANSFORMATION-RESIZE-NOT-POSITIVE, TRANSFORMATION-COLORSPACE-CMYK: the vendor's ResizeOperation takes any
        # integer and ColorspaceOperation cmyk; they are judged when the transformation runs
        ("resize", {"width": 0, "height": 10}),
        ("resize", {"width": 10, "height": -1}),
        ("colorspace", {"colorspace": "cmyk"}),
        ("optimize_jpeg", {"quality": 1}),
        ("optimize_jpeg", {"quality": 100}),
        ("icc_strip", None),
        ("icc_strip", {}),
    ],
)
def test_structure_transformation_rules_operation_parameters_accepted(kind: str, parameters: Any) -> None:
    operation: dict[str, Any] = {"type": kind} if parameters is None else {"type": kind, "parameters": parameters}
    patch = {"transformations": [transformation("T", "main_image", "thumbnail", prefix="t_", operations=[operation])]}
    assert upsert(patch)["transformations"][0]["operations"] == [operation]


@pytest.mark.parametrize(
    ("kind", "parameters", "message"),
    [
        ("thumbnail", {"width": 0}, 'Parameter "width" must be greater than 0, "0" given.'),
        ("thumbnail", {"width": "150"}, 'Parameter "width" must be an integer.'),
        ("thumbnail", {"width": 1, "ratio": 2}, 'The property "ratio" was not expected.'),
        ("scale", {"ratio": 0}, 'Parameter "ratio" must be greater than 0, "0" given.'),
        ("colorspace", {"colorspace": 1}, "Parameter 'colorspace' must be a string."),
        ("colorspace", {"colorspace": "hsl"}, "Parameter 'colorspace' must be one of this values: 'grey, cmyk, rgb'. "
                                              "'hsl' given."),
        ("resolution", {"resolution-x": 1, "resolution-y": -1, "resolution-unit": "ppi"},
         "Parameter 'resolution-y' must be an integer greater than 0. '-1' given."),
        ("resolution", {"resolution-x": 1, "resolution-y": 1, "resolution-unit": "dpi"},
         "Parameter 'resolution-unit' must be one of this values: 'ppc, ppi'. 'dpi' given."),
        ("resize", {"width": 1.5, "height": 150}, "Parameter 'width' must be an integer."),
        ("optimize_jpeg", {"quality": 101}, "Parameter 'quality' must be between 1 and 100."),
        ("optimize_jpeg", {}, "The parameter 'quality' is required for the optimize jpeg operation."),
    ],
)  # fmt: skip
def test_structure_transformation_rules_operation_parameters_refused(kind: str, parameters: Any, message: str) -> None:
    operations = [{"type": kind, "parameters": parameters}]
    patch = {"transformations": [transformation("T", "main_image", "thumbnail", prefix="t_", operations=operations)]}
    assert errors_of(patch) == [("transformations[0][operations][0]", message)]


def test_structure_transformation_rules_label_is_required() -> None:
    patch = {"transformations": [transformation("T", "main_image", "thumbnail", prefix="t_")]}
    del patch["transformations"][0]["label"]
    assert errors_of(patch) == [("transformations[0][label]", "This field is missing.")]


def test_structure_transformation_rules_coordinates_first_fault_only() -> None:
    patch = {"transformations": [transformation("T", "main_image", "variations", prefix="t_")]}
    patch["transformations"][0]["source"]["locale"] = "en_US"
    assert errors_of(patch) == [
        ("transformations[0][source]", 'Attribute "main_image" is not localizable, you cannot define a locale'),
        ("transformations[0][target]", 'Attribute "variations" is scopable, you must define a channel'),
    ]
    patch["transformations"][0]["target"]["channel"] = "mobile"
    assert ("transformations[0][target][channel]", 'The channel "mobile" does not exist.') in errors_of(patch)


def test_structure_transformation_rules_own_source_and_target() -> None:
    patch = {"transformations": [transformation("T", "main_image", "main_image", prefix="t_")]}
    assert errors_of(patch) == [
        ("transformations", 'The attribute source "main_image" can not be an attribute target of a transformation.')
    ]


def test_structure_transformation_rules_same_target_differs_by_channel() -> None:
    patch = {
        "transformations": [
            transformation("A", "main_image", "variations", prefix="a_", target_channel="ecommerce"),
            transformation("B", "main_image", "variations", prefix="b_", target_channel="print"),
        ]
    }
    assert upsert(copy.deepcopy(patch))["transformations"] == patch["transformations"]
