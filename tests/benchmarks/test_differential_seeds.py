"""The plumbing of benchmarks/differential_seeds.py on a tiny budget: one seed, the report written. No time asserted."""

from __future__ import annotations

from pathlib import Path

from benchmarks import differential_seeds


def test_one_seed_on_a_tiny_budget_passes_and_writes_the_table(tmp_path: Path) -> None:
    out = tmp_path / "DIFFERENTIAL.md"
    assert differential_seeds.main(["--seeds", "7", "--examples", "2", "--steps", "4", "--out", str(out)]) == 0
    text = out.read_text()
    assert "| 7 | pass |" in text and "2 sequences of at most 4 steps" in text
