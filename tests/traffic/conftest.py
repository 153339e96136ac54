"""An app per test over an empty catalog (locales only), a movable clock, a client holding a token; a uvicorn
serving the same app object on a loopback port, for what must be seen over a real socket; and stand-ins for the
mock's sleep (a recorder, or a gate the test opens) so that delays are checked without waiting."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from starlette.datastructures import Headers
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Receive, Scope, Send

from mock_server.settings import Settings
from tests.support import BASIC, PASSWORD_GRANT, TOKEN, ApiClient, serving

REQUESTS = "/mock/requests"
FAULTS = "/mock/faults"


@pytest.fixture
def settings() -> Settings:
    """Overridden by the tests that need other journal or rate limit settings."""
    return Settings(load_fixtures=False, validate_responses=True)


@pytest.fixture
def anonymous(app: Any) -> Iterator[TestClient]:
    with ApiClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def api(anonymous: TestClient) -> TestClient:
    anonymous.headers["Authorization"] = f"Bearer {access_token(anonymous)}"
    return anonymous


def access_token(client: TestClient | httpx.Client) -> str:
    response = client.post(TOKEN, json=PASSWORD_GRANT, headers={"Authorization": BASIC})
    assert response.status_code == 200, response.text
    return response.json()["access_token"]


def journal(client: TestClient | httpx.Client, **filters: Any) -> list[dict[str, Any]]:
    response = client.get(REQUESTS, params=filters)
    assert response.status_code == 200, response.text
    return response.json()


def arm(client: TestClient | httpx.Client, **fault: Any) -> int:
    response = client.post(FAULTS, json=fault)
    assert response.status_code == 201, response.text
    return response.json()["id"]


@dataclass
class SleepRecorder:
    """The mock's sleep, recording each delay in seconds and returning at once."""

    delays: list[float] = field(default_factory=list)

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def slept(app: Any) -> SleepRecorder:
    recorder = SleepRecorder()
    app.mock_traffic.sleep = recorder
    return recorder


@dataclass
class Gate:
    """The mock's sleep held until the test opens the gate: a request stays in flight exactly as long as the test
    needs, without timing. `entered` is set once a request waits at the gate."""

    entered: threading.Event = field(default_factory=threading.Event)
    opened: threading.Event = field(default_factory=threading.Event)

    async def __call__(self, seconds: float) -> None:
        self.entered.set()
        await asyncio.to_thread(self.opened.wait, 30)


def with_tenant_header(app: ASGIApp) -> ASGIApp:
    """Stands in for the tenant middleware (outermost): `X-Mock-Tenant: NAME` -> scope["mock_tenant"]."""

    async def tenant_app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = {**scope, "mock_tenant": Headers(scope=scope).get("x-mock-tenant")}
        await app(scope, receive, send)

    return tenant_app


@pytest.fixture
def live(app: Any) -> Iterator[httpx.Client]:
    """An HTTP client of the app served over a real socket."""
    with serving(app) as base_url, httpx.Client(base_url=base_url, timeout=30) as client:
        yield client


def in_thread(call: Callable[[], Any]) -> tuple[threading.Thread, list[Any]]:
    """Run a blocking call in a thread; its result lands in the returned list."""
    results: list[Any] = []
    thread = threading.Thread(target=lambda: results.append(call()), daemon=True)
    thread.start()
    return thread, results
