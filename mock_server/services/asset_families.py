"""Asset family operations: list, get, upsert."""

from __future__ import annotations

from typing import Any

from mock_server.domain import asset_family
from mock_server.domain.errors import FieldError, NotFound, ValidationFailed
from mock_server.domain.pagination import Page, search_after
from mock_server.domain.product_link_rule_engine import check_rules_against_catalog
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
    """Create or update; True when created. Product link rules sent are also checked against the product
    catalog, their faults listed with the family's own."""
    existing = ctx.store.asset_families.get(code)
    catalog = ctx.store.catalog
    catalog_faults = _link_rule_faults(ctx, code, patch)
    try:
        family = asset_family.upsert_asset_family(
            existing,
            code,
            patch,
            attributes=ctx.store.asset_attributes.get(code, {}),
            activated_locales=catalog.activated_locales(),
            locales=frozenset(catalog.locales),
            channels=frozenset(catalog.channels),
        )
    except ValidationFailed as refused:
        raise ValidationFailed([*refused.errors, *catalog_faults]) from None
    if catalog_faults:
        raise ValidationFailed(catalog_faults)
    ctx.store.asset_families[code] = family
    ctx.store.asset_attributes.setdefault(code, {})
    ctx.store.assets.setdefault(code, {})
    return existing is None


def _link_rule_faults(ctx: Context, code: str, patch: dict[str, Any]) -> list[FieldError]:
    """The catalog-aware faults of the product link rules the patch sends. Rules already stored are not checked
    again: a later change of the product catalog must not make an unrelated update (labels) fail."""
    if not isinstance(patch, dict) or "product_link_rules" not in patch:
        return []
    catalog = ctx.store.catalog
    return check_rules_against_catalog(
        patch["product_link_rules"],
        family_code=code,
        product_attributes=catalog.attributes,
        categories=catalog.categories,
        families=catalog.families,
        attribute_options=catalog.attribute_options,
        activated_locales=catalog.activated_locales(),
        channels=catalog.channel_locales(),
    )
