"""Fixtures of the catalog tests: an app per test over a fresh store (fixtures loaded through the services), a
clock the test can move, and an httpx client on the in-process ASGI transport holding a valid token."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from fixtures import product_catalog
from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.services.asset_manager import asset_families, assets
from mock_server.services.context import Context
from mock_server.settings import Settings
from tests.support import BASIC, PASSWORD_GRANT, FakeClock

ASSET_FAMILIES = ("packshots", "model_pictures", "user_instructions", "ambient_images")


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def load_catalog(ctx: Context) -> None:
    """The product catalog fixtures, with bare asset families (and two assets) in between, as the default
    catalog loads them."""
    product_catalog.load_structure(ctx)
    for code in ASSET_FAMILIES:
        asset_families.upsert(ctx, code, {"labels": {"en_US": code}})
    assets.upsert(ctx, "packshots", "amor_packshot", {})
    assets.upsert(ctx, "packshots", "allie_jean_packshot", {})
    product_catalog.load_products(ctx)


@pytest.fixture
def ctx(clock: FakeClock) -> Context:
    context = Context(clock=clock)
    load_catalog(context)
    return context


@pytest.fixture
def app(clock: FakeClock) -> Iterator[Any]:
    application = create_app(
        settings=Settings(load_fixtures=False, validate_responses=True), clock=clock, start_catalog=load_start
    )
    load_catalog(application.mock_context)
    yield application


@pytest.fixture
async def api(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        token = await client.post("/api/oauth/v1/token", json=PASSWORD_GRANT, headers={"Authorization": BASIC})
        assert token.status_code == 200, token.text
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        yield client
