"""Asset family operations: list, get, upsert."""

from __future__ import annotations

from typing import Any

from mock_server.domain import asset_family
from mock_server.domain.errors import NotFound
from mock_server.domain.pagination import Page, search_after
from mock_server.services.context import Context


def family_not_found(code: str) -> NotFound:
    return NotFound(f'Asset family "{code}" does not exist.')


def get(ctx: Context, code: str) -> dict[str, Any]:
    family = ctx.store.asset_families.get(code)
    if family is None:
        raise family_not_found(code)
    return family


def list_page(ctx: Context, cursor: str | None) -> Page:
    return search_after(ctx.store.asset_families.values(), cursor, ctx.settings.page_size)


def upsert(ctx: Context, code: str, patch: dict[str, Any]) -> bool:
    """Create or update; True when created."""
    existing = ctx.store.asset_families.get(code)
    catalog = ctx.store.catalog
    family = asset_family.upsert_asset_family(
        existing,
        code,
        patch,
        attributes=ctx.store.asset_attributes.get(code, {}),
        activated_locales=catalog.activated_locales(),
        locales=frozenset(catalog.locales),
        channels=frozenset(catalog.channels),
    )
    ctx.store.asset_families[code] = family
    ctx.store.asset_attributes.setdefault(code, {})
    ctx.store.assets.setdefault(code, {})
    return existing is None
