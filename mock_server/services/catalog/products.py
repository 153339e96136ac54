"""Product and product model operations, and what the asset side needs from products: the asset-collection
attributes of an asset family, removing a deleted asset from every value, and assigning assets to a value."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mock_server.domain import pagination
from mock_server.domain.catalog import product_presentation, product_search, product_values, products
from mock_server.domain.catalog import search as catalog_search
from mock_server.domain.catalog.product_presentation import ValueView
from mock_server.domain.catalog.structure import ASSET_COLLECTION, not_found
from mock_server.domain.errors import BadRequest, DomainError, NotFound, Unprocessable, ValidationFailed
from mock_server.domain.pagination import OffsetPage, Page, Paging, code_then_case
from mock_server.domain.request_format.body import INVALID_JSON
from mock_server.domain.shared.timestamps import format_timestamp
from mock_server.services import pattern_matching
from mock_server.services.catalog import product_structure
from mock_server.services.catalog import structure as catalog
from mock_server.services.catalog.structure import asset_collection_attributes
from mock_server.services.context import Context
from mock_server.services.pattern_matching import Matcher, bounded_search

__all__ = ["asset_collection_attributes", "assign_assets", "remove_asset_from_products"]

Resource = dict[str, Any]
ShapeCheck = Callable[[Any], None]  # raises ValidationFailed for a line that breaks the schema
ASSIGNMENT_MODES = ("add", "replace")


@dataclass(frozen=True)
class LineOutcome:
    """One line of a collection PATCH: created (201), updated (204) or refused with `error`."""

    line: int
    key: str | None
    created: bool = False
    error: DomainError | None = None


def _rules(ctx: Context, create_missing_options: bool = False) -> products.ProductRules:
    store = ctx.store.catalog
    facts = store.locale_facts()
    values = product_values.ValueRules(
        attributes=store.attributes,
        options=store.attribute_options,
        activated_locales=facts.activated,
        channels=facts.by_channel,
        assets=ctx.store.assets,
        create_missing_options=create_missing_options,
        regexp_search=bounded_search(ctx.settings.validation_regexp_timeout),
    )
    return products.ProductRules(
        values=values,
        families=store.families,
        categories=store.categories,
        product_models=store.product_models,
        products=store.products,
        family_variants=product_structure.variants_of(ctx),
    )


def _create_missing_options(ctx: Context, resource: Mapping[str, Any]) -> None:
    store = ctx.store.catalog
    for attribute_code, code in product_values.missing_options(
        resource["values"], store.attributes, store.attribute_options
    ):
        catalog.upsert_option(ctx, attribute_code, code, {})


# -- reading ----------------------------------------------------------------------------------------------------


def value_view(
    ctx: Context,
    scope: str | None = None,
    locales: str | None = None,
    attributes: str | None = None,
    **enrichments: bool,
) -> ValueView:
    store = ctx.store.catalog
    facts = store.locale_facts()
    return product_presentation.value_view(
        scope=scope,
        locales=locales,
        attributes=attributes,
        channels=facts.by_channel,
        activated_locales=facts.activated,
        known_attributes=store.attributes,
        **{key: bool(value) for key, value in enrichments.items()},
    )


def present(ctx: Context, resource: Mapping[str, Any], view: ValueView, *, is_product: bool = True) -> Resource:
    """A product or product model as GET shows it: inherited values and categories, then the view."""
    store = ctx.store.catalog
    shown = product_presentation.effective(resource, store.product_models)
    return product_presentation.present(
        shown,
        view,
        attributes=store.attributes,
        options=store.attribute_options,
        family=store.families.get(shown.get("family") or ""),
        channels=view.channels,  # read once, when the view was built
        identifier_attribute=catalog.main_identifier(ctx),
        is_product=is_product,
    )


def _search_view(ctx: Context, key: str) -> product_search.ProductSearchView:
    store = ctx.store.catalog
    return product_search.ProductSearchView(
        attributes=store.attributes,
        categories=store.categories,
        activated_locales=store.locale_facts().activated,
        channels=frozenset(store.channels),
        key=key,
    )


def search_products(ctx: Context, search: str | dict | None = None) -> list[Resource]:
    """The stored products whose GET form (inheritance applied) matches `search` (JSON text or decoded filters),
    in identifier order. The same filters select products for asset-family product link rules."""
    matches = product_search.product_filters(search, _search_view(ctx, "identifier"), now=ctx.clock())
    models = ctx.store.catalog.product_models
    found = [p for p in ctx.store.catalog.products.values() if matches(product_presentation.effective(p, models))]
    return sorted(found, key=lambda p: code_then_case(p["identifier"]))


def search_product_models(ctx: Context, search: str | dict | None = None) -> list[Resource]:
    matches = product_search.product_filters(search, _search_view(ctx, "code"), now=ctx.clock())
    models = ctx.store.catalog.product_models
    return catalog_search.by_code(m for m in models.values() if matches(product_presentation.effective(m, models)))


def list_products(ctx: Context, search: str | None, paging: Paging) -> OffsetPage | Page:
    """The page `paging` asks for of the products `search` selects (offset pages stop at 10,000 products)."""
    found = search_products(ctx, search)
    return pagination.cut(found, paging, key="identifier", max_items=pagination.MAX_OFFSET_ITEMS)


def list_product_models(ctx: Context, search: str | None, paging: Paging) -> OffsetPage | Page:
    return pagination.cut(search_product_models(ctx, search), paging)


def get_product(ctx: Context, identifier: str) -> Resource:
    product = ctx.store.catalog.products.get(identifier)
    if product is None:
        raise NotFound(f'Product "{identifier}" does not exist or you do not have permission to access it.')
    return product


def get_product_model(ctx: Context, code: str) -> Resource:
    model = ctx.store.catalog.product_models.get(code)
    if model is None:
        raise NotFound(f'Product model "{code}" does not exist or you do not have permission to access it.')
    return model


# -- writing ----------------------------------------------------------------------------------------------------


def create_product(ctx: Context, body: Any, create_missing_options: bool = False) -> str:
    identifier = body.get("identifier") if isinstance(body, dict) else None
    if not isinstance(identifier, str) or not identifier:
        raise ValidationFailed.single("identifier", 'Property "identifier" is required.')
    if identifier in ctx.store.catalog.products:
        raise ValidationFailed.single(
            "identifier", f'The identifier "{identifier}" is already used by another product.'
        )
    upsert_product(ctx, identifier, body, create_missing_options)
    return identifier


def upsert_product(ctx: Context, identifier: str, patch: Any, create_missing_options: bool = False) -> bool:
    """Create or update one product; True when created."""
    existing = ctx.store.catalog.products.get(identifier)
    rules = _rules(ctx, create_missing_options)
    product = products.upsert_product(existing, identifier, patch, rules=rules, now=ctx.clock())
    pattern_matching.commit()  # the writes start: no pattern may unwind the operation any more
    if create_missing_options:
        _create_missing_options(ctx, product)
    ctx.store.catalog.products[identifier] = product
    return existing is None


def delete_product(ctx: Context, identifier: str) -> None:
    get_product(ctx, identifier)
    del ctx.store.catalog.products[identifier]


def create_product_model(ctx: Context, body: Any) -> str:
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or not code:
        raise ValidationFailed.single("code", 'Property "code" is required.')
    if code in ctx.store.catalog.product_models:
        raise ValidationFailed.single("code", f'The product model "{code}" already exists.')
    upsert_product_model(ctx, code, body)
    return code


def upsert_product_model(ctx: Context, code: str, patch: Any) -> bool:
    existing = ctx.store.catalog.product_models.get(code)
    model = products.upsert_product_model(existing, code, patch, rules=_rules(ctx), now=ctx.clock())
    pattern_matching.commit()
    ctx.store.catalog.product_models[code] = model
    return existing is None


def delete_product_model(ctx: Context, code: str) -> None:
    """The product model goes with its sub product models and variant products."""
    get_product_model(ctx, code)
    store = ctx.store.catalog
    doomed = {code}
    while grown := {c for c, m in store.product_models.items() if m.get("parent") in doomed} - doomed:
        doomed |= grown
    for identifier in [i for i, p in store.products.items() if p.get("parent") in doomed]:
        del store.products[identifier]
    for model_code in doomed:
        del store.product_models[model_code]


async def upsert_lines(
    ctx: Context,
    lines: Iterable[tuple[int, Any]],
    *,
    key: str,
    check_shape: ShapeCheck,
    create_missing_options: bool = False,
) -> list[LineOutcome]:
    """A collection PATCH: each line (number, decoded JSON or the BadRequest of an unreadable line) on its own,
    keyed by `identifier` (products) or `code` (product models). Each line is one operation whose patterns are
    matched off the event loop (services/pattern_matching.py); the lines share the request's budget."""
    matcher = Matcher.of(ctx.settings)
    line = functools.partial(
        _line, ctx, key=key, check_shape=check_shape, create_missing_options=create_missing_options
    )
    return [await matcher.settled(functools.partial(line, number, entry)) for number, entry in lines]


