"""What the asset side uses from products (mock_server.services.catalog.products), and the fixture catalog."""

from __future__ import annotations

import pytest

from fixtures import product_catalog
from mock_server.domain.errors import NotFound, Unprocessable, ValidationFailed
from mock_server.domain.pagination import Paging
from mock_server.services.asset_manager import assets
from mock_server.services.catalog import products
from mock_server.services.catalog import structure as catalog
from mock_server.services.context import Context


def values_of(ctx: Context, identifier: str) -> dict:
    return ctx.store.catalog.products[identifier]["values"]


def test_asset_collection_attributes_of_an_asset_family(ctx: Context) -> None:
    assert [a["code"] for a in products.asset_collection_attributes(ctx, "packshots")] == [
        "model_pictures",
        "packshots",
    ]
    assert products.asset_collection_attributes(ctx, "frontview") == []


def test_assign_assets_add_appends_without_duplicates(ctx: Context) -> None:
    assert products.assign_assets(ctx, "amor", "packshots", None, None, ["amor_packshot"], "add")
    assert products.assign_assets(ctx, "amor", "packshots", None, None, ["allie_jean_packshot", "amor_packshot"], "add")
    assert values_of(ctx, "amor")["packshots"] == [
        {"locale": None, "scope": None, "data": ["amor_packshot", "allie_jean_packshot"]}
    ]
    assert not products.assign_assets(ctx, "amor", "packshots", None, None, ["amor_packshot"], "add")


def test_assign_assets_replace_sets_the_list(ctx: Context) -> None:
    products.assign_assets(ctx, "amor", "packshots", None, None, ["amor_packshot", "allie_jean_packshot"], "add")
    products.assign_assets(ctx, "amor", "packshots", None, None, ["allie_jean_packshot"], "replace")
    assert values_of(ctx, "amor")["packshots"][0]["data"] == ["allie_jean_packshot"]


def test_assign_assets_reaches_product_models_by_code(ctx: Context) -> None:
    products.assign_assets(ctx, "jack_brown", "model_pictures", "fr_FR", None, ["amor_packshot"], "replace")
    model = ctx.store.catalog.product_models["jack_brown"]
    assert model["values"]["model_pictures"] == [{"locale": "fr_FR", "scope": None, "data": ["amor_packshot"]}]


def test_assign_assets_obeys_the_value_rules(ctx: Context) -> None:
    with pytest.raises(ValidationFailed) as missing_locale:
        products.assign_assets(ctx, "amor", "model_pictures", None, None, ["amor_packshot"], "add")
    with pytest.raises(ValidationFailed) as unknown_asset:
        products.assign_assets(ctx, "amor", "packshots", None, None, ["ghost"], "add")
    assert missing_locale.value.errors[0].message == 'Attribute "model_pictures" expects a locale, none given.'
    assert unknown_asset.value.errors[0].message == 'The asset "ghost" does not exist in the asset family "packshots".'
    assert "packshots" not in values_of(ctx, "amor")


def test_assign_assets_refuses_unknown_targets_attributes_and_modes(ctx: Context) -> None:
    with pytest.raises(NotFound):
        products.assign_assets(ctx, "ghost", "packshots", None, None, ["amor_packshot"], "add")
    with pytest.raises(Unprocessable):
        products.assign_assets(ctx, "amor", "name", None, None, ["amor_packshot"], "add")
    with pytest.raises(Unprocessable):
        products.assign_assets(ctx, "amor", "packshots", None, None, ["amor_packshot"], "append")


def test_deleting_an_asset_removes_it_from_every_product_and_product_model(ctx: Context, clock) -> None:
    products.assign_assets(ctx, "amor", "packshots", None, None, ["amor_packshot", "allie_jean_packshot"], "add")
    products.assign_assets(ctx, "sku_54628", "packshots", None, None, ["amor_packshot"], "add")
    products.assign_assets(ctx, "jack_brown", "model_pictures", "en_US", None, ["amor_packshot"], "add")
    clock.advance(hours=1)
    assets.delete(ctx, "packshots", "amor_packshot")  # the delete service takes it out of the products
    assert values_of(ctx, "amor")["packshots"][0]["data"] == ["allie_jean_packshot"]
    assert "packshots" not in values_of(ctx, "sku_54628")
    assert "model_pictures" not in ctx.store.catalog.product_models["jack_brown"]["values"]
    assert ctx.store.catalog.products["amor"]["updated"] == "2026-01-01T10:00:00+00:00"
    assert products.remove_asset_from_products(ctx, "packshots", "amor_packshot") == 0


def test_asset_collection_attribute_needs_the_asset_family_to_exist_first() -> None:
    context = Context()
    product_catalog.load_structure(context)
    with pytest.raises(ValidationFailed) as caught:
        product_catalog.load_products(context)
    assert caught.value.errors[0].property == "reference_data_name"


# -- the fixture catalog ----------------------------------------------------------------------------------------


def test_fixture_locales_es_es_and_it_it_exist_but_are_not_activated(ctx: Context) -> None:
    assert {
        locale["code"]: locale["enabled"] for locale in catalog.list_locales(ctx, None, Paging(limit=100)).items
    } == {
        "de_DE": True,
        "en_US": True,
        "es_ES": False,
        "fr_FR": True,
        "it_IT": False,
    }


def test_fixture_channels_export_the_master_tree(ctx: Context) -> None:
    channels = {c["code"]: c["locales"] for c in catalog.list_channels(ctx, Paging(limit=100)).items}
    assert channels == {
        "ecommerce": ["en_US", "fr_FR", "de_DE"],
        "mobile": ["en_US", "fr_FR"],
        "print": ["en_US", "de_DE"],
    }
    assert {c["category_tree"] for c in catalog.list_channels(ctx, Paging(limit=100)).items} == {"master"}


def test_fixture_holds_the_documented_products_and_models(ctx: Context) -> None:
    stored = ctx.store.catalog
    for identifier in ("1111111195", "XMLD500", "sku_amor_red", "sku_amor_blue", "sku_54628"):
        assert identifier in stored.products
    assert stored.products["1111111195"]["parent"] == "jack_brown"
    assert stored.products["1111111195"]["family"] == "clothing"
    assert set(stored.product_models) == {"jack_brown", "product_model_bicycle_REF012345"}
    assert [p for p in stored.products.values() if not p["enabled"]] == [stored.products["sku_old_cap"]]


def test_fixture_asset_collections_name_the_docs_asset_families(ctx: Context) -> None:
    references = {
        a["code"]: a["reference_data_name"]
        for a in ctx.store.catalog.attributes.values()
        if a["type"] == "pim_catalog_asset_collection"
    }
    assert references == {
        "model_pictures": "packshots",
        "packshots": "packshots",
        "pictures": "model_pictures",
        "user_instructions": "user_instructions",
        "ambient_image": "ambient_images",
    }
    assert ctx.store.catalog.attributes["user_instructions"]["localizable"] is True
