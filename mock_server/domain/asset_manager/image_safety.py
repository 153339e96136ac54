"""Untrusted image bytes opened with Pillow under explicit limits: bombs are refused before any pixel is decoded."""

from __future__ import annotations

import io
import struct
import warnings
from dataclasses import dataclass

from PIL import Image

# Only these decoders run on uploaded bytes: no EPS (Pillow hands it to Ghostscript), no exotic plugins.
ALLOWED_FORMATS: tuple[str, ...] = ("PNG", "JPEG", "GIF", "WEBP", "TIFF", "BMP")
# What Pillow's decoders raise on crafted, damaged or truncated input (UnidentifiedImageError is an OSError).
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, IndexError, struct.error)


class UnsafeImage(Exception):
    """The bytes are refused as an image: too big, a decompression bomb, not a supported image, or damaged."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class ImageLimits:
    """What an image may weigh and declare; checked on the header, before the pixels are decoded."""

    max_bytes: int = 50_000_000
    max_pixels: int = 50_000_000
    max_width: int = 20_000
    max_height: int = 20_000


DEFAULT_LIMITS = ImageLimits()


def check_size(width: int, height: int, limits: ImageLimits = DEFAULT_LIMITS) -> None:
    """Refuse a width x height (declared by a file, or asked of an operation) beyond the limits."""
    if width > limits.max_width or height > limits.max_height or width * height > limits.max_pixels:
        raise UnsafeImage(
            f"The image is {width} x {height} pixels: at most {limits.max_width} x {limits.max_height} pixels and "
            f"{limits.max_pixels} pixels in all are accepted."
        )


def open_image(content: bytes, *, limits: ImageLimits = DEFAULT_LIMITS) -> Image.Image:
    """Decode `content`, refusing it (UnsafeImage) when it is too heavy, declares too many pixels, or is not a
    readable image; the returned image is fully loaded and no longer reads `content`."""
    if len(content) > limits.max_bytes:
        raise UnsafeImage(f"The file weighs {len(content)} bytes: at most {limits.max_bytes} bytes are accepted.")
    # Pillow's own bomb check depends on the process-wide Image.MAX_IMAGE_PIXELS: it is left alone, its warning made
    # an error for this call only (catch_warnings restores the filters), and our limits are checked regardless.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            return _decode(content, limits)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise UnsafeImage(f"The image is a decompression bomb: {error}") from error
        except Image.UnidentifiedImageError as error:
            formats = ", ".join(ALLOWED_FORMATS)
            raise UnsafeImage(f"The file is not an image in a supported format ({formats}).") from error
        except _DECODE_ERRORS as error:
            raise UnsafeImage(f"The image is damaged or truncated: {error}") from error


def _decode(content: bytes, limits: ImageLimits) -> Image.Image:
    """Read the header only (Image.open is lazy), check the declared size, then decode the pixels."""
    image = Image.open(io.BytesIO(content), formats=ALLOWED_FORMATS)
    check_size(image.width, image.height, limits)
    image.load()
    return image
