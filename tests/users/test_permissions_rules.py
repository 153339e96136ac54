"""The permission rules on their own (domain/access/permissions.py, domain/access/api_users.py): which ACL each operation of the
contract needs, the vendor's texts, and the shape of a user."""

from __future__ import annotations

import pytest
import yaml

from mock_server.api.control import plane as control
from mock_server.app_spec import SPEC_PATH
from mock_server.domain.access.api_users import ApiUser, user_errors, user_from
from mock_server.domain.access.permissions import (
    ALL_PERMISSIONS,
    NO_API_ACCESS,
    OPERATION_REQUIREMENTS,
    OVERALL_ACCESS,
    PERMISSIONS,
    check,
)
from mock_server.domain.errors import Forbidden

SPEC = yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))
OPERATIONS = {op["operationId"]: op for item in SPEC["paths"].values() for op in item.values() if isinstance(op, dict)}
NEEDS_TOKEN = {op_id for op_id, op in OPERATIONS.items() if op.get("security") != [] and op_id != "post_token"}


def test_acl_required_every_operation_but_the_system_information_names_its_acl() -> None:
    # ACL-REQUIRED: the map covers the contract's operations exactly (a new operation must say what guards it).
    assert set(OPERATION_REQUIREMENTS) == NEEDS_TOKEN - {"get_system_information"}
    assert {r.permission for r in OPERATION_REQUIREMENTS.values()} <= ALL_PERMISSIONS


def test_acl_required_every_operation_that_needs_a_token_documents_the_403() -> None:
    missing = sorted(op_id for op_id in NEEDS_TOKEN if "403" not in OPERATIONS[op_id]["responses"])
    assert missing == []


@pytest.mark.parametrize(
    ("operation_id", "permission", "message"),
    [
        ("get_asset_families", "pim_api_asset_family_list", "list asset families"),
        ("get_asset_family_attribute_options", "pim_api_asset_family_list", "list asset families"),
        ("patch_asset_family_attribute_by_code", "pim_api_asset_family_edit", "create or update asset families"),
        ("get_assets", "pim_api_asset_list", "list assets"),
        ("get_asset_media_files_by_code", "pim_api_asset_list", "list assets"),
        ("patch_assets", "pim_api_asset_edit", "create or update assets"),
        ("post_asset_media_file", "pim_api_asset_edit", "create or update assets"),
        ("delete_asset_by_code", "pim_api_asset_remove", "delete assets"),
        ("get_locales", "pim_api_locale_list", "list locales"),
        ("post_categories", "pim_api_category_edit", "create or update categories"),
        ("get_attributes__attribute_code__options", "pim_api_attribute_option_list", "list attribute options"),
        (
            "patch_families__family_code__variants__code_",
            "pim_api_family_variant_edit",
            "create or update family variants",
        ),
        ("get_attribute_groups", "pim_api_attribute_group_list", "list attribute groups"),
        ("patch_product_models", "pim_api_product_edit", "create or update products"),
        ("delete_product_models__code_", "pim_api_product_remove", "delete products"),
    ],
)
def test_acl_messages_name_the_action_and_the_resources_as_the_vendor_does(
    operation_id: str, permission: str, message: str
) -> None:
    # ACL-MESSAGES: the connector actions' texts, and the AccessDeniedHandler's for the catalog's controllers.
    requirement = OPERATION_REQUIREMENTS[operation_id]
    assert requirement.permission == permission
    assert requirement.message == f"Access forbidden. You are not allowed to {message}."


def test_acl_api_access_comes_before_the_operations_acl() -> None:
    with pytest.raises(Forbidden) as refused:
        check(frozenset({"pim_api_asset_list"}), "get_assets")  # ACL-API-ACCESS: the ACL alone is not enough
    assert (refused.value.status, refused.value.message) == (403, NO_API_ACCESS)
    with pytest.raises(Forbidden) as refused:
        check(frozenset(), "get_system_information")
    assert refused.value.message == NO_API_ACCESS


def test_acl_required_the_operations_acl_is_needed_beside_the_api_access() -> None:
    with pytest.raises(Forbidden) as refused:
        check(frozenset({OVERALL_ACCESS, "pim_api_asset_edit", "pim_api_asset_list"}), "delete_asset_by_code")
    assert refused.value.message == "Access forbidden. You are not allowed to delete assets."
    check(frozenset({OVERALL_ACCESS, "pim_api_asset_remove"}), "delete_asset_by_code")
    check(frozenset({OVERALL_ACCESS}), "get_system_information")  # the API access alone opens it
    check(ALL_PERMISSIONS, "patch_products")


def test_users_shape_the_contract_enum_is_the_vendors_permission_list() -> None:
    schema = control.load_control_spec()["components"]["schemas"]["Permission"]
    assert schema["enum"] == list(PERMISSIONS)


def test_users_shape_accepts_a_user_and_keeps_its_permissions() -> None:
    body = {"username": "reader", "password": "pw", "permissions": ["pim_api_asset_list", OVERALL_ACCESS]}
    assert user_errors(body) == []
    user = user_from(body)
    assert user == ApiUser("reader", "pw", frozenset({"pim_api_asset_list", OVERALL_ACCESS}))
    assert user.public() == {"username": "reader", "permissions": [OVERALL_ACCESS, "pim_api_asset_list"]}
    assert "pw" not in repr(user)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ([], [("", 'A user must be an object with "username", "password" and "permissions".')]),
        (
            {"password": "pw", "permissions": []},
            [("username", 'Property "username" is required.')],
        ),
        (
            {"username": "", "password": 3, "permissions": []},
            [
                ("username", 'Property "username" must be a non-empty string.'),
                ("password", 'Property "password" must be a non-empty string.'),
            ],
        ),
        (
            {"username": "u", "password": "pw", "permissions": "pim_api_asset_list"},
            [("permissions", 'Property "permissions" must be a list of permission names.')],
        ),
        (
            {"username": "u", "password": "pw", "permissions": [OVERALL_ACCESS, "pim_api_asset_delete"]},
            [("permissions[1]", 'The permission "pim_api_asset_delete" does not exist.')],
        ),
        (
            {"username": "u", "password": "pw", "permission": []},
            [
                ("permission", 'Property "permission" is not allowed.'),
                ("permissions", 'Property "permissions" is required.'),
            ],
        ),
    ],
)
def test_users_shape_refuses_what_is_not_a_user(body: object, expected: list[tuple[str, str]]) -> None:
    assert [(e.property, e.message) for e in user_errors(body)] == expected
