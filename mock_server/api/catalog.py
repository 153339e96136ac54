"""Handlers of the product-side operations (locales, channels, categories, attributes and their options, families,
products, product models), named after the vendor operationIds, and the offset-page presenter they share."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from connexion.lifecycle import ConnexionResponse

from mock_server.api import ndjson
from mock_server.api.errors import error_body
from mock_server.api.presenters import absolute, path_of, upserted, with_self_link
from mock_server.api.validation import component_validator, raise_for_shape, shape_errors
from mock_server.app_spec import load_spec
from mock_server.domain import catalog_search
from mock_server.services import catalog, products
from mock_server.services.context import Context

Json = dict[str, Any]


# -- parameters and pages ---------------------------------------------------------------------------------------


def _query_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _href(path: str, params: dict[str, Any]) -> Json:
    kept = {key: _query_text(value) for key, value in params.items() if value is not None}
    return {"href": absolute(path) + (f"?{urlencode(kept)}" if kept else "")}


def offset_page(
    items: list[Json],
    *,
    page: int,
    limit: int,
    with_count: bool,
    path: str,
    query: dict[str, Any],
    item_path: Callable[[Json], str],
    present: Callable[[Json], Json] = lambda item: item,
    max_items: int | None = None,
) -> Json:
    """An offset page: `_links` self/first/previous/next (absolute), `current_page`, `items_count` on demand."""
    cut = catalog_search.offset_page(items, page, limit, max_items=max_items)
    extra = {**query, "with_count": True if with_count else None}

    def link(number: int) -> Json:
        return _href(path, {"page": number, "limit": limit, **extra})

    links = {"self": link(page), "first": link(1)}
    if page > 1:
        links["previous"] = link(page - 1)
    if cut.has_next:
        links["next"] = link(page + 1)
    body: Json = {"_links": links, "current_page": page}
    if with_count:
        body["items_count"] = cut.total
    body["_embedded"] = {"items": [with_self_link(present(item), item_path(item)) for item in cut.items]}
    return body


def cursor_page(
    items: list[Json],
    *,
    cursor: str | None,
    limit: int,
    key: str,
    path: str,
    query: dict[str, Any],
    item_path: Callable[[Json], str],
    present: Callable[[Json], Json],
) -> Json:
    """A search-after page of products or product models: `_links` self/first/next only, no `current_page`."""
    cut = catalog_search.search_after_page(items, cursor, limit, key)
    base = {"pagination_type": "search_after", "limit": limit, **query}
    links = {"self": _href(path, {**base, "search_after": cursor}), "first": _href(path, base)}
    if cut.next_cursor:
        links["next"] = _href(path, {**base, "search_after": cut.next_cursor})
    return {
        "_links": links,
        "_embedded": {"items": [with_self_link(present(item), item_path(item)) for item in cut.items]},
    }


def _by_code(*segments: str) -> Callable[[Json], str]:
    return lambda item: path_of(*segments, item["code"])


def created(path: str) -> ConnexionResponse:
    return upserted(True, path)


# -- locales ----------------------------------------------------------------------------------------------------


async def get_locales(
    ctx: Context, search: str | None = None, page: int = 1, limit: int = 10, with_count: bool = False
) -> Json:
    items = catalog.list_locales(ctx, search)
    query = {"search": search}
    path = path_of("locales")
    return offset_page(
        items, page=page, limit=limit, with_count=with_count, path=path, query=query, item_path=_by_code("locales")
    )


async def get_locales__code_(ctx: Context, code: str) -> Json:
    return catalog.get_locale(ctx, code)


# -- channels ---------------------------------------------------------------------------------------------------


async def get_channels(ctx: Context, page: int = 1, limit: int = 10, with_count: bool = False) -> Json:
    items = catalog.list_channels(ctx)
    path = path_of("channels")
    return offset_page(
        items, page=page, limit=limit, with_count=with_count, path=path, query={}, item_path=_by_code("channels")
    )


async def post_channels(ctx: Context, body: Json) -> ConnexionResponse:
    return created(path_of("channels", catalog.create_channel(ctx, body)))


async def get_channels__code_(ctx: Context, code: str) -> Json:
    return catalog.get_channel(ctx, code)


async def patch_channels__code_(ctx: Context, code: str, body: Json) -> ConnexionResponse:
    return upserted(catalog.upsert_channel(ctx, code, body), path_of("channels", code))


# -- categories -------------------------------------------------------------------------------------------------


async def get_categories(
    ctx: Context,
    search: str | None = None,
    page: int = 1,
    limit: int = 10,
    with_count: bool = False,
    with_position: bool = False,
) -> Json:
    items = catalog.list_categories(ctx, search, with_position)
    query = {"search": search, "with_position": True if with_position else None}
    path = path_of("categories")
    return offset_page(
        items, page=page, limit=limit, with_count=with_count, path=path, query=query, item_path=_by_code("categories")
    )


async def post_categories(ctx: Context, body: Json) -> ConnexionResponse:
    return created(path_of("categories", catalog.create_category(ctx, body)))


async def get_categories__code_(ctx: Context, code: str, with_position: bool = False) -> Json:
    return catalog.get_category(ctx, code, with_position)


async def patch_categories__code_(ctx: Context, code: str, body: Json) -> ConnexionResponse:
    return upserted(catalog.upsert_category(ctx, code, body), path_of("categories", code))


# -- attributes -------------------------------------------------------------------------------------------------


async def get_attributes(
    ctx: Context, search: str | None = None, page: int = 1, limit: int = 10, with_count: bool = False
) -> Json:
    items = catalog.list_attributes(ctx, search)
    path = path_of("attributes")
    return offset_page(
        items,
        page=page,
        limit=limit,
        with_count=with_count,
        path=path,
        query={"search": search},
        item_path=_by_code("attributes"),
    )


async def post_attributes(ctx: Context, body: Json) -> ConnexionResponse:
    return created(path_of("attributes", catalog.create_attribute(ctx, body)))


async def get_attributes__code_(ctx: Context, code: str, with_table_select_options: bool = False) -> Json:
    return catalog.get_attribute(ctx, code)


async def patch_attributes__code_(ctx: Context, code: str, body: Json) -> ConnexionResponse:
    return upserted(catalog.upsert_attribute(ctx, code, body), path_of("attributes", code))


# -- attribute options ------------------------------------------------------------------------------------------


async def get_attributes__attribute_code__options(
    ctx: Context, attribute_code: str, page: int = 1, limit: int = 10, with_count: bool = False
) -> Json:
    items = catalog.list_options(ctx, attribute_code)
    path = path_of("attributes", attribute_code, "options")
    item_path = _by_code("attributes", attribute_code, "options")
    return offset_page(items, page=page, limit=limit, with_count=with_count, path=path, query={}, item_path=item_path)


async def post_attributes__attribute_code__options(ctx: Context, attribute_code: str, body: Json) -> ConnexionResponse:
    code = catalog.create_option(ctx, attribute_code, body)
    return created(path_of("attributes", attribute_code, "options", code))


async def get_attributes__attribute_code__options__code_(ctx: Context, attribute_code: str, code: str) -> Json:
    return catalog.get_option(ctx, attribute_code, code)


async def patch_attributes__attribute_code__options__code_(
    ctx: Context, attribute_code: str, code: str, body: Json
) -> ConnexionResponse:
    was_created = catalog.upsert_option(ctx, attribute_code, code, body)
    return upserted(was_created, path_of("attributes", attribute_code, "options", code))


# -- families ---------------------------------------------------------------------------------------------------


async def get_families(
    ctx: Context, search: str | None = None, page: int = 1, limit: int = 10, with_count: bool = False
) -> Json:
    items = catalog.list_families(ctx, search)
    path = path_of("families")
    return offset_page(
        items,
        page=page,
        limit=limit,
        with_count=with_count,
        path=path,
        query={"search": search},
        item_path=_by_code("families"),
    )


async def post_families(ctx: Context, body: Json) -> ConnexionResponse:
    return created(path_of("families", catalog.create_family(ctx, body)))


async def get_families__code_(ctx: Context, code: str) -> Json:
    return catalog.get_family(ctx, code)


async def patch_families__code_(ctx: Context, code: str, body: Json) -> ConnexionResponse:
    return upserted(catalog.upsert_family(ctx, code, body), path_of("families", code))


# -- products and product models --------------------------------------------------------------------------------


def _product_path(item: Json) -> str:
    return path_of("products", item["identifier"])


def _list(
    ctx: Context, found: list[Json], view: Any, *, is_product: bool, paging: dict[str, Any], query: dict[str, Any]
) -> Json:
    """A page of products or product models, by offset (the default) or by search-after cursor."""
    key, name = ("identifier", "products") if is_product else ("code", "product-models")
    item_path = _product_path if is_product else _by_code("product-models")
    present = functools.partial(products.present, ctx, view=view, is_product=is_product)
    if paging["pagination_type"] == "search_after":
        return cursor_page(
            found,
            cursor=paging["search_after"],
            limit=paging["limit"],
            key=key,
            path=path_of(name),
            query=query,
            item_path=item_path,
            present=present,
        )
    return offset_page(
        found,
        page=paging["page"],
        limit=paging["limit"],
        with_count=paging["with_count"],
        path=path_of(name),
        query=query,
        item_path=item_path,
        present=present,
        max_items=catalog_search.MAX_OFFSET_ITEMS if is_product else None,
    )


async def get_products(
    ctx: Context,
    search: str | None = None,
    scope: str | None = None,
    locales: str | None = None,
    attributes: str | None = None,
    pagination_type: str = "page",
    page: int = 1,
    search_after: str | None = None,
    limit: int = 10,
    with_count: bool = False,
    convert_measurements: bool = False,
    with_attribute_options: bool = False,
    with_asset_share_links: bool = False,
    with_quality_scores: bool = False,
    with_completenesses: bool = False,
) -> Json:
    view = products.value_view(
        ctx,
        scope,
        locales,
        attributes,
        with_attribute_options=with_attribute_options,
        with_quality_scores=with_quality_scores,
        with_completenesses=with_completenesses,
    )
    found = products.search_products(ctx, search)
    query = {
        "search": search,
        "scope": scope,
        "locales": locales,
        "attributes": attributes,
        "with_attribute_options": with_attribute_options or None,
        "with_quality_scores": with_quality_scores or None,
        "with_completenesses": with_completenesses or None,
    }
    paging = {
        "pagination_type": pagination_type,
        "page": page,
        "limit": limit,
        "with_count": with_count,
        "search_after": search_after,
    }
    return _list(ctx, found, view, is_product=True, paging=paging, query=query)


async def post_products(ctx: Context, body: Json, create_missing_options: bool = False) -> ConnexionResponse:
    return created(path_of("products", products.create_product(ctx, body, create_missing_options)))


@functools.cache
def _line_validator(schema_name: str) -> Any:
    return component_validator(load_spec(), schema_name)


def _line_check(schema_name: str) -> Callable[[Any], None]:
    """Raises, as a single PATCH would, when a line breaks the line schema (422 naming each property)."""
    return lambda entry: raise_for_shape(shape_errors(_line_validator(schema_name), entry))


def _line_results(outcomes: list[products.LineOutcome], key: str) -> ConnexionResponse:
    results = []
    for outcome in outcomes:
        named = {key: outcome.key} if outcome.key is not None else {}
        status = error_body(outcome.error) if outcome.error else {"status_code": 201 if outcome.created else 204}
        results.append({"line": outcome.line, **named, **status})
    return ndjson.response(results)


async def patch_products(ctx: Context, create_missing_options: bool = False) -> ConnexionResponse:
    lines = await ndjson.read_lines()
    outcomes = products.upsert_lines(
        ctx,
        lines,
        key="identifier",
        check_shape=_line_check("ProductBatchLine"),
        create_missing_options=create_missing_options,
    )
    return _line_results(outcomes, "identifier")


async def get_products__code_(
    ctx: Context,
    code: str,
    with_attribute_options: bool = False,
    with_asset_share_links: bool = False,
    with_quality_scores: bool = False,
    with_completenesses: bool = False,
) -> Json:
    view = products.value_view(
        ctx,
        with_attribute_options=with_attribute_options,
        with_quality_scores=with_quality_scores,
        with_completenesses=with_completenesses,
    )
    return products.present(ctx, products.get_product(ctx, code), view)


async def patch_products__code_(ctx: Context, code: str, body: Json) -> ConnexionResponse:
    return upserted(products.upsert_product(ctx, code, body), path_of("products", code))


async def delete_products__code_(ctx: Context, code: str) -> ConnexionResponse:
    products.delete_product(ctx, code)
    return ConnexionResponse(status_code=204)


async def get_product_models(
    ctx: Context,
    search: str | None = None,
    scope: str | None = None,
    locales: str | None = None,
    attributes: str | None = None,
    pagination_type: str = "page",
    page: int = 1,
    search_after: str | None = None,
    limit: int = 10,
    with_count: bool = False,
    with_attribute_options: bool = False,
    with_asset_share_links: bool = False,
    with_quality_scores: bool = False,
) -> Json:
    view = products.value_view(
        ctx,
        scope,
        locales,
        attributes,
        with_attribute_options=with_attribute_options,
        with_quality_scores=with_quality_scores,
    )
    found = products.search_product_models(ctx, search)
    query = {
        "search": search,
        "scope": scope,
        "locales": locales,
        "attributes": attributes,
        "with_attribute_options": with_attribute_options or None,
        "with_quality_scores": with_quality_scores or None,
    }
    paging = {
        "pagination_type": pagination_type,
        "page": page,
        "limit": limit,
        "with_count": with_count,
        "search_after": search_after,
    }
    return _list(ctx, found, view, is_product=False, paging=paging, query=query)


async def post_product_models(ctx: Context, body: Json) -> ConnexionResponse:
    return created(path_of("product-models", products.create_product_model(ctx, body)))


async def patch_product_models(ctx: Context) -> ConnexionResponse:
    lines = await ndjson.read_lines()
    outcomes = products.upsert_lines(ctx, lines, key="code", check_shape=_line_check("ProductModelBatchLine"))
    return _line_results(outcomes, "code")


async def get_product_models__code_(
    ctx: Context,
    code: str,
    with_attribute_options: bool = False,
    with_asset_share_links: bool = False,
    with_quality_scores: bool = False,
) -> Json:
    view = products.value_view(
        ctx, with_attribute_options=with_attribute_options, with_quality_scores=with_quality_scores
    )
    return products.present(ctx, products.get_product_model(ctx, code), view, is_product=False)


async def patch_product_models__code_(ctx: Context, code: str, body: Json) -> ConnexionResponse:
    return upserted(products.upsert_product_model(ctx, code, body), path_of("product-models", code))


async def delete_product_models__code_(ctx: Context, code: str) -> ConnexionResponse:
    products.delete_product_model(ctx, code)
    return ConnexionResponse(status_code=204)
