"""What the transformation tests share: images encoded and decoded, source media files, operation and transformation
bodies, a run of one transformation, colour closeness, the IJG quantisation table."""

from __future__ import annotations

import io
from typing import Any

from PIL import Image, ImageDraw

from fixtures.images import picture
from mock_server.domain.asset_manager.media_file import MediaFile
from mock_server.domain.automation.transformations.engine import (
    apply_transformation,
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
