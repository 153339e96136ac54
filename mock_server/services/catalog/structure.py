"""Catalog structure operations: locales, channels, categories, product attributes and options, families.

Lists return the page `paging` asks for of the matching items in the vendor's order (`domain.pagination`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mock_server.domain import pagination
from mock_server.domain.catalog import attributes as catalog_attributes
from mock_server.domain.catalog import families as catalog_families
from mock_server.domain.catalog import search as catalog_search
from mock_server.domain.catalog import structure as catalog
from mock_server.domain.catalog.structure import ASSET_COLLECTION, IDENTIFIER, METRIC, not_found
from mock_server.domain.errors import ValidationFailed
from mock_server.domain.pagination import OffsetPage, Page, Paging
from mock_server.services.catalog import product_structure
from mock_server.services.context import Context

Resource = dict[str, Any]
Listed = OffsetPage | Page


def _code_of(body: Any, key: str = "code") -> str:
    """The code a POST body names (the schema requires it; the domain must not trust that)."""
    code = body.get(key) if isinstance(body, dict) else None
    if not isinstance(code, str) or not code:
        raise ValidationFailed.single(key, f'Property "{key}" is required.')
    return code


def _found(resources: dict[str, Resource], kind: str, code: str) -> Resource:
    """The stored resource, or the vendor's 404 naming its kind."""
    resource = resources.get(code)
    if resource is None:
        raise not_found(kind, code)
    return resource


def _create(resources: dict[str, Resource], kind: str, body: Any, upsert: Callable[[str, Any], bool]) -> str:
    """POST semantics over an upsert: the body names a code that must not exist yet."""
    code = _code_of(body)
    if code in resources:
        raise ValidationFailed.single("code", f'The {kind.lower()} "{code}" already exists.')
    upsert(code, body)
    return code


# -- locales ----------------------------------------------------------------------------------------------------


def add_locale(ctx: Context, code: str) -> None:
    """Locales are read-only through the API; the fixtures add them here."""
    ctx.store.catalog.locales[code] = catalog.new_locale(code)


def list_locales(ctx: Context, search: str | None, paging: Paging) -> Listed:
    matches = catalog_search.locale_filters(search)
    activated = ctx.store.catalog.locale_facts().activated
    shown = [catalog.present_locale(locale, activated) for locale in ctx.store.catalog.locales.values()]
    return pagination.cut([locale for locale in catalog_search.by_code(shown) if matches(locale)], paging)


def get_locale(ctx: Context, code: str) -> Resource:
    locale = _found(ctx.store.catalog.locales, "Locale", code)
    return catalog.present_locale(locale, ctx.store.catalog.locale_facts().activated)


# -- channels ---------------------------------------------------------------------------------------------------


def list_channels(ctx: Context, paging: Paging) -> Listed:
    return pagination.cut(catalog_search.by_code(ctx.store.catalog.channels.values()), paging)


def get_channel(ctx: Context, code: str) -> Resource:
    return _found(ctx.store.catalog.channels, "Channel", code)


def create_channel(ctx: Context, body: Any) -> str:
    return _create(ctx.store.catalog.channels, "Channel", body, lambda code, patch: upsert_channel(ctx, code, patch))


def upsert_channel(ctx: Context, code: str, patch: Any) -> bool:
    """Create or update; True when created."""
    store = ctx.store.catalog
    existing = store.channels.get(code)
    store.channels[code] = catalog.upsert_channel(
        existing,
        code,
        patch,
        locales=frozenset(store.locales),
        activated_locales=store.locale_facts().activated,
        root_categories=frozenset(c for c, category in store.categories.items() if category.get("parent") is None),
        metric_attributes=frozenset(c for c, attribute in store.attributes.items() if attribute["type"] == METRIC),
    )
    return existing is None


# -- categories -------------------------------------------------------------------------------------------------


def list_categories(ctx: Context, search: str | None, paging: Paging, with_position: bool = False) -> Listed:
    matches = catalog_search.category_filters(search)
    ordered = catalog.tree_order(ctx.store.catalog.categories)
    found = [
        {**category, "position": position} if with_position else category
        for category, position in ordered
        if matches(category)
    ]
    return pagination.cut(found, paging)


def get_category(ctx: Context, code: str, with_position: bool = False) -> Resource:
    categories = ctx.store.catalog.categories
    category = _found(categories, "Category", code)
    if with_position:
        return {**category, "position": catalog.position_of(code, categories)}
    return category


def create_category(ctx: Context, body: Any) -> str:
    return _create(
        ctx.store.catalog.categories, "Category", body, lambda code, patch: upsert_category(ctx, code, patch)
    )


def upsert_category(ctx: Context, code: str, patch: Any) -> bool:
    """Create or update; a moved category goes last among its new siblings."""
    store = ctx.store.catalog
    existing = store.categories.get(code)
    category = catalog.upsert_category(
        existing,
        code,
        patch,
        categories=store.categories,
        channel_trees={channel["category_tree"]: c for c, channel in store.channels.items()},
        activated_locales=store.locale_facts().activated,
        now=ctx.clock(),
    )
    if existing is not None and existing.get("parent") != category["parent"]:
        del store.categories[code]
    store.categories[code] = category
    return existing is None


