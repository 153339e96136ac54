"""An app per test with the default catalog and a movable clock; helpers that act as a client of one tenant,
named by the X-Mock-Tenant header or by the /t/NAME path prefix."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server.settings import Settings
from tests.support import BASIC, FAMILIES, MEDIA, PASSWORD_GRANT, TOKEN


@pytest.fixture
def settings() -> Settings:
    """Overridden by tests that need other settings."""
    return Settings(validate_responses=True)


@pytest.fixture
def client(app: Any) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


@dataclass
class TenantClient:
    """Requests as one tenant's client: `prefix` "/t/NAME", or `header` NAME, or neither (the default tenant)."""

    client: TestClient
    prefix: str = ""
    header: str | None = None
    token: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.header is not None:
            self.headers["X-Mock-Tenant"] = self.header

    def login(self) -> TenantClient:
        response = self.request("POST", TOKEN, json=PASSWORD_GRANT, headers={"Authorization": BASIC})
        assert response.status_code == 200, response.text
        self.token = response.json()["access_token"]
        return self

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.headers, **({"Authorization": f"Bearer {self.token}"} if self.token else {})}
        headers.update(kwargs.pop("headers", {}))
        url = path if path.startswith("http") else self.prefix + path
        return self.client.request(method, url, headers=headers, **kwargs)

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.request("GET", path, **kwargs)

    def patch(self, path: str, body: dict[str, Any], status: int | tuple[int, ...] = (201, 204)) -> Any:
        """An upsert with the path's code in the body, as the vendor's schemas require."""
        response = self.request("PATCH", path, json={"code": path.rstrip("/").rsplit("/", 1)[1], **body})
        assert response.status_code in ((status,) if isinstance(status, int) else status), response.text
        return response

    def upload(self, name: str, content: bytes) -> str:
        response = self.request("POST", MEDIA, files={"file": (name, content, "image/png")})
        assert response.status_code == 201, response.text
        return response.headers["Asset-media-file-code"]

    def pages(self, path: str) -> list[dict[str, Any]]:
        """Every page of a list, following its next links verbatim."""
        found, url = [], path
        while url:
            response = self.get(url)
            assert response.status_code == 200, response.text
            found.append(response.json())
            url = found[-1]["_links"].get("next", {}).get("href")
        return found

    def family_codes(self) -> list[str]:
        return [item["code"] for page in self.pages(FAMILIES) for item in page["_embedded"]["items"]]
