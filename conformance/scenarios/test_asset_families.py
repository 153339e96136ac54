"""Asset family rules: upsert, code, labels, main media, product link rule count, transformations, naming convention.

Asset families cannot be deleted through the API: every family here carries the run prefix (through `code`) so a
sandbox keeps only recognisable leftovers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.scenarios.helpers import (
    FAMILIES,
    family_path,
    field_of,
    get_json,
    locales,
    patch,
    prepare,
    refused,
    refused_code_mismatch,
    upsert,
)

THUMBNAIL = [{"type": "thumbnail", "parameters": {"width": 150, "height": 150}}]


# --- helpers ---------------------------------------------------------------------------------------------------------


def media_file(attribute: str) -> dict[str, Any]:
    return {"code": attribute, "type": "media_file", "media_type": "image"}


def text(attribute: str) -> dict[str, Any]:
    return {"code": attribute, "type": "text"}


def transformation(
    label: str,
    source: str,
    target: str,
    *,
    prefix: str | None = None,
    suffix: str | None = None,
    operations: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """A transformation between non-localizable, non-scopable attributes (the vendor examples' shape)."""
    item: dict[str, Any] = {
        "label": label,
        "source": {"attribute": source, "channel": None, "locale": None},
        "target": {"attribute": target, "channel": None, "locale": None},
        "operations": operations if operations is not None else THUMBNAIL,
    }
    if prefix is not None:
        item["filename_prefix"] = prefix
    if suffix is not None:
        item["filename_suffix"] = suffix
    return item


# --- upsert, code, labels, unknown family ----------------------------------------------------------------------------


@pytest.mark.rule("FAM-UPSERT")
@pytest.mark.writes
def test_family_upsert_creates_then_updates(api: httpx.Client, code: Any) -> None:
    family = code("upsert")
    path = f"{FAMILIES}/{family}"
    created = api.patch(path, json={"code": family})
    assert created.status_code == 201, created.text
    assert created.headers["Location"].endswith(path)
    assert created.content == b""

    activated = locales(api, enabled=True)  # labels take activated locales only (a fresh PIM may have none)
    labels = {activated[0]: "Packshots"} if activated else {}
    updated = patch(api, path, {"labels": labels})
    assert updated.status_code == 204, updated.text
    assert updated.headers["Location"].endswith(path)
    assert updated.content == b""
    assert (get_json(api, path)["labels"] or {}) == labels

    if len(activated) > 1:  # update rule 1: an object is merged, the labels not sent are kept
        upsert(api, path, {"labels": {activated[1]: "Photos"}}, 204)
        assert get_json(api, path)["labels"] == {**labels, activated[1]: "Photos"}
    family_body = get_json(api, path)
    assert family_body["code"] == family
    assert family_body["product_link_rules"] == [] and family_body["transformations"] == []


@pytest.mark.rule("FAM-CODE-IMMUTABLE")
@pytest.mark.writes
def test_family_code_is_immutable(api: httpx.Client, code: Any) -> None:
    family, other = code("immutable"), code("other")
    path = f"{FAMILIES}/{family}"
    prepare(api, path, {"code": family})
    refused_code_mismatch(api.patch(path, json={"code": other}))
    assert get_json(api, path)["code"] == family
    assert api.get(f"{FAMILIES}/{other}").status_code == 404
    upsert(api, path, {"code": family})  # repeating the same code is fine


@pytest.mark.rule("FAM-LABEL-LOCALES")
@pytest.mark.writes
def test_labels_need_activated_locales(api: httpx.Client, code: Any) -> None:
    family = code("labels")
    path = f"{FAMILIES}/{family}"
    refused(patch(api, path, {"labels": {"zz_ZZ": "Nope"}}), "labels", "zz_ZZ")
    assert api.get(path).status_code == 404  # a refused creation stores nothing

    for locale in locales(api, enabled=False, limit=1):  # an existing locale no channel activates
        refused(patch(api, path, {"labels": {locale: "Existing, not activated"}}), "labels", locale)
        assert api.get(path).status_code == 404

    activated = locales(api, enabled=True, limit=1)
    if not activated:
        pytest.skip("refusals checked; the target has no activated locale to check an accepted label with")
    upsert(api, path, {"labels": {activated[0]: "Packshots"}})  # accepted: 201 is FAM-UPSERT's
    assert get_json(api, path)["labels"] == {activated[0]: "Packshots"}


@pytest.mark.rule("FAM-UNKNOWN-404")
def test_unknown_family_is_404_with_message(api: httpx.Client, code: Any) -> None:
    family = code("missing")
    response = api.get(f"{FAMILIES}/{family}")
    assert response.status_code == 404, response.text
    # The vendor's own answer, as the official PHP client's tests replay it.
    assert response.json() == {"code": 404, "message": f'Asset family "{family}" does not exist.'}
    # Below an unknown family (undocumented, openapi/ERRATA.md): a 404 that names the family.
    for path in (
        f"{FAMILIES}/{family}/attributes",
        f"{FAMILIES}/{family}/attributes/main_image",
        f"{FAMILIES}/{family}/assets",
        f"{FAMILIES}/{family}/assets/an_asset",
    ):
        response = api.get(path)
        assert response.status_code == 404, f"GET {path}: {response.status_code} {response.text}"
        body = response.json()
        assert body["code"] == 404 and family in body["message"], f"GET {path}: {body}"


# --- main media --------------------------------------------------------------------------------------------------------


@pytest.mark.rule("FAM-MAIN-MEDIA-DEFAULT")
@pytest.mark.writes
def test_main_media_defaults_to_first_media_attribute(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "main_media", text("title"))
    # A server may create default attributes with the family: the first media one among them then wins.
    preset = get_json(api, path).get("attribute_as_main_media")
    prepare(api, f"{path}/attributes/preview", {"type": "media_link", "media_type": "image"})
    prepare(api, f"{path}/attributes/main_image", media_file("main_image"))
    expected = preset or "preview"
    assert get_json(api, path)["attribute_as_main_media"] == expected

    # Chosen explicitly, it must be a media attribute of the family, and then it stays.
    upsert(api, path, {"attribute_as_main_media": "main_image"})
    prepare(api, f"{path}/attributes/later_image", media_file("later_image"))
    assert get_json(api, path)["attribute_as_main_media"] == "main_image"
    refused(patch(api, path, {"attribute_as_main_media": "title"}), "attribute_as_main_media")
    assert get_json(api, path)["attribute_as_main_media"] == "main_image"


# --- product link rules ---------------------------------------------------------------------------------------------


def link_rule(selection_value: str) -> dict[str, Any]:
    """A rule that needs no product catalog: it selects by identifier and assigns to an extrapolated attribute."""
    return {
        "product_selections": [{"field": "identifier", "operator": "=", "value": selection_value}],
        "assign_assets_to": [{"mode": "add", "attribute": "{{target}}", "locale": None, "channel": None}],
    }


@pytest.mark.rule("FAM-LINK-RULES-MAX")
@pytest.mark.writes
def test_at_most_two_product_link_rules(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "link_rules", text("product_ref"), text("target"))
    two = [link_rule("{{product_ref}}"), link_rule("sku_{{product_ref}}")]
    upsert(api, path, {"product_link_rules": two})  # accepted: its status is FAM-UPSERT's
    assert len(field_of(api, path, "product_link_rules")) == 2

    three = [*two, link_rule("ref_{{product_ref}}")]
    # The vendor blames `labels` (ThereShouldBeLessRuleTemplateThanLimitValidator).
    refused(patch(api, path, {"product_link_rules": three}), ("product_link_rules", "labels"))
    assert len(field_of(api, path, "product_link_rules")) == 2  # nothing changed


# --- transformations ------------------------------------------------------------------------------------------------


@pytest.mark.rule("FAM-TRANSFORMATIONS-MAX")
@pytest.mark.writes
def test_at_most_ten_transformations(api: httpx.Client, family_with: Callable[..., str]) -> None:
    variations = [media_file(f"variation_{i}") for i in range(11)]
    path = family_path(family_with, "ten_transformations", media_file("main_image"), *variations)
    eleven = [transformation(f"T{i}", "main_image", f"variation_{i}", prefix=f"t{i}_") for i in range(11)]
    upsert(api, path, {"transformations": eleven[:10]})
    assert len(get_json(api, path)["transformations"]) == 10

    refused(patch(api, path, {"transformations": eleven}), "transformations")
    assert len(get_json(api, path)["transformations"]) == 10  # nothing changed


def transformation_family(family_with: Callable[..., str], name: str) -> str:
    """A family with the media_file attributes the vendor's transformation examples use."""
    names = ("main_image", "main_image_2", "thumbnail", "thumbnail_2")
    return family_path(family_with, name, *(media_file(attribute) for attribute in names))


@pytest.mark.rule("FAM-TRANSFORMATION-TARGET-UNIQUE")
@pytest.mark.writes
def test_transformation_targets_are_unique(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = transformation_family(family_with, "unique_target")
    # The vendor's "non-unicity of the source" example is valid: one source, two targets.
    sharing_a_source = [
        transformation("Transformation 1", "main_image", "thumbnail", prefix="t1_"),
        transformation("Transformation 2", "main_image", "thumbnail_2", prefix="t2_"),
    ]
    upsert(api, path, {"transformations": sharing_a_source})
    # The vendor's "unicity of the target value" example "will generate an error".
    same_target = [
        transformation("Transformation 1", "main_image", "thumbnail", prefix="t1_"),
        transformation("Transformation 2", "main_image_2", "thumbnail", prefix="t2_"),
    ]
    refused(patch(api, path, {"transformations": same_target}), "transformations")
    assert get_json(api, path)["transformations"] == sharing_a_source


@pytest.mark.rule("FAM-TRANSFORMATION-FILENAME-UNIQUE")
@pytest.mark.writes
def test_transformation_target_filenames_are_unique(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = transformation_family(family_with, "unique_filename")
    # The vendor's "unicity of the target filename" example: same source, same prefix, no suffix.
    same_filename = [
        transformation("Transformation 1", "main_image", "thumbnail", prefix="thumbnail_"),
        transformation("Transformation 2", "main_image", "thumbnail_2", prefix="thumbnail_"),
    ]
    refused(patch(api, path, {"transformations": same_filename}), "transformations", "main_image")
    assert get_json(api, path)["transformations"] == []
    # Another suffix, or another source, gives another name.
    other_suffix = [same_filename[0], {**same_filename[1], "filename_suffix": "_2"}]
    upsert(api, path, {"transformations": other_suffix})
    other_source = [same_filename[0], transformation("T2", "main_image_2", "thumbnail_2", prefix="thumbnail_")]
    upsert(api, path, {"transformations": other_source})


@pytest.mark.rule("FAM-TRANSFORMATION-SOURCE-NOT-TARGET")
@pytest.mark.writes
@pytest.mark.parametrize(
    ("second", "shared"),
    [
        # The vendor's first example: the second transformation reads what the first one writes.
        (transformation("Transformation 2", "thumbnail", "thumbnail_2", prefix="t2_"), "thumbnail"),
        # "And vice versa": the second transformation writes what the first one reads.
        (transformation("Transformation 2", "main_image_2", "main_image", prefix="t2_"), "main_image"),
    ],
    ids=["source-is-an-earlier-target", "target-is-an-earlier-source"],
)
def test_transformation_source_cannot_be_another_target(
    api: httpx.Client, family_with: Callable[..., str], second: dict[str, Any], shared: str
) -> None:
    path = transformation_family(family_with, "source_not_target")
    first = transformation("Transformation 1", "main_image", "thumbnail", prefix="t1_")
    refused(patch(api, path, {"transformations": [first, second]}), "transformations", shared)
    assert get_json(api, path)["transformations"] == []


@pytest.mark.rule("FAM-OPERATION-ONCE")
@pytest.mark.writes
def test_operation_type_once_per_transformation(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = transformation_family(family_with, "operation_once")
    operations = [
        {"type": "resize", "parameters": {"width": 150, "height": 150}},
        {"type": "colorspace", "parameters": {"colorspace": "grey"}},
        {"type": "resize", "parameters": {"width": 100, "height": 100}},
    ]
    twice = transformation("Thumb", "main_image", "thumbnail", suffix="_thumb", operations=operations)
    refused(patch(api, path, {"transformations": [twice]}), "transformations", "resize")
    assert get_json(api, path)["transformations"] == []
    # The vendor's family example: two different operations, run in order.
    once = {**twice, "operations": operations[:2]}
    upsert(api, path, {"transformations": [once]})
    assert get_json(api, path)["transformations"][0]["operations"] == operations[:2]


def operation(type_: str, **parameters: Any) -> dict[str, Any]:
    return {"type": type_, "parameters": parameters}


# Each case: the operation, and what an error about it must name (the parameter or the offending value).
OUT_OF_RANGE = [
    pytest.param(operation("thumbnail", width=0, height=150), ("width",), id="thumbnail-width-0"),
    pytest.param(operation("scale", ratio=0), ("ratio",), id="scale-ratio-0"),
    pytest.param(operation("scale", width="150"), ("width",), id="scale-width-not-an-integer"),
    pytest.param(operation("scale"), ("ratio",), id="scale-without-any-parameter"),
    pytest.param(
        operation("resolution", **{"resolution-x": 72, "resolution-y": 72, "resolution-unit": "dpi"}),
        ("dpi",),
        id="resolution-unit-dpi",
    ),
    pytest.param(
        operation("resolution", **{"resolution-x": 72, "resolution-y": 0, "resolution-unit": "ppi"}),
        ("resolution-y",),
        id="resolution-y-0",
    ),
    pytest.param(operation("optimize_jpeg", quality=0), ("quality",), id="optimize-jpeg-quality-0"),
]


@pytest.mark.rule("FAM-OPERATION-PARAMETERS")
@pytest.mark.writes
@pytest.mark.parametrize(("bad", "gists"), OUT_OF_RANGE)
def test_operation_parameter_ranges(
    api: httpx.Client, family_with: Callable[..., str], bad: dict[str, Any], gists: tuple[str, ...]
) -> None:
    path = transformation_family(family_with, "operation_ranges")
    # Every operation at the edge of its documented range is accepted.
    edges = [
        operation("thumbnail", width=1, height=1),
        operation("scale", ratio=1),
        operation("colorspace", colorspace="rgb"),
        operation("resolution", **{"resolution-x": 1, "resolution-y": 1, "resolution-unit": "ppc"}),
        operation("resize", width=1, height=1),
        operation("optimize_jpeg", quality=100),
    ]
    valid = transformation("Edges", "main_image", "thumbnail", suffix="_edges", operations=edges)
    upsert(api, path, {"transformations": [valid]})

    invalid = transformation("Out of range", "main_image", "thumbnail", suffix="_bad", operations=[bad])
    refused(patch(api, path, {"transformations": [invalid]}), "transformations", *gists)
    assert get_json(api, path)["transformations"] == [valid]  # nothing changed


@pytest.mark.rule("FAM-OPERATION-CMYK-RESIZE-ANY-SIZE")
@pytest.mark.writes
def test_operation_colorspace_cmyk_and_any_resize_size_are_accepted(
    api: httpx.Client, family_with: Callable[..., str]
) -> None:
    path = transformation_family(family_with, "cmyk_resize")
    for index, (width, height) in enumerate(((0, 150), (150, -1))):  # judged only when the transformation runs
        operations = [operation("colorspace", colorspace="cmyk"), operation("resize", width=width, height=height)]
        defined = transformation("Print", "main_image", "thumbnail", suffix=f"_print{index}", operations=operations)
        upsert(api, path, {"transformations": [defined]})
        assert get_json(api, path)["transformations"] == [defined]


# --- naming convention ----------------------------------------------------------------------------------------------


@pytest.mark.rule("FAM-NAMING-PATTERN")
@pytest.mark.writes
def test_naming_convention_pattern_must_compile(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "naming", media_file("main_image"), text("product_ref"))
    convention = {
        "source": {"property": "code", "channel": None, "locale": None},
        "pattern": "/(?P<product_ref>.*)_picture/",
        "abort_asset_creation_on_error": True,
    }
    upsert(api, path, {"naming_convention": convention})
    assert get_json(api, path)["naming_convention"] == convention

    for pattern in ("/(?P<product_ref>.*_picture/", "/(?P<product_ref>[a-/"):
        broken = {**convention, "pattern": pattern}
        refused(patch(api, path, {"naming_convention": broken}), "naming_convention", "pattern")
        assert get_json(api, path)["naming_convention"] == convention  # nothing changed
