"""Handlers of the asset family operations."""

from __future__ import annotations

from typing import Any

from connexion.lifecycle import ConnexionResponse

from mock_server.api.http.presenters import asset_family, path_of, search_after_page, upserted, with_self_link
from mock_server.api.http.validation import parsed_body
from mock_server.services.asset_manager import asset_families
from mock_server.services.context import Context


async def get_asset_families(ctx: Context, search_after: str | None = None) -> dict[str, Any]:
    page = asset_families.list_page(ctx, search_after)
    items = [with_self_link(asset_family(family), path_of("asset-families", family["code"])) for family in page.items]
    return search_after_page(items, path_of("asset-families"), page.next_cursor, {"search_after": search_after})


async def get_asset_family_by_code(ctx: Context, code: str) -> dict[str, Any]:
    return asset_family(asset_families.get(ctx, code))


async def patch_asset_family_by_code(ctx: Context, code: str) -> ConnexionResponse:
    created = asset_families.upsert_request(ctx, code, parsed_body())
    return upserted(created, path_of("asset-families", code))
