"""Untrusted images (mock_server.domain.asset_manager.image_safety): limits checked on the header, bombs and broken files refused."""

from __future__ import annotations

import struct
import time
import warnings
import zlib

import pytest
from PIL import Image

from fixtures.images import pdf_document, picture
from mock_server.domain.asset_manager.image_safety import (
    DEFAULT_LIMITS,
    ImageLimits,
    UnsafeImage,
    check_size,
    open_image,
)

QUICK = 1.0  # seconds: a refusal never decodes, let alone allocates, the declared pixels


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int, pixel_data: bytes = b"") -> bytes:
    """A grey PNG declaring width x height; its IDAT holds `pixel_data` (none by default: decoding it would fail)."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(pixel_data))
        + _chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def compressed_bomb() -> bytes:
    """A real 3000 x 3000 PNG of zeros: 9 MB of pixels in a few kilobytes."""
    row = b"\x00" * (3000 + 1)  # filter byte + one byte per grey pixel
    return png_header(3000, 3000, row * 3000)


def _refusal(content: bytes, limits: ImageLimits = DEFAULT_LIMITS) -> str:
    started = time.perf_counter()
    with pytest.raises(UnsafeImage) as refused:
        open_image(content, limits=limits)
    assert time.perf_counter() - started < QUICK
    return refused.value.reason


def test_decompression_bomb_is_refused() -> None:
    reason = _refusal(png_header(100_000, 100_000))  # 10^10 pixels: 10 GB, had they been allocated
    assert "decompression bomb" in reason
    assert "10000000000 pixels" in reason


def test_declared_size_is_checked_before_decoding() -> None:
    bogus = png_header(3000, 3000)  # a header and no pixels: decoding would complain of a truncated file
    reason = _refusal(bogus, ImageLimits(max_pixels=1_000_000))
    assert reason == (
        "The image is 3000 x 3000 pixels: at most 20000 x 20000 pixels and 1000000 pixels in all are accepted."
    )
    assert "damaged or truncated" in _refusal(bogus)  # within the limits, the same bytes do get decoded


def test_compressed_bomb_is_refused_under_a_low_limit(compressed_bomb: bytes) -> None:
    assert len(compressed_bomb) < 50_000
    assert "3000 x 3000" in _refusal(compressed_bomb, ImageLimits(max_pixels=1_000_000))
    assert open_image(compressed_bomb).size == (3000, 3000)  # a genuine image, fine under the default limits


def test_limits_do_not_rely_on_pillows_global(monkeypatch: pytest.MonkeyPatch) -> None:
    before = Image.MAX_IMAGE_PIXELS
    open_image(picture())
    assert before == Image.MAX_IMAGE_PIXELS
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", None)  # someone disabled Pillow's guard process-wide
    assert "100000 x 100000 pixels" in _refusal(png_header(100_000, 100_000))


def test_pillows_bomb_warning_is_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    filters = list(warnings.filters)
    assert "decompression bomb" in _refusal(picture(40, 40))  # 1600 pixels: Pillow warns above 1000
    assert "decompression bomb" in _refusal(picture(60, 60))  # 3600 pixels: Pillow raises above 2000
    assert warnings.filters == filters


@pytest.mark.parametrize(("width", "height"), [(20_001, 1), (1, 20_001)])
def test_width_and_height_are_limited(width: int, height: int) -> None:
    assert f"{width} x {height} pixels" in _refusal(png_header(width, height))


def test_heavy_content_is_refused_before_parsing() -> None:
    assert _refusal(b"\x00" * 101, ImageLimits(max_bytes=100)) == (
        "The file weighs 101 bytes: at most 100 bytes are accepted."
    )


@pytest.mark.parametrize("extension", ["png", "jpg", "gif"])
def test_truncated_file_is_refused(extension: str) -> None:
    content = picture(extension=extension)
    with pytest.raises(UnsafeImage):
        open_image(content[: len(content) // 2])


def test_corrupted_chunk_is_refused() -> None:
    content = bytearray(picture())
    content[20] ^= 0xFF  # inside IHDR: its CRC no longer matches
    assert _refusal(bytes(content))


@pytest.mark.parametrize(
    "content",
    [b"", b"definitely not an image", pdf_document(), b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n"],
    ids=["empty", "garbage", "pdf", "eps"],
)
def test_non_images_are_refused(content: bytes) -> None:
    assert _refusal(content) == "The file is not an image in a supported format (PNG, JPEG, GIF, WEBP, TIFF, BMP)."


@pytest.mark.parametrize("extension", ["png", "jpg", "gif", "webp", "tiff"])
def test_images_within_the_limits_open_fully_decoded(extension: str) -> None:
    image = open_image(picture(64, 48, extension=extension))
    assert image.size == (64, 48)
    assert image.getpixel((32, 5)) is not None


def test_check_size_accepts_the_limits_themselves() -> None:
    check_size(20_000, 2_500)
    with pytest.raises(UnsafeImage):
        check_size(20_000, 2_501)
