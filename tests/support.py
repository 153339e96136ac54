"""What every test that talks to the app in-process shares: the default client credentials and a movable clock."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

BASIC = "Basic " + base64.b64encode(b"client:secret").decode()
PASSWORD_GRANT = {"grant_type": "password", "username": "admin", "password": "admin"}


@dataclass
class FakeClock:
    """The app's clock, moved by the test (token expiry, `updated` filters) instead of waiting."""

    now: datetime = field(default_factory=lambda: datetime(2026, 1, 1, 9, 0, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
