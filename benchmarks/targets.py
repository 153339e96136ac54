"""python benchmarks/targets.py: issue #12's targets, as the last benchmark run wrote them, gathered into one table in
benchmarks/RESULTS.md (between its `targets` markers), so one file shows every target of the run and its verdict.

It reads the pages the other benchmarks wrote (HTTP_LOAD.md, PAGE_COST.md, INGEST.md, MEMORY.md), never measures
anything itself; `tox -e bench` runs it last. Exit status 0 when every target reads "met", 1 otherwise (a target
not found counts as not met)."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
START, END = "<!-- targets:start -->", "<!-- targets:end -->"
HTTP_TARGETS = ("GET one asset", "GET a page of 100 (family of 1,000)")


def page_date(text: str) -> str:
    """The date line of a page (`- Date: ...` or the title's `, 2026-...`)."""
    found = re.search(r"Date: ([0-9-]+ [0-9:]+ UTC)", text) or re.search(r", ([0-9-]+ [0-9:]+ UTC)", text)
    return found.group(1) if found else "?"


def read_targets(folder: Path) -> Iterator[tuple[str, str, str, str]]:
    """(target, figure, verdict, page) for each of issue #12's targets."""
    http = (folder / "HTTP_LOAD.md").read_text(encoding="utf-8") if (folder / "HTTP_LOAD.md").exists() else ""
    for workload in HTTP_TARGETS:
        row = re.search(
            rf"^\| {re.escape(workload)} \| ([^|]+) \| ([^|]+) \| [^|]+ \| ([^|]+) \| [^|]+ \| ([^|]+) \|$", http, re.M
        )
        figure = f"{row.group(1).strip()} req/s, Prism {row.group(2).strip()}: {row.group(3).strip()}" if row else "-"
        verdict = row.group(4).strip() if row else "not found"
        yield f"{workload}: at least 3x Prism", figure, verdict, f"HTTP_LOAD.md ({page_date(http)})"
    for page, target, figure_pattern in (
        ("PAGE_COST.md", "a page of 100 at 1,000,000 assets at most 1.2x one at 10,000", ""),
        ("INGEST.md", "batch ingest at least 10,000 assets/s", r"\*\*([0-9,]+ assets/s)\*\*"),
        ("MEMORY.md", "1,000,000 three-value assets under 2 GB resident", r"resident memory \*\*([0-9,]+ MiB)\*\*"),
    ):
        text = (folder / page).read_text(encoding="utf-8") if (folder / page).exists() else ""
        line = next((line for line in text.splitlines() if re.search(r"[Tt]arget", line)), "")
        verdict = re.search(r"(NOT met|met)", line.split("arget")[-1])
        if page == "PAGE_COST.md":  # the worst ratio of the table's last column
            ratios = [float(m) for m in re.findall(r"\| ([0-9.]+) \|$", text, re.M)]
            shown = f"worst ratio {max(ratios):.2f}" if ratios else "-"
        else:
            figure = re.search(figure_pattern, text)
            shown = figure.group(1) if figure else "-"
        yield target, shown, verdict.group(1) if verdict else "not found", f"{page} ({page_date(text)})"


def section(rows: list[tuple[str, str, str, str]]) -> str:
    lines = [
        START,
        "## Issue #12's targets, as the last `tox -e bench` wrote them",
        "",
        "Gathered by `python benchmarks/targets.py` from the pages each benchmark wrote (see each for its machine,",
        "load and command).",
        "",
        "| target | figure | verdict | page |",
        "|---|---|---|---|",
        *(f"| {target} | {figure} | {verdict} | {page} |" for target, figure, verdict, page in rows),
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python benchmarks/targets.py", description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=HERE, help="where the benchmark pages are (benchmarks/)")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md", help="the page the table goes into")
    options = parser.parse_args(argv)
    rows = list(read_targets(options.folder))
    table = section(rows)
    text = options.out.read_text(encoding="utf-8") if options.out.exists() else ""
    if START in text and END in text:
        text = text[: text.index(START)] + table + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + table + "\n"
    options.out.write_text(text, encoding="utf-8")
    print(table)
    return 0 if all(verdict == "met" for _, _, verdict, _ in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
