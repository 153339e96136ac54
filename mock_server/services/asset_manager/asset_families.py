"""Asset family operations: list, get, upsert."""

from __future__ import annotations

from typing import Any

from mock_server.domain.asset_manager import asset_attribute, asset_family
from mock_server.domain.asset_manager.structure_codes import ensure_body_code, ensure_code
from mock_server.domain.automation.product_link_rules.rules import ProductCatalog
from mock_server.domain.errors import FieldError, NotFound
from mock_server.domain.pagination import Page, page_after_code
from mock_server.domain.request_format import schemas as format_schemas
from mock_server.domain.request_format.body import decoded
from mock_server.domain.shared.value_coordinates import LocaleFacts
from mock_server.services.context import Context


# CHECK-ORDER-MESSAGES: this 404, INVALID_JSON (domain/request_format/body.py) and the mismatch texts
# (domain/shared/codes.py MISMATCH) are the order of checks' answers
def family_not_found(code: str) -> NotFound:
    """STRUCTURE-NOT-FOUND-TEXTS: the vendor's sentence; its lookup is case sensitive, so "BranD" is not "brand"."""
    # FAM-UNKNOWN-404: every route below a family asks get() first
    return NotFound(f'Asset family "{code}" does not exist.')


def get(ctx: Context, code: str) -> dict[str, Any]:
    ensure_code("family", code)
    family = ctx.store.asset_families.get(code)
    if family is None:
        raise family_not_found(code)
    return family


search_after = page_after_code  # the pager of the family list (a module attribute: the mutation runner swaps it)


def list_page(ctx: Context, cursor: str | None) -> Page:
    """STRUCTURE-FAMILY-PAGE-SIZE: families come 200 a page, whatever the asset page size; the cursor is the last
    code of the previous page, in clear (LIST-SEARCH-AFTER-CODE), as the vendor's AssetFamilyIdentifier."""
    if cursor is not None:
        ensure_code("family", cursor)
    return search_after(ctx.store.asset_families.values(), cursor, asset_family.FAMILY_PAGE_SIZE)


def upsert_request(ctx: Context, code: str, body: Any) -> bool:
    """CHECK-ORDER-FAMILY: the connector's order (CreateOrUpdateAssetFamilyAction): the URI code (plain 422), the
    body's decoding (400, CHECK-ORDER-DECODE), the JSON schema (422 "The asset family has an invalid format."), the
    body code (plain 422), the business rules."""
    ensure_code("family", code)
    body = decoded(body)
    format_schemas.raise_for_format("asset family", format_schemas.asset_family_errors(body))
    return upsert(ctx, code, body)


def upsert(ctx: Context, code: str, patch: dict[str, Any], *, with_default_attributes: bool = True) -> bool:
    """Create or update; True when created. A new family gets the vendor's default attributes (label, media) unless
    the caller (the docs' catalog fixtures) builds its own. Product link rules sent are also checked against the
    product catalog, their faults listed with the family's own."""
    ensure_code("family", code)
    ensure_body_code("family", code, patch)
    existing = ctx.store.asset_families.get(code)
    faults: list[FieldError] = []
    attributes = ctx.store.asset_attributes.get(code, {})
    if existing is None:
        faults = asset_family.check_new_family(code, ctx.store.asset_families, ctx.settings.asset_family_limit)
        if with_default_attributes:
            attributes = {
                item["code"]: asset_attribute.default_attribute(item) for item in asset_family.DEFAULT_ATTRIBUTES
            }
    catalog = ctx.store.catalog
    facts = catalog.locale_facts()  # once: the family's labels and its link rules read the same
    family = asset_family.upsert_asset_family(
        existing,
        code,
        patch,
        attributes=attributes,
        activated_locales=facts.activated,
        locales=frozenset(catalog.locales),
        channels=frozenset(catalog.channels),
        faults=faults,
        link_catalog=_link_catalog(ctx, patch, facts),
    )
    ctx.store.asset_families[code] = family
    ctx.store.asset_attributes.setdefault(code, attributes)
    ctx.store.family_assets(code)
    return existing is None


def _link_catalog(ctx: Context, patch: dict[str, Any], facts: LocaleFacts) -> ProductCatalog | None:
    """The product side the product link rules the patch sends are checked against. Rules already stored are not
    checked against it again: a later change of the product catalog must not make an unrelated update (labels)
    fail."""
    if not isinstance(patch, dict) or "product_link_rules" not in patch:
        return None
    catalog = ctx.store.catalog
    return ProductCatalog(
        attributes=catalog.attributes,
        categories=catalog.categories,
        families=catalog.families,
        attribute_options=catalog.attribute_options,
        activated_locales=facts.activated,
        channels=facts.by_channel,
    )
