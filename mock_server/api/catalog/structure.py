"""Handlers of the catalog operations (locales, channels, categories, attribute groups, attributes and their options,
families and their variants), named after the vendor operationIds; the services cut the pages, presenters.py
writes them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion.lifecycle import ConnexionResponse

from mock_server.api.http.presenters import by_code, catalog_page, created, path_of, upserted
from mock_server.domain.pagination import OffsetPage, Page, Paging
from mock_server.services.catalog import product_structure
from mock_server.services.catalog import structure as catalog
from mock_server.services.context import Context

Json = dict[str, Any]


def listed(
    list_page: Callable[[Paging], OffsetPage | Page],
    *segments: str,
    page: int,
    limit: int,
    with_count: bool,
    query: dict[str, Any] | None = None,
) -> Json:
    """The offset page a catalog list's service cuts, its items under `segments` by code."""
    paging = Paging(page, limit)
    path, item_path = path_of(*segments), by_code(*segments)
    return catalog_page(
        list_page(paging), paging, path=path, query=query or {}, item_path=item_path, with_count=with_count
    )


# -- locales ----------------------------------------------------------------------------------------------------


async def get_locales(
    ctx: Context, search: str | None = None, page: int = 1, limit: int = 10, with_count: bool = False
) -> Json:
    return listed(
        lambda paging: catalog.list_locales(ctx, search, paging),
        "locales",
        page=page,
        limit=limit,
        with_count=with_count,
        query={"search": search},
    )


async def get_locales__code_(ctx: Context, code: str) -> Json:
    return catalog.get_locale(ctx, code)


# -- channels ---------------------------------------------------------------------------------------------------


async def get_channels(ctx: Context, page: int = 1, limit: int = 10, with_count: bool = False) -> Json:
    return listed(
        lambda paging: catalog.list_channels(ctx, paging), "channels", page=page, limit=limit, with_count=with_count
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
    return listed(
        lambda paging: catalog.list_categories(ctx, search, paging, with_position),
        "categories",
        page=page,
        limit=limit,
        with_count=with_count,
        query={"search": search, "with_position": True if with_position else None},
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
    return listed(
        lambda paging: catalog.list_attributes(ctx, search, paging),
        "attributes",
        page=page,
        limit=limit,
        with_count=with_count,
        query={"search": search},
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
    return listed(
        lambda paging: catalog.list_options(ctx, attribute_code, paging),
        *("attributes", attribute_code, "options"),
        page=page,
        limit=limit,
        with_count=with_count,
    )


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
    return listed(
        lambda paging: catalog.list_families(ctx, search, paging),
        "families",
        page=page,
        limit=limit,
        with_count=with_count,
        query={"search": search},
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
    return listed(
        lambda paging: product_structure.list_attribute_groups(ctx, search, paging),
        "attribute-groups",
        page=page,
        limit=limit,
        with_count=with_count,
        query={"search": search},
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
    return listed(
        lambda paging: product_structure.list_family_variants(ctx, family_code, paging),
        *("families", family_code, "variants"),
        page=page,
        limit=limit,
        with_count=with_count,
    )


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