# PRODUCT-NDJSON-LINES: one outcome per line, a refused line alone (api/http/ndjson.py writes them)
def _line(
    ctx: Context, number: int, entry: Any, *, key: str, check_shape: ShapeCheck, create_missing_options: bool
) -> LineOutcome:
    name = entry.get(key) if isinstance(entry, dict) else None
    name = name if isinstance(name, str) else None
    try:
        if isinstance(entry, DomainError):
            raise entry
        if not isinstance(entry, dict):
            raise BadRequest(INVALID_JSON)
        if name is None:
            raise Unprocessable(f"{key.capitalize()} is missing.")
        check_shape(entry)
        if key == "identifier":
            created = upsert_product(ctx, name, entry, create_missing_options)
        else:
            created = upsert_product_model(ctx, name, entry)
        return LineOutcome(number, name, created=created)
    except DomainError as error:
        return LineOutcome(number, name, error=error)


# -- the asset side ---------------------------------------------------------------------------------------------


# LINK-DELETED-ASSET-LEAVES-PRODUCTS
def remove_asset_from_products(ctx: Context, asset_family_code: str, asset_code: str) -> int:
    """A deleted asset leaves every product and product model value of the family's asset-collection attributes;
    returns how many products and product models changed."""
    attribute_codes = [attribute["code"] for attribute in asset_collection_attributes(ctx, asset_family_code)]
    if not attribute_codes:
        return 0
    stamp = format_timestamp(ctx.clock())
    changed = 0
    for resources in (ctx.store.catalog.products, ctx.store.catalog.product_models):
        for key, resource in resources.items():
            values = product_values.remove_asset(resource.get("values", {}), attribute_codes, asset_code)
            if values != resource.get("values", {}):
                resources[key] = {**resource, "values": values, "updated": stamp}
                changed += 1
    return changed


