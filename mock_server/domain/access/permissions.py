"""The vendor's API permissions (ACLs), which one each operation needs, and the 403 a user without it gets.

Facts from akeneo/pim-community-dev (openapi/ERRATA.md names each file):
- every /api/ route but the root listing and the token endpoint needs `pim_api_overall_access` (the firewall's
  access_control), refused with "You are not allowed to access the web API." (ApiBundle/Security/AccessDeniedHandler);
- then each controller checks its own ACL first, before it reads the body or looks anything up, and answers
  "Access forbidden. You are not allowed to <list|create or update|delete> <resources>.".
"""

from __future__ import annotations

from dataclasses import dataclass

from mock_server.domain.errors import Forbidden

OVERALL_ACCESS = "pim_api_overall_access"
NO_API_ACCESS = "You are not allowed to access the web API."

# Every API ACL of the vendor (ApiBundle/Resources/config/acl.yml and the Asset Manager's), so that a role copied from
# a PIM loads as is; currency and association type ACLs guard operations the mock does not serve.
PERMISSIONS: tuple[str, ...] = (
    OVERALL_ACCESS,
    "pim_api_asset_family_list",
    "pim_api_asset_family_edit",
    "pim_api_asset_list",
    "pim_api_asset_edit",
    "pim_api_asset_remove",
    "pim_api_attribute_list",
    "pim_api_attribute_edit",
    "pim_api_attribute_option_list",
    "pim_api_attribute_option_edit",
    "pim_api_attribute_group_list",
    "pim_api_attribute_group_edit",
    "pim_api_category_list",
    "pim_api_category_edit",
    "pim_api_channel_list",
    "pim_api_channel_edit",
    "pim_api_locale_list",
    "pim_api_family_list",
    "pim_api_family_edit",
    "pim_api_family_variant_list",
    "pim_api_family_variant_edit",
    "pim_api_currency_list",
    "pim_api_association_type_list",
    "pim_api_association_type_edit",
    "pim_api_product_list",
    "pim_api_product_edit",
    "pim_api_product_remove",
)
ALL_PERMISSIONS = frozenset(PERMISSIONS)


@dataclass(frozen=True)
class Requirement:
    """The ACL an operation checks first, and the vendor's 403 text without it."""

    permission: str
    message: str


# ACL-MESSAGES: the 403 texts (and NO_API_ACCESS above)
def _acl(permission: str, action: str, resources: str) -> Requirement:
    return Requirement(permission, f"Access forbidden. You are not allowed to {action} {resources}.")


# The Asset Manager's connector actions name their ACL and text in denyAccessUnlessAclIsGranted(); the catalog's
# controllers go through the AccessDeniedHandler, whose text is the HTTP verb's action and the controller's resource.
_FAMILY_LIST = _acl("pim_api_asset_family_list", "list", "asset families")
_FAMILY_EDIT = _acl("pim_api_asset_family_edit", "create or update", "asset families")
_ASSET_LIST = _acl("pim_api_asset_list", "list", "assets")
_ASSET_EDIT = _acl("pim_api_asset_edit", "create or update", "assets")
_ASSET_REMOVE = _acl("pim_api_asset_remove", "delete", "assets")
_PRODUCT_LIST = _acl("pim_api_product_list", "list", "products")
_PRODUCT_EDIT = _acl("pim_api_product_edit", "create or update", "products")
_PRODUCT_REMOVE = _acl("pim_api_product_remove", "delete", "products")


def _catalog(resource: str, resources: str, *operations: tuple[str, str]) -> dict[str, Requirement]:
    """The catalog side: `<resource>_list` guards the reads, `<resource>_edit` the writes."""
    return {
        operation_id: _acl(f"pim_api_{resource}_{kind}", "list" if kind == "list" else "create or update", resources)
        for operation_id, kind in operations
    }


