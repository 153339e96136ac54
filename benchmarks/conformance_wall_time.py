"""python benchmarks/conformance_wall_time.py: how long the whole conformance suite takes against the mock, on 2 cores.

Measures the goal of issue #5: "The whole conformance suite passes against the mock in-process and against the mock
started with the README command over a real socket, in under 5 minutes on 2 cores." Two runs, each the command a
user runs, timed from the outside:

  in-process  python -m benchmarks.conformance_in_process ...: `python -m conformance` with the mock built in the
              same process (as `python -m mock_server` builds it) and served by the suite on a loopback port
  socket      python -m mock_server --host 127.0.0.1 --port P (the README's command, on a free port), then
              python -m conformance --target http://127.0.0.1:P ...; the wall time counts the server's start too

Every layer, the suite's default options; one seed for both runs (--seed, else a random one, recorded). The runs
are pinned to 2 CPUs where the machine has more. The result goes to benchmarks/RESULTS.md (--out); the suite's
scorecards and logs to reports/benchmarks/<run>/ (--work-dir). Exit status 0 only if both runs pass within the
budget (--budget, default 300 s); 1 otherwise; 2 for a usage error.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import random
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conformance.__main__ import positive

REPO = Path(__file__).resolve().parent.parent
IN_PROCESS_MODULE = "benchmarks.conformance_in_process"
DEFAULT_OUT = Path("benchmarks/RESULTS.md")
DEFAULT_WORK_DIR = Path("reports/benchmarks")
DEFAULT_BUDGET_S = 300.0
DEFAULT_TIMEOUT_S = 1800.0  # a run still going after this is killed and reported as timed out
DEFAULT_STARTUP_S = 60.0  # how long the mock may take to answer after it is started
CORES = 2
RUNS = ("in-process", "socket")
GOAL = (
    "The whole conformance suite passes against the mock in-process and against the mock started with the README "
    "command over a real socket, in under 5 minutes on 2 cores."
)
ENDPOINTS_PATH = "/api/rest/v1"
SCORECARD = "scorecard.json"
LOG = "suite.log"
SERVER_LOG = "server.log"
# Variables that would change what is measured (other credentials, background automation): the runs use defaults.
SCRUBBED_ENV_PREFIXES = ("AKENEO_", "MOCK_")
HISTORY_START = "<!-- history:start -->"
HISTORY_END = "<!-- history:end -->"
HISTORY_HEADER = (
    "| date (UTC) | commit | CPUs used | run | wall time | status | tests passed / failed / skipped | verdict |",
    "|---|---|---|---|---|---|---|---|",
)
HISTORY_ROWS = 60
FAILED_OUTCOMES = ("failed", "error")


# --- results ---------------------------------------------------------------------------------------------------------


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


# --- processes, ports, CPUs ------------------------------------------------------------------------------------------


def choose_cpus(available: Sequence[int] | set[int], cores: int = CORES) -> list[int]:
    """The CPUs the runs are pinned to: the first `cores` of those this process may use."""
    return sorted(available)[:cores]


def pin_to_cores(cores: int = CORES) -> tuple[list[int] | None, list[int] | None, str]:
    """Pins this process (and so every process it starts) to `cores` CPUs; (available, used, how)."""
    if not hasattr(os, "sched_setaffinity"):
        return None, None, "not pinned: os.sched_setaffinity is not available on this platform"
    available = sorted(os.sched_getaffinity(0))
    if len(available) <= cores:
        note = "" if len(available) == cores else f" (fewer than the goal's {cores}: the figures are pessimistic)"
        return available, available, f"not pinned: the machine offers {len(available)} CPU(s){note}"
    chosen = choose_cpus(available, cores)
    os.sched_setaffinity(0, chosen)
    used = sorted(os.sched_getaffinity(0))
    return available, used, f"pinned with os.sched_setaffinity to CPUs {','.join(map(str, used))}"


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on right now (the OS picks it; another process could still take it before us)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def wait_until_answering(
    url: str, *, deadline_s: float = DEFAULT_STARTUP_S, process: subprocess.Popen[Any] | None = None
) -> float:
    """Polls GET url until it answers 200; returns the seconds it took. Raises RuntimeError when `process` exits
    first, TimeoutError when the deadline passes."""
    start = time.monotonic()
    end = start + deadline_s
    last = "no answer"
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310 - our own http URL
    while True:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(request, timeout=2) as response:  # noqa: S310 - our own http URL
                if response.status == 200:
                    return time.monotonic() - start
                last = f"status {response.status}"
        except urllib.error.HTTPError as exc:
            last = f"status {exc.code}"
        except (urllib.error.URLError, OSError) as exc:
            last = str(getattr(exc, "reason", exc))
        if time.monotonic() >= end:
            raise TimeoutError(f"{url} did not answer 200 within {deadline_s:g} s (last: {last})")
        time.sleep(0.05)  # between two polls of the server's readiness, not in place of it


def stop_process(process: subprocess.Popen[Any], timeout_s: float = 10.0) -> int:
    """Terminates `process`, waits for it, kills it if it is still there after `timeout_s`; its exit status."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout_s)
    return int(process.returncode)


