"""What a run of the conformance wall-time benchmark measured (RunResult, Machine, the figures read from the suite's
scorecard) and benchmarks/RESULTS.md written from it: the last run in full, then the history, newest first."""

from __future__ import annotations

import shlex
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.host import REPO

RUNS = ("in-process", "socket")
GOAL = (
    "The whole conformance suite passes against the mock in-process and against the mock started with the README "
    "command over a real socket, in under 5 minutes on 2 cores."
)
HISTORY_START = "<!-- history:start -->"
HISTORY_END = "<!-- history:end -->"
HISTORY_HEADER = (
    "| date (UTC) | commit | CPUs used | run | wall time | status | tests passed / failed / skipped | verdict |",
    "|---|---|---|---|---|---|---|---|",
)
HISTORY_ROWS = 60
FAILED_OUTCOMES = ("failed", "error")


@dataclass
class RunResult:
    """One timed run of the suite against one target."""

    name: str  # "in-process" or "socket"
    command: list[str]
    wall_s: float | None = None  # the whole run, from the outside (the socket run: server start + suite)
    exit_status: int | None = None
    suite_result: str | None = None  # the scorecard's "pass" / "fail"; None without a scorecard
    suite_duration_s: float | None = None  # the suite's own measure (pytest session), from the scorecard
    startup_s: float | None = None  # the socket run: from starting the server to its first answer
    seed: int | None = None
    tests: dict[str, int] = field(default_factory=dict)  # outcome -> count (passed, failed, error, skipped ...)
    rules: dict[str, int] = field(default_factory=dict)  # pass, fail, not_run
    failing: list[str] = field(default_factory=list)  # "nodeid: first line of the failure"
    error: str = ""  # what went wrong around the suite: timeout, server not answering, no scorecard
    log: Path | None = None
    extra_commands: list[list[str]] = field(default_factory=list)  # the socket run's server command
    notes: list[str] = field(default_factory=list)  # worth knowing, not a failure (e.g. the server had to be killed)

    @property
    def passed(self) -> bool:
        return not self.error and self.exit_status == 0 and self.suite_result == "pass"

    def within(self, budget_s: float) -> bool:
        return self.wall_s is not None and self.wall_s < budget_s

    def met(self, budget_s: float) -> bool:
        return self.passed and self.within(budget_s)

    @property
    def status(self) -> str:
        if self.error:
            return f"ERROR: {self.error}"
        if self.passed:
            return "passed"
        return f"FAILED (exit {self.exit_status}, scorecard {self.suite_result or 'missing'})"

    def verdict(self, budget_s: float) -> str:
        if self.met(budget_s):
            return f"met (under {budget_s:g} s)"
        reasons = []
        if not self.passed:
            reasons.append("the suite did not pass")
        if not self.within(budget_s):
            reasons.append(f"not under {budget_s:g} s")
        return "NOT met: " + ", ".join(reasons)

    def count(self, *outcomes: str) -> int:
        return sum(self.tests.get(outcome, 0) for outcome in outcomes)


@dataclass
class Machine:
    """Where the runs were made."""

    cpu_count: int | None
    cpus_available: list[int] | None  # the affinity this process had before pinning (None: unknown)
    cpus_used: list[int] | None  # the affinity of the runs (None: not pinned)
    pinning: str  # how the runs were pinned, or why not
    python: str
    platform: str
    commit: str
    load_before: tuple[float, float, float] | None = None
    load_after: tuple[float, float, float] | None = None

    @property
    def cores_label(self) -> str:
        if self.cpus_used is not None:
            return str(len(self.cpus_used))
        if self.cpus_available is not None:
            return str(len(self.cpus_available))
        return str(self.cpu_count or "?")


def summarise_scorecard(scorecard: Mapping[str, Any]) -> dict[str, Any]:
    """The figures a run reports, from the suite's scorecard.json (conformance/report.py, schema_version 1)."""
    summary = scorecard.get("summary", {})
    run = scorecard.get("run", {})
    failing: list[str] = []
    seen: set[str] = set()
    for entry in scorecard.get("rules", []):
        for test in entry.get("tests", []):
            if test.get("outcome") not in FAILED_OUTCOMES or test["nodeid"] in seen:
                continue
            seen.add(test["nodeid"])
            message = next((f["message"] for f in test.get("failures", []) if f.get("message", "").strip()), "")
            first = message.strip().splitlines()[0][:300] if message.strip() else test["outcome"]
            failing.append(f"{test['nodeid']}: {first}")
    for test in scorecard.get("unmapped_tests", []):
        if test.get("outcome") in FAILED_OUTCOMES and test["nodeid"] not in seen:
            seen.add(test["nodeid"])
            failing.append(f"{test['nodeid']}: {test.get('problem') or test['outcome']}")
    return {
        "suite_result": scorecard.get("result"),
        "suite_duration_s": run.get("duration_s"),
        "seed": run.get("seed"),
        "tests": dict(summary.get("tests", {})),
        "rules": {key: summary.get(key, 0) for key in ("pass", "fail", "not_run")},
        "failing": failing,
    }


def seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f} s ({value / 60:.2f} min)"


def from_repo(path: Path) -> Path:
    """`path` relative to the repository when it is inside it (shorter command lines, the same for everyone)."""
    try:
        return path.relative_to(REPO)
    except ValueError:
        return path


def _command(command: Sequence[str]) -> str:
    shown = ["python" if word == sys.executable else word for word in command]
    return shlex.join(shown)


def counts(result: RunResult) -> str:
    if not result.tests:
        return "n/a"
    return f"{result.count('passed')} / {result.count(*FAILED_OUTCOMES)} / {result.count('skipped')}"


