"""The operations the vendor accepts at definition and its image library judges when they run: colorspace cmyk
(TRANSFORMATION-COLORSPACE-CMYK) and a resize to a side below 1 pixel (TRANSFORMATION-RESIZE-NOT-POSITIVE)."""

from __future__ import annotations

import pytest
from PIL import Image

from mock_server.domain.automation.transformations.engine import TransformationFailed, apply_transformation
from tests.domain.transformation_cases import close, decoded, encoded, operation, run, source, stripes, transformation

ORANGE = (200, 50, 10)
CMYK = operation("colorspace", colorspace="cmyk")
JPEG = operation("optimize_jpeg", quality=95)


def test_colorspace_cmyk_gives_a_cmyk_jpeg() -> None:
    generated = apply_transformation(source(encoded(Image.new("RGB", (40, 20), ORANGE))), transformation(CMYK, JPEG))
    assert generated.mime_type == "image/jpeg"
    image = decoded(generated)
    assert image.mode == "CMYK"
    assert close(image.getpixel((20, 10)), (55, 205, 245, 0))  # Pillow's C = 255 - R ..., K = 0


def test_colorspace_cmyk_keeps_through_later_operations_and_a_grey_source() -> None:
    grey = encoded(Image.new("L", (40, 20), 100))
    image = run(source(grey), CMYK, operation("resize", width=10, height=5), JPEG)
    assert (image.mode, image.size) == ("CMYK", (10, 5))


def test_colorspace_after_cmyk_wins() -> None:
    assert run(source(), CMYK, operation("colorspace", colorspace="rgb"), JPEG).mode == "RGB"
    assert run(source(), CMYK, operation("colorspace", colorspace="grey"), JPEG).mode == "L"


def test_colorspace_cmyk_in_a_png_is_written_in_rgb_with_the_same_pixels() -> None:
    # PNG cannot hold CMYK: written as RGB, as ImageMagick writes a CMYK image to PNG; the alpha channel stays.
    transparent = encoded(Image.new("RGBA", (20, 10), (*ORANGE, 128)))
    image = run(source(transparent), CMYK)
    assert (image.format, image.mode, image.getpixel((5, 5))) == ("PNG", "RGBA", (*ORANGE, 128))


def test_colorspace_cmyk_before_optimize_jpeg_midway_gives_a_png() -> None:
    image = run(source(stripes()), CMYK, JPEG, operation("resize", width=40, height=20))
    assert (image.format, image.mode, image.size) == ("PNG", "RGB", (40, 20))


@pytest.mark.parametrize(("width", "height"), [(0, 10), (10, 0), (-5, 10)])
def test_resize_below_one_pixel_fails_when_it_runs(width: int, height: int) -> None:
    with pytest.raises(TransformationFailed) as failed:
        apply_transformation(source(), transformation(operation("resize", width=width, height=height)))
    assert failed.value.reason == (
        'The file "main_image.png" cannot be transformed: length of either side cannot be 0 or negative, current '
        f"size is {width}x{height}."
    )
