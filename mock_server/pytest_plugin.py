"""The pytest plugin a client developer gets with the package (entry point `pytest11`: nothing to configure).

Fixtures:
- `akeneo_mock` (session): a mock on a free loopback port, started once per test run (once per xdist worker), or the
  one at `--akeneo-mock-url` / `AKENEO_MOCK_URL`; its URL and the credentials a client needs.
- `akeneo_tenant`: a fresh tenant per test, reached through the `/t/NAME` prefix so any client works unchanged (its
  base URL is all it needs); the tenant is dropped after the test.
- `akeneo_journal`: what the test's client sent, read from the mock's request journal of that tenant.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

START_TIMEOUT_S = 60.0


@dataclass(frozen=True)
class AkeneoMock:
    """A running mock: where it listens and the credentials of its default API user."""

    url: str
    client_id: str = "client"
    client_secret: str = "secret"  # noqa: S105 - the mock's documented default credentials
    username: str = "admin"
    password: str = "admin"  # noqa: S105 - the mock's documented default credentials

    def control(self, tenant: str | None = None) -> httpx.Client:
        """A client of the control plane (/mock), in `tenant` when given."""
        headers = {"X-Mock-Tenant": tenant} if tenant else {}
        return httpx.Client(base_url=f"{self.url}/mock", headers=headers, timeout=30)


@dataclass(frozen=True)
class AkeneoTenant:
    """A tenant of its own: `base_url` is what a client is given; it sees only this tenant's store."""

    name: str
    mock: AkeneoMock
    base_url: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", f"{self.mock.url}/t/{self.name}")

    @property
    def credentials(self) -> dict[str, str]:
        mock = self.mock
        return {
            "base_url": self.base_url,
            "client_id": mock.client_id,
            "client_secret": mock.client_secret,
            "username": mock.username,
            "password": mock.password,
        }

    def reset(self, catalog: str = "default") -> None:
        with self.mock.control(self.name) as control:
            control.post("/reset", json={"catalog": catalog}).raise_for_status()


class AkeneoJournal:
    """The requests one tenant received, oldest first, as the mock's journal (GET /mock/requests) lists them."""

    def __init__(self, tenant: AkeneoTenant) -> None:
        self._tenant = tenant

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        """Entries filtered as the control plane filters them: method, path (a prefix), status, since."""
        params = {name: value for name, value in filters.items() if value is not None}
        with self._tenant.mock.control(self._tenant.name) as control:
            answer = control.get("/requests", params=params)
            answer.raise_for_status()
            return answer.json()

    def calls(self, method: str | None = None, path: str | None = None) -> list[tuple[str, str]]:
        """(method, path) of each request, for concise assertions."""
        return [(entry["method"], entry["path"]) for entry in self.requests(method=method, path=path)]

    def clear(self) -> None:
        with self._tenant.mock.control(self._tenant.name) as control:
            control.delete("/requests").raise_for_status()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("akeneo-mock", "the Akeneo Asset Manager mock (akeneo_mock fixtures)")
    group.addoption(
        "--akeneo-mock-url",
        default=os.environ.get("AKENEO_MOCK_URL"),
        help="use the mock running at this URL instead of starting one (default: AKENEO_MOCK_URL)",
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(url: str, process: subprocess.Popen) -> None:
    """Ask the control plane until it answers, the process dies or the deadline passes."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the Akeneo mock exited with status {process.returncode} while starting")
        try:
            if httpx.get(f"{url}/mock/summary", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)  # between readiness probes, not in place of one
    raise TimeoutError(f"the Akeneo mock did not answer at {url} within {START_TIMEOUT_S:.0f} s")


def _credentials(*prefixes: str) -> dict[str, str]:
    """The first of PREFIX_CLIENT_ID, ... set, in the order given, else the mock's defaults."""
    env = os.environ
    defaults = {"client_id": "client", "client_secret": "secret", "username": "admin", "password": "admin"}
    return {
        name: next((env[f"{p}_{name.upper()}"] for p in prefixes if env.get(f"{p}_{name.upper()}")), default)
        for name, default in defaults.items()
    }


@pytest.fixture(scope="session")
def akeneo_mock(request: pytest.FixtureRequest) -> Iterator[AkeneoMock]:
    """The mock the run's tests share (each test takes its own tenant through `akeneo_tenant`)."""
    external = request.config.getoption("--akeneo-mock-url")
    if external:
        yield AkeneoMock(url=external.rstrip("/"), **_credentials("AKENEO", "MOCK"))  # as the suite reads them
        return
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(  # noqa: S603 - our own module, run by the interpreter running the tests
        [*command, "--log-level", "warning"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        _wait_until_ready(url, process)
        yield AkeneoMock(url=url, **_credentials("MOCK"))  # the started mock's own
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def akeneo_tenant(akeneo_mock: AkeneoMock) -> Iterator[AkeneoTenant]:
    """A tenant no other test sees, holding the default catalog; dropped after the test."""
    tenant = AkeneoTenant(name=f"pytest-{uuid.uuid4().hex[:16]}", mock=akeneo_mock)
    yield tenant
    with akeneo_mock.control() as control:
        control.delete(f"/tenants/{tenant.name}")  # 404 when the test never used it: nothing to drop


@pytest.fixture
def akeneo_journal(akeneo_tenant: AkeneoTenant) -> AkeneoJournal:
    """What the client sent to the test's tenant."""
    return AkeneoJournal(akeneo_tenant)
