"""What every test that talks to the app in-process shares: the default client credentials, a movable clock and a
client that sends the path's code in upsert bodies."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.testclient import TestClient

from conformance.loopback import LoopbackServer

BASIC = "Basic " + base64.b64encode(b"client:secret").decode()
PASSWORD_GRANT = {"grant_type": "password", "username": "admin", "password": "admin"}
TOKEN = "/api/oauth/v1/token"
FAMILIES = "/api/rest/v1/asset-families"
MEDIA = "/api/rest/v1/asset-media-files"


@dataclass
class FakeClock:
    """The app's clock, moved by the test (token expiry, `updated` filters) instead of waiting."""

    now: datetime = field(default_factory=lambda: datetime(2026, 1, 1, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


# The Asset Manager's single upserts: a family, an attribute, an option, an asset (not the asset batch).
_UPSERT = re.compile(r"/api/rest/v1/asset-families/[^/?]+(?:/attributes/[^/?]+(?:/options/[^/?]+)?|/assets/[^/?]+)?")


def with_path_code(url: Any, body: Any) -> Any:
    """The body a client must send to an Asset Manager upsert: the vendor's schemas require `code` in it
    (FORMAT-CODE-REQUIRED), so a dict body without one gets the URL's last segment; any other body is unchanged."""
    path = str(url).split("?", 1)[0]
    if isinstance(body, dict) and "code" not in body and _UPSERT.fullmatch(path):
        return {"code": path.rsplit("/", 1)[1], **body}
    return body


class ApiClient(TestClient):
    """A TestClient whose `patch(url, json=...)` sends the path's code as a valid write must (with_path_code).
    A test that means a body without `code` sends it as raw `content=`."""

    def patch(self, url: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        if "json" in kwargs:
            kwargs["json"] = with_path_code(url, kwargs["json"])
        return super().patch(url, **kwargs)


@contextmanager
def serving(app: Any) -> Iterator[str]:
    """An ASGI app on a free loopback port (uvicorn in a thread of this process, the suite's LoopbackServer), for
    what must be seen over a real socket; yields its base URL."""
    server = LoopbackServer(app)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()
