"""Attribute groups and family variants: the product structure a connector sets up before its attributes and
product models (every product attribute needs a group; every product model a family variant).

Both live on the catalog store: `attribute_groups` (code -> group; a new store holds `other`) and
`family_variants` (code -> variant, its family inside: variant codes are unique across families, as the vendor's
UniqueEntity on code says).
"""

from __future__ import annotations

from typing import Any

from mock_server.domain import pagination
from mock_server.domain.catalog import attribute_groups, family_variants
from mock_server.domain.catalog import search as catalog_search
from mock_server.domain.catalog.structure import not_found
from mock_server.domain.errors import NotFound, ValidationFailed
from mock_server.domain.pagination import OffsetPage, Page, Paging
from mock_server.services.context import Context

Resource = dict[str, Any]


def groups_of(ctx: Context) -> dict[str, Resource]:
    return ctx.store.catalog.attribute_groups


def variants_of(ctx: Context) -> dict[str, Resource]:
    """Every family variant by code."""
    return ctx.store.catalog.family_variants


def _code_of(body: Any) -> str:
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or not code:
        raise ValidationFailed.single("code", attribute_groups.BLANK_MESSAGE)
    return code


# -- attribute groups -------------------------------------------------------------------------------------------


def list_attribute_groups(ctx: Context, search: str | None, paging: Paging) -> OffsetPage | Page:
    matches = catalog_search.attribute_group_filters(search)
    attributes = ctx.store.catalog.attributes
    shown = [attribute_groups.present_attribute_group(g, attributes) for g in groups_of(ctx).values()]
    return pagination.cut([group for group in catalog_search.by_code(shown) if matches(group)], paging)


def get_attribute_group(ctx: Context, code: str) -> Resource:
    """PRODUCT-GROUP-NOT-FOUND: the vendor's 404 sentence for an unknown code."""
    group = groups_of(ctx).get(code)
    if group is None:
        raise not_found("Attribute group", code)
    return attribute_groups.present_attribute_group(group, ctx.store.catalog.attributes)


def create_attribute_group(ctx: Context, body: Any) -> str:
    code = _code_of(body)
    if code in groups_of(ctx):
        raise ValidationFailed.single("code", "This value is already used.")
    upsert_attribute_group(ctx, code, body)
    return code


def upsert_attribute_group(ctx: Context, code: str, patch: Any) -> bool:
    """Create or update (PRODUCT-GROUP-UPSERT); the attributes it lists join it, those it drops go to `other`
    (PRODUCT-GROUP-ATTRIBUTES-MOVE). Nothing is written unless the whole change is valid. True when created."""
    groups = groups_of(ctx)
    store = ctx.store.catalog
    existing = groups.get(code)
    outcome = attribute_groups.upsert_attribute_group(
        existing, code, patch, attributes=store.attributes, activated_locales=store.locale_facts().activated
    )
    groups[code] = outcome.group
    for attribute, group in outcome.moves.items():
        store.attributes[attribute] = {**store.attributes[attribute], "group": group}
    return existing is None


def group_codes(ctx: Context) -> frozenset[str]:
    """What an attribute's `group` may name."""
    return frozenset(groups_of(ctx))


# -- family variants --------------------------------------------------------------------------------------------


def _family(ctx: Context, family_code: str) -> Resource:
    family = ctx.store.catalog.families.get(family_code)
    if family is None:
        raise not_found("Family", family_code)
    return family


def _variant_not_found(code: str, family_code: str) -> NotFound:
    """PRODUCT-VARIANT-NOT-FOUND: the variant is unknown or belongs to another family."""
    return NotFound(f'Family variant "{code}" does not exist or is not a variant of the family "{family_code}".')


def list_family_variants(ctx: Context, family_code: str, paging: Paging) -> OffsetPage | Page:
    _family(ctx, family_code)
    mine = [v for v in variants_of(ctx).values() if v["family"] == family_code]
    return pagination.cut([family_variants.present_family_variant(v) for v in catalog_search.by_code(mine)], paging)


def get_family_variant(ctx: Context, family_code: str, code: str) -> Resource:
    _family(ctx, family_code)
    variant = variants_of(ctx).get(code)
    if variant is None or variant["family"].lower() != family_code.lower():
        raise _variant_not_found(code, family_code)
    return family_variants.present_family_variant(variant)


def axes_of_family(ctx: Context, family_code: str) -> dict[str, list[str]]:
    """The axes of each variant of a family (they must stay in the family)."""
    return {
        code: [axis for s in variant["variant_attribute_sets"] for axis in s["axes"]]
        for code, variant in variants_of(ctx).items()
        if variant["family"] == family_code
    }


def create_family_variant(ctx: Context, family_code: str, body: Any) -> str:
    _family(ctx, family_code)
    code = _code_of(body)
    if code in variants_of(ctx):
        raise ValidationFailed.single("code", "This value is already used.")
    upsert_family_variant(ctx, family_code, code, body)
    return code


def upsert_family_variant(ctx: Context, family_code: str, code: str, patch: Any) -> bool:
    """Create or update a variant of the family of the URL (PRODUCT-VARIANT-UPSERT); True when created."""
    family = _family(ctx, family_code)
    variants = variants_of(ctx)
    existing = variants.get(code)
    if existing is not None and existing["family"] != family_code:
        raise ValidationFailed.single("family", f'Property "family" cannot be modified, "{family_code}" given.')
    store = ctx.store.catalog
    variants[code] = family_variants.upsert_family_variant(
        existing, family, code, patch, attributes=store.attributes, activated_locales=store.locale_facts().activated
    )
    return existing is None
