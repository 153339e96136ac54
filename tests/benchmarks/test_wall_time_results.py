"""benchmarks/wall_time_results.py: the figures read from a scorecard, the verdict, RESULTS.md and its history."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from benchmarks import wall_time_results as report
from tests.benchmarks.scorecards import scorecard


def fake_result(name: str, *, wall_s: float = 100.0, passed: bool = True) -> report.RunResult:
    result = report.RunResult(name=name, command=["python", "-m", "conformance", "--target", "http://x"])
    result.wall_s = wall_s
    result.exit_status = 0 if passed else 1
    figures = report.summarise_scorecard(scorecard("pass" if passed else "fail", () if passed else ("t::broken",)))
    for key, value in figures.items():
        setattr(result, key, value)
    return result


def machine() -> report.Machine:
    return report.Machine(
        cpu_count=8,
        cpus_available=list(range(8)),
        cpus_used=[0, 1],
        pinning="pinned with os.sched_setaffinity to CPUs 0,1",
        python="3.11.7 (CPython)",
        platform="Linux-test",
        commit="abc123-dirty",
        load_before=(1.0, 0.5, 0.25),
        load_after=None,
    )


def render(results: list[report.RunResult], previous: str = "", budget_s: float = 300.0) -> str:
    return report.render_results(
        results,
        machine(),
        budget_s=budget_s,
        invocation=["python", "benchmarks/conformance_wall_time.py", "--seed", "7"],
        seed=7,
        max_examples=None,
        when=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        previous=previous,
    )


def test_summarise_scorecard_reads_counts_and_each_failing_test_once() -> None:
    figures = report.summarise_scorecard(scorecard("fail", ("t::broken",)))
    assert figures["suite_result"] == "fail"
    assert figures["seed"] == 42
    assert figures["suite_duration_s"] == 12.5
    assert figures["tests"]["failed"] == 1
    assert figures["rules"] == {"pass": 1, "fail": 1, "not_run": 0}
    assert figures["failing"] == ["t::broken: boom in t::broken"]


def test_a_passing_run_within_budget_meets_the_goal() -> None:
    result = fake_result("socket", wall_s=299.0)
    assert result.passed and result.met(300.0)
    assert not result.met(299.0)  # "under" 5 minutes
    assert "NOT met" in result.verdict(200.0)


def test_results_name_the_machine_the_commands_the_figures_and_the_verdict() -> None:
    text = render([fake_result("in-process", wall_s=90.0), fake_result("socket", wall_s=120.0)])
    assert "**MET**" in text and "NOT MET" not in text
    assert report.GOAL in text
    assert "2026-01-02 03:04 UTC" in text
    assert "`os.cpu_count()` = 8" in text and "2 (0,1)" in text and "3.11.7" in text and "abc123-dirty" in text
    assert "`python -m conformance --target http://x`" in text
    assert "`python benchmarks/conformance_wall_time.py --seed 7`" in text
    assert "| in-process | 90.0 s (1.50 min) | 12.5 s (0.21 min) | passed | 1 / 0 / 2 | 1 / 0 / 1 |" in text
    assert "| socket | 120.0 s (2.00 min) |" in text


def test_a_busy_machine_is_flagged() -> None:
    quiet = render([fake_result("in-process"), fake_result("socket")])
    assert "Busy machine" not in quiet  # load 1.0 on 2 CPUs
    busy = machine()
    busy.load_after = (4.5, 3.0, 2.0)
    text = report.render_results(
        [fake_result("in-process"), fake_result("socket")],
        busy,
        budget_s=300.0,
        invocation=["python", "benchmarks/conformance_wall_time.py"],
        seed=1,
        max_examples=None,
        when=datetime(2026, 1, 2, tzinfo=UTC),
    )
    assert "**Busy machine**: the 1-minute load average reached 4.50 for 2 CPU(s)" in text


def test_a_failing_run_fails_the_goal_and_its_tests_are_listed() -> None:
    failed = fake_result("in-process", passed=False)
    failed.log = report.REPO / "reports" / "benchmarks" / "in-process" / "suite.log"
    text = render([failed, fake_result("socket")])
    assert "(log: `reports/benchmarks/in-process/suite.log`)" in text
    assert "**NOT MET**" in text
    assert "### What failed" in text
    assert "`t::broken: boom in t::broken`" in text
    assert "the suite did not pass" in text


def test_a_slow_run_fails_the_goal() -> None:
    results = [fake_result("in-process", wall_s=301.0), fake_result("socket")]
    assert not report.overall_met(results, 300.0)
    assert "**NOT MET**" in render(results)


def test_one_run_alone_does_not_meet_the_goal() -> None:
    results = [fake_result("in-process")]
    assert not report.overall_met(results, 300.0)
    assert "partial: no socket run" in render(results)


def test_history_keeps_earlier_runs_newest_first(tmp_path: Path) -> None:
    first = render([fake_result("in-process", wall_s=11.0), fake_result("socket", wall_s=22.0)])
    second = render([fake_result("in-process", wall_s=33.0), fake_result("socket", wall_s=44.0)], previous=first)
    rows = report.history_rows(second)
    newest_first = ["33.0 s (0.55 min)", "44.0 s (0.73 min)", "11.0 s (0.18 min)", "22.0 s (0.37 min)"]
    assert [row.split(" | ")[4] for row in rows] == newest_first
    assert report.history_rows("no markers here") == []
