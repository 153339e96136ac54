"""The page-cost benchmark's plumbing (issue #12), on tiny families: every workload answers 200 and lands in the
table with a ratio and the verdict; no timing is asserted (speed is measured by the script, not tested)."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import page_cost


def test_the_table_lists_every_workload_for_every_size_with_its_ratio_and_the_verdict(tmp_path: Path) -> None:
    out = tmp_path / "PAGE_COST.md"
    assert page_cost.main(["--sizes", "200,120", "--repeat", "1", "--out", str(out)]) == 0
    text = out.read_text()
    assert "| workload | 120 assets (ms) | 200 assets (ms) | ratio 200 / 120 |" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "workload" not in line]
    assert [row.split(" | ")[0].removeprefix("| ") for row in rows] == list(page_cost.workloads(200))
    assert "Target (at most 1.2x from 120 to 200 assets):" in text


def test_the_synthetic_assets_follow_the_vendor_shape_with_the_most_recent_last() -> None:
    first, last = page_cost.synthetic_asset(0), page_cost.synthetic_asset(9)
    assert set(first) == {"code", "values", "created", "updated"}
    assert first["updated"] < last["updated"]
    assert len(first["values"]) == 3


@pytest.mark.parametrize("sizes", ["10", "a,b", "0,10"])
def test_bad_sizes_are_refused_with_exit_status_2(sizes: str) -> None:
    with pytest.raises(SystemExit) as stopped:
        page_cost.main(["--sizes", sizes])
    assert stopped.value.code == 2
