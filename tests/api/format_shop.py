"""What the format-error tests share: a client of an app with the default catalog (each module's `shop` and
`fresh_shop` fixtures), and helpers that send raw bodies and read the packshots family."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from starlette.testclient import TestClient

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.api.conftest import token_pair
from tests.support import FAMILIES, ApiClient, FakeClock

PACKSHOTS = f"{FAMILIES}/packshots"


def as_json(errors: list[Any]) -> list[dict[str, Any]]:
    return [error.to_json() for error in errors]


def catalog_client() -> Iterator[TestClient]:
    app = create_app(
        settings=Settings(load_fixtures=True, validate_responses=True), clock=FakeClock(), start_catalog=load_start
    )
    with ApiClient(app, raise_server_exceptions=False) as client:
        client.headers["Authorization"] = f"Bearer {token_pair(client)['access_token']}"
        yield client


def send_raw(client: TestClient, path: str, content: bytes) -> Any:
    return client.patch(path, content=content, headers={"Content-Type": "application/json"})


def packshots(client: TestClient) -> dict[str, Any]:
    family = client.get(PACKSHOTS).json()
    family.pop("_links", None)
    return family
