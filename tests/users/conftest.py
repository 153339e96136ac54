"""An app per test over a copy of the default catalog (built once), and helpers to add API users and get their tokens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from mock_server.store import Store
from tests.support import BASIC, PASSWORD_GRANT, TOKEN, ApiClient

USERS = "/mock/users"
# What a read-only connection has: the API access and the Asset Manager's two list ACLs.
READER = ["pim_api_overall_access", "pim_api_asset_family_list", "pim_api_asset_list"]
PASSWORD = "pw"  # a test user's password


@pytest.fixture(scope="session")
def default_catalog() -> Store:
    return create_app(settings=Settings(), start_catalog=load_start).mock_context.store.snapshot()


@pytest.fixture
def app(default_catalog: Store) -> Any:
    return create_app(
        store=default_catalog.snapshot(), settings=Settings(validate_responses=True), start_catalog=load_start
    )


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    """No token of its own: the control plane needs none, and each test picks the user it calls as."""
    with ApiClient(app, raise_server_exceptions=False) as client:
        yield client


def add_user(client: TestClient, username: str, permissions: list[str], password: str = PASSWORD) -> dict[str, Any]:
    response = client.post(USERS, json={"username": username, "password": password, "permissions": permissions})
    assert response.status_code == 201, response.text
    return response.json()


def token_for(client: TestClient, username: str, password: str = PASSWORD) -> str:
    grant = {"grant_type": "password", "username": username, "password": password}
    response = client.post(TOKEN, json=grant, headers={"Authorization": BASIC})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def as_user(client: TestClient, username: str, permissions: list[str]) -> dict[str, str]:
    """Adds the user and returns the headers that call as it."""
    add_user(client, username, permissions)
    return bearer(token_for(client, username))


def as_admin(client: TestClient) -> dict[str, str]:
    return bearer(token_for(client, PASSWORD_GRANT["username"], PASSWORD_GRANT["password"]))


def forbidden(response: Any, message: str) -> None:
    """The vendor's 403: exactly the Akeneo envelope with this message."""
    assert response.status_code == 403, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.json() == {"code": 403, "message": message}
