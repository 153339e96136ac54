"""Handlers of the asset operations."""

from __future__ import annotations

import functools
from typing import Any

from connexion.lifecycle import ConnexionResponse

from mock_server.api.http.errors import error_body
from mock_server.api.http.presenters import (
    API_ROOT,
    absolute,
    base_url,
    path_of,
    search_after_page,
    upserted,
    with_self_link,
)
from mock_server.api.http.rendered_assets import rendered
from mock_server.api.http.validation import check_asset_batch, parsed_body
from mock_server.api.http.wire import json_answer, render_json, with_items
from mock_server.app_spec import load_spec
from mock_server.services.asset_manager import assets
from mock_server.services.context import Context


def _asset_path(family: str, code: str) -> str:
    return path_of("asset-families", family, "assets", code)


def _download_url(code: str, base: str | None = None) -> str:
    return absolute(f"{API_ROOT}/asset-media-files/{code}", base)


def _locales(locales: str | None) -> list[str]:
    return [code for code in locales.split(",") if code] if locales else []


async def get_assets(
    ctx: Context,
    asset_family_code: str,
    search: str | None = None,
    channel: str | None = None,
    locales: str | None = None,
    search_after: str | None = None,
    with_asset_auto_tags: bool | None = None,
) -> ConnexionResponse:
    return json_answer(assets_page_text(ctx, base_url(), asset_family_code, search, channel, locales, search_after))


async def get_asset_by_code(
    ctx: Context, asset_family_code: str, code: str, with_asset_auto_tags: bool | None = None
) -> ConnexionResponse:
    return json_answer(asset_text(ctx, base_url(), asset_family_code, code))


def assets_page_text(
    ctx: Context,
    base: str,
    family_code: str,
    search: str | None = None,
    channel: str | None = None,
    locales: str | None = None,
    search_after: str | None = None,
) -> str:
    """GET .../assets's answer (DomainErrors for the vendor's refusals); `base` the request's base URL."""
    wanted = _locales(locales)
    page = assets.list_page(ctx, family_code, search, search_after, channel, wanted)
    items = _rendered(ctx, family_code, page.items, base, channel, wanted or None, listed=True)
    query = {"channel": channel, "locales": locales, "search": search, "search_after": search_after}
    envelope = search_after_page([], path_of("asset-families", family_code, "assets"), page.next_cursor, query, base)
    return with_items(render_json(envelope), items)


def asset_text(ctx: Context, base: str, family_code: str, code: str) -> str:
    """GET .../assets/{code}'s answer (DomainErrors for the vendor's refusals)."""
    return _rendered(ctx, family_code, [assets.get(ctx, family_code, code)], base, None, None, listed=False)[0]


def _rendered(
    ctx: Context,
    family_code: str,
    found: list[dict[str, Any]],
    base: str,
    channel: str | None,
    locales: list[str] | None,
    *,
    listed: bool,
) -> list[str]:
    """The assets' JSON texts as GET writes them (a list item carries its self link), kept while valid."""
    download_url = functools.partial(_download_url, base=base)

    def render(asset: dict[str, Any]) -> str:
        presented = assets.present(ctx, family_code, asset, download_url, channel, locales)
        if listed:
            presented = with_self_link(presented, _asset_path(family_code, asset["code"]), base)
        return render_json(presented)

    view = (family_code, base, channel, None if locales is None else tuple(locales), listed)
    return rendered(ctx, view, found, render)


async def patch_asset_by_code(ctx: Context, asset_family_code: str, code: str) -> ConnexionResponse:
    created = await assets.upsert_request(ctx, asset_family_code, code, parsed_body())
    return upserted(created, _asset_path(asset_family_code, code))


@functools.cache
def _batch_limit() -> int | None:
    """The batch's maximum, the contract's `x-max-items` of the request body (413 above it)."""
    batch = load_spec()["paths"]["/api/rest/v1/asset-families/{asset_family_code}/assets"]["patch"]
    return batch["requestBody"]["content"]["application/json"]["schema"].get("x-max-items")


async def patch_assets(ctx: Context, asset_family_code: str) -> list[dict[str, Any]]:
    # BATCH-ITEM-WITHOUT-CODE and its siblings (services/asset_manager/assets.py): only a body that is not a list of objects fails
    # the whole request (the vendor's AssetListValidator, after the family's 404: CHECK-ORDER-BATCH); everything
    # else is answered item by item.
    body = parsed_body()
    check_list = functools.partial(check_asset_batch, limit=_batch_limit())
    outcomes = await assets.upsert_batch(ctx, asset_family_code, body, check_list)
    # BATCH-RESULT-PER-ASSET: {code, status_code} per entry, a refused one with its message
    return [
        {"code": o.code, **error_body(o.error)}
        if o.error
        else {"code": o.code, "status_code": 201 if o.created else 204}
        for o in outcomes
    ]


async def delete_asset_by_code(ctx: Context, asset_family_code: str, code: str) -> ConnexionResponse:
    assets.delete(ctx, asset_family_code, code)
    return ConnexionResponse(status_code=204)
