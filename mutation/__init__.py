"""Mutation testing of the conformance suite: how many deliberately broken mocks does it catch?

For each mutant of `mutation.mutants`, build the mutated ASGI app, run the whole conformance suite against it in
this process (`conformance.run(Target(app=...), ...)`) with the same fixed options every time, read the JSON
scorecard, and call the mutant caught when any test failed. The unmutated mock is run first and must pass: a
suite that fails on the reference implementation cannot tell a mutant from its own noise.

`python -m mutation --help` runs it; README.md says how to read the result.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "MutantOutcome",
    "RunReport",
    "SuiteOptions",
    "SuiteResult",
    "format_table",
    "run",
    "run_mutant",
    "run_suite",
    "to_markdown",
]

CLEAN = "(clean mock)"


@dataclass(frozen=True)
class SuiteOptions:
    """The conformance options, identical for the clean run and every mutant (that is what makes runs comparable).

    seed: the Schemathesis/Hypothesis seed; max_examples: Schemathesis examples per operation (modest: the scenarios
    carry the rules, the contract layer the shapes); layer and select: conformance.run's selection (everything by
    default; a few rule ids make a quick run); poll_timeout: how long the suite waits for asynchronous effects."""

    seed: int = 1
    max_examples: int = 10
    layer: str = "all"
    select: tuple[str, ...] = ()
    poll_timeout: float = 10.0
    differential: bool = False  # the differential layer too (always with layer "differential")

    @property
    def differential_settings(self) -> Any:
        """The differential layer's settings for the suite, or None: messages compared (the reference is the clean
        mock itself), no shrinking (a verdict is all the harness needs)."""
        if not (self.differential or self.layer == "differential"):
            return None
        from conformance.differential.settings import DifferentialSettings

        return DifferentialSettings(messages=True, shrink=False)

    def describe(self) -> str:
        layer = f"{self.layer} + differential" if self.differential and self.layer != "differential" else self.layer
        text = f"seed {self.seed}, {self.max_examples} Schemathesis examples per operation, layer {layer}"
        text += f", poll timeout {self.poll_timeout:g} s"
        return text + (f", select {' '.join(self.select)}" if self.select else "")


SUITE_LAYERS = ("contract", "scenarios", "differential")


def layer_of(test: str) -> str:
    """The suite layer of a failing test's node id (`conformance/differential/test_x.py::t` -> differential)."""
    parts = test.partition("::")[0].split("/")
    return next((part for part in parts if part in SUITE_LAYERS), "other")


RUN_PREFIX = "mutation"  # the same codes in every run (each run has a fresh app, so they never clash)


@dataclass
class SuiteResult:
    """One run of the suite: its exit status, what failed, and how long it took."""

    status: int
    failed_tests: list[str] = field(default_factory=list)
    failed_rules: list[str] = field(default_factory=list)
    passed_tests: int = 0
    seconds: float = 0.0
    error: str | None = None  # the harness could not run the suite (a broken build, a crash, a timeout)


@dataclass
class MutantOutcome:
    name: str
    kind: str
    area: str
    description: str
    result: SuiteResult
    catch: str = ""  # the check that would catch it (from the catalogue), shown for survivors
    ignored: frozenset[str] = frozenset()  # tests that failed on the clean mock too (only with keep_going)

    @property
    def caught_by(self) -> list[str]:
        """The failing tests that did not fail on the clean mock: the ones that caught the mutant."""
        return [test for test in self.result.failed_tests if test not in self.ignored]

    @property
    def layers(self) -> list[str]:
        """The suite's layers whose tests caught the mutant (contract, scenarios, differential)."""
        return sorted({layer_of(test) for test in self.caught_by})

    @property
    def caught(self) -> bool:
        """Caught: the suite failed, and said which tests (a crash or a timeout is not a catch)."""
        return self.result.error is None and self.result.status != 0 and bool(self.caught_by)


