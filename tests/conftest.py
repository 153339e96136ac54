"""Fixtures shared by the test folders that build one app per test from their own `settings` fixture (control/,
traffic/): a movable clock and the app. Folders with an app of their own (api/, catalog/, ...) define theirs."""

from __future__ import annotations

from typing import Any

import pytest

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.support import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(settings: Settings, clock: FakeClock) -> Any:
    return create_app(settings=settings, clock=clock, start_catalog=load_start)