def assign_assets(
    ctx: Context,
    target_identifier: str,
    attribute_code: str,
    locale: str | None,
    scope: str | None,
    asset_codes: Iterable[str],
    mode: str,
) -> bool:
    """Set the asset-collection value (attribute, locale, scope) of a product (by identifier) or, failing that, a
    product model (by code): `add` appends the codes not there yet, `replace` sets the list. Every value rule
    applies (locale, scope, existing assets of the attribute's family); True when the value changed."""
    if mode not in ASSIGNMENT_MODES:
        raise Unprocessable(f'The mode "{mode}" is not supported: use "add" or "replace".')
    attribute = ctx.store.catalog.attributes.get(attribute_code)
    if attribute is None or attribute["type"] != ASSET_COLLECTION:
        raise Unprocessable(f'The attribute "{attribute_code}" does not exist or is not an asset collection attribute.')
    store = ctx.store.catalog
    is_product = target_identifier in store.products
    target = store.products.get(target_identifier) or store.product_models.get(target_identifier)
    if target is None:
        raise not_found("Product or product model", target_identifier)
    entries = target.get("values", {}).get(attribute_code, [])
    index = product_values.find_entry(entries, locale, scope)
    current = list(entries[index]["data"]) if index is not None else []
    data = product_values.assigned(current, asset_codes, mode)
    if data == current:
        return False
    patch = {"values": {attribute_code: [{"locale": locale, "scope": scope, "data": data}]}}
    if is_product:
        upsert_product(ctx, target_identifier, patch)
    else:
        upsert_product_model(ctx, target_identifier, patch)
    return True
