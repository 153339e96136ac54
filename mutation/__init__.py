"""Mutation testing of the conformance suite: how many deliberately broken mocks does it catch?

For each mutant of `mutation.mutants`, build the mutated ASGI app, run the whole conformance suite against it in
this process (`conformance.run(Target(app=...), ...)`) with the same fixed options every time, read the JSON
scorecard, and call the mutant caught when any test failed. The unmutated mock is run first and must pass: a
suite that fails on the reference implementation cannot tell a mutant from its own noise.

results.py holds what a run is made of (options, results, the report), runner.py the runs, report.py the table
and the Markdown; `python -m mutation --help` runs it; README.md says how to read the result.
"""

from __future__ import annotations

from mutation.report import format_table, to_markdown
from mutation.results import MutantOutcome, RunReport, SuiteOptions, SuiteResult
from mutation.runner import run, run_mutant, run_suite, worker_main

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
    "worker_main",
]