@dataclass
class RunReport:
    clean: SuiteResult
    outcomes: list[MutantOutcome]
    options: SuiteOptions
    seconds: float
    jobs: int

    @property
    def caught(self) -> list[MutantOutcome]:
        return [outcome for outcome in self.outcomes if outcome.caught]

    @property
    def survivors(self) -> list[MutantOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.caught]

    @property
    def clean_passed(self) -> bool:
        return self.clean.error is None and self.clean.status == 0

    @property
    def score(self) -> float:
        return len(self.caught) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def ok(self) -> bool:
        """Exit 0 only when the clean mock passed and every mutant was caught."""
        return self.clean_passed and not self.survivors

    def to_json(self) -> dict[str, Any]:
        return {
            "clean": asdict(self.clean),
            "clean_passed": self.clean_passed,
            "score": self.score,
            "caught": len(self.caught),
            "total": len(self.outcomes),
            "seconds": round(self.seconds, 1),
            "jobs": self.jobs,
            "options": asdict(self.options),
            "mutants": [
                {
                    "name": o.name,
                    "kind": o.kind,
                    "area": o.area,
                    "description": o.description,
                    "caught": o.caught,
                    "catch": o.catch,
                    "caught_by": o.caught_by,
                    "caught_by_layers": o.layers,
                    **asdict(o.result),
                }
                for o in self.outcomes
            ],
        }


# -- one run of the suite -------------------------------------------------------------------------------------------


def run_suite(app: Any, options: SuiteOptions, report_dir: Path) -> SuiteResult:
    """The conformance suite against `app`, in this process (the app is served on a loopback port by the suite);
    its scorecard says which tests and rules failed. The suite's own output goes to report_dir/suite.log."""
    import conformance
    from conformance.plugin import ConformanceRun
    from conformance.target import Target

    report_dir.mkdir(parents=True, exist_ok=True)
    runs: list[ConformanceRun] = []
    started = time.monotonic()
    try:
        with (
            open(report_dir / "suite.log", "w", encoding="utf-8") as log,
            contextlib.redirect_stdout(log),
            contextlib.redirect_stderr(log),
        ):
            status = conformance.run(
                Target(app=app, run_prefix=RUN_PREFIX, poll_timeout=options.poll_timeout),
                layer=options.layer,
                select=options.select,
                seed=options.seed,
                max_examples=options.max_examples,
                report_dir=report_dir,
                pytest_extra=["-q", "-p", "no:randomly"],
                result=runs,
                differential=options.differential_settings,
            )
    except Exception as error:  # the harness reports a crash of the suite, it does not die of it
        return SuiteResult(status=-1, seconds=time.monotonic() - started, error=f"{type(error).__name__}: {error}")
    seconds = time.monotonic() - started
    if not runs or runs[0].scorecard is None:
        return SuiteResult(status=int(status), seconds=seconds, error=f"the suite wrote no scorecard (exit {status})")
    result = scorecard_result(runs[0].scorecard)
    result.status, result.seconds = int(status), seconds
    if result.status != 0 and not result.failed_tests:
        result.error = f"the suite exited {status} without a failing test (see {report_dir / 'suite.log'})"
    return result


def scorecard_result(card: dict[str, Any]) -> SuiteResult:
    """The failing tests (node ids) and rules (ids) of a scorecard, and how many tests passed."""
    outcomes: dict[str, str] = {}
    for rule in card.get("rules", []):
        for test in rule.get("tests", []):
            outcomes[test["nodeid"]] = test["outcome"]
    for test in card.get("unmapped_tests", []):
        outcomes[test["nodeid"]] = test["outcome"]
    failed = sorted(nodeid for nodeid, outcome in outcomes.items() if outcome in ("failed", "error"))
    passed = sum(1 for outcome in outcomes.values() if outcome == "passed")
    failed_rules = [rule["id"] for rule in card.get("rules", []) if rule.get("status") == "fail"]
    return SuiteResult(status=0, failed_tests=failed, failed_rules=failed_rules, passed_tests=passed)


# -- one mutant -------------------------------------------------------------------------------------------------------


def run_mutant(name: str, options: SuiteOptions, report_dir: Path) -> MutantOutcome:
    """Build the mutant named `name` and run the suite against it, here."""
    from mutation.mutants import by_name

    (mutant,) = by_name([name])
    try:
        app = mutant.build()
    except Exception as error:
        result = SuiteResult(status=-1, error=f"the mutant could not be built: {type(error).__name__}: {error}")
    else:
        result = run_suite(app, options, report_dir)
    return MutantOutcome(mutant.name, mutant.kind, mutant.area, mutant.description, result, mutant.catch)


