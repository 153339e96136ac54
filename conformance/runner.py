"""`run()`, which checks a target by driving pytest over the suite with a fresh `ConformanceRun`, and `inventory()`,
which collects the suite without running it."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

import pytest

from conformance.differential.settings import DifferentialSettings
from conformance.progress import ContractProgress
from conformance.rules import RulesError
from conformance.run_options import (
    DEFAULT_MAX_EXAMPLES,
    DEFAULT_REPORT_DIR,
    RunOptions,
    build_pytest_args,
    split_select,
)
from conformance.scorekeeper import NO_TESTS_COLLECTED, ConformanceRun
from conformance.target import Target


def run(
    target: Target,
    *,
    layer: str = "all",
    select: Iterable[str] = (),
    seed: int | None = None,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    report_dir: Path | str | None = DEFAULT_REPORT_DIR,
    rules_path: Path | str | None = None,
    pytest_extra: Sequence[str] = (),
    result: list[ConformanceRun] | None = None,
    differential: DifferentialSettings | None = None,
) -> int:
    """Checks `target` and returns the exit status: 0 only if every selected check passed.

    select: rule ids, area prefixes (AUTH) or globs, or a pytest -k expression. report_dir: where scorecard.json,
    scorecard.html and junit.xml go (None: no files). pytest_extra: more pytest arguments (-x, -q, -v ...).
    result: a list the ConformanceRun is appended to, to read its scorecard without the files.
    differential: run the differential layer too (layer "differential" runs it alone, with defaults if None).
    The target is opened for the run (an app is served on a loopback port) and closed after it."""
    patterns, keyword = split_select(select)
    try:
        options = RunOptions(
            layer=layer,
            select=patterns,
            keyword=keyword,
            max_examples=max_examples,
            report_dir=Path(report_dir) if report_dir is not None else None,
            rules_path=Path(rules_path) if rules_path is not None else None,
            differential=differential,
            **({"seed": seed} if seed is not None else {}),
        )
        conformance_run = ConformanceRun(target, options)
    except (RulesError, ValueError) as exc:
        print(f"conformance: {exc}", file=sys.stderr)
        return int(pytest.ExitCode.USAGE_ERROR)
    for pattern in patterns:
        if not conformance_run.rules.matching([pattern]):
            print(f"conformance: --select {pattern} matches no rule of the catalogue", file=sys.stderr)
    if result is not None:
        result.append(conformance_run)
    target.recorder.clear()
    with target:
        plugins = [conformance_run, ContractProgress()]
        status = int(pytest.main(build_pytest_args(options, pytest_extra), plugins=plugins))
    if status == NO_TESTS_COLLECTED:
        print(
            "conformance: no check was selected (see --layer, --select, --read-only); failing, since a run that "
            "checks nothing proves nothing",
            file=sys.stderr,
        )
        return 1
    if status == 0 and (conformance_run.scorecard is None or conformance_run.scorecard["result"] != "pass"):
        return 1
    return status


def inventory(rules_path: Path | str | None = None) -> ConformanceRun:
    """Collects the whole suite without running it (no request is sent): each test with its rule ids and problem.

    `inventory().tests` maps node ids to TestRecords; `inventory().rules` is the catalogue. tests/conformance uses
    it to check that every rule has a test and every test names a known rule."""
    path = Path(rules_path) if rules_path is not None else None
    options = RunOptions(report_dir=None, rules_path=path, differential=DifferentialSettings())  # every layer
    collecting = ConformanceRun(Target("http://127.0.0.1:9"), options)  # never contacted: nothing runs
    status = int(pytest.main(build_pytest_args(options, ["--collect-only", "-qq"]), plugins=[collecting]))
    if status not in (0, NO_TESTS_COLLECTED):
        raise RuntimeError(f"collecting the conformance suite failed (pytest exit status {status})")
    return collecting
