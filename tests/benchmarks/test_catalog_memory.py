"""The catalog memory benchmark's plumbing (issue #12), on a small catalog: it generates the lean catalog, starts
the mock on it, reads its memory from /proc and checks that it serves; no figure is asserted."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import catalog_memory


def test_a_small_lean_catalog_is_generated_loaded_measured_and_served(tmp_path: Path) -> None:
    out = tmp_path / "MEMORY.md"
    argv = ["--assets", "300", "--work-dir", str(tmp_path), "--out", str(out)]
    assert catalog_memory.main(argv) == 0
    text = out.read_text()
    assert "300 assets, three values each" in text and "resident memory" in text and "first page 100 assets" in text
    catalog = tmp_path / "catalog-300-1.jsonl"
    asset = next(json.loads(line) for line in catalog.read_text().splitlines() if '"kind":"asset"' in line)
    assert len(asset["value"]["values"]) == 3  # --lean: the three values


def test_memory_of_this_process_is_read_from_proc() -> None:
    import os

    figures = catalog_memory.memory_mb(os.getpid())
    assert set(figures) == {"VmRSS", "VmHWM"} and 0 < figures["VmRSS"] <= figures["VmHWM"]
