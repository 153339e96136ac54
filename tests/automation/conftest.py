"""An app per test over a copy of the default catalog (built once), a movable clock, a client holding a token,
and the product link rules replaced by a recorder (their own module has its own tests)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from PIL import Image
from starlette.testclient import TestClient

from fixtures.catalog import load_start
from fixtures.images import picture
from mock_server.app import create_app
from mock_server.services.automation import product_link_rules, scheduling
from mock_server.services.context import Context
from mock_server.settings import Settings
from mock_server.store import Store
from tests.support import BASIC, FAMILIES, MEDIA, PASSWORD_GRANT, ApiClient, FakeClock

EVENTS = "/mock/automation-events"


@dataclass
class LinkRules:
    """Stands in for services.automation.product_link_rules.run_for_asset: records each call, answers `reasons`."""

    calls: list[tuple[str, str]] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    error: Exception | None = None

    def __call__(self, ctx: Context, family_code: str, asset_code: str) -> list[str]:
        self.calls.append((family_code, asset_code))
        if self.error is not None:
            raise self.error
        return list(self.reasons)


@pytest.fixture(scope="session")
def default_catalog() -> Store:
    return create_app(settings=Settings(), start_catalog=load_start).mock_context.store.snapshot()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def link_rules(monkeypatch: pytest.MonkeyPatch) -> LinkRules:
    recorder = LinkRules()
    monkeypatch.setattr(product_link_rules, "run_for_asset", recorder)
    return recorder


@pytest.fixture
def settings() -> Settings:
    """Overridden by tests that need another execution mode or time budget."""
    return Settings(load_fixtures=False, validate_responses=True)


@pytest.fixture
def app(default_catalog: Store, settings: Settings, clock: FakeClock, link_rules: LinkRules) -> Any:
    return create_app(store=default_catalog.snapshot(), settings=settings, clock=clock, start_catalog=load_start)


@pytest.fixture
def ctx(app: Any) -> Context:
    return app.mock_context


@pytest.fixture
def anonymous(app: Any) -> Iterator[TestClient]:
    with ApiClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def api(anonymous: TestClient) -> TestClient:
    response = anonymous.post("/api/oauth/v1/token", json=PASSWORD_GRANT, headers={"Authorization": BASIC})
    assert response.status_code == 200, response.text
    anonymous.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    return anonymous


def upload(client: TestClient, name: str, content: bytes | None = None, mime_type: str = "image/png") -> str:
    """Upload a file as a client does; its media file code."""
    response = client.post(MEDIA, files={"file": (name, content if content is not None else picture(), mime_type)})
    assert response.status_code == 201, response.text
    return response.headers["Asset-media-file-code"]


def value(data: Any, locale: str | None = None, channel: str | None = None) -> list[dict[str, Any]]:
    return [{"locale": locale, "channel": channel, "data": data}]


def patch_family(client: TestClient, code: str, **body: Any) -> None:
    response = client.patch(f"{FAMILIES}/{code}", json=body)
    assert response.status_code in (201, 204), response.text


def patch_attribute(client: TestClient, family: str, code: str, **body: Any) -> None:
    response = client.patch(f"{FAMILIES}/{family}/attributes/{code}", json=body)
    assert response.status_code in (201, 204), response.text


def patch_asset(client: TestClient, family: str, code: str, values: dict[str, Any], status: int = 201) -> Any:
    response = client.patch(f"{FAMILIES}/{family}/assets/{code}", json={"values": values})
    assert response.status_code == status, response.text
    return response


def get_asset(client: TestClient, family: str, code: str) -> dict[str, Any]:
    response = client.get(f"{FAMILIES}/{family}/assets/{code}")
    assert response.status_code == 200, response.text
    return response.json()


def data_of(asset: dict[str, Any], attribute: str, locale: str | None = None, channel: str | None = None) -> Any:
    """The data at (attribute, locale, channel), None without such a value."""
    for entry in asset["values"].get(attribute, []):
        if entry["locale"] == locale and entry["channel"] == channel:
            return entry["data"]
    return None


def download(client: TestClient, code: str) -> tuple[Image.Image, str]:
    """The media file as an image, and the name it is downloaded under."""
    response = client.get(f"{MEDIA}/{code}")
    assert response.status_code == 200
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image, re.search(r'filename="([^"]*)"', response.headers["Content-Disposition"])[1]


def events(client: TestClient, **filters: str) -> list[dict[str, Any]]:
    """The control plane's automation events."""
    response = client.get(EVENTS, params=filters)
    assert response.status_code == 200, response.text
    return response.json()


def kinds(found: list[dict[str, Any]], kind: str) -> list[dict[str, Any]]:
    return [event for event in found if event["kind"] == kind]


def drain(client: TestClient, ctx: Context) -> int:
    """Run the queued background jobs on the app's own event loop (never from the test's thread)."""
    assert client.portal is not None, "use the client as a context manager"
    return client.portal.call(scheduling.drain, ctx)
