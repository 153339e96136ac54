"""Through the app in-process: each operation answers the vendor's 403 to a user without its ACL, before anything
else reads the request, and leaves the store unchanged; the default admin keeps every permission."""

from __future__ import annotations

import io
from typing import Any

from starlette.testclient import TestClient

from tests.support import FAMILIES, MEDIA
from tests.users.conftest import READER, as_admin, as_user, forbidden

ASSET = f"{FAMILIES}/packshots/assets/amor_packshot"
NO_API_ACCESS = "You are not allowed to access the web API."


def test_acl_required_a_reader_lists_but_cannot_patch_an_asset(client: TestClient, app: Any) -> None:
    reader = as_user(client, "reader", READER)
    assert client.get(f"{FAMILIES}/packshots/assets", headers=reader).status_code == 200
    assert client.get(ASSET, headers=reader).status_code == 200
    before = app.mock_context.store.snapshot().assets
    refused = client.patch(ASSET, json={"values": {}}, headers=reader)
    forbidden(refused, "Access forbidden. You are not allowed to create or update assets.")
    assert app.mock_context.store.assets == before  # nothing written


def test_acl_required_a_user_without_asset_removal_cannot_delete(client: TestClient, app: Any) -> None:
    editor = as_user(client, "editor", [*READER, "pim_api_asset_edit"])
    forbidden(client.delete(ASSET, headers=editor), "Access forbidden. You are not allowed to delete assets.")
    assert "amor_packshot" in app.mock_context.store.assets["packshots"]
    remover = as_user(client, "remover", ["pim_api_overall_access", "pim_api_asset_remove"])
    assert client.delete(ASSET, headers=remover).status_code == 204


def test_acl_required_family_structure_writes_need_the_family_edit_acl(client: TestClient, app: Any) -> None:
    reader = as_user(client, "reader", READER)
    message = "Access forbidden. You are not allowed to create or update asset families."
    before = app.mock_context.store.snapshot()
    forbidden(client.patch(f"{FAMILIES}/packshots", json={"labels": {"en_US": "x"}}, headers=reader), message)
    forbidden(
        client.patch(f"{FAMILIES}/packshots/attributes/brand_new", json={"type": "text"}, headers=reader), message
    )
    forbidden(client.patch(f"{FAMILIES}/brand_new", json={}, headers=reader), message)
    assert app.mock_context.store.asset_families == before.asset_families
    assert app.mock_context.store.asset_attributes == before.asset_attributes


def test_acl_required_families_read_need_the_family_list_acl(client: TestClient) -> None:
    assets_only = as_user(client, "assets_only", ["pim_api_overall_access", "pim_api_asset_list"])
    message = "Access forbidden. You are not allowed to list asset families."
    forbidden(client.get(FAMILIES, headers=assets_only), message)
    forbidden(client.get(f"{FAMILIES}/packshots/attributes", headers=assets_only), message)
    assert client.get(f"{FAMILIES}/packshots/assets", headers=assets_only).status_code == 200


def test_acl_required_media_files_follow_the_assets_acls(client: TestClient, app: Any) -> None:
    families_only = as_user(client, "families_only", ["pim_api_overall_access", "pim_api_asset_family_list"])
    code = next(iter(app.mock_context.store.media_files))
    forbidden(
        client.get(f"{MEDIA}/{code}", headers=families_only), "Access forbidden. You are not allowed to list assets."
    )
    files = {"file": ("x.png", io.BytesIO(b"\x89PNG\r\n\x1a\n"), "image/png")}
    before = set(app.mock_context.store.media_files)
    upload = client.post(MEDIA, files=files, headers=families_only)
    forbidden(upload, "Access forbidden. You are not allowed to create or update assets.")
    assert set(app.mock_context.store.media_files) == before


def test_acl_before_validation_the_403_comes_before_400_404_and_422(client: TestClient) -> None:
    reader = as_user(client, "reader", READER)
    message = "Access forbidden. You are not allowed to create or update assets."
    json_headers = {**reader, "Content-Type": "application/json"}
    forbidden(client.patch(ASSET, content=b"{not json", headers=json_headers), message)  # not a 400
    forbidden(client.patch(f"{FAMILIES}/unknown/assets/x", json={"values": {}}, headers=reader), message)  # not a 404
    forbidden(client.patch(ASSET, content=b'{"code": 5}', headers=json_headers), message)  # not a 422
    batch = [{"code": f"a{i}"} for i in range(101)]  # over the batch limit: not a 413
    forbidden(client.patch(f"{FAMILIES}/packshots/assets", json=batch, headers=reader), message)
    unknown_option = f"{FAMILIES}/unknown/attributes/x/options/y"
    forbidden(
        client.delete(unknown_option, headers=reader),
        "Access forbidden. You are not allowed to create or update asset families.",
    )


def test_acl_api_access_a_user_without_it_can_get_a_token_and_nothing_else(client: TestClient) -> None:
    outsider = as_user(client, "outsider", ["pim_api_asset_family_list", "pim_api_asset_list"])
    forbidden(client.get(FAMILIES, headers=outsider), NO_API_ACCESS)
    forbidden(client.get("/api/rest/v1/system-information", headers=outsider), NO_API_ACCESS)
    forbidden(client.delete(ASSET, headers=outsider), NO_API_ACCESS)
    assert client.get("/api/rest/v1").status_code == 200  # the root listing needs no token at all


def test_acl_required_the_product_side_has_its_own_acls(client: TestClient, app: Any) -> None:
    reader = as_user(client, "reader", READER)
    forbidden(
        client.get("/api/rest/v1/products", headers=reader), "Access forbidden. You are not allowed to list products."
    )
    forbidden(
        client.get("/api/rest/v1/locales", headers=reader), "Access forbidden. You are not allowed to list locales."
    )
    forbidden(
        client.get("/api/rest/v1/product-models/jack_brown", headers=reader),
        "Access forbidden. You are not allowed to list products.",
    )
    products = dict(app.mock_context.store.catalog.products)
    forbidden(
        client.delete("/api/rest/v1/products/XMLD500", headers=reader),
        "Access forbidden. You are not allowed to delete products.",
    )
    assert app.mock_context.store.catalog.products == products
    catalog = as_user(client, "catalog", ["pim_api_overall_access", "pim_api_locale_list", "pim_api_product_list"])
    assert client.get("/api/rest/v1/locales", headers=catalog).status_code == 200
    assert client.get("/api/rest/v1/products/XMLD500", headers=catalog).status_code == 200


def test_acl_required_the_default_admin_keeps_every_permission(client: TestClient) -> None:
    admin = as_admin(client)
    assert client.get("/api/rest/v1/system-information", headers=admin).status_code == 200
    assert client.get("/api/rest/v1/locales", headers=admin).status_code == 200
    assert (
        client.patch(f"{FAMILIES}/packshots", json={"labels": {"en_US": "Packshots"}}, headers=admin).status_code == 204
    )
    assert client.delete(ASSET, headers=admin).status_code == 204
    assert client.delete("/api/rest/v1/products/XMLD500", headers=admin).status_code == 204
