"""The plumbing of benchmarks/conformance_wall_time.py, without the suite: options, the commands, and both runs
driven with stand-in commands (the figures and RESULTS.md: test_wall_time_results.py; ports and processes:
test_host.py; the in-process command: test_conformance_in_process.py).

Nothing here measures time: the speed goal is the benchmark's business, not a test's."""

from __future__ import annotations

import json
import os
import socket
import sys
from pathlib import Path
from typing import Any

import pytest

from benchmarks import conformance_wall_time as bench
from tests.benchmarks.scorecards import scorecard

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="process groups and signals are POSIX")


# --- options ---------------------------------------------------------------------------------------------------------


def test_defaults_are_the_goal_and_the_suite_defaults() -> None:
    args = bench.parser().parse_args([])
    assert args.budget == 300.0
    assert args.max_examples is None  # not passed on: the suite's own default is measured
    assert args.seed is None
    assert args.out == Path("benchmarks/RESULTS.md")
    assert args.cores == 2
    assert args.only is None


def test_options_are_parsed() -> None:
    args = bench.parser().parse_args(["--max-examples", "5", "--seed", "9", "--out", "x.md", "--budget", "60.5"])
    assert (args.max_examples, args.seed, args.out, args.budget) == (5, 9, Path("x.md"), 60.5)


@pytest.mark.parametrize(
    "argv", [["--budget", "0"], ["--max-examples", "0"], ["--max-examples", "many"], ["--only", "both"], ["--x"]]
)
def test_bad_options_are_usage_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench.parser().parse_args(argv)
    assert exit_info.value.code == 2


def test_suite_arguments_pass_max_examples_only_when_given(tmp_path: Path) -> None:
    assert bench.suite_arguments(tmp_path, 3, None) == ["--report-dir", str(tmp_path), "--seed", "3"]
    assert bench.suite_arguments(tmp_path, 3, 7)[-2:] == ["--max-examples", "7"]


def test_the_commands_are_the_ones_users_run() -> None:
    assert bench.mock_server_command(8123)[1:] == ["-m", "mock_server", "--host", "127.0.0.1", "--port", "8123"]
    assert bench.conformance_command("http://h:1", ["--seed", "1"])[1:] == [
        "-m",
        "conformance",
        "--target",
        "http://h:1",
        "--seed",
        "1",
    ]
    command = bench.in_process_command(["--seed", "1"])
    assert command[1:] == ["-m", "benchmarks.conformance_in_process", "--seed", "1"]
    assert (bench.REPO / "benchmarks" / "conformance_in_process.py").is_file()


# --- the runs, with stand-in commands --------------------------------------------------------------------------------

FAKE_SUITE = """
import json, pathlib, sys, urllib.request
args = sys.argv[1:]
report = pathlib.Path(args[args.index("--report-dir") + 1])
target = args[args.index("--target") + 1] if "--target" in args else None
if target:
    with urllib.request.urlopen(target + "/api/rest/v1") as response:
        assert response.status == 200
print("fake suite ran against", target)
report.joinpath("scorecard.json").write_text(SCORECARD)
sys.exit(STATUS)
"""


def fake_suite(card: dict[str, Any], status: int = 0) -> str:
    """A stand-in for the suite: checks the target answers (if it has one), writes `card`, exits with `status`."""
    return FAKE_SUITE.replace("SCORECARD", repr(json.dumps(card))).replace("STATUS", str(status))


def test_run_suite_times_the_command_and_reads_its_scorecard(tmp_path: Path) -> None:
    command = [sys.executable, "-c", fake_suite(scorecard()), "--report-dir", str(tmp_path)]
    result = bench.run_suite("in-process", command, tmp_path, timeout_s=60)
    assert result.passed, result
    assert result.wall_s is not None and result.wall_s > 0
    assert result.tests == {"passed": 1, "skipped": 2, "deselected": 3}
    assert "fake suite ran" in (tmp_path / "suite.log").read_text()


def test_run_suite_reports_a_failing_suite(tmp_path: Path) -> None:
    command = [sys.executable, "-c", fake_suite(scorecard("fail", ("t::x",)), 1), "--report-dir", str(tmp_path)]
    result = bench.run_suite("in-process", command, tmp_path, timeout_s=60)
    assert not result.passed
    assert result.exit_status == 1
    assert result.failing == ["t::x: boom in t::x"]
    assert result.status.startswith("FAILED")


def test_run_suite_without_a_scorecard_is_an_error_even_if_it_exits_0(tmp_path: Path) -> None:
    (tmp_path / "scorecard.json").write_text(json.dumps(scorecard()))  # an earlier run's: must not count
    result = bench.run_suite("in-process", [sys.executable, "-c", "pass"], tmp_path, timeout_s=60)
    assert not result.passed
    assert "no scorecard.json" in result.error


@POSIX_ONLY
def test_run_suite_kills_a_run_past_its_timeout(tmp_path: Path) -> None:
    result = bench.run_suite("socket", [sys.executable, "-c", "import time; time.sleep(60)"], tmp_path, timeout_s=0.5)
    assert "timed out" in result.error
    assert not result.passed


def test_socket_run_starts_the_server_runs_the_suite_against_it_and_stops_it(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "api" / "rest").mkdir(parents=True)
    (site / "api" / "rest" / "v1").write_text("{}")
    ports: list[int] = []

    def server(port: int) -> list[str]:
        ports.append(port)
        return [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", "--directory", str(site), str(port)]

    def suite(url: str, args: Any) -> list[str]:
        return [sys.executable, "-c", fake_suite(scorecard()), "--target", url, *args]

    report = tmp_path / "report"
    result = bench.socket_run(
        ["--report-dir", str(report)], report, timeout_s=60, startup_s=30, server_command=server, suite_command=suite
    )
    assert result.passed, (result, (report / "suite.log").read_text())
    assert result.startup_s is not None and result.wall_s is not None and result.wall_s >= result.startup_s
    assert result.extra_commands == [server(ports[0])]
    assert f"against http://127.0.0.1:{ports[0]}" in (report / "suite.log").read_text()
    with pytest.raises(ConnectionRefusedError):  # the server is stopped: nothing listens on its port any more
        socket.create_connection(("127.0.0.1", ports[0]), timeout=5).close()


def test_socket_run_reports_a_server_that_never_answers(tmp_path: Path) -> None:
    def server(port: int) -> list[str]:
        return [sys.executable, "-c", "raise SystemExit(7)"]

    result = bench.socket_run([], tmp_path, timeout_s=60, startup_s=30, server_command=server)
    assert not result.passed
    assert "status 7" in result.error
