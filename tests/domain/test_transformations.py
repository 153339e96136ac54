"""Transformations (mock_server.domain.automation.transformations.engine): target file names, operations together, failures (one
pixel-level test per operation: test_transformation_operations.py)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image, ImageCms

from fixtures.images import pdf_document, picture
from mock_server.domain.asset_manager.image_safety import ImageLimits
from mock_server.domain.automation.transformations.engine import (
    TransformationFailed,
    apply_transformation,
    output_format,
    target_extension,
    target_filename,
)
from mock_server.domain.automation.transformations.rules import OPERATIONS
from mock_server.domain.errors import DomainError
from tests.domain.transformation_cases import RED, decoded, encoded, operation, run, source, stripes, transformation

# --- file names -----------------------------------------------------------------------------------------------------


def test_target_filename_uses_prefix_and_suffix() -> None:
    assert target_filename("amor_red_model_picture.jpg", None, "_160x160", "jpg") == (
        "amor_red_model_picture_160x160.jpg"
    )
    assert target_filename("amor.jpg", "ecom_", None, "png") == "ecom_amor.png"
    assert target_filename("amor.jpg", "t1_", "_small", ".png") == "t1_amor_small.png"
    assert target_filename("archive.v2.png", "x_", "", "png") == "x_archive.v2.png"
    assert target_filename("no_extension", None, "_t", "png") == "no_extension_t.png"
    assert target_filename("C:\\uploads\\shoe.png", None, "_t", "png") == "shoe_t.png"


@pytest.mark.parametrize(
    ("filename", "image_format", "expected"),
    [
        ("photo.jpg", "PNG", "png"),
        ("photo.jpg", "JPEG", "jpg"),
        ("photo.JPEG", "JPEG", "JPEG"),
        ("logo.png", "PNG", "png"),
        ("logo.png", "JPEG", "jpg"),
        ("scan.tiff", "PNG", "png"),
        ("no_extension", "JPEG", "jpg"),
    ],
)
def test_target_extension_names_the_output_format(filename: str, image_format: str, expected: str) -> None:
    assert target_extension(filename, image_format) == expected


def test_doc_filename_example_keeps_jpg_when_the_result_is_a_jpeg() -> None:
    amor = source(picture(extension="jpg"), "amor_red_model_picture.jpg")
    thumbnail = operation("thumbnail", width=160, height=160)
    as_jpeg = apply_transformation(
        amor, transformation(thumbnail, operation("optimize_jpeg", quality=80), suffix="_160x160")
    )
    assert as_jpeg.original_filename == "amor_red_model_picture_160x160.jpg"
    assert as_jpeg.mime_type == "image/jpeg"
    assert as_jpeg.code.endswith("_amor_red_model_picture_160x160.jpg")
    as_png = apply_transformation(amor, transformation(thumbnail, suffix="_160x160"))
    assert as_png.original_filename == "amor_red_model_picture_160x160.png"  # the name never lies about the content
    assert as_png.mime_type == "image/png"
    assert decoded(as_png).format == "PNG"


def test_output_is_png_unless_optimize_jpeg_is_last() -> None:
    jpeg = operation("optimize_jpeg", quality=80)
    grey = operation("colorspace", colorspace="grey")
    assert output_format(transformation(grey)) == "PNG"
    assert output_format(transformation(grey, jpeg)) == "JPEG"
    assert output_format(transformation(jpeg, grey)) == "PNG"


# --- operations together --------------------------------------------------------------------------------------------


def test_operations_run_in_the_given_order() -> None:
    resize, scale = operation("resize", width=200, height=100), operation("scale", width=50)
    assert run(source(picture(640, 480)), resize, scale).size == (50, 25)
    assert run(source(picture(640, 480)), scale, resize).size == (200, 100)


def with_icc_profile(image_format: str = "PNG") -> bytes:
    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return encoded(Image.open(io.BytesIO(stripes(40, 20))).convert("RGB"), image_format, icc_profile=profile)


def test_icc_strip_drops_the_colour_profile_and_keeps_the_pixels() -> None:
    # STRUCTURE-TRANSFORMATION-ICC-STRIP
    original = Image.open(io.BytesIO(with_icc_profile()))
    assert "icc_profile" in original.info
    kept = decoded(
        apply_transformation(source(with_icc_profile()), transformation(operation("resize", width=40, height=20)))
    )
    assert "icc_profile" in kept.info  # the other operations keep it: stripping is icc_strip's doing
    stripped = decoded(apply_transformation(source(with_icc_profile()), transformation(operation("icc_strip"))))
    assert "icc_profile" not in stripped.info
    assert stripped.size == original.size
    assert list(stripped.convert("RGB").getdata()) == list(original.convert("RGB").getdata())


def test_icc_strip_after_optimize_jpeg_gives_a_png_without_profile() -> None:
    result = apply_transformation(
        source(with_icc_profile("JPEG"), "photo.jpg"),
        transformation(operation("optimize_jpeg", quality=80), operation("icc_strip")),
    )
    image = decoded(result)
    assert (image.format, "icc_profile" in image.info) == ("PNG", False)


def test_every_validated_operation_is_implemented() -> None:
    minimal = {
        "thumbnail": {"width": 10, "height": 10},
        "scale": {"ratio": 10},
        "colorspace": {"colorspace": "grey"},
        "resolution": {"resolution-x": 10, "resolution-y": 10, "resolution-unit": "ppi"},
        "resize": {"width": 10, "height": 10},
        "optimize_jpeg": {"quality": 50},
        "icc_strip": {},
    }
    assert minimal.keys() == OPERATIONS.keys()
    for kind, parameters in minimal.items():
        assert apply_transformation(source(), transformation(operation(kind, **parameters))).content


def test_doc_packshots_thumbnail_example() -> None:
    main_image = source(picture(1200, 800, extension="jpg"), "packshot.jpg")
    generated = apply_transformation(
        main_image,
        transformation(
            operation("thumbnail", width=150, height=150),
            operation("colorspace", colorspace="grey"),
            suffix="_thumbnail",
        ),
    )
    assert generated.original_filename == "packshot_thumbnail.png"
    image = decoded(generated)
    assert (image.format, image.size, image.mode) == ("PNG", (150, 150), "L")


def test_doc_ecommerce_and_print_scales() -> None:
    main_image = source(picture(640, 480, extension="jpg"), "packshot.jpg")
    expected = {"ecom_": (150, 113), "print_": (2500, 1875)}
    for prefix, box in (("ecom_", 150), ("print_", 2500)):
        scale = operation("scale", width=box, height=box)
        generated = apply_transformation(main_image, transformation(scale, prefix=prefix, suffix=None))
        assert generated.original_filename == f"{prefix}packshot.png"
        assert decoded(generated).size == expected[prefix]


@pytest.mark.parametrize(
    ("content", "mode"),
    [
        (encoded(Image.new("P", (20, 10)), "GIF"), "RGB"),
        (encoded(Image.new("CMYK", (20, 10), (0, 100, 100, 0)), "JPEG"), "RGB"),
        (encoded(Image.new("I;16", (20, 10), 3000)), "L"),
        (encoded(Image.new("1", (20, 10), 1)), "L"),
        (encoded(Image.new("LA", (20, 10), (10, 20))), "LA"),
    ],
    ids=["palette-gif", "cmyk-jpeg", "16-bit-png", "1-bit-png", "grey-alpha-png"],
)
def test_sources_become_a_lossless_8_bit_working_image(content: bytes, mode: str) -> None:
    image = run(source(content), operation("scale", ratio=200))
    assert (image.format, image.mode, image.size) == ("PNG", mode, (40, 20))


def test_exif_orientation_is_applied_first() -> None:
    exif = Image.Exif()
    exif[0x0112] = 6  # stored landscape, to be shown rotated 90 degrees
    photo = encoded(Image.new("RGB", (40, 20), RED), "JPEG", exif=exif)
    assert run(source(photo, "photo.jpg"), operation("scale", ratio=100)).size == (20, 40)


# --- failures -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "filename"),
    [(pdf_document(), "user_guide.pdf"), (b"not an image at all", "notes.png"), (picture()[:2000], "cut.png")],
    ids=["pdf", "garbage", "truncated"],
)
def test_non_image_source_fails_with_a_reason(content: bytes, filename: str) -> None:
    with pytest.raises(TransformationFailed) as failed:
        apply_transformation(source(content, filename), transformation(operation("scale", ratio=50)))
    assert failed.value.reason.startswith(f'The file "{filename}" cannot be transformed: ')
    assert failed.value.reason.endswith(".")
    assert not isinstance(failed.value, DomainError)  # a failed transformation never refuses the asset


def test_pdf_reason_says_it_is_not_a_supported_image() -> None:
    with pytest.raises(TransformationFailed) as failed:
        apply_transformation(source(pdf_document(), "user_guide.pdf"), transformation(operation("scale", ratio=50)))
    assert failed.value.reason == (
        'The file "user_guide.pdf" cannot be transformed: the file is not an image in a supported format '
        "(PNG, JPEG, GIF, WEBP, TIFF, BMP)."
    )


def test_decompression_bomb_source_fails_with_a_reason() -> None:
    bomb = encoded(Image.new("L", (2000, 2000)))
    with pytest.raises(TransformationFailed) as failed:
        apply_transformation(
            source(bomb), transformation(operation("scale", ratio=50)), limits=ImageLimits(max_pixels=10**6)
        )
    assert "2000 x 2000 pixels" in failed.value.reason


@pytest.mark.parametrize(
    "too_big",
    [
        operation("resize", width=100_000, height=100_000),
        operation("scale", ratio=10_000),
        operation("thumbnail", width=30_000, height=1),
    ],
    ids=["resize", "scale", "thumbnail"],
)
def test_operation_beyond_the_limits_fails_before_allocating(too_big: dict[str, Any]) -> None:
    with pytest.raises(TransformationFailed) as failed:
        apply_transformation(source(), transformation(too_big))
    assert "pixels in all are accepted" in failed.value.reason


def test_unknown_operation_fails_with_a_reason() -> None:
    with pytest.raises(TransformationFailed) as failed:
        apply_transformation(source(), transformation(operation("sharpen", amount=3)))
    assert (
        failed.value.reason
        == 'The file "main_image.png" cannot be transformed: the operation "sharpen" is not supported.'
    )
