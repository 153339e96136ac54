"""Small generated catalogs, written once per session (generation is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from fixtures.generate import generate

ASSETS = 120
FAMILY_COUNT = 3
SEED = 7


@pytest.fixture(scope="session")
def catalog_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("catalog") / "catalog.jsonl"
    generate(str(path), ASSETS, SEED, FAMILY_COUNT, progress=False)
    return path