# -- attributes -------------------------------------------------------------------------------------------------


def main_identifier(ctx: Context) -> str | None:
    """The code of the identifier attribute products are addressed by (the first one created)."""
    for code, attribute in ctx.store.catalog.attributes.items():
        if attribute["type"] == IDENTIFIER and attribute.get("is_main_identifier", True):
            return code
    return None


def list_attributes(ctx: Context, search: str | None, paging: Paging) -> Listed:
    matches = catalog_search.attribute_filters(search)
    attributes = catalog_search.by_code(ctx.store.catalog.attributes.values())
    return pagination.cut([catalog_attributes.present_attribute(a) for a in attributes if matches(a)], paging)


def get_attribute(ctx: Context, code: str) -> Resource:
    return catalog_attributes.present_attribute(_attribute(ctx, code))


def _attribute(ctx: Context, code: str) -> Resource:
    return _found(ctx.store.catalog.attributes, "Attribute", code)


def create_attribute(ctx: Context, body: Any) -> str:
    return _create(
        ctx.store.catalog.attributes, "Attribute", body, lambda code, patch: upsert_attribute(ctx, code, patch)
    )


def upsert_attribute(ctx: Context, code: str, patch: Any) -> bool:
    store = ctx.store.catalog
    existing = store.attributes.get(code)
    store.attributes[code] = catalog_attributes.upsert_attribute(
        existing,
        code,
        patch,
        asset_families=frozenset(ctx.store.asset_families),
        locales=frozenset(store.locales),
        activated_locales=store.locale_facts().activated,
        has_main_identifier=main_identifier(ctx) is not None,
        now=ctx.clock(),
        groups=product_structure.group_codes(ctx),
    )
    return existing is None


def asset_collection_attributes(ctx: Context, asset_family_code: str) -> list[Resource]:
    """The product attributes of type pim_catalog_asset_collection that hold assets of this asset family."""
    return [
        attribute
        for attribute in ctx.store.catalog.attributes.values()
        if attribute["type"] == ASSET_COLLECTION and attribute.get("reference_data_name") == asset_family_code
    ]


# -- attribute options ------------------------------------------------------------------------------------------


def _select_attribute(ctx: Context, attribute_code: str) -> Resource:
    attribute = _attribute(ctx, attribute_code)
    catalog_attributes.ensure_select_attribute(attribute)
    return attribute


def list_options(ctx: Context, attribute_code: str, paging: Paging) -> Listed:
    _select_attribute(ctx, attribute_code)
    options = ctx.store.catalog.attribute_options.get(attribute_code, {}).values()
    return pagination.cut(catalog_search.by_code(options), paging)


def get_option(ctx: Context, attribute_code: str, code: str) -> Resource:
    _select_attribute(ctx, attribute_code)
    return _found(ctx.store.catalog.attribute_options.get(attribute_code, {}), "Attribute option", code)


def create_option(ctx: Context, attribute_code: str, body: Any) -> str:
    _select_attribute(ctx, attribute_code)
    options = ctx.store.catalog.attribute_options.get(attribute_code, {})
    return _create(
        options, "Attribute option", body, lambda code, patch: upsert_option(ctx, attribute_code, code, patch)
    )


def upsert_option(ctx: Context, attribute_code: str, code: str, patch: Any) -> bool:
    attribute = _select_attribute(ctx, attribute_code)
    options = ctx.store.catalog.attribute_options.get(attribute_code, {})
    existing = options.get(code)
    option = catalog_attributes.upsert_option(
        existing,
        attribute,
        code,
        patch,
        option_count=len(options),
        activated_locales=ctx.store.catalog.locale_facts().activated,
    )
    ctx.store.catalog.attribute_options.setdefault(attribute_code, {})[code] = option
    return existing is None


# -- families ---------------------------------------------------------------------------------------------------


def list_families(ctx: Context, search: str | None, paging: Paging) -> Listed:
    store = ctx.store.catalog
    used = frozenset(p["family"] for p in [*store.products.values(), *store.product_models.values()] if p["family"])
    matches = catalog_search.family_filters(search, used)
    found = [catalog.without_updated(f) for f in catalog_search.by_code(store.families.values()) if matches(f)]
    return pagination.cut(found, paging)


def get_family(ctx: Context, code: str) -> Resource:
    return catalog.without_updated(_found(ctx.store.catalog.families, "Family", code))


def create_family(ctx: Context, body: Any) -> str:
    return _create(ctx.store.catalog.families, "Family", body, lambda code, patch: upsert_family(ctx, code, patch))


def upsert_family(ctx: Context, code: str, patch: Any) -> bool:
    store = ctx.store.catalog
    existing = store.families.get(code)
    store.families[code] = catalog_families.upsert_family(
        existing,
        code,
        patch,
        attributes=store.attributes,
        channels=frozenset(store.channels),
        identifier_attribute=main_identifier(ctx),
        activated_locales=store.locale_facts().activated,
        now=ctx.clock(),
        variant_axes=product_structure.axes_of_family(ctx, code),
    )
    return existing is None
