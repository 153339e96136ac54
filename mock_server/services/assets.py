"""Asset operations: list (filters, search-after), get, upsert one, upsert a batch, delete."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mock_server.domain import asset, asset_search
from mock_server.domain.errors import DomainError, FieldError, NotFound, ValidationFailed
from mock_server.domain.pagination import Page, search_after
from mock_server.services import asset_attributes, asset_families, automation, products
from mock_server.services.context import Context
from mock_server.services.pattern_sandbox import bounded_search


@dataclass(frozen=True)
class BatchOutcome:
    """One entry of a batch: created (201), updated (204) or refused with `error`."""

    code: str
    created: bool = False
    error: DomainError | None = None


def _family_assets(ctx: Context, family_code: str) -> dict[str, dict[str, Any]]:
    asset_families.get(ctx, family_code)
    return ctx.store.assets.setdefault(family_code, {})


def get(ctx: Context, family_code: str, code: str) -> dict[str, Any]:
    found = _family_assets(ctx, family_code).get(code)
    if found is None:
        raise NotFound(f'Asset "{code}" does not exist.')
    return found


def list_page(ctx: Context, family_code: str, search: str | None, cursor: str | None) -> Page:
    assets = _family_assets(ctx, family_code)
    matches = asset_search.parse_asset_search(search, now=ctx.clock())
    return search_after((a for a in assets.values() if matches(a)), cursor, ctx.settings.page_size)


def upsert(ctx: Context, family_code: str, code: str, patch: dict[str, Any]) -> bool:
    """Create or update one asset; True when created. A new asset gets its family's naming convention before it
    is stored (which may refuse it); the transformations and product link rules follow (services/automation.py)."""
    assets = _family_assets(ctx, family_code)
    existing = assets.get(code)
    catalog = ctx.store.catalog
    saved = asset.upsert_asset(
        existing,
        family_code,
        code,
        patch,
        attributes=ctx.store.asset_attributes.get(family_code, {}),
        options=asset_attributes.option_codes(ctx, family_code),
        activated_locales=catalog.activated_locales(),
        channels=catalog.channel_locales(),
        media_files=ctx.store.media_files.get,
        now=ctx.clock(),
        regexp_search=bounded_search(ctx.settings.validation_regexp_timeout),
    )
    if existing is None:
        saved = automation.name_new_asset(ctx, family_code, saved, patch)
    assets[code] = saved
    automation.after_save(ctx, family_code, existing, saved)
    return existing is None


def upsert_batch(
    ctx: Context,
    family_code: str,
    entries: list[dict[str, Any]],
    shape_errors: Callable[[dict[str, Any]], list[FieldError]],
) -> list[BatchOutcome]:
    """Each entry on its own: one refused entry changes nothing else, and the outcomes keep the request order."""
    _family_assets(ctx, family_code)
    outcomes = []
    for entry in entries:
        try:
            if errors := shape_errors(entry):
                raise ValidationFailed.of(errors)
            outcomes.append(BatchOutcome(entry["code"], created=upsert(ctx, family_code, entry["code"], entry)))
        except DomainError as error:
            outcomes.append(BatchOutcome(entry["code"], error=error))
    return outcomes


def delete(ctx: Context, family_code: str, code: str) -> None:
    """Delete the asset and take it out of every product and product model value that holds it."""
    get(ctx, family_code, code)
    del ctx.store.assets[family_code][code]
    products.remove_asset_from_products(ctx, family_code, code)
