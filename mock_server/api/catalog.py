"""Handlers of the catalog operations (locales, channels, categories, attribute groups, attributes and their options,
families and their variants), named after the vendor operationIds; the services cut the pages, presenters.py
writes them."""

from __future__ import annotations

from typing import Any

from connexion.lifecycle import ConnexionResponse

from mock_server.api.presenters import by_code, catalog_page, created, path_of, upserted
from mock_server.domain.pagination import Paging
from mock_server.services import catalog, product_structure
from mock_server.services.context import Context

Json = dict[str, Any]


# -- locales ----------------------------------------------------------------------------------------------------


async def get_locales(
    ctx: Context, search: str | None = None, page: int = 1, limit: int = 10, with_count: bool = False
) -> Json:
    paging = Paging(page, limit)
    cut = catalog.list_locales(ctx, search, paging)
    path, query = path_of("locales"), {"search": search}
    return catalog_page(cut, paging, path=path, query=query, item_path=by_code("locales"), with_count=with_count)


async def get_locales__code_(ctx: Context, code: str) -> Json:
    return catalog.get_locale(ctx, code)


# -- channels ---------------------------------------------------------------------------------------------------


async def get_channels(ctx: Context, page: int = 1, limit: int = 10, with_count: bool = False) -> Json:
    paging = Paging(page, limit)
    cut = catalog.list_channels(ctx, paging)
    path = path_of("channels")
    return catalog_page(cut, paging, path=path, query={}, item_path=by_code("channels"), with_count=with_count)


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
    paging = Paging(page, limit)
    cut = catalog.list_categories(ctx, search, paging, with_position)
    query = {"search": search, "with_position": True if with_position else None}
    path = path_of("categories")
    return catalog_page(cut, paging, path=path, query=query, item_path=by_code("categories"), with_count=with_count)


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
    paging = Paging(page, limit)
    cut = catalog.list_attributes(ctx, search, paging)
    path, query = path_of("attributes"), {"search": search}
    return catalog_page(cut, paging, path=path, query=query, item_path=by_code("attributes"), with_count=with_count)


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
    paging = Paging(page, limit)
    cut = catalog.list_options(ctx, attribute_code, paging)
    path = path_of("attributes", attribute_code, "options")
    item_path = by_code("attributes", attribute_code, "options")
    return catalog_page(cut, paging, path=path, query={}, item_path=item_path, with_count=with_count)


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
    paging = Paging(page, limit)
    cut = catalog.list_families(ctx, search, paging)
    path, query = path_of("families"), {"search": search}
    return catalog_page(cut, paging, path=path, query=query, item_path=by_code("families"), with_count=with_count)


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
    paging = Paging(page, limit)
    cut = product_structure.list_attribute_groups(ctx, search, paging)
    path, query = path_of("attribute-groups"), {"search": search}
    return catalog_page(
        cut, paging, path=path, query=query, item_path=by_code("attribute-groups"), with_count=with_count
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
    paging = Paging(page, limit)
    cut = product_structure.list_family_variants(ctx, family_code, paging)
    path = path_of("families", family_code, "variants")
    item_path = by_code("families", family_code, "variants")
    return catalog_page(cut, paging, path=path, query={}, item_path=item_path, with_count=with_count)


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
