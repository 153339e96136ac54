"""The plumbing of benchmarks/conformance_wall_time.py, without the suite: options, the figures read from a
scorecard, RESULTS.md, ports, waiting for a server, stopping processes, and both runs driven with stand-in commands.

Nothing here measures time: the speed goal is the benchmark's business, not a test's."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from benchmarks import conformance_in_process as in_process
from benchmarks import conformance_wall_time as bench

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="process groups and signals are POSIX")


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


def fake_result(name: str, *, wall_s: float = 100.0, passed: bool = True) -> bench.RunResult:
    result = bench.RunResult(name=name, command=["python", "-m", "conformance", "--target", "http://x"])
    result.wall_s = wall_s
    result.exit_status = 0 if passed else 1
    figures = bench.summarise_scorecard(scorecard("pass" if passed else "fail", () if passed else ("t::broken",)))
    for key, value in figures.items():
        setattr(result, key, value)
    return result


def machine() -> bench.Machine:
    return bench.Machine(
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


def render(results: list[bench.RunResult], previous: str = "", budget_s: float = 300.0) -> str:
    return bench.render_results(
        results,
        machine(),
        budget_s=budget_s,
        invocation=["python", "benchmarks/conformance_wall_time.py", "--seed", "7"],
        seed=7,
        max_examples=None,
        when=datetime(2026, 1, 2, 3, 4, tzinfo=UTC),
        previous=previous,
    )


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


def test_child_env_drops_the_variables_that_change_what_is_measured() -> None:
    env = bench.child_env({"PATH": "/bin", "AKENEO_PASSWORD": "x", "MOCK_RULES_EXECUTION": "background", "HOME": "/h"})
    assert env == {"PATH": "/bin", "HOME": "/h"}


@pytest.mark.parametrize(
    ("available", "chosen"), [(range(8), [0, 1]), ({3}, [3]), ({9, 2, 5}, [2, 5]), ([4, 6], [4, 6])]
)
def test_the_runs_get_the_first_two_cpus_available(available: Any, chosen: list[int]) -> None:
    assert bench.choose_cpus(set(available)) == chosen


# --- the in-process command ------------------------------------------------------------------------------------------


def test_the_in_process_command_is_the_suite_cli_with_the_mock_as_target(monkeypatch: pytest.MonkeyPatch) -> None:
    import conformance.__main__ as conformance_main

    runs: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(conformance_main, "run", lambda target, **options: runs.append((target, options)) or 0)
    argv = ["--read-only", "--poll-timeout", "3", "--seed", "5", "--max-examples", "2", "--report-dir", "r", "--", "-x"]
    assert in_process.main(argv) == 0
    [(target, options)] = runs
    assert target.is_in_process and target.app is not None
    assert target.read_only and target.poll_timeout == 3.0
    assert options["seed"] == 5 and options["max_examples"] == 2 and options["report_dir"] == "r"
    # the CLI's own quiet default (-q: the scorecard section is the summary), then what was passed through
    assert options["layer"] == "all" and options["pytest_extra"] == ["-q", "-x"]
    assert conformance_main.Target is not in_process.InProcessTarget, "the CLI was left patched"


def test_the_in_process_command_fails_when_the_cli_builds_its_target_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    import conformance.__main__ as conformance_main

    monkeypatch.setattr(conformance_main, "main", lambda argv: 0)  # a CLI that never calls Target.from_env
    assert in_process.main([]) == in_process.NOT_IN_PROCESS


def test_the_in_process_command_refuses_a_target(capsys: pytest.CaptureFixture[str]) -> None:
    assert in_process.main(["--target", "http://127.0.0.1:8080"]) == 2
    assert in_process.main(["--target=http://127.0.0.1:8080"]) == 2
    assert "--target" in capsys.readouterr().err


def test_the_in_process_mock_is_the_one_python_m_mock_server_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    import mock_server.__main__ as mock_main

    for name in list(os.environ):
        if name.startswith("MOCK_"):
            monkeypatch.delenv(name)
    served: list[Any] = []
    monkeypatch.setattr(mock_main.uvicorn, "run", lambda app, **_: served.append(app))
    mock_main.main(["--host", "127.0.0.1", "--port", "8080"])
    ours = in_process.build_mock_app()
    assert ours.mock_context.settings == served[0].mock_context.settings
    assert ours.mock_context.settings.load_fixtures
    assert sorted(ours.mock_context.store.asset_families) == sorted(served[0].mock_context.store.asset_families)
    assert ours.mock_context.store.asset_families, "the default catalog is not loaded"


# --- figures and RESULTS.md ------------------------------------------------------------------------------------------


def test_summarise_scorecard_reads_counts_and_each_failing_test_once() -> None:
    figures = bench.summarise_scorecard(scorecard("fail", ("t::broken",)))
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
    assert bench.GOAL in text
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
    text = bench.render_results(
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
    failed.log = bench.REPO / "reports" / "benchmarks" / "in-process" / "suite.log"
    text = render([failed, fake_result("socket")])
    assert "(log: `reports/benchmarks/in-process/suite.log`)" in text
    assert "**NOT MET**" in text
    assert "### What failed" in text
    assert "`t::broken: boom in t::broken`" in text
    assert "the suite did not pass" in text


def test_a_slow_run_fails_the_goal() -> None:
    results = [fake_result("in-process", wall_s=301.0), fake_result("socket")]
    assert not bench.overall_met(results, 300.0)
    assert "**NOT MET**" in render(results)


def test_one_run_alone_does_not_meet_the_goal() -> None:
    results = [fake_result("in-process")]
    assert not bench.overall_met(results, 300.0)
    assert "partial: no socket run" in render(results)


def test_history_keeps_earlier_runs_newest_first(tmp_path: Path) -> None:
    first = render([fake_result("in-process", wall_s=11.0), fake_result("socket", wall_s=22.0)])
    second = render([fake_result("in-process", wall_s=33.0), fake_result("socket", wall_s=44.0)], previous=first)
    rows = bench.history_rows(second)
    newest_first = ["33.0 s (0.55 min)", "44.0 s (0.73 min)", "11.0 s (0.18 min)", "22.0 s (0.37 min)"]
    assert [row.split(" | ")[4] for row in rows] == newest_first
    assert bench.history_rows("no markers here") == []


# --- ports, servers, processes ---------------------------------------------------------------------------------------


class _Endpoints(BaseHTTPRequestHandler):
    """Answers 503 to the first `unready` polls of /api/rest/v1, then 200."""

    unready = 0

    def do_GET(self) -> None:
        if self.path != bench.ENDPOINTS_PATH:
            self.send_error(404)
            return
        if type(self).unready > 0:
            type(self).unready -= 1
            self.send_error(503)
            return
        body = b'{"routes": {}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def endpoints() -> Iterator[tuple[str, type[_Endpoints]]]:
    handler = type("Handler", (_Endpoints,), {"unready": 0})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_free_port_can_be_listened_on() -> None:
    port = bench.free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
        sock.listen()


def test_waiting_ends_when_the_server_answers_200(endpoints: tuple[str, type[_Endpoints]]) -> None:
    url, handler = endpoints
    handler.unready = 3
    waited = bench.wait_until_answering(url + bench.ENDPOINTS_PATH, deadline_s=30)
    assert waited >= 0
    assert handler.unready == 0, "it stopped polling before the server answered 200"


def test_waiting_gives_up_at_the_deadline_naming_the_last_answer(endpoints: tuple[str, type[_Endpoints]]) -> None:
    url, handler = endpoints
    handler.unready = 10**6
    with pytest.raises(TimeoutError, match="status 503"):
        bench.wait_until_answering(url + bench.ENDPOINTS_PATH, deadline_s=0.3)


def test_waiting_gives_up_when_nothing_listens() -> None:
    with pytest.raises(TimeoutError, match="did not answer"):
        bench.wait_until_answering(f"http://127.0.0.1:{bench.free_port()}/api/rest/v1", deadline_s=0.3)


def test_waiting_stops_when_the_server_process_exits() -> None:
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait(timeout=30)
    with pytest.raises(RuntimeError, match="status 3"):
        bench.wait_until_answering(f"http://127.0.0.1:{bench.free_port()}/api/rest/v1", deadline_s=30, process=process)


@POSIX_ONLY
def test_stop_process_terminates() -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert bench.stop_process(process, timeout_s=10) == -signal.SIGTERM


@POSIX_ONLY
def test_stop_process_kills_what_ignores_sigterm(tmp_path: Path) -> None:
    ready = tmp_path / "ready"
    code = (
        "import pathlib, signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "pathlib.Path(sys.argv[1]).touch(); time.sleep(60)"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(ready)])
    try:
        while not ready.exists():  # the handler must be in place before the SIGTERM
            assert process.poll() is None
            process_wait_briefly(process)
        assert bench.stop_process(process, timeout_s=0.5) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def process_wait_briefly(process: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=0.05)


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
