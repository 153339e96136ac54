"""Transformations run on real images (mock_server.domain.transformations): one pixel-level test per operation."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image, ImageCms, ImageDraw

from fixtures.images import pdf_document, picture
from mock_server.domain.errors import DomainError
from mock_server.domain.image_safety import ImageLimits
from mock_server.domain.media_file import MediaFile
from mock_server.domain.transformation_rules import OPERATIONS
from mock_server.domain.transformations import (
    TransformationFailed,
    apply_transformation,
    output_format,
    scaled_size,
    target_extension,
    target_filename,
)

RED, GREEN, BLUE = (255, 0, 0), (0, 255, 0), (0, 0, 255)


def encoded(image: Image.Image, image_format: str = "PNG", **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def stripes(width: int = 400, height: int = 200) -> bytes:
    """Red left quarter, green middle half, blue right quarter: crops and distortions show in the corners."""
    image = Image.new("RGB", (width, height), GREEN)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, width // 4 - 1, height - 1], fill=RED)
    draw.rectangle([width * 3 // 4, 0, width - 1, height - 1], fill=BLUE)
    return encoded(image)


def source(content: bytes | None = None, filename: str = "main_image.png") -> MediaFile:
    """A stored media file, built directly: damaged sources must reach the transformation (files stored before
    upload checks existed, or generated), which uploads would refuse."""
    return MediaFile(
        code=f"0/0/0/0/test_{filename}",
        original_filename=filename,
        mime_type="image/png",
        content=picture() if content is None else content,
    )


def operation(kind: str, **parameters: Any) -> dict[str, Any]:
    return {"type": kind, "parameters": parameters}


def transformation(*operations: dict[str, Any], prefix: str | None = None, suffix: str | None = "_t") -> dict[str, Any]:
    return {
        "label": "Test",
        "filename_prefix": prefix,
        "filename_suffix": suffix,
        "source": {"attribute": "main_image", "channel": None, "locale": None},
        "target": {"attribute": "thumbnail", "channel": None, "locale": None},
        "operations": list(operations),
    }


def run(media_file: MediaFile, *operations: dict[str, Any]) -> Image.Image:
    return decoded(apply_transformation(media_file, transformation(*operations)))


def decoded(media_file: MediaFile) -> Image.Image:
    image = Image.open(io.BytesIO(media_file.content))
    image.load()
    return image


def close(actual: Any, expected: tuple[int, ...], tolerance: int = 8) -> bool:
    return all(abs(a - e) <= tolerance for a, e in zip(actual, expected, strict=True))


def ijg_luminance_table(quality: int) -> list[int]:
    """The libjpeg (IJG) luminance quantization table for `quality`: what a JPEG encoded at that quality carries."""
    base = [16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56,
            14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92,
            49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99]  # fmt: skip
    scale = 5000 // quality if quality < 50 else 200 - 2 * quality
    return [min(255, max(1, (value * scale + 50) // 100)) for value in base]


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


# --- one test per operation -----------------------------------------------------------------------------------------


def test_thumbnail_crops_to_exact_size_keeping_proportions() -> None:
    image = run(source(stripes(400, 200)), operation("thumbnail", width=100, height=100))
    assert image.size == (100, 100)
    # The 2:1 image is cut to its center square, the green half: the red and blue sides are cropped away.
    for corner in [(1, 1), (98, 1), (1, 98), (98, 98), (50, 50)]:
        assert close(image.getpixel(corner), GREEN), corner


def test_thumbnail_enlarges_a_small_source() -> None:
    assert run(source(picture(40, 30)), operation("thumbnail", width=150, height=150)).size == (150, 150)


def test_scale_width_alone_sets_the_height() -> None:
    image = run(source(stripes(400, 200)), operation("scale", width=100))
    assert image.size == (100, 50)
    assert close(image.getpixel((2, 25)), RED)
    assert close(image.getpixel((50, 25)), GREEN)
    assert close(image.getpixel((97, 25)), BLUE)


def test_scale_height_alone_sets_the_width() -> None:
    assert run(source(picture(640, 480)), operation("scale", height=120)).size == (160, 120)


def test_scale_width_and_height_fit_the_image_in_the_box() -> None:
    assert scaled_size((640, 480), {"width": 150, "height": 150}) == (150, 113)  # 112.5 rounds half up
    assert scaled_size((480, 640), {"width": 150, "height": 150}) == (113, 150)
    assert scaled_size((640, 480), {"width": 1000, "height": 600}) == (800, 600)  # enlarged, as Liip's scale does


def test_scale_ratio_wins_over_width_and_height() -> None:
    image = run(source(picture(640, 480)), operation("scale", width=600, height=10, ratio=25))
    assert image.size == (160, 120)
    assert scaled_size((3, 3), {"ratio": 1}) == (1, 1)  # never below one pixel


def test_resize_ignores_proportions() -> None:
    image = run(source(stripes(400, 200)), operation("resize", width=80, height=300))
    assert image.size == (80, 300)
    # Squeezed, not cropped: every stripe is still there, in the same proportions of the width.
    assert close(image.getpixel((2, 150)), RED)
    assert close(image.getpixel((40, 150)), GREEN)
    assert close(image.getpixel((77, 150)), BLUE)


def test_colorspace_grey_gives_single_channel() -> None:
    uniform = encoded(Image.new("RGB", (32, 32), (200, 30, 60)))
    image = run(source(uniform), operation("colorspace", colorspace="grey"))
    assert image.mode == "L"
    assert image.getbands() == ("L",)
    assert image.getpixel((16, 16)) == 84  # ITU-R 601 luma: 0.299 * 200 + 0.587 * 30 + 0.114 * 60


def test_colorspace_rgb_gives_three_channels() -> None:
    grey = encoded(Image.new("L", (32, 32), 90))
    image = run(source(grey), operation("colorspace", colorspace="rgb"))
    assert image.mode == "RGB"
    assert image.getpixel((16, 16)) == (90, 90, 90)


def test_colorspace_keeps_the_alpha_channel() -> None:
    transparent = encoded(Image.new("RGBA", (8, 8), (200, 30, 60, 100)))
    image = run(source(transparent), operation("colorspace", colorspace="grey"))
    assert image.mode == "LA"
    assert image.getpixel((4, 4)) == (84, 100)


def test_resolution_sets_dpi_without_resampling() -> None:
    original = source(picture(64, 48, dpi=72))
    image = run(
        original, operation("resolution", **{"resolution-x": 300, "resolution-y": 150, "resolution-unit": "ppi"})
    )
    assert image.info["dpi"] == pytest.approx((300, 150), abs=0.05)  # PNG stores whole pixels per metre
    assert image.size == (64, 48)
    assert image.tobytes() == decoded(original).convert("RGB").tobytes()


def test_resolution_in_pixels_per_centimetre_is_converted_to_ppi() -> None:
    image = run(
        source(), operation("resolution", **{"resolution-x": 100, "resolution-y": 40, "resolution-unit": "ppc"})
    )
    assert image.info["dpi"] == pytest.approx((254, 101.6), abs=0.05)


def test_resolution_is_carried_by_a_jpeg() -> None:
    resolution = operation("resolution", **{"resolution-x": 300, "resolution-y": 300, "resolution-unit": "ppi"})
    image = run(source(), resolution, operation("optimize_jpeg", quality=90))
    assert image.format == "JPEG"
    assert image.info["dpi"] == (300, 300)


def test_source_resolution_is_kept() -> None:
    image = run(source(picture(dpi=300, extension="jpg"), "photo.jpg"), operation("thumbnail", width=50, height=50))
    assert image.info["dpi"] == pytest.approx((300, 300), abs=0.05)


@pytest.mark.parametrize("quality", [10, 50, 75, 95])
def test_optimize_jpeg_sets_quality(quality: int) -> None:
    image = run(source(), operation("optimize_jpeg", quality=quality))
    assert image.format == "JPEG"
    assert image.size == (640, 480)
    assert list(image.quantization[0]) == ijg_luminance_table(quality)


def test_optimize_jpeg_lower_quality_gives_a_smaller_file() -> None:
    photo = source(picture(extension="jpg"), "photo.jpg")
    sizes = [
        apply_transformation(photo, transformation(operation("optimize_jpeg", quality=q))).size for q in (10, 50, 95)
    ]
    assert sizes == sorted(sizes)
    assert sizes[0] < sizes[2] / 2


def test_optimize_jpeg_lays_transparency_on_white() -> None:
    transparent = encoded(Image.new("RGBA", (16, 16), (0, 0, 0, 0)))
    image = run(source(transparent), operation("optimize_jpeg", quality=90))
    assert image.mode == "RGB"
    assert close(image.getpixel((8, 8)), (255, 255, 255), 2)


def test_optimize_jpeg_keeps_grey_images_grey() -> None:
    image = run(source(), operation("colorspace", colorspace="grey"), operation("optimize_jpeg", quality=90))
    assert (image.format, image.mode) == ("JPEG", "L")


def test_optimize_jpeg_before_other_operations_leaves_its_losses_in_a_png() -> None:
    original = source(picture(64, 48))
    image = run(original, operation("optimize_jpeg", quality=5), operation("colorspace", colorspace="rgb"))
    assert image.format == "PNG"
    assert image.tobytes() != decoded(original).tobytes()


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
