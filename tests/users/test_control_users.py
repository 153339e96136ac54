"""POST/GET/DELETE /mock/users: adding, replacing, listing and deleting API users, the password grant that accepts
them, and the refusals (422 Akeneo-format for a bad body, 404 for an unknown user, the admin kept)."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.domain.access.permissions import PERMISSIONS
from mock_server.settings import Settings
from tests.support import BASIC, FAMILIES, TOKEN
from tests.users.conftest import READER, USERS, add_user, bearer, forbidden, token_for

NO_USER = "No user found for the given username and password"


def test_users_control_adds_a_user_the_password_grant_accepts(client: TestClient) -> None:
    created = client.post(USERS, json={"username": "reader", "password": "s3cret", "permissions": READER})
    assert created.status_code == 201
    assert created.json() == {"username": "reader", "permissions": READER}
    assert client.get(FAMILIES, headers=bearer(token_for(client, "reader", "s3cret"))).status_code == 200
    wrong = {"grant_type": "password", "username": "reader", "password": "admin"}
    refused = client.post(TOKEN, json=wrong, headers={"Authorization": BASIC})
    assert (refused.status_code, refused.json()) == (422, {"code": 422, "message": NO_USER})


def test_users_control_lists_the_admin_first_and_never_a_password(client: TestClient) -> None:
    add_user(client, "reader", READER)
    add_user(client, "nobody", [])
    listed = client.get(USERS)
    assert listed.status_code == 200
    assert listed.json() == [
        {"username": "admin", "permissions": list(PERMISSIONS)},
        {"username": "reader", "permissions": READER},
        {"username": "nobody", "permissions": []},
    ]
    assert "pw" not in listed.text


def test_users_control_replaces_a_user_and_its_tokens_carry_the_new_permissions(client: TestClient) -> None:
    token = token_for(client, add_user(client, "reader", READER)["username"])
    assert client.get(FAMILIES, headers=bearer(token)).status_code == 200
    replaced = client.post(USERS, json={"username": "reader", "password": "pw", "permissions": []})
    assert (replaced.status_code, replaced.json()) == (200, {"username": "reader", "permissions": []})
    forbidden(client.get(FAMILIES, headers=bearer(token)), "You are not allowed to access the web API.")
    assert [user["username"] for user in client.get(USERS).json()] == ["admin", "reader"]


def test_users_control_deletes_a_user_and_revokes_its_tokens(client: TestClient) -> None:
    add_user(client, "reader", READER)
    token = token_for(client, "reader")
    grant = {"grant_type": "password", "username": "reader", "password": "pw"}
    refresh = client.post(TOKEN, json=grant, headers={"Authorization": BASIC}).json()["refresh_token"]
    deleted = client.delete(f"{USERS}/reader")
    assert (deleted.status_code, deleted.content) == (204, b"")
    revoked = client.get(FAMILIES, headers=bearer(token))
    assert revoked.json() == {"code": 401, "message": "The access token provided is invalid."}
    again = client.post(
        TOKEN, json={"grant_type": "refresh_token", "refresh_token": refresh}, headers={"Authorization": BASIC}
    )
    assert again.status_code == 422
    assert client.post(TOKEN, json=grant, headers={"Authorization": BASIC}).json()["message"] == NO_USER
    assert [user["username"] for user in client.get(USERS).json()] == ["admin"]


def test_users_control_deleting_an_unknown_user_is_404(client: TestClient) -> None:
    missing = client.delete(f"{USERS}/ghost")
    assert (missing.status_code, missing.json()) == (404, {"code": 404, "message": 'The user "ghost" does not exist.'})


def test_users_control_the_default_admin_can_be_neither_replaced_nor_deleted(client: TestClient) -> None:
    replaced = client.post(USERS, json={"username": "admin", "password": "x", "permissions": []})
    message = 'The user "admin" is the default admin: it has every permission and cannot be replaced.'
    assert replaced.status_code == 422
    assert replaced.json() == {
        "code": 422,
        "message": message,
        "errors": [{"property": "username", "message": message}],
    }
    deleted = client.delete(f"{USERS}/admin")
    message = 'The user "admin" is the default admin: it cannot be deleted.'
    assert (deleted.status_code, deleted.json()) == (422, {"code": 422, "message": message})
    assert client.get(FAMILIES, headers=bearer(token_for(client, "admin", "admin"))).status_code == 200


def test_users_shape_an_unknown_permission_is_422_and_nothing_is_added(client: TestClient) -> None:
    body = {"username": "reader", "password": "pw", "permissions": ["pim_api_overall_access", "pim_api_asset_view"]}
    refused = client.post(USERS, json=body)
    assert refused.status_code == 422
    errors = refused.json()["errors"]
    assert [error["property"] for error in errors] == ["permissions[1]"]
    assert '"pim_api_asset_view"' in errors[0]["message"]
    assert [user["username"] for user in client.get(USERS).json()] == ["admin"]


def test_users_shape_a_body_that_is_not_a_user_is_422_or_400(client: TestClient) -> None:
    missing = client.post(USERS, json={"username": "reader", "permissions": []})
    assert missing.status_code == 422
    assert missing.json()["errors"] == [{"property": "password", "message": 'Property "password" is required.'}]
    empty = client.post(USERS, json={"username": "", "password": "pw", "permissions": []})
    assert (empty.status_code, empty.json()["errors"][0]["property"]) == (422, "username")
    extra = client.post(USERS, json={"username": "u", "password": "pw", "permissions": [], "role": "x"})
    assert extra.status_code == 422
    broken = client.post(USERS, content=b"{not json", headers={"Content-Type": "application/json"})
    assert (broken.status_code, broken.json()) == (400, {"code": 400, "message": "Invalid json message received"})
    assert [user["username"] for user in client.get(USERS).json()] == ["admin"]


def test_users_control_each_store_has_its_own_users(client: TestClient) -> None:
    add_user(client, "reader", READER)
    with TestClient(create_app(settings=Settings(load_fixtures=False), start_catalog=load_start)) as other:
        assert [user["username"] for user in other.get(USERS).json()] == ["admin"]
        grant = {"grant_type": "password", "username": "reader", "password": "pw"}
        assert other.post(TOKEN, json=grant, headers={"Authorization": BASIC}).json()["message"] == NO_USER


def test_users_control_the_admin_follows_the_settings(default_catalog: Any) -> None:
    app = create_app(
        store=default_catalog.snapshot(), settings=Settings(username="boss", password="b0ss"), start_catalog=load_start
    )
    with TestClient(app) as client:
        assert client.get(USERS).json()[0] == {"username": "boss", "permissions": list(PERMISSIONS)}
        assert client.get(FAMILIES, headers=bearer(token_for(client, "boss", "b0ss"))).status_code == 200
