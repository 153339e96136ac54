"""Asset family transformations run on a source media file with Pillow: the documented operations, in order."""

from __future__ import annotations

import io
import numbers
import struct
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from PIL import Image, ImageOps

from mock_server.domain.asset_manager.image_safety import (
    DEFAULT_LIMITS,
    ImageLimits,
    UnsafeImage,
    check_size,
    open_image,
)
from mock_server.domain.asset_manager.media_file import MediaFile, new_media_file

INCHES_PER_CM = 2.54  # ppc -> ppi
_RESAMPLE = Image.Resampling.LANCZOS
# The output formats, their MIME types, the extensions that already name them and the one given otherwise.
_MIME_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}
_EXTENSIONS = {"PNG": ("png",), "JPEG": ("jpg", "jpeg", "jpe")}
# What decoding, EXIF handling or encoding may raise on a hostile or odd file; the asset survives all of them.
_IMAGE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, MemoryError)


class TransformationFailed(Exception):
    """A transformation could not produce its file; the asset is saved anyway and `reason` is recorded."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class _Work:
    """The lossless working image between operations, its resolution, and the JPEG bytes when optimize_jpeg ran last.

    `cmyk`: a colorspace cmyk ran last among the colorspaces. The image stays RGB(A) meanwhile (Pillow's RGB -> CMYK
    is C = 255 - R ... with K = 0: the same pixels, resampled alike); a JPEG is written in CMYK, a PNG, which cannot
    hold CMYK, in RGB(A), as ImageMagick writes a CMYK image to PNG (TRANSFORMATION-COLORSPACE-CMYK)."""

    image: Image.Image
    dpi: tuple[float, float] | None
    limits: ImageLimits
    jpeg: bytes | None = None
    cmyk: bool = False


def target_filename(source_filename: str, prefix: str | None, suffix: str | None, extension: str) -> str:
    """prefix + the source file name without its extension + suffix + "." + extension (the doc's
    amor_red_model_picture.jpg with the suffix _160x160 gives amor_red_model_picture_160x160.jpg)."""
    stem = PurePosixPath(source_filename.replace("\\", "/")).stem
    return f"{prefix or ''}{stem}{suffix or ''}.{extension.lstrip('.')}"


def target_extension(source_filename: str, image_format: str) -> str:
    """The extension of a generated file: the source's own when it already names the output format (photo.JPEG
    stays .JPEG after optimize_jpeg, logo.png stays .png), else "png" or "jpg", so the name never lies about the
    content (a thumbnail of photo.jpg is a PNG, named photo<suffix>.png)."""
    extension = PurePosixPath(source_filename.replace("\\", "/")).suffix.lstrip(".")
    names = _EXTENSIONS[image_format]
    return extension if extension.lower() in names else names[0]


def output_format(transformation: Mapping[str, Any]) -> str:
    """Operations run on a lossless PNG; the file is a JPEG only when optimize_jpeg is the last operation."""
    operations = _operations(transformation)
    return "JPEG" if operations and operations[-1].get("type") == "optimize_jpeg" else "PNG"


def apply_transformation(
    source: MediaFile, transformation: Mapping[str, Any], *, limits: ImageLimits = DEFAULT_LIMITS
) -> MediaFile:
    """Run the transformation's operations on `source` and return the generated file (not stored: the caller does)."""
    name = source.original_filename
    try:
        work = _open(source.content, limits)
        for operation in _operations(transformation):
            work = _apply(work, operation)
        image_format = output_format(transformation)
        content = work.jpeg if image_format == "JPEG" and work.jpeg is not None else _encode_png(work)
    except UnsafeImage as error:
        raise _failure(name, error.reason) from error
    except _IMAGE_ERRORS as error:
        raise _failure(name, str(error) or type(error).__name__) from error
    filename = target_filename(
        name,
        transformation.get("filename_prefix"),
        transformation.get("filename_suffix"),
        target_extension(name, image_format),
    )
    return new_media_file(filename, content, _MIME_TYPES[image_format])


def _failure(filename: str, cause: str) -> TransformationFailed:
    """'The file "x.pdf" cannot be transformed: <cause>.' (one sentence, the cause as given by the refusal)."""
    cause = cause.strip().rstrip(".")
    return TransformationFailed(f'The file "{filename}" cannot be transformed: {cause[:1].lower()}{cause[1:]}.')


