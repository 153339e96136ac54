"""Handlers of the catalog operations (locales, channels, categories, attribute groups, attributes and their options,
families and their variants), named after the vendor operationIds, and the offset and cursor page presenters the
product side shares (api/products.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from connexion.lifecycle import ConnexionResponse

from mock_server.api.presenters import absolute, path_of, upserted, with_self_link
from mock_server.domain import catalog_search
from mock_server.services import catalog, product_structure
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


def by_code(*segments: str) -> Callable[[Json], str]:
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
        items, page=page, limit=limit, with_count=with_count, path=path, query=query, item_path=by_code("locales")
    )


async def get_locales__code_(ctx: Context, code: str) -> Json:
    return catalog.get_locale(ctx, code)


# -- channels ---------------------------------------------------------------------------------------------------


async def get_channels(ctx: Context, page: int = 1, limit: int = 10, with_count: bool = False) -> Json:
    items = catalog.list_channels(ctx)
    path = path_of("channels")
    return offset_page(
        items, page=page, limit=limit, with_count=with_count, path=path, query={}, item_path=by_code("channels")
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
        items, page=page, limit=limit, with_count=with_count, path=path, query=query, item_path=by_code("categories")
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
        item_path=by_code("attributes"),
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
    item_path = by_code("attributes", attribute_code, "options")
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
        item_path=by_code("families"),
    )


async def post_families(ctx: Context, body: Json) -> ConnexionResponse:
    return created(path_of("families", catalog.create_family(ctx, body)))


async def get_families__code_(ctx: Context, code: str) -> Json:
    return catalog.get_family(ctx, code)


async def patch_families__code_(ctx: Context, code: str, body: Json) -> ConnexionResponse:
    return upserted(catalog.upsert_family(ctx, code, body), path_of("families", code))


# -- attribute groups -------------------------------------------------------------------------------------------


async def get_attribute_groups(
    ctx: Context, search: str | None = None, page: int = 1, limit: int = 10, with_count: bool = False
) -> Json:
    items = product_structure.list_attribute_groups(ctx, search)
    path = path_of("attribute-groups")
    return offset_page(
        items,
        page=page,
        limit=limit,
        with_count=with_count,
        path=path,
        query={"search": search},
        item_path=by_code("attribute-groups"),
    )


async def post_attribute_groups(ctx: Context, body: Json) -> ConnexionResponse:
    return created(path_of("attribute-groups", product_structure.create_attribute_group(ctx, body)))


async def get_attribute_groups__code_(ctx: Context, code: str) -> Json:
    return product_structure.get_attribute_group(ctx, code)


async def patch_attribute_groups__code_(ctx: Context, code: str, body: Json) -> ConnexionResponse:
    return upserted(product_structure.upsert_attribute_group(ctx, code, body), path_of("attribute-groups", code))


# -- family variants --------------------------------------------------------------------------------------------


async def get_families__family_code__variants(
    ctx: Context, family_code: str, page: int = 1, limit: int = 10, with_count: bool = False
) -> Json:
    items = product_structure.list_family_variants(ctx, family_code)
    path = path_of("families", family_code, "variants")
    item_path = by_code("families", family_code, "variants")
    return offset_page(items, page=page, limit=limit, with_count=with_count, path=path, query={}, item_path=item_path)


async def post_families__family_code__variants(ctx: Context, family_code: str, body: Json) -> ConnexionResponse:
    code = product_structure.create_family_variant(ctx, family_code, body)
    return created(path_of("families", family_code, "variants", code))


async def get_families__family_code__variants__code_(ctx: Context, family_code: str, code: str) -> Json:
    return product_structure.get_family_variant(ctx, family_code, code)


async def patch_families__family_code__variants__code_(
    ctx: Context, family_code: str, code: str, body: Json
) -> ConnexionResponse:
    was_created = product_structure.upsert_family_variant(ctx, family_code, code, body)
    return upserted(was_created, path_of("families", family_code, "variants", code))
