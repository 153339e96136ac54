"""Asset media files: the stored binary, its code, and what an asset value may learn about it."""

from __future__ import annotations

import hashlib
import mimetypes
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from mock_server.domain.asset_manager.image_safety import DEFAULT_LIMITS, UnsafeImage, open_image
from mock_server.domain.errors import Unprocessable, ValidationFailed

IMAGE_EXTENSIONS = frozenset({"png", "jpg", "jpeg", "gif", "webp", "tif", "tiff", "bmp"})

_UNSAFE_FILENAME_CHARS = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class MediaFile:
    """An uploaded (or generated) binary, addressed by its code `a/b/c/d/<sha1>_<filename>`."""

    code: str
    original_filename: str
    mime_type: str
    content: bytes

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def extension(self) -> str:
        return PurePosixPath(self.original_filename).suffix.lstrip(".").lower()


def safe_filename(filename: str) -> str:
    """The file name as it appears in a media-file code: no directories, no characters that need escaping."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    return _UNSAFE_FILENAME_CHARS.sub("_", name).strip("._") or "file"


FILE_REQUIRED = 'Property "file" is required.'
_CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f]")


def client_filename(filename: str) -> str:
    """MEDIA-DOWNLOAD-FILENAME: the name Symfony's UploadedFile keeps: whatever follows the last / or \\ (no
    directories, so `../../etc/passwd.png` is `passwd.png`), control characters replaced (a header carries it)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    return _CONTROL_CHARS.sub("_", name)


def content_disposition(media_file: MediaFile) -> str:
    """MEDIA-DOWNLOAD-FILENAME: the vendor's DownloadMediaFileAction header, `attachment; filename="<name>"`. The
    vendor writes a non-ASCII name as raw UTF-8 bytes, which HTTP clients read inconsistently: such a name gets
    an ASCII fallback in `filename` and the exact name in `filename*` (RFC 6266)."""
    name = client_filename(media_file.original_filename)
    quoted = name.replace("\\", "\\\\").replace('"', '\\"')
    if name.isascii():
        return f'attachment; filename="{quoted}"'
    fallback = "".join(char if char.isascii() else "_" for char in quoted)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def new_media_file(filename: str | None, content: bytes, declared_mime_type: str | None = None) -> MediaFile:
    """Build a media file from an upload; the code hashes the content and the name, like the PIM's file storage.
    MEDIA-UPLOAD-FILE-PART, MEDIA-MESSAGES: without a file in the part named `file` the vendor answers 422 `Property "file" is
    required.`."""
    if not filename:
        # MEDIA-UPLOAD-NO-FILE
        raise Unprocessable(FILE_REQUIRED)
    filename = client_filename(filename)
    if not content:
        raise ValidationFailed.single("file", f'The file "{filename}" is empty.')
    if len(content) > DEFAULT_LIMITS.max_bytes:
        raise ValidationFailed.single(
            "file",
            f'The file "{filename}" weighs {len(content)} bytes: at most {DEFAULT_LIMITS.max_bytes} are accepted.',
        )
    name = safe_filename(filename)
    _check_image(filename, name, content, declared_mime_type)
    digest = hashlib.sha1(content + name.encode(), usedforsecurity=False).hexdigest()
    code = "/".join([*digest[:4], f"{digest}_{name}"])
    mime_type = declared_mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    if mime_type == "application/octet-stream":
        mime_type = mimetypes.guess_type(name)[0] or mime_type
    return MediaFile(code=code, original_filename=filename, mime_type=mime_type, content=content)


def _check_image(filename: str, name: str, content: bytes, declared_mime_type: str | None) -> None:
    """A file that says it is an image is untrusted pixels: it must decode within the limits (no bombs)."""
    extension = PurePosixPath(name).suffix.lstrip(".").lower()
    if extension not in IMAGE_EXTENSIONS and not (declared_mime_type or "").startswith("image/"):
        return
    try:
        open_image(content).close()
    except UnsafeImage as refusal:
        raise ValidationFailed.single("file", f'The image "{filename}" is refused: {refusal.reason}') from refusal