def _operations(transformation: Mapping[str, Any]) -> Sequence[Mapping[str, Any]]:
    operations = transformation.get("operations")
    return [op for op in operations if isinstance(op, Mapping)] if isinstance(operations, list) else []


def _open(content: bytes, limits: ImageLimits) -> _Work:
    """The source decoded safely, turned upright (EXIF orientation) and into a lossless RGB(A) or L(A) image."""
    image = open_image(content, limits=limits)
    dpi = _dpi(image.info.get("dpi"))
    image = ImageOps.exif_transpose(image)
    mode = _lossless_mode(image)
    return _Work(image if image.mode == mode else image.convert(mode), dpi, limits)


def _dpi(value: Any) -> tuple[float, float] | None:
    """The source's resolution, kept through the operations; files without one (or with 0) get none."""
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, numbers.Real) and v > 0 for v in value):
        return float(value[0]), float(value[1])
    return None


def _lossless_mode(image: Image.Image) -> str:
    """Palettes, CMYK, 1-bit and 16-bit images become 8-bit grey or RGB, with an alpha channel when they had one."""
    bands = image.getbands()
    alpha = bands[-1] in ("A", "a") or "transparency" in image.info
    grey = bands[0] in ("1", "L", "I", "F")
    if grey:
        return "LA" if alpha else "L"
    return "RGBA" if alpha else "RGB"


def _apply(work: _Work, operation: Mapping[str, Any]) -> _Work:
    kind = operation.get("type")
    applier = _APPLIERS.get(kind) if isinstance(kind, str) else None
    if applier is None:
        raise ValueError(f'the operation "{kind}" is not supported.')
    parameters = operation.get("parameters")
    try:
        return applier(work, parameters if isinstance(parameters, Mapping) else {})
    except (KeyError, TypeError) as error:
        raise ValueError(f'the operation "{kind}" has invalid parameters ({error!r}).') from error


def _resampled(work: _Work, width: int, height: int) -> _Work:
    """The image at exactly width x height (refused beyond the limits, before any pixel is allocated)."""
    check_size(width, height, work.limits)
    return replace(work, image=work.image.resize((width, height), _RESAMPLE), jpeg=None)


# TRANSFORM-THUMBNAIL: exactly width x height (PNG: output_format)
def _thumbnail(work: _Work, parameters: Mapping[str, Any]) -> _Work:
    """Keeps the proportions: scaled to cover width x height, then center-cropped to exactly that size. The vendor
    needs only one of them: the other then follows the image's proportions."""
    if parameters.get("width") is None or parameters.get("height") is None:
        size = scaled_size(work.image.size, {key: parameters.get(key) for key in ("width", "height")})
    else:
        size = (int(parameters["width"]), int(parameters["height"]))
    check_size(*size, work.limits)
    return replace(work, image=ImageOps.fit(work.image, size, _RESAMPLE, centering=(0.5, 0.5)), jpeg=None)


def scaled_size(size: tuple[int, int], parameters: Mapping[str, Any]) -> tuple[int, int]:
    """The size a scale operation gives, proportions kept. Our reading of the doc, as Liip Imagine's scale filter
    (which the PIM's transformations run on) computes it: `ratio` (in %) wins over width and height; a width alone
    sets the width and the height follows; a height alone likewise; both make a box the image fits in (the smaller
    of the two factors), enlarging or reducing. Sides are rounded half up, never below 1 pixel."""
    width, height = size
    if parameters.get("ratio") is not None:
        factor = int(parameters["ratio"]) / 100
    else:
        factors = [
            int(parameters[key]) / side
            for key, side in (("width", width), ("height", height))
            if parameters.get(key) is not None
        ]
        if not factors:
            raise KeyError("width, height or ratio")
        factor = min(factors)
    return max(1, int(width * factor + 0.5)), max(1, int(height * factor + 0.5))


def _scale(work: _Work, parameters: Mapping[str, Any]) -> _Work:
    return _resampled(work, *scaled_size(work.image.size, parameters))


def _resize(work: _Work, parameters: Mapping[str, Any]) -> _Work:
    """Exactly width x height: the proportions are not kept. TRANSFORMATION-RESIZE-NOT-POSITIVE: the vendor accepts
    any integer at definition; its image library (Imagine's Box) refuses a side below 1 when the transformation runs,
    with this text."""
    width, height = int(parameters["width"]), int(parameters["height"])
    if width < 1 or height < 1:
        raise ValueError(f"Length of either side cannot be 0 or negative, current size is {width}x{height}")
    return _resampled(work, width, height)


