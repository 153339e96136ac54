"""Handlers of the asset media file operations."""

from __future__ import annotations

from urllib.parse import unquote

from connexion.lifecycle import ConnexionResponse
from starlette.datastructures import UploadFile

from mock_server.api.http.presenters import API_ROOT, absolute
from mock_server.domain.asset_manager.media_file import content_disposition
from mock_server.services.asset_manager import asset_media_files
from mock_server.services.context import Context


def _the_file_part(form: dict[str, object]) -> UploadFile | None:
    """MEDIA-UPLOAD-FILE-PART: the file of the part named `file` (the vendor reads `$request->files->get('file')`);
    other parts, files or text, are ignored."""
    # MEDIA-EXTRA-FIELDS: other parts are ignored
    part = form.get("file")
    candidates = part if isinstance(part, list) else [part]
    return next((p for p in candidates if isinstance(p, UploadFile) and p.filename), None)


async def post_asset_media_file(ctx: Context, **form: object) -> ConnexionResponse:
    # Connexion hands every multipart part over as a keyword argument (the body can be read only once).
    part = _the_file_part(form)
    content = await part.read() if part else b""
    media_file = asset_media_files.upload(
        ctx, part.filename if part else None, content, part.content_type if part else None
    )
    # MEDIA-UPLOAD: 201, no body, the code in Asset-media-file-code and Location
    return ConnexionResponse(
        status_code=201,
        headers={
            "Location": absolute(f"{API_ROOT}/asset-media-files/{media_file.code}"),
            "Asset-media-file-code": media_file.code,
        },
    )


async def get_asset_media_files_by_code(ctx: Context, code: str) -> ConnexionResponse:
    # MEDIA-DOWNLOAD: the exact bytes and mime type
    media_file = asset_media_files.get(ctx, unquote(code))  # %2F and raw / name the same file
    disposition = content_disposition(media_file)
    return ConnexionResponse(
        status_code=200,
        body=media_file.content,
        content_type=media_file.mime_type,
        headers={"Content-Disposition": disposition, "X-File-Size": str(media_file.size)},
    )
