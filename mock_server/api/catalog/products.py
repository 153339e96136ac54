"""Handlers of the product and product model operations (single, list, NDJSON batch), named after the vendor
operationIds; the services cut the pages, presenters.py writes them as the rest of the catalog's."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from connexion.lifecycle import ConnexionResponse

from mock_server.api.http import ndjson
from mock_server.api.http.errors import error_body
from mock_server.api.http.presenters import by_code, catalog_page, created, path_of, upserted
from mock_server.api.http.validation import component_validator, raise_for_shape, shape_errors
from mock_server.app_spec import load_spec
from mock_server.domain.pagination import OffsetPage, Page, Paging
from mock_server.services.catalog import products
from mock_server.services.context import Context
from mock_server.services.pattern_matching import settled

Json = dict[str, Any]


def _product_path(item: Json) -> str:
    return path_of("products", item["identifier"])


_model_path = by_code("product-models")


def _page(
    ctx: Context,
    cut: OffsetPage | Page,
    paging: Paging,
    *,
    is_product: bool,
    filters: dict[str, str | None],
    enrichments: dict[str, bool],
    with_count: bool,
) -> Json:
    """A page of products or product models, by offset (the default) or by search-after cursor.

    `filters` (search, scope, locales, attributes) and the `enrichments` asked for go into the page's links."""
    view = products.value_view(ctx, filters["scope"], filters["locales"], filters["attributes"], **enrichments)
    query = {**filters, **{name: True for name, wanted in enrichments.items() if wanted}}
    path, item_path = (path_of("products"), _product_path) if is_product else (path_of("product-models"), _model_path)
    present = functools.partial(products.present, ctx, view=view, is_product=is_product)
    return catalog_page(
        cut, paging, path=path, query=query, item_path=item_path, present=present, with_count=with_count
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
    paging = _paging(pagination_type, page, limit, search_after)
    return _page(
        ctx,
        products.list_products(ctx, search, paging),
        paging,
        is_product=True,
        filters={"search": search, "scope": scope, "locales": locales, "attributes": attributes},
        enrichments={
            "with_attribute_options": with_attribute_options,
            "with_quality_scores": with_quality_scores,
            "with_completenesses": with_completenesses,
        },
        with_count=with_count,
    )


def _paging(pagination_type: str, page: int, limit: int, search_after: str | None) -> Paging:
    return Paging(page, limit, by_cursor=pagination_type == "search_after", search_after=search_after)


async def post_products(ctx: Context, body: Json, create_missing_options: bool = False) -> ConnexionResponse:
    identifier = await settled(ctx.settings, lambda: products.create_product(ctx, body, create_missing_options))
    return created(path_of("products", identifier))


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
    outcomes = await products.upsert_lines(
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
    is_new = await settled(ctx.settings, lambda: products.upsert_product(ctx, code, body))
    return upserted(is_new, path_of("products", code))


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
    paging = _paging(pagination_type, page, limit, search_after)
    return _page(
        ctx,
        products.list_product_models(ctx, search, paging),
        paging,
        is_product=False,
        filters={"search": search, "scope": scope, "locales": locales, "attributes": attributes},
        enrichments={"with_attribute_options": with_attribute_options, "with_quality_scores": with_quality_scores},
        with_count=with_count,
    )


async def post_product_models(ctx: Context, body: Json) -> ConnexionResponse:
    code = await settled(ctx.settings, lambda: products.create_product_model(ctx, body))
    return created(path_of("product-models", code))


async def patch_product_models(ctx: Context) -> ConnexionResponse:
    lines = await ndjson.read_lines()
    outcomes = await products.upsert_lines(ctx, lines, key="code", check_shape=_line_check("ProductModelBatchLine"))
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
    is_new = await settled(ctx.settings, lambda: products.upsert_product_model(ctx, code, body))
    return upserted(is_new, path_of("product-models", code))


async def delete_product_models__code_(ctx: Context, code: str) -> ConnexionResponse:
    products.delete_product_model(ctx, code)
    return ConnexionResponse(status_code=204)