def _colorspace(work: _Work, parameters: Mapping[str, Any]) -> _Work:
    """grey: one channel (L, or LA when the image has an alpha channel, which is kept); rgb: RGB (or RGBA); cmyk:
    colour channels, written in CMYK where the output format holds it (see _Work)."""
    colorspace = parameters["colorspace"]
    if colorspace not in ("grey", "cmyk", "rgb"):
        raise ValueError(f'the colorspace "{colorspace}" is not supported: use "grey", "cmyk" or "rgb".')
    alpha = "A" in work.image.getbands()
    mode = {"grey": "L", "cmyk": "RGB", "rgb": "RGB"}[colorspace] + ("A" if alpha else "")
    image = work.image if work.image.mode == mode else work.image.convert(mode)
    return replace(work, image=image, jpeg=None, cmyk=colorspace == "cmyk")


def _resolution(work: _Work, parameters: Mapping[str, Any]) -> _Work:
    """The resolution metadata only (PNG pHYs, JPEG JFIF density), in pixels per inch: the pixels are untouched."""
    unit = parameters["resolution-unit"]
    if unit not in ("ppi", "ppc"):
        raise ValueError(f'the resolution unit "{unit}" is not supported: use "ppi" or "ppc".')
    factor = INCHES_PER_CM if unit == "ppc" else 1.0
    dpi = (float(parameters["resolution-x"]) * factor, float(parameters["resolution-y"]) * factor)
    return replace(work, dpi=dpi, jpeg=None)


def _optimize_jpeg(work: _Work, parameters: Mapping[str, Any]) -> _Work:
    """JPEG at `quality`. Last (as the doc advises), these bytes are the file; earlier, the next operations work on
    the decoded JPEG, its losses included, and the file is a PNG again."""
    quality = int(parameters["quality"])
    if not 1 <= quality <= 100:
        raise ValueError(f'the JPEG quality must be from 1 to 100, "{quality}" given.')
    image = _flattened(work.image)
    if work.cmyk:
        image = image.convert("CMYK")  # TRANSFORMATION-COLORSPACE-CMYK: a JPEG holds CMYK
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True, **_dpi_option(work.dpi))
    decoded = Image.open(io.BytesIO(buffer.getvalue()), formats=("JPEG",))
    decoded.load()
    return replace(work, image=decoded if decoded.mode != "CMYK" else decoded.convert("RGB"), jpeg=buffer.getvalue())


def _icc_strip(work: _Work, parameters: Mapping[str, Any]) -> _Work:
    """STRUCTURE-TRANSFORMATION-ICC-STRIP: the same pixels without the embedded ICC colour profile (the vendor's
    icc_strip takes no parameter). Any JPEG bytes of an earlier optimize_jpeg are dropped: they carry the profile."""
    image = work.image.copy()
    image.info.pop("icc_profile", None)
    return replace(work, image=image, jpeg=None)


def _flattened(image: Image.Image) -> Image.Image:
    """JPEG has no alpha: transparent pixels are laid on white; grey stays grey, everything else becomes RGB."""
    if image.mode in ("RGBA", "LA"):
        background = Image.new("RGBA", image.size, (255, 255, 255, 255))
        background.alpha_composite(image.convert("RGBA"))
        return background.convert(image.mode[:-1])
    return image if image.mode in ("L", "RGB") else image.convert("RGB")


def _dpi_option(dpi: tuple[float, float] | None) -> dict[str, tuple[float, float]]:
    return {"dpi": dpi} if dpi else {}


def _encode_png(work: _Work) -> bytes:
    buffer = io.BytesIO()
    work.image.save(buffer, format="PNG", **_dpi_option(work.dpi))
    return buffer.getvalue()


_APPLIERS: Mapping[str, Callable[[_Work, Mapping[str, Any]], _Work]] = {
    "thumbnail": _thumbnail,
    "scale": _scale,
    "colorspace": _colorspace,
    "resolution": _resolution,
    "resize": _resize,
    "optimize_jpeg": _optimize_jpeg,
    "icc_strip": _icc_strip,
}
