"""Handlers of the asset operations."""

from __future__ import annotations

import functools
from typing import Any

from connexion.lifecycle import ConnexionResponse

from mock_server.api.errors import error_body
from mock_server.api.presenters import API_ROOT, absolute, path_of, search_after_page, upserted, with_self_link
from mock_server.api.validation import component_validator, shape_errors
from mock_server.app_spec import load_spec
from mock_server.domain import asset
from mock_server.domain.errors import BadRequest
from mock_server.services import assets
from mock_server.services.context import Context


def _asset_path(family: str, code: str) -> str:
    return path_of("asset-families", family, "assets", code)


def _present(ctx: Context, family: str, found: dict[str, Any], channel: str | None, locales: str | None) -> dict:
    values = asset.filter_values(
        found.get("values", {}), channel=channel, locales=locales.split(",") if locales else None
    )
    values = asset.present_values(
        values,
        attributes=ctx.store.asset_attributes.get(family, {}),
        media_files=ctx.store.media_files.get,
        download_url=lambda code: absolute(f"{API_ROOT}/asset-media-files/{code}"),
    )
    return {**found, "values": values}


async def get_assets(
    ctx: Context,
    asset_family_code: str,
    search: str | None = None,
    channel: str | None = None,
    locales: str | None = None,
    search_after: str | None = None,
    with_asset_auto_tags: bool | None = None,
) -> dict[str, Any]:
    page = assets.list_page(ctx, asset_family_code, search, search_after)
    items = [
        with_self_link(
            _present(ctx, asset_family_code, found, channel, locales), _asset_path(asset_family_code, found["code"])
        )
        for found in page.items
    ]
    query = {"search": search, "channel": channel, "locales": locales, "search_after": search_after}
    return search_after_page(items, path_of("asset-families", asset_family_code, "assets"), page.next_cursor, query)


async def get_asset_by_code(
    ctx: Context, asset_family_code: str, code: str, with_asset_auto_tags: bool | None = None
) -> dict[str, Any]:
    return _present(ctx, asset_family_code, assets.get(ctx, asset_family_code, code), None, None)


async def patch_asset_by_code(
    ctx: Context, asset_family_code: str, code: str, body: dict[str, Any]
) -> ConnexionResponse:
    created = assets.upsert(ctx, asset_family_code, code, body)
    return upserted(created, _asset_path(asset_family_code, code))


@functools.cache
def _entry_validator() -> Any:
    return component_validator(load_spec(), "AssetRequest")


async def patch_assets(ctx: Context, asset_family_code: str, body: list[Any]) -> list[dict[str, Any]]:
    if not all(isinstance(entry, dict) and isinstance(entry.get("code"), str) for entry in body):
        raise BadRequest('Each asset of the batch must be a JSON object with a string "code".')
    outcomes = assets.upsert_batch(ctx, asset_family_code, body, functools.partial(shape_errors, _entry_validator()))
    return [
        {"code": o.code, **error_body(o.error)}
        if o.error
        else {"code": o.code, "status_code": 201 if o.created else 204}
        for o in outcomes
    ]


async def delete_asset_by_code(ctx: Context, asset_family_code: str, code: str) -> ConnexionResponse:
    assets.delete(ctx, asset_family_code, code)
    return ConnexionResponse(status_code=204)
