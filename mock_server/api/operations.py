"""The vendor contract's operations: one explicit table, operationId -> handler (tests/wiring holds it to the
contract's operationIds, both ways). A handler is named after its operationId and takes the request's tenant
Context first (app.py binds it: tenancy.bind)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mock_server.api import overview
from mock_server.api.asset_manager import asset_attributes, asset_families, asset_media_files, assets
from mock_server.api.catalog import products
from mock_server.api.catalog import structure as catalog

HANDLERS: dict[str, Callable[..., Any]] = {
    # api/overview.py
    "get_system_information": overview.get_system_information,
    "get_endpoints": overview.get_endpoints,
    "post_token": overview.post_token,
    # api/asset_manager/asset_families.py
    "get_asset_families": asset_families.get_asset_families,
    "get_asset_family_by_code": asset_families.get_asset_family_by_code,
    "patch_asset_family_by_code": asset_families.patch_asset_family_by_code,
    # api/asset_manager/asset_attributes.py
    "get_asset_family_attributes": asset_attributes.get_asset_family_attributes,
    "get_asset_family_attribute_by_code": asset_attributes.get_asset_family_attribute_by_code,
    "patch_asset_family_attribute_by_code": asset_attributes.patch_asset_family_attribute_by_code,
    "get_asset_family_attribute_options": asset_attributes.get_asset_family_attribute_options,
    "get_asset_family_attribute_option_by_code": asset_attributes.get_asset_family_attribute_option_by_code,
    "delete_asset_family_attribute_option_by_code": asset_attributes.delete_asset_family_attribute_option_by_code,
    "patch_asset_family_attribute_option_by_code": asset_attributes.patch_asset_family_attribute_option_by_code,
    # api/asset_manager/assets.py
    "get_assets": assets.get_assets,
    "patch_assets": assets.patch_assets,
    "get_asset_by_code": assets.get_asset_by_code,
    "delete_asset_by_code": assets.delete_asset_by_code,
    "patch_asset_by_code": assets.patch_asset_by_code,
    # api/asset_manager/asset_media_files.py
    "post_asset_media_file": asset_media_files.post_asset_media_file,
    "get_asset_media_files_by_code": asset_media_files.get_asset_media_files_by_code,
    # api/catalog/structure.py
    "get_locales": catalog.get_locales,
    "get_locales__code_": catalog.get_locales__code_,
    "get_channels": catalog.get_channels,
    "post_channels": catalog.post_channels,
    "get_channels__code_": catalog.get_channels__code_,
    "patch_channels__code_": catalog.patch_channels__code_,
    "get_categories": catalog.get_categories,
    "post_categories": catalog.post_categories,
    "get_categories__code_": catalog.get_categories__code_,
    "patch_categories__code_": catalog.patch_categories__code_,
    "get_attributes": catalog.get_attributes,
    "post_attributes": catalog.post_attributes,
    "get_attributes__code_": catalog.get_attributes__code_,
    "patch_attributes__code_": catalog.patch_attributes__code_,
    "get_attributes__attribute_code__options": catalog.get_attributes__attribute_code__options,
    "post_attributes__attribute_code__options": catalog.post_attributes__attribute_code__options,
    "get_attributes__attribute_code__options__code_": catalog.get_attributes__attribute_code__options__code_,
    "patch_attributes__attribute_code__options__code_": catalog.patch_attributes__attribute_code__options__code_,
    "get_families": catalog.get_families,
    "post_families": catalog.post_families,
    "get_families__code_": catalog.get_families__code_,
    "patch_families__code_": catalog.patch_families__code_,
    "get_attribute_groups": catalog.get_attribute_groups,
    "post_attribute_groups": catalog.post_attribute_groups,
    "get_attribute_groups__code_": catalog.get_attribute_groups__code_,
    "patch_attribute_groups__code_": catalog.patch_attribute_groups__code_,
    "get_families__family_code__variants": catalog.get_families__family_code__variants,
    "post_families__family_code__variants": catalog.post_families__family_code__variants,
    "get_families__family_code__variants__code_": catalog.get_families__family_code__variants__code_,
    "patch_families__family_code__variants__code_": catalog.patch_families__family_code__variants__code_,
    # api/catalog/products.py
    "get_products": products.get_products,
    "post_products": products.post_products,
    "patch_products": products.patch_products,
    "get_products__code_": products.get_products__code_,
    "delete_products__code_": products.delete_products__code_,
    "patch_products__code_": products.patch_products__code_,
    "get_product_models": products.get_product_models,
    "post_product_models": products.post_product_models,
    "patch_product_models": products.patch_product_models,
    "get_product_models__code_": products.get_product_models__code_,
    "delete_product_models__code_": products.delete_product_models__code_,
    "patch_product_models__code_": products.patch_product_models__code_,
}
BINARY_OPERATIONS = frozenset({"get_asset_media_files_by_code"})  # answered with the file's bytes, not JSON


def handler_for(operation_id: str) -> Callable[..., Any]:
    """The handler of the vendor operationId; LookupError when the table has none."""
    try:
        return HANDLERS[operation_id]
    except KeyError:
        raise LookupError(f"no handler for operationId {operation_id!r}") from None
