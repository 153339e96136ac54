"""Fixtures for the contract tests: the bundled spec, loaded once."""

from typing import Any

import bundle
import pytest


@pytest.fixture(scope="session")
def spec() -> dict[str, Any]:
    return bundle.load_bundle()
