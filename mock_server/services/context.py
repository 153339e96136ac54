"""What every service function needs: the store, the settings and the clock of one app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from mock_server.services.clock import utc_now
from mock_server.settings import Settings
from mock_server.store import Store


@dataclass
class Context:
    store: Store = field(default_factory=Store)
    settings: Settings = field(default_factory=Settings)
    clock: Callable[[], datetime] = utc_now
