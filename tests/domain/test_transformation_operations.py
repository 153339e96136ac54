"""Transformations run on real images (mock_server.domain.automation.transformations.engine): one pixel-level test per operation."""

from __future__ import annotations

import pytest
from PIL import Image

from fixtures.images import picture
from mock_server.domain.automation.transformations.engine import (
    apply_transformation,
    scaled_size,
)
from tests.domain.transformation_cases import (
    BLUE,
    GREEN,
    RED,
    close,
    decoded,
    encoded,
    ijg_luminance_table,
    operation,
    run,
    source,
    stripes,
    transformation,
)

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
