"""The `search` filters (mock_server.domain.catalog.search) and the paginations (domain.pagination) of product-side
lists, run over the
fixture catalog through the services."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.domain import pagination
from mock_server.domain.catalog import product_search
from mock_server.domain.catalog import search as catalog_search
from mock_server.domain.errors import BadRequest, Unprocessable
from mock_server.domain.pagination import Paging
from mock_server.services.catalog import products
from mock_server.services.catalog import structure as catalog
from mock_server.services.context import Context


def identifiers(ctx: Context, search: dict[str, Any]) -> list[str]:
    import json

    return [p["identifier"] for p in products.search_products(ctx, json.dumps(search))]


def one(field: str, operator: str, value: Any = None, **extra: Any) -> dict[str, Any]:
    condition = {"operator": operator, **({"value": value} if value is not None else {}), **extra}
    return {field: [condition]}


# -- pagination -------------------------------------------------------------------------------------------------

EVERY = Paging(limit=100)  # a catalog list's first page holds every item of the fixture catalog
ITEMS = [{"code": f"c{n:02d}"} for n in range(25)]


def test_limit_above_100_is_refused() -> None:
    with pytest.raises(Unprocessable) as caught:
        pagination.offset_page(ITEMS, 1, 101)
    assert caught.value.message == "You cannot request more than 100 items."


def test_offset_page_cuts_the_list_and_knows_whether_more_follow() -> None:
    first, last = pagination.offset_page(ITEMS, 1, 10), pagination.offset_page(ITEMS, 3, 10)
    assert [i["code"] for i in first.items][:2] == ["c00", "c01"] and first.has_next and first.total == 25
    assert len(last.items) == 5 and not last.has_next


def test_offset_pagination_stops_at_10000_products() -> None:
    with pytest.raises(Unprocessable) as caught:
        pagination.offset_page([], 101, 100, max_items=10_000)
    assert caught.value.message.startswith("You have reached the maximum number of pages")


def test_search_after_walks_every_item_once() -> None:
    seen, cursor = [], None
    while True:
        page = pagination.opaque_cursor_page(ITEMS, cursor, 10, "code")
        seen += [i["code"] for i in page.items]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert seen == [i["code"] for i in ITEMS]


# -- parsing ----------------------------------------------------------------------------------------------------


def test_search_that_is_not_json_is_unprocessable() -> None:
    with pytest.raises(Unprocessable, match="Search query parameter should be valid JSON"):
        catalog_search.decode_search("{enabled:")


@pytest.mark.parametrize("raw", ["{enabled:", "", '"text"', "42", "null", "[" * 513 + "]" * 513])
def test_product_search_not_json_by_controller(raw: str) -> None:
    """PRODUCT-SEARCH-NOT-JSON: ProductController's 400, ProductModelController's 422, one message."""
    with pytest.raises(BadRequest, match=r"^Search query parameter should be valid JSON\.$"):
        product_search.decode_product_search(raw, "identifier")
    with pytest.raises(Unprocessable, match=r"^Search query parameter should be valid JSON\.$"):
        product_search.decode_product_search(raw, "code")


def test_search_deep_nesting_is_refused_not_crashed() -> None:
    """PRODUCT-SEARCH-DEEP-NESTING: the vendor's decoder stops at 512 levels; Python's own gives up near 1,000."""
    for depth in (513, 1000, 100_000):
        with pytest.raises(Unprocessable, match="Search query parameter should be valid JSON"):
            catalog_search.decode_search('{"code":[{"operator":"IN","value":' + "[" * depth + "]" * depth + "}]}")
    assert catalog_search.decode_search('{"code":[{"operator":"IN","value":' + "[" * 500 + "]" * 500 + "}]}")


@pytest.mark.parametrize(
    "raw",
    ['["enabled"]', '{"enabled": {"operator": "="}}', '{"enabled": []}', '{"enabled": [{"value": true}]}'],
)
def test_malformed_search_is_refused(raw: str) -> None:
    with pytest.raises(Unprocessable):
        catalog_search.decode_search(raw)


def test_unsupported_filter_or_operator_is_refused() -> None:
    with pytest.raises(Unprocessable) as caught:
        catalog_search.locale_filters('{"code":[{"operator":"IN","value":["en_US"]}]}')
    assert caught.value.message == 'Filter on property "code" is not supported or does not support operator "IN".'


# -- catalog lists ----------------------------------------------------------------------------------------------


def test_locales_filter_on_enabled(ctx: Context) -> None:
    enabled = catalog.list_locales(ctx, '{"enabled":[{"operator":"=","value":true}]}', EVERY).items
    disabled = catalog.list_locales(ctx, '{"enabled":[{"operator":"=","value":false}]}', EVERY).items
    assert [locale["code"] for locale in enabled] == ["de_DE", "en_US", "fr_FR"]
    assert [locale["code"] for locale in disabled] == ["es_ES", "it_IT"]


def test_categories_filter_on_root_parent_and_code(ctx: Context) -> None:
    roots = catalog.list_categories(ctx, '{"is_root":[{"operator":"=","value":true}]}', EVERY).items
    children = catalog.list_categories(ctx, '{"parent":[{"operator":"=","value":"women"}]}', EVERY).items
    chosen = catalog.list_categories(ctx, '{"code":[{"operator":"IN","value":["tshirts","men"]}]}', EVERY).items
    assert [c["code"] for c in roots] == ["master", "suppliers"]
    assert [c["code"] for c in children] == ["women_clothes"]
    assert [c["code"] for c in chosen] == ["men", "tshirts"]


def test_attributes_filter_on_type(ctx: Context) -> None:
    found = catalog.list_attributes(
        ctx, '{"type":[{"operator":"IN","value":["pim_catalog_asset_collection"]}]}', EVERY
    ).items
    assert [a["code"] for a in found] == [
        "ambient_image",
        "model_pictures",
        "packshots",
        "pictures",
        "user_instructions",
    ]


def test_attributes_and_families_filter_on_updated(ctx: Context, clock: Any) -> None:
    clock.advance(days=1)
    catalog.upsert_family(ctx, "tvs", {"labels": {"en_US": "Televisions"}})
    catalog.upsert_attribute(ctx, "name", {"sort_order": 3})
    after = '{"updated":[{"operator":">","value":"2026-01-01T12:00:00Z"}]}'
    assert [f["code"] for f in catalog.list_families(ctx, after, EVERY).items] == ["tvs"]
    assert [a["code"] for a in catalog.list_attributes(ctx, after, EVERY).items] == ["name"]


def test_families_filter_on_having_products(ctx: Context) -> None:
    catalog.upsert_family(ctx, "empty", {"attribute_as_label": "sku"})
    found = catalog.list_families(ctx, '{"has_products":[{"operator":"=","value":false}]}', EVERY).items
    assert [f["code"] for f in found] == ["empty"]


# -- products ---------------------------------------------------------------------------------------------------


def test_products_filter_on_identifier(ctx: Context) -> None:
    assert identifiers(ctx, one("identifier", "IN", ["XMLD500", "amor"])) == ["amor", "XMLD500"]
    assert identifiers(ctx, one("sku", "=", "sku_54628")) == ["sku_54628"]
    assert identifiers(ctx, one("identifier", "STARTS WITH", "sku_amor")) == ["sku_amor_blue", "sku_amor_red"]


def test_products_filter_on_family(ctx: Context) -> None:
    assert identifiers(ctx, one("family", "IN", ["tvs"])) == ["XMLD500"]
    assert "XMLD500" not in identifiers(ctx, one("family", "NOT IN", ["tvs"]))


def test_products_filter_on_categories(ctx: Context) -> None:
    assert identifiers(ctx, one("categories", "IN", ["bohemian_style"])) == ["allie_jean", "sku_boho_dress"]
    assert identifiers(ctx, one("categories", "UNCLASSIFIED")) == ["sku_unclassified_mug"]
    in_women = identifiers(ctx, one("categories", "IN CHILDREN", ["women"]))
    assert in_women == ["allie_jean", "amor", "sku_amor_red", "sku_boho_dress"]
    assert not set(in_women) & set(identifiers(ctx, one("categories", "NOT IN CHILDREN", ["women"])))


def test_variant_products_are_found_by_the_categories_of_their_model(ctx: Context) -> None:
    assert "1111111195" in identifiers(ctx, one("categories", "IN", ["tshirts"]))


def test_products_filter_on_enabled(ctx: Context) -> None:
    assert identifiers(ctx, one("enabled", "=", False)) == ["sku_old_cap"]
    assert identifiers(ctx, one("enabled", "=", "false")) == ["sku_old_cap"]  # the link rules' string form


def test_products_filter_on_parent(ctx: Context) -> None:
    assert identifiers(ctx, one("parent", "=", "jack_brown")) == ["1111111195"]
    assert identifiers(ctx, one("parent", "IN", ["product_model_bicycle_REF012345"])) == ["sku_bicycle_REF012345_M"]
    assert len(identifiers(ctx, one("parent", "EMPTY"))) == len(ctx.store.catalog.products) - 2


def test_products_filter_on_text_values(ctx: Context) -> None:
    assert identifiers(ctx, one("name", "=", "amor", locale="en_US")) == ["amor"]
    assert identifiers(ctx, one("name", "CONTAINS", "jacket", locale="en_US")) == [
        "1111111195",
        "sku_amor_blue",
        "sku_amor_red",
    ]
    assert identifiers(ctx, one("name", "STARTS WITH", "Veste", locale="fr_FR")) == [
        "1111111195",
        "sku_amor_blue",
        "sku_amor_red",
    ]


def test_products_filter_on_option_values(ctx: Context) -> None:
    assert identifiers(ctx, one("range_style", "IN", ["bohemian_chic"])) == ["allie_jean", "sku_boho_dress"]


def test_products_filter_combines_conditions(ctx: Context) -> None:
    search = {**one("categories", "IN", ["men_clothes"]), **one("main_color", "IN", ["blue"])}
    assert identifiers(ctx, search) == ["sku_54628", "sku_amor_blue"]


def test_product_filter_on_an_unknown_field_is_refused(ctx: Context) -> None:
    with pytest.raises(Unprocessable):
        identifiers(ctx, one("colour", "=", "red"))


def test_product_filter_value_of_the_wrong_shape_is_refused(ctx: Context) -> None:
    with pytest.raises(Unprocessable):
        identifiers(ctx, one("family", "IN", "tvs"))


def test_product_models_are_searched_by_code_as_identifier(ctx: Context) -> None:
    found = products.search_product_models(ctx, '{"identifier":[{"operator":"=","value":"jack_brown"}]}')
    assert [m["code"] for m in found] == ["jack_brown"]
    with pytest.raises(Unprocessable):
        products.search_product_models(ctx, '{"enabled":[{"operator":"=","value":true}]}')