# ACL-REQUIRED: operationId -> the ACL its controller checks. Operations absent here (the system information) need
# only the overall access; the root listing and the token endpoint need no token at all.
OPERATION_REQUIREMENTS: dict[str, Requirement] = {
    "get_asset_families": _FAMILY_LIST,
    "get_asset_family_by_code": _FAMILY_LIST,
    "patch_asset_family_by_code": _FAMILY_EDIT,
    "get_asset_family_attributes": _FAMILY_LIST,
    "get_asset_family_attribute_by_code": _FAMILY_LIST,
    "patch_asset_family_attribute_by_code": _FAMILY_EDIT,
    "get_asset_family_attribute_options": _FAMILY_LIST,
    "get_asset_family_attribute_option_by_code": _FAMILY_LIST,
    "patch_asset_family_attribute_option_by_code": _FAMILY_EDIT,
    "delete_asset_family_attribute_option_by_code": _FAMILY_EDIT,  # no vendor action to read: the family's edit ACL
    "get_assets": _ASSET_LIST,
    "patch_assets": _ASSET_EDIT,
    "get_asset_by_code": _ASSET_LIST,
    "patch_asset_by_code": _ASSET_EDIT,
    "delete_asset_by_code": _ASSET_REMOVE,
    "post_asset_media_file": _ASSET_EDIT,  # UploadMediaFileAction checks the assets' edit ACL
    "get_asset_media_files_by_code": _ASSET_LIST,
    **_catalog("locale", "locales", ("get_locales", "list"), ("get_locales__code_", "list")),
    **_catalog(
        "channel",
        "channels",
        ("get_channels", "list"),
        ("get_channels__code_", "list"),
        ("post_channels", "edit"),
        ("patch_channels__code_", "edit"),
    ),
    **_catalog(
        "category",
        "categories",
        ("get_categories", "list"),
        ("get_categories__code_", "list"),
        ("post_categories", "edit"),
        ("patch_categories__code_", "edit"),
    ),
    **_catalog(
        "attribute_group",
        "attribute groups",
        ("get_attribute_groups", "list"),
        ("get_attribute_groups__code_", "list"),
        ("post_attribute_groups", "edit"),
        ("patch_attribute_groups__code_", "edit"),
    ),
    **_catalog(
        "attribute",
        "attributes",
        ("get_attributes", "list"),
        ("get_attributes__code_", "list"),
        ("post_attributes", "edit"),
        ("patch_attributes__code_", "edit"),
    ),
    **_catalog(
        "attribute_option",
        "attribute options",
        ("get_attributes__attribute_code__options", "list"),
        ("get_attributes__attribute_code__options__code_", "list"),
        ("post_attributes__attribute_code__options", "edit"),
        ("patch_attributes__attribute_code__options__code_", "edit"),
    ),
    **_catalog(
        "family",
        "families",
        ("get_families", "list"),
        ("get_families__code_", "list"),
        ("post_families", "edit"),
        ("patch_families__code_", "edit"),
    ),
    **_catalog(
        "family_variant",
        "family variants",
        ("get_families__family_code__variants", "list"),
        ("get_families__family_code__variants__code_", "list"),
        ("post_families__family_code__variants", "edit"),
        ("patch_families__family_code__variants__code_", "edit"),
    ),
    # Product models are guarded by the products' ACLs and texts (ProductModelController).
    "get_products": _PRODUCT_LIST,
    "get_products__code_": _PRODUCT_LIST,
    "post_products": _PRODUCT_EDIT,
    "patch_products": _PRODUCT_EDIT,
    "patch_products__code_": _PRODUCT_EDIT,
    "delete_products__code_": _PRODUCT_REMOVE,
    "get_product_models": _PRODUCT_LIST,
    "get_product_models__code_": _PRODUCT_LIST,
    "post_product_models": _PRODUCT_EDIT,
    "patch_product_models": _PRODUCT_EDIT,
    "patch_product_models__code_": _PRODUCT_EDIT,
    "delete_product_models__code_": _PRODUCT_REMOVE,
}


def unknown_permissions(names: list[str]) -> list[str]:
    """The names that are not the vendor's API ACLs, in the order given."""
    return [name for name in names if name not in ALL_PERMISSIONS]


def check(granted: frozenset[str], operation_id: str | None) -> None:
    """Forbidden unless `granted` allows the operation: the API access first (ACL-API-ACCESS), then the operation's
    ACL (ACL-REQUIRED). Called before anything else reads the request (ACL-BEFORE-VALIDATION)."""
    if OVERALL_ACCESS not in granted:
        raise Forbidden(NO_API_ACCESS)
    requirement = OPERATION_REQUIREMENTS.get(operation_id or "")
    if requirement is not None and requirement.permission not in granted:
        raise Forbidden(requirement.message)