def _run_mutant_in_subprocess(name: str, options: SuiteOptions, report_dir: Path, timeout: float) -> MutantOutcome:
    """The same, in a fresh interpreter (python -m mutation --worker), killed after `timeout` seconds."""
    from mutation.mutants import by_name

    (mutant,) = by_name([name])
    out = report_dir / "outcome.json"
    command = [
        sys.executable,
        "-m",
        "mutation",
        "--worker",
        name,
        "--work-dir",
        str(report_dir),
        "--seed",
        str(options.seed),
        "--max-examples",
        str(options.max_examples),
        "--layer",
        options.layer,
        "--poll-timeout",
        str(options.poll_timeout),
        *(["--differential"] if options.differential else []),
        *(f"--select={pattern}" for pattern in options.select),
    ]
    report_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with open(report_dir / "worker.log", "w", encoding="utf-8") as log:
        try:
            completed = subprocess.run(  # noqa: S603 - our own interpreter and module
                command, stdout=log, stderr=subprocess.STDOUT, timeout=timeout, check=False
            )
        except subprocess.TimeoutExpired:
            error = f"timed out after {timeout:.0f} s"
            result = SuiteResult(status=-1, seconds=time.monotonic() - started, error=error)
            return MutantOutcome(mutant.name, mutant.kind, mutant.area, mutant.description, result, mutant.catch)
    if completed.returncode != 0 or not out.exists():
        error = f"the worker exited {completed.returncode} (log: {report_dir / 'worker.log'})"
        result = SuiteResult(status=-1, seconds=time.monotonic() - started, error=error)
        return MutantOutcome(mutant.name, mutant.kind, mutant.area, mutant.description, result, mutant.catch)
    data = json.loads(out.read_text(encoding="utf-8"))
    return MutantOutcome(mutant.name, mutant.kind, mutant.area, mutant.description, SuiteResult(**data), mutant.catch)


def worker_main(name: str, options: SuiteOptions, report_dir: Path) -> int:
    """`python -m mutation --worker NAME`: one mutant, its SuiteResult written to report_dir/outcome.json."""
    outcome = run_mutant(name, options, report_dir / "scorecard")
    (report_dir / "outcome.json").write_text(json.dumps(asdict(outcome.result)), encoding="utf-8")
    return 0


# -- the whole run ----------------------------------------------------------------------------------------------------


def run(
    names: Iterable[str] | None = None,
    *,
    options: SuiteOptions | None = None,
    jobs: int = 1,
    work_dir: Path | None = None,
    timeout: float = 1800.0,
    keep_going: bool = False,
    progress: Callable[[str], None] | None = None,
) -> RunReport:
    """The clean mock first, then each mutant (`jobs` at a time, each in its own process when jobs > 1).

    When the clean mock fails the suite, the mutants are not run, unless keep_going: then a mutant counts as caught
    only by tests that passed on the clean mock (the report still fails: such a score is only indicative)."""
    from mutation.mutants import by_name, clean_app

    options = options or SuiteOptions()
    say = progress or (lambda line: None)
    mutants = by_name(names)
    own_dir = work_dir is None
    base = Path(tempfile.mkdtemp(prefix="mutation-")) if own_dir else Path(work_dir)
    base.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        say(f"clean mock: running the suite ({options.describe()})")
        clean = run_suite(clean_app(), options, base / "clean")
        say(_line(CLEAN, "passed" if clean.status == 0 and clean.error is None else "FAILED", clean))
        outcomes: list[MutantOutcome] = []
        clean_failed = clean.status != 0 or clean.error is not None
        ignored = frozenset(clean.failed_tests)
        if clean_failed and not keep_going:
            say("the clean mock does not pass the suite: the mutants are not run (the score would mean nothing)")
        elif jobs <= 1:
            for mutant in mutants:
                outcome = run_mutant(mutant.name, options, base / mutant.name)
                outcome.ignored = ignored
                outcomes.append(outcome)
                say(_line(mutant.name, "caught" if outcome.caught else "SURVIVED", outcome.result))
        else:
            with ThreadPoolExecutor(max_workers=jobs) as pool:
                futures = [
                    pool.submit(_run_mutant_in_subprocess, m.name, options, base / m.name, timeout) for m in mutants
                ]
                for future in futures:
                    outcome = future.result()
                    outcome.ignored = ignored
                    outcomes.append(outcome)
                    say(_line(outcome.name, "caught" if outcome.caught else "SURVIVED", outcome.result))
        return RunReport(clean, outcomes, options, time.monotonic() - started, jobs)
    finally:
        if own_dir and not os.environ.get("MUTATION_KEEP_WORK_DIR"):
            shutil.rmtree(base, ignore_errors=True)


def _line(name: str, verdict: str, result: SuiteResult) -> str:
    detail = result.error or f"{len(result.failed_tests)} failing test(s)"
    return f"  {name:<42} {verdict:<9} {result.seconds:7.1f} s  {detail}"


