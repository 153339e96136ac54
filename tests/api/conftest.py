"""An app per test (fresh store), a clock the test can move, and a client holding a valid token."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.support import BASIC, PASSWORD_GRANT, ApiClient, FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(clock: FakeClock) -> Any:
    return create_app(
        settings=Settings(load_fixtures=False, validate_responses=True), clock=clock, start_catalog=load_start
    )


@pytest.fixture
def anonymous(app: Any) -> Iterator[TestClient]:
    with ApiClient(app, raise_server_exceptions=False) as client:
        yield client


def token_pair(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/oauth/v1/token", json=PASSWORD_GRANT, headers={"Authorization": BASIC})
    assert response.status_code == 200, response.text
    return response.json()


@pytest.fixture
def api(anonymous: TestClient) -> TestClient:
    """A client that sends a valid bearer token, with the locales and channels labels and values need."""
    anonymous.headers["Authorization"] = f"Bearer {token_pair(anonymous)['access_token']}"
    return anonymous
