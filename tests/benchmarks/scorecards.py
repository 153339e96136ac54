"""A conformance scorecard in the shape conformance/report.py writes, trimmed to what the wall-time benchmark reads:
the figures tests and the runs' stand-in suite both need one."""

from __future__ import annotations

from typing import Any


def scorecard(result: str = "pass", failing: tuple[str, ...] = ()) -> dict[str, Any]:
    """A scorecard in the shape conformance/report.py writes, trimmed to what the benchmark reads."""
    tests = [{"nodeid": "scenarios/test_a.py::test_ok", "outcome": "passed", "failures": []}]
    tests += [
        {"nodeid": nodeid, "outcome": "failed", "failures": [{"where": "call", "message": f"boom in {nodeid}\nmore"}]}
        for nodeid in failing
    ]
    outcomes = {"passed": 1, "skipped": 2, "deselected": 3}
    if failing:
        outcomes["failed"] = len(failing)
    return {
        "schema_version": 1,
        "result": result,
        "run": {"seed": 42, "duration_s": 12.5},
        "summary": {
            "rules": 2,
            "pass": 1,
            "fail": 1 if failing else 0,
            "not_run": 0 if failing else 1,
            "tests": outcomes,
        },
        "rules": [{"id": "A", "tests": tests}, {"id": "B", "tests": tests[1:]}],  # a failing test proves two rules
        "unmapped_tests": [],
    }