# -- presenting the result ----------------------------------------------------------------------------------------


def _short(test: str) -> str:
    """A test id without its directory: `scenarios/test_assets.py::test_x[param]` -> `test_assets::test_x[param]`."""
    path, sep, rest = test.partition("::")
    return f"{Path(path).stem}{sep}{rest}" if sep else test


def format_table(report: RunReport, width: int = 100) -> str:
    lines = []
    clean = report.clean
    verdict = "PASSED" if report.clean_passed else "FAILED"
    lines.append(f"clean mock: {verdict} ({clean.passed_tests} tests passed, {clean.seconds:.0f} s)")
    if not report.clean_passed:
        for test in clean.failed_tests:
            lines.append(f"    failing on the clean mock: {_short(test)}")
        if clean.error:
            lines.append(f"    {clean.error}")
    lines.append("")
    header = f"{'mutant':<40} {'kind':<9} {'verdict':<9} {'time':>7}  {'layers':<22}  caught by"
    lines.append(header)
    lines.append("-" * max(width, len(header)))
    for outcome in report.outcomes:
        result = outcome.result
        verdict = "caught" if outcome.caught else "SURVIVED"
        tests = result.error or ", ".join(_short(test) for test in outcome.caught_by[:3])
        more = len(outcome.caught_by) - 3
        if not result.error and more > 0:
            tests += f" (+{more} more)"
        layers = ",".join(outcome.layers) or "-"
        lines.append(f"{outcome.name:<40} {outcome.kind:<9} {verdict:<9} {result.seconds:6.0f}s  {layers:<22}  {tests}")
    lines.append("")
    lines.append(
        f"mutation score: {len(report.caught)}/{len(report.outcomes)} = {report.score:.0%}"
        f"   (total {report.seconds / 60:.1f} min, {report.jobs} job(s))"
    )
    if report.survivors:
        lines.append("survivors: " + ", ".join(outcome.name for outcome in report.survivors))
        for outcome in report.survivors:
            lines.append(f"  {outcome.name}: a test would catch it with: {outcome.catch or outcome.description}")
    return "\n".join(lines)


MARKDOWN_CELL_ITEMS = 6  # a mutant that breaks what most tests rely on fails dozens: the JSON report lists them all


def _at_most(count: int, items: Sequence[str], separator: str) -> str:
    shown = separator.join(items[:count])
    return shown + (f"{separator}... and {len(items) - count} more" if len(items) > count else "")


def to_markdown(report: RunReport, command: Sequence[str] = ()) -> str:
    options = report.options
    out = [
        "# Mutation run: the power of the conformance suite",
        "",
        "Written by `python -m mutation` (see README.md); do not edit by hand, run it again.",
        "",
        f"- Command: `{' '.join(command) or 'python -m mutation'}`",
        f"- Suite options (the same for every run): {options.describe()}",
        f"- Clean mock: **{'passed' if report.clean_passed else 'FAILED'}** ({report.clean.passed_tests} tests "
        f"passed, {report.clean.seconds:.0f} s)",
        f"- **Mutation score: {len(report.caught)}/{len(report.outcomes)} = {report.score:.0%}**",
        f"- Time taken: {report.seconds / 60:.1f} min with {report.jobs} parallel job(s)",
        f"- Survivors: {', '.join(o.name for o in report.survivors) or 'none'}",
        *(
            f"- Failing on the clean mock (ignored when judging the mutants): `{_short(test)}`"
            for test in report.clean.failed_tests
        ),
        "",
        "| mutant | kind | area | what is broken | verdict | layers | time | caught by (failing tests) | failing rules |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for outcome in report.outcomes:
        result = outcome.result
        tests = result.error or _at_most(
            MARKDOWN_CELL_ITEMS, [f"`{_short(test)}`" for test in outcome.caught_by], "<br>"
        )
        rules = _at_most(MARKDOWN_CELL_ITEMS, result.failed_rules, ", ")
        verdict = "caught" if outcome.caught else "**SURVIVED**"
        out.append(
            f"| `{outcome.name}` | {outcome.kind} | {outcome.area} | {outcome.description} | {verdict} "
            f"| {', '.join(outcome.layers) or '-'} | {result.seconds:.0f} s | {tests} | {rules} |"
        )
    out.append("")
    if report.survivors:
        out += ["## Not caught: the test each survivor needs", ""]
        out += [
            f"- `{o.name}` ({o.description}): {o.catch or 'a scenario test of this rule'}" for o in report.survivors
        ]
        out.append("")
    return "\n".join(out)
