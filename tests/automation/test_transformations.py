"""Transformations after an asset is saved: the docs' packshots thumbnail and variations on a real uploaded image,
run again only when their source value changes; a failing one keeps the asset and records why."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from fixtures.images import pdf_document, picture
from tests.automation.conftest import (
    FAMILIES,
    data_of,
    download,
    events,
    get_asset,
    kinds,
    patch_asset,
    patch_attribute,
    patch_family,
    upload,
    value,
)

THUMBNAIL = "Thumbnail plus black and white transformation"  # the default catalog's packshots transformations


def transformation_events(client: TestClient, asset_code: str) -> list[dict[str, Any]]:
    return kinds(events(client, asset_code=asset_code), "transformation")


def packshot(client: TestClient, code: str = "amor_front", name: str = "amor.jpg", **colors: Any) -> str:
    """A packshot created from a 640 x 480 JPEG uploaded as `name`; the media file code of its main image."""
    main_image = upload(client, name, picture(640, 480, extension="jpg", **colors), "image/jpeg")
    patch_asset(client, "packshots", code, {"main_image": value(main_image)})
    return main_image


def test_packshots_thumbnail_is_a_150x150_grey_image(api: TestClient) -> None:
    packshot(api)
    thumbnail = data_of(get_asset(api, "packshots", "amor_front"), "thumbnail")
    assert thumbnail is not None
    image, filename = download(api, thumbnail)
    assert (image.size, image.mode, image.format) == ((150, 150), "L", "PNG")
    assert filename == "amor_thumbnailBW.png"  # suffix added; the extension names the PNG it is
    first = transformation_events(api, "amor_front")[0]
    assert (first["rule"], first["outcome"], first["reason"]) == (THUMBNAIL, "success", None)


def test_ecommerce_and_print_variations_of_the_docs(api: TestClient) -> None:
    packshot(api)
    found = get_asset(api, "packshots", "amor_front")
    ecommerce, ecommerce_name = download(api, data_of(found, "variations", channel="ecommerce"))
    printed, print_name = download(api, data_of(found, "variations", channel="print"))
    assert (ecommerce.size, ecommerce_name) == ((150, 113), "ecom_amor.png")  # fits 150 x 150, proportions kept
    assert (printed.size, print_name) == ((2500, 1875), "print_amor.png")  # fits 2500 x 2500: enlarged
    assert [e["rule"] for e in transformation_events(api, "amor_front")] == [
        THUMBNAIL,
        "Resize ecommerce",
        "Resize print",
    ]


def test_transformations_run_again_when_the_source_value_changes(api: TestClient) -> None:
    packshot(api)
    before = get_asset(api, "packshots", "amor_front")
    blue = upload(api, "amor_blue.jpg", picture(640, 480, (20, 20, 210), "jpg"), "image/jpeg")
    patch_asset(api, "packshots", "amor_front", {"main_image": value(blue)}, status=204)
    after = get_asset(api, "packshots", "amor_front")
    assert data_of(after, "thumbnail") != data_of(before, "thumbnail")
    assert download(api, data_of(after, "thumbnail"))[1] == "amor_blue_thumbnailBW.png"
    assert len(transformation_events(api, "amor_front")) == 6


def test_transformations_do_not_run_again_when_the_source_value_is_unchanged(api: TestClient) -> None:
    main_image = packshot(api)
    before = get_asset(api, "packshots", "amor_front")
    patch_asset(api, "packshots", "amor_front", {"product_ref": value("amor")}, status=204)
    patch_asset(api, "packshots", "amor_front", {"main_image": value(main_image)}, status=204)  # the same file
    after = get_asset(api, "packshots", "amor_front")
    assert data_of(after, "thumbnail") == data_of(before, "thumbnail")
    assert len(transformation_events(api, "amor_front")) == 3


def test_a_failing_transformation_leaves_the_asset_created_and_records_the_reason(api: TestClient) -> None:
    patch_attribute(api, "user_instructions", "preview", type="media_file", media_type="image")
    patch_family(
        api,
        "user_instructions",
        transformations=[
            {
                "label": "Preview",
                "filename_suffix": "_preview",
                "source": {"attribute": "media_preview", "locale": None, "channel": None},
                "target": {"attribute": "preview", "locale": None, "channel": None},
                "operations": [{"type": "thumbnail", "parameters": {"width": 150, "height": 150}}],
            }
        ],
    )
    pdf = upload(api, "XMLD500_en_US_user_guide.pdf", pdf_document(), "application/pdf")
    patch_asset(api, "user_instructions", "XMLD500_en_US_user_guide", {"media_preview": value(pdf)})
    found = get_asset(api, "user_instructions", "XMLD500_en_US_user_guide")
    assert data_of(found, "media_preview") == pdf
    assert data_of(found, "preview") is None
    [event] = transformation_events(api, "XMLD500_en_US_user_guide")
    assert (event["rule"], event["outcome"]) == ("Preview", "failure")
    assert event["reason"] == (
        'The transformation "Preview" failed: The file "XMLD500_en_US_user_guide.pdf" cannot be transformed: '
        "the file is not an image in a supported format (PNG, JPEG, GIF, WEBP, TIFF, BMP)."
    )


def test_a_generated_file_the_target_attribute_refuses_is_a_failure(api: TestClient) -> None:
    patch_attribute(api, "packshots", "thumbnail", allowed_extensions=["jpg"])
    packshot(api)
    assert data_of(get_asset(api, "packshots", "amor_front"), "thumbnail") is None
    thumbnail = transformation_events(api, "amor_front")[0]
    assert thumbnail["outcome"] == "failure"
    assert thumbnail["reason"].startswith(f'The transformation "{THUMBNAIL}" failed: ')
    assert "png" in thumbnail["reason"]
    assert api.get(f"{FAMILIES}/packshots/assets/amor_front").status_code == 200


def _only_transformation(client: TestClient, label: str, *operations: dict[str, Any]) -> None:
    """The packshots family with one transformation of its main image into its thumbnail."""
    patch_family(
        client,
        "packshots",
        transformations=[
            {
                "label": label,
                "filename_suffix": "_t",
                "source": {"attribute": "main_image", "locale": None, "channel": None},
                "target": {"attribute": "thumbnail", "locale": None, "channel": None},
                "operations": list(operations),
            }
        ],
    )


def test_colorspace_cmyk_is_accepted_and_gives_a_cmyk_jpeg(api: TestClient) -> None:
    # TRANSFORMATION-COLORSPACE-CMYK: the vendor's ColorspaceOperation takes cmyk; a JPEG holds it.
    cmyk = {"type": "colorspace", "parameters": {"colorspace": "cmyk"}}
    _only_transformation(api, "CMYK print", cmyk, {"type": "optimize_jpeg", "parameters": {"quality": 90}})
    packshot(api)
    image, filename = download(api, data_of(get_asset(api, "packshots", "amor_front"), "thumbnail"))
    assert (image.format, image.mode, image.size, filename) == ("JPEG", "CMYK", (640, 480), "amor_t.jpg")
    [event] = transformation_events(api, "amor_front")
    assert (event["rule"], event["outcome"], event["reason"]) == ("CMYK print", "success", None)


def test_resize_to_zero_is_accepted_and_fails_when_it_runs(api: TestClient) -> None:
    # TRANSFORMATION-RESIZE-NOT-POSITIVE: the vendor's ResizeOperation takes any integer; its image library refuses
    # a side below 1 when the transformation runs: the asset is saved, the failure recorded with the library's text.
    _only_transformation(api, "Flat", {"type": "resize", "parameters": {"width": 0, "height": 100}})
    packshot(api)
    assert data_of(get_asset(api, "packshots", "amor_front"), "thumbnail") is None
    [event] = transformation_events(api, "amor_front")
    assert (event["rule"], event["outcome"]) == ("Flat", "failure")
    assert event["reason"] == (
        'The transformation "Flat" failed: The file "amor.jpg" cannot be transformed: length of either side cannot '
        "be 0 or negative, current size is 0x100."
    )
