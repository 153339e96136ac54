"""python -m benchmarks.differential_seeds: the differential layer against the mock over 5 seeds, with the default
budget (python -m conformance --layer differential: its examples and steps), timed; writes benchmarks/DIFFERENTIAL.md.

The target is the mock built in this process and served on a loopback port (as the tests do), the reference the
mock started by the layer as a subprocess. Issue #14's goal: no divergence over 5 seeds, under 5 minutes on 2 cores.
Exit status 0 only when no seed found a divergence.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.conformance_in_process import build_mock_app
from conformance import Target, run
from conformance.differential.settings import DEFAULT_EXAMPLES, DEFAULT_STEPS, DifferentialSettings
from conformance.scorekeeper import ConformanceRun

OUT = Path(__file__).resolve().parent / "DIFFERENTIAL.md"
RULE = "DIFFERENTIAL-MODEL"


def one_seed(seed: int, settings: DifferentialSettings) -> tuple[str, float]:
    """The rule's status for this seed and the run's wall time in seconds."""
    runs: list[ConformanceRun] = []
    started = time.monotonic()
    run(
        Target(app=build_mock_app()),
        layer="differential",
        seed=seed,
        report_dir=None,
        differential=settings,
        pytest_extra=["-q", "-p", "no:randomly"],
        result=runs,
    )
    seconds = time.monotonic() - started
    card = runs[0].scorecard if runs else None
    entries = [rule for rule in (card or {}).get("rules", []) if rule["id"] == RULE]
    return (entries[0]["status"] if entries else "no scorecard"), seconds


def _load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg()) if hasattr(os, "getloadavg") else "unknown"


def report(rows: list[tuple[int, str, float]], settings: DifferentialSettings, command: str) -> str:
    total = sum(seconds for _, _, seconds in rows)
    lines = [
        "# The differential layer against the mock (issue #14)",
        "",
        f"Written by `{command}`; {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{time.strftime('%Y-%m-%d', time.gmtime())}; load average (1, 5, 15 min) {_load()} when written (the machine is shared).",
        f"Budget per seed: {settings.examples} sequences of at most {settings.steps} steps (the defaults of "
        "`--differential-examples` and `--differential-steps`), messages compared. Target: the mock in this process; "
        "reference: the mock as a subprocess. Goal: no divergence over 5 seeds, under 5 minutes in all.",
        "",
        "| seed | DIFFERENTIAL-MODEL | seconds |",
        "| ---: | --- | ---: |",
        *[f"| {seed} | {status} | {seconds:.1f} |" for seed, status, seconds in rows],
        f"| all | {'pass' if all(s == 'pass' for _, s, _ in rows) else 'FAIL'} | {total:.1f} |",
        "",
    ]
    return "\n".join(lines)


def kept_notes(path: Path) -> str:
    """The hand-written sections (from the first `## ` heading on) of the file being rewritten: the table is
    measured again, the notes (the profile of a sequence) stay."""
    if not path.exists():
        return ""
    text = path.read_text(encoding="utf-8")
    start = text.find("\n## ")
    return text[start:] if start >= 0 else ""


def main(argv: Sequence[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m benchmarks.differential_seeds", description=__doc__)
    cli.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3, 4, 5])
    cli.add_argument("--examples", type=int, default=DEFAULT_EXAMPLES)
    cli.add_argument("--steps", type=int, default=DEFAULT_STEPS)
    cli.add_argument("--out", type=Path, default=OUT)
    args = cli.parse_args(argv)
    settings = DifferentialSettings(examples=args.examples, steps=args.steps, messages=True)
    rows = []
    for seed in args.seeds:
        status, seconds = one_seed(seed, settings)
        print(f"seed {seed}: {status} in {seconds:.1f} s", flush=True)
        rows.append((seed, status, seconds))
    command = "python -m benchmarks.differential_seeds" + (" " + " ".join(argv) if argv else "")
    args.out.write_text(report(rows, settings, command) + kept_notes(args.out), encoding="utf-8")
    return 0 if all(status == "pass" for _, status, _ in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