def _kill_group(process: subprocess.Popen[Any]) -> None:
    """Kills a process started in its own session, and whatever it started."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        process.kill()
    process.wait()


def child_env(environ: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of the runs: this one without AKENEO_* and MOCK_*, so both sides use their defaults."""
    env = os.environ if environ is None else environ
    return {key: value for key, value in env.items() if not key.startswith(SCRUBBED_ENV_PREFIXES)}


# --- the runs --------------------------------------------------------------------------------------------------------


def suite_arguments(report_dir: Path, seed: int, max_examples: int | None) -> list[str]:
    """The options both runs pass to the suite: the defaults, one seed, a report directory per run."""
    arguments = ["--report-dir", str(report_dir), "--seed", str(seed)]
    if max_examples is not None:
        arguments += ["--max-examples", str(max_examples)]
    return arguments


def in_process_command(suite_args: Sequence[str]) -> list[str]:
    """`python -m conformance` with the mock in-process as target; -m from the repository, as the other commands."""
    return [sys.executable, "-m", IN_PROCESS_MODULE, *suite_args]


def mock_server_command(port: int) -> list[str]:
    """The README's command, on another port."""
    return [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", str(port)]


def conformance_command(target_url: str, suite_args: Sequence[str]) -> list[str]:
    return [sys.executable, "-m", "conformance", "--target", target_url, *suite_args]


def run_suite(
    name: str,
    command: list[str],
    report_dir: Path,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    env: Mapping[str, str] | None = None,
    cwd: Path = REPO,
) -> RunResult:
    """Runs the suite's command (output to report_dir/suite.log), times it, reads the scorecard it wrote."""
    report_dir.mkdir(parents=True, exist_ok=True)
    scorecard_path = report_dir / SCORECARD
    scorecard_path.unlink(missing_ok=True)  # a scorecard left by an earlier run must not stand in for this one
    result = RunResult(name=name, command=command, log=report_dir / LOG)
    with result.log.open("wb") as log:
        start = time.perf_counter()
        process = subprocess.Popen(  # noqa: S603 - our own command line
            command,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # so that a timeout kills whatever the suite started too
        )
        try:
            result.exit_status = process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            result.exit_status = process.returncode
            result.error = f"timed out after {timeout_s:g} s (killed)"
        result.wall_s = time.perf_counter() - start
    if scorecard_path.is_file():
        try:
            figures = summarise_scorecard(json.loads(scorecard_path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            result.error = result.error or f"unreadable {scorecard_path}: {exc}"
        else:
            for key, value in figures.items():
                setattr(result, key, value)
    elif not result.error:
        result.error = f"the suite wrote no {SCORECARD} (exit {result.exit_status}; see {result.log})"
    return result


def in_process_run(suite_args: Sequence[str], report_dir: Path, **options: Any) -> RunResult:
    return run_suite("in-process", in_process_command(suite_args), report_dir, **options)


def socket_run(
    suite_args: Sequence[str],
    report_dir: Path,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    startup_s: float = DEFAULT_STARTUP_S,
    env: Mapping[str, str] | None = None,
    cwd: Path = REPO,
    server_command: Callable[[int], list[str]] = mock_server_command,
    suite_command: Callable[[str, Sequence[str]], list[str]] = conformance_command,
) -> RunResult:
    """Starts the server on a free port, waits until it answers, runs the suite against it, stops the server."""
    report_dir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = server_command(port)
    command = suite_command(url, suite_args)
    start = time.perf_counter()
    with (report_dir / SERVER_LOG).open("wb") as server_log:
        process = subprocess.Popen(  # noqa: S603 - our own command line
            server,
            cwd=cwd,
            env=dict(env) if env is not None else None,
            stdin=subprocess.DEVNULL,
            stdout=server_log,  # a file, not a pipe nobody reads: uvicorn logs every request
            stderr=subprocess.STDOUT,
        )
        try:
            try:
                startup = wait_until_answering(url + ENDPOINTS_PATH, deadline_s=startup_s, process=process)
            except (RuntimeError, TimeoutError) as exc:
                result = RunResult(name="socket", command=command, error=str(exc), log=report_dir / SERVER_LOG)
                result.wall_s = time.perf_counter() - start
            else:
                result = run_suite("socket", command, report_dir, timeout_s=timeout_s, env=env, cwd=cwd)
                result.startup_s = startup
                result.wall_s = time.perf_counter() - start
        finally:
            exited_early = process.poll()  # the server should still be serving when the suite is done
            stopping = time.monotonic()
            server_status = stop_process(process)
            stop_s = time.monotonic() - stopping
    result.extra_commands = [server]
    if exited_early is not None and not result.error:
        result.error = f"the server exited with status {exited_early} during the run (see {report_dir / SERVER_LOG})"
    elif server_status == -signal.SIGKILL:
        result.notes.append(f"the server did not stop on SIGTERM and was killed ({stop_s:.1f} s)")
    elif server_status not in (0, -signal.SIGTERM):
        result.notes.append(f"the server exited with status {server_status} on SIGTERM")
    return result


# --- RESULTS.md ------------------------------------------------------------------------------------------------------


def _seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.1f} s ({value / 60:.2f} min)"


def _from_repo(path: Path) -> Path:
    """`path` relative to the repository when it is inside it (shorter command lines, the same for everyone)."""
    try:
        return path.relative_to(REPO)
    except ValueError:
        return path


def _command(command: Sequence[str]) -> str:
    shown = ["python" if word == sys.executable else word for word in command]
    return shlex.join(shown)


def _counts(result: RunResult) -> str:
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
            f"| {result.name} | {_seconds(result.wall_s)} | {_seconds(result.suite_duration_s)} | {result.status} "
            f"| {_counts(result)} | {rules} | {result.verdict(budget_s)} |"
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
            log = f" (log: `{_from_repo(result.log)}`)" if result.log else ""
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
        f"| {date} | `{machine.commit}` | {machine.cores_label} | {result.name} | {_seconds(result.wall_s)} "
        f"| {result.status} | {_counts(result)} | {result.verdict(budget_s)} |"
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


def load_average() -> tuple[float, float, float] | None:
    try:
        return os.getloadavg()
    except (AttributeError, OSError):
        return None


def git_commit(cwd: Path = REPO) -> str:
    """The commit measured, with "-dirty" when the working tree has changes (they are measured too)."""
    try:
        described = subprocess.run(
            ["git", "describe", "--always", "--dirty", "--abbrev=12"],  # noqa: S607 - git from PATH, on purpose
            cwd=cwd,
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return described.stdout.strip() or "unknown"


# --- command line ----------------------------------------------------------------------------------------------------


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python benchmarks/conformance_wall_time.py",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cli.add_argument(
        "--max-examples",
        type=positive(int),
        default=None,
        help="Schemathesis examples per operation (default: not passed, the suite's own default)",
    )
    cli.add_argument("--seed", type=int, default=None, help="the suite's seed, the same for both runs (default random)")
    cli.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the Markdown results file (default %(default)s)")
    cli.add_argument(
        "--work-dir",
        type=Path,
        default=DEFAULT_WORK_DIR,
        help="where each run's scorecard and logs go, in a directory per run (default %(default)s)",
    )
    cli.add_argument(
        "--budget",
        type=positive(float),
        default=DEFAULT_BUDGET_S,
        help="seconds each run must stay under (default %(default)g, the goal's 5 minutes)",
    )
    cli.add_argument(
        "--timeout",
        type=positive(float),
        default=DEFAULT_TIMEOUT_S,
        help="seconds after which a run is killed (default %(default)g); it then fails",
    )
    cli.add_argument(
        "--only",
        choices=("in-process", "socket"),
        default=None,
        help="one run only (a partial measure: the goal needs both)",
    )
    cli.add_argument("--cores", type=positive(int), default=CORES, help="CPUs to pin the runs to (default %(default)s)")
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    out = args.out if args.out.is_absolute() else REPO / args.out
    work_dir = args.work_dir if args.work_dir.is_absolute() else REPO / args.work_dir
    available, used, pinning = pin_to_cores(args.cores)
    machine = Machine(
        cpu_count=os.cpu_count(),
        cpus_available=available,
        cpus_used=used,
        pinning=pinning,
        python=f"{platform.python_version()} ({platform.python_implementation()})",
        platform=platform.platform(),
        commit=git_commit(),
        load_before=load_average(),
    )
    print(f"conformance wall time: {pinning}; seed {seed}; commit {machine.commit}", flush=True)
    env = child_env()
    results: list[RunResult] = []
    for name in RUNS:
        if args.only and name != args.only:
            continue
        directory = work_dir / name
        suite_args = suite_arguments(_from_repo(directory), seed, args.max_examples)  # the runs' cwd is REPO
        print(f"{name}: running (scorecard and log in {directory}) ...", flush=True)
        measure = in_process_run if name == "in-process" else socket_run
        result = measure(suite_args, directory, timeout_s=args.timeout, env=env)
        print(f"{name}: {_seconds(result.wall_s)}, {result.status}, tests {_counts(result)}", flush=True)
        for test in result.failing:
            print(f"  failing: {test}", flush=True)
        results.append(result)
    machine.load_after = load_average()
    previous = out.read_text(encoding="utf-8") if out.is_file() else ""
    invocation = ["python", "benchmarks/conformance_wall_time.py", *(sys.argv[1:] if argv is None else argv)]
    text = render_results(
        results,
        machine,
        budget_s=args.budget,
        invocation=invocation,
        seed=seed,
        max_examples=args.max_examples,
        when=datetime.now(UTC),
        previous=previous,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    met = overall_met(results, args.budget)
    print(f"verdict: {'MET' if met else 'NOT MET'} (budget {args.budget:g} s per run); written to {out}", flush=True)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
