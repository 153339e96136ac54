"""Handlers of the asset media file operations."""

from __future__ import annotations

from urllib.parse import quote, unquote

from connexion.lifecycle import ConnexionResponse
from starlette.datastructures import UploadFile

from mock_server.api.presenters import API_ROOT, absolute
from mock_server.services import asset_media_files
from mock_server.services.context import Context


def _the_file_part(form: dict[str, object]) -> UploadFile | None:
    """The part named `file`, else the first part that carries a filename (clients add text fields beside it)."""
    named = [form.pop("file")] if "file" in form else []
    candidates = [
        part
        for value in [*named, *form.values()]
        for part in (value if isinstance(value, list) else [value])
        if isinstance(part, UploadFile)
    ]
    return next((part for part in candidates if part.filename), None)


async def post_asset_media_file(ctx: Context, **form: object) -> ConnexionResponse:
    # Connexion hands every multipart part over as a keyword argument (the body can be read only once).
    part = _the_file_part(form)
    content = await part.read() if part else b""
    media_file = asset_media_files.upload(
        ctx, part.filename if part else None, content, part.content_type if part else None
    )
    return ConnexionResponse(
        status_code=201,
        headers={
            "Location": absolute(f"{API_ROOT}/asset-media-files/{media_file.code}"),
            "Asset-media-file-code": media_file.code,
        },
    )


async def get_asset_media_files_by_code(ctx: Context, code: str) -> ConnexionResponse:
    media_file = asset_media_files.get(ctx, unquote(code))  # %2F and raw / name the same file
    filename = quote(media_file.original_filename)
    return ConnexionResponse(
        status_code=200,
        body=media_file.content,
        content_type=media_file.mime_type,
        headers={
            "Content-Disposition": f"attachment; filename*=UTF-8''{filename}",
            "X-File-Size": str(media_file.size),
        },
    )