def history_rows(previous: str) -> list[str]:
    """The history table's rows of an earlier RESULTS.md (between the markers), header left out."""
    if HISTORY_START not in previous or HISTORY_END not in previous:
        return []
    block = previous.split(HISTORY_START, 1)[1].split(HISTORY_END, 1)[0]
    rows = [line for line in block.splitlines() if line.startswith("|")]
    return [row for row in rows if row not in HISTORY_HEADER]


def overall_met(results: Sequence[RunResult], budget_s: float) -> bool:
    """The goal is met when both runs were made, and each passed within the budget."""
    made = {result.name for result in results}
    return made >= set(RUNS) and all(result.met(budget_s) for result in results)


def render_results(
    results: Sequence[RunResult],
    machine: Machine,
    *,
    budget_s: float,
    invocation: Sequence[str],
    seed: int,
    max_examples: int | None,
    when: datetime,
    previous: str = "",
) -> str:
    """RESULTS.md: the last run in full, then one history row per run, newest first (carried over from `previous`)."""
    date = when.astimezone(UTC).strftime("%Y-%m-%d %H:%M")
    met = overall_met(results, budget_s)
    verdict = "**MET**" if met else "**NOT MET**"
    missing = [name for name in RUNS if name not in {result.name for result in results}]
    if missing:
        verdict += f" (partial: no {' and no '.join(missing)} run)"
    lines = [
        "# Benchmark: wall time of the whole conformance suite against the mock",
        "",
        "Written by `python benchmarks/conformance_wall_time.py` (see README.md); do not edit by hand, run it again.",
        "",
        f"Goal (issue #5): {GOAL}",
        "",
        f"## Last run: {verdict} (budget {budget_s:g} s per run)",
        "",
        f"- Date: {date} UTC",
        f"- Commit: `{machine.commit}`",
        f"- Machine: `os.cpu_count()` = {machine.cpu_count}, CPUs available to the benchmark "
        f"{_cpus(machine.cpus_available)}, runs on {_cpus(machine.cpus_used)} ({machine.pinning})",
        f"- Platform: {machine.platform}; Python {machine.python}",
        f"- Load average (1, 5, 15 min) before: {_load(machine.load_before)}; after: {_load(machine.load_after)}",
        *_busy_note(machine),
        f"- Benchmark command: `{_command(invocation)}`",
        f"- Suite options: every layer, seed {seed}, "
        + (
            f"{max_examples} Schemathesis examples per operation"
            if max_examples is not None
            else "the suite's default Schemathesis examples per operation"
        )
        + ", the rest the defaults of `python -m conformance`",
        "",
        "| run | wall time | suite's own time | status | tests passed / failed / skipped | rules pass / fail / not run "
        "| verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        rules = (
            f"{result.rules.get('pass', 0)} / {result.rules.get('fail', 0)} / {result.rules.get('not_run', 0)}"
            if result.rules
            else "n/a"
        )
        lines.append(
            f"| {result.name} | {seconds(result.wall_s)} | {seconds(result.suite_duration_s)} | {result.status} "
            f"| {counts(result)} | {rules} | {result.verdict(budget_s)} |"
        )
    lines += ["", "Commands:", ""]
    for result in results:
        for extra in result.extra_commands:
            answered = "n/a" if result.startup_s is None else f"{result.startup_s:.1f} s"
            lines.append(f"- {result.name}, server: `{_command(extra)}` (answered after {answered})")
        lines.append(f"- {result.name}: `{_command(result.command)}`")
        lines.extend(f"- {result.name}, note: {note}" for note in result.notes)
    failing = [result for result in results if not result.passed]
    if failing:
        lines += ["", "### What failed", ""]
        for result in failing:
            log = f" (log: `{from_repo(result.log)}`)" if result.log else ""
            lines.append(f"- {result.name}: {result.status}{log}")
            lines.extend(f"  - `{test}`" for test in result.failing)
    lines += [
        "",
        "Wall time is measured from the outside, from starting the command to its exit (the socket run: from "
        "starting the server to the suite's exit); the suite's own time is the pytest session's, from its scorecard.",
        "",
        "## History",
        "",
        HISTORY_START,
        *HISTORY_HEADER,
    ]
    new_rows = [
        f"| {date} | `{machine.commit}` | {machine.cores_label} | {result.name} | {seconds(result.wall_s)} "
        f"| {result.status} | {counts(result)} | {result.verdict(budget_s)} |"
        for result in results
    ]
    lines += (new_rows + history_rows(previous))[:HISTORY_ROWS]
    lines += [HISTORY_END, ""]
    return "\n".join(lines)


def _cpus(cpus: Sequence[int] | None) -> str:
    if cpus is None:
        return "unknown"
    return f"{len(cpus)} ({','.join(map(str, cpus))})"


def _busy_note(machine: Machine) -> list[str]:
    """A warning when the 1-minute load average went above the CPUs the runs had: other work shared them."""
    cpus = len(machine.cpus_used or machine.cpus_available or []) or machine.cpu_count or 0
    loads = [load[0] for load in (machine.load_before, machine.load_after) if load is not None]
    if not cpus or not loads or max(loads) <= cpus:
        return []
    return [
        f"- **Busy machine**: the 1-minute load average reached {max(loads):.2f} for {cpus} CPU(s), so other work "
        "shared the CPUs and the times are likely inflated; run it again at a quiet moment"
    ]


def _load(load: tuple[float, float, float] | None) -> str:
    return "n/a" if load is None else ", ".join(f"{value:.2f}" for value in load)
