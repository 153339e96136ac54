"""Handlers of the asset attribute and asset attribute option operations."""

from __future__ import annotations

from typing import Any

from connexion.lifecycle import ConnexionResponse

from mock_server.api.http.presenters import path_of, upserted, with_self_link
from mock_server.api.http.validation import parsed_body
from mock_server.services.asset_manager import asset_attributes
from mock_server.services.context import Context


def _attribute_path(family: str, code: str) -> str:
    return path_of("asset-families", family, "attributes", code)


async def get_asset_family_attributes(ctx: Context, asset_family_code: str) -> list[dict[str, Any]]:
    """STRUCTURE-ATTRIBUTE-LIST-LINKS: each item carries `_links.self`, as the vendor's list (not its single GET)."""
    return [
        with_self_link(attribute, _attribute_path(asset_family_code, attribute["code"]))
        for attribute in asset_attributes.list_attributes(ctx, asset_family_code)
    ]


async def get_asset_family_attribute_by_code(ctx: Context, asset_family_code: str, code: str) -> dict[str, Any]:
    return asset_attributes.get_attribute(ctx, asset_family_code, code)


async def patch_asset_family_attribute_by_code(ctx: Context, asset_family_code: str, code: str) -> ConnexionResponse:
    created = asset_attributes.upsert_attribute_request(ctx, asset_family_code, code, parsed_body())
    return upserted(created, _attribute_path(asset_family_code, code))


async def get_asset_family_attribute_options(
    ctx: Context, asset_family_code: str, attribute_code: str
) -> list[dict[str, Any]]:
    return asset_attributes.list_options(ctx, asset_family_code, attribute_code)


async def get_asset_family_attribute_option_by_code(
    ctx: Context, asset_family_code: str, attribute_code: str, code: str
) -> dict[str, Any]:
    return asset_attributes.get_option(ctx, asset_family_code, attribute_code, code)


async def patch_asset_family_attribute_option_by_code(
    ctx: Context, asset_family_code: str, attribute_code: str, code: str
) -> ConnexionResponse:
    created = asset_attributes.upsert_option_request(ctx, asset_family_code, attribute_code, code, parsed_body())
    return upserted(
        created, path_of("asset-families", asset_family_code, "attributes", attribute_code, "options", code)
    )


async def delete_asset_family_attribute_option_by_code(
    ctx: Context, asset_family_code: str, attribute_code: str, code: str
) -> ConnexionResponse:
    asset_attributes.delete_option(ctx, asset_family_code, attribute_code, code)
    return ConnexionResponse(status_code=204)
