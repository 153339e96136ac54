"""The runs: the conformance suite against one app in this process (its scorecard read back), one mutant here or
in a worker process of its own, and the whole run (the clean mock first, then each mutant)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from pathlib import Path
from typing import Any

from mutation.results import MutantOutcome, RunReport, SuiteOptions, SuiteResult

CLEAN = "(clean mock)"
RUN_PREFIX = "mutation"  # the same codes in every run (each run has a fresh app, so they never clash)


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
        "--differential-examples",
        str(options.differential_examples),
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
