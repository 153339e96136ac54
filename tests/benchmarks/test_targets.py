"""benchmarks/targets.py gathers issue #12's verdicts from the pages the benchmarks wrote into RESULTS.md."""

from __future__ import annotations

from pathlib import Path

from benchmarks import targets

HTTP = """- Date: 2026-12-04 04:18 UTC
| workload | mock req/s | prism req/s | ceiling req/s | mock/Prism | mock/ceiling | 3x Prism |
|---|---|---|---|---|---|---|
| GET one asset | 9.35k | 967 | 21.70k | 9.67x | 0.43x | met |
| GET a page of 100 (family of 1,000) | 2.48k | 935 | 19.45k | 2.65x | 0.18x | NOT met |
"""
PAGES = {
    "PAGE_COST.md": "# Page cost, 2026-12-04 00:07 UTC\n| first page | 3.72 | 3.63 | 0.97 |\n| middle | 3.7 | 3.7 | 1.04 |\n\n"
    "Target (at most 1.2x from 10,000 to 1,000,000 assets): met.\n",
    "INGEST.md": "# Batch ingest (issue #12), 2026-12-04 00:07 UTC\n\n20,000 assets in 2 s: **10,235 assets/s**; "
    "target 10,000/s: met.\n",
}


def test_targets_are_gathered_with_their_verdicts_and_a_missing_page_is_not_met(tmp_path: Path) -> None:
    (tmp_path / "HTTP_LOAD.md").write_text(HTTP)
    for name, text in PAGES.items():
        (tmp_path / name).write_text(text)
    out = tmp_path / "RESULTS.md"
    out.write_text("# Results\n\nkept\n")
    assert targets.main(["--folder", str(tmp_path), "--out", str(out)]) == 1
    rows = {line.split(" | ")[0].lstrip("| "): line for line in out.read_text().splitlines() if line.startswith("| ")}
    assert rows["GET one asset: at least 3x Prism"].endswith("| met | HTTP_LOAD.md (2026-12-04 04:18 UTC) |")
    assert "| NOT met |" in rows["GET a page of 100 (family of 1,000): at least 3x Prism"]
    assert "| worst ratio 1.04 | met |" in rows["a page of 100 at 1,000,000 assets at most 1.2x one at 10,000"]
    assert "| 10,235 assets/s | met |" in rows["batch ingest at least 10,000 assets/s"]
    assert "| not found |" in rows["1,000,000 three-value assets under 2 GB resident"]  # MEMORY.md missing
    assert out.read_text().startswith("# Results\n\nkept\n")
    targets.main(["--folder", str(tmp_path), "--out", str(out)])  # written again: replaced, not appended
    assert out.read_text().count(targets.START) == 1
