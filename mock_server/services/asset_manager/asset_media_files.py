"""post_asset_media_file and get_asset_media_files_by_code."""

from __future__ import annotations

from mock_server.domain.asset_manager.media_file import MediaFile, new_media_file
from mock_server.domain.errors import NotFound
from mock_server.services.context import Context


def upload(ctx: Context, filename: str | None, content: bytes, mime_type: str | None) -> MediaFile:
    media_file = new_media_file(filename, content, mime_type)
    ctx.store.media_files[media_file.code] = media_file
    return media_file


def get(ctx: Context, code: str) -> MediaFile:
    media_file = ctx.store.media_files.get(code)
    if media_file is None:
        # MEDIA-UNKNOWN-404
        raise NotFound(f'Media file "{code}" does not exist.')
    return media_file
