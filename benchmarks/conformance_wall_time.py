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
import json
import os
import platform
import random
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: this checkout's packages, not an installed copy
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.host import (
    CORES,
    DEFAULT_STARTUP_S,
    REPO,
    child_env,
    free_port,
    git_commit,
    kill_group,
    load_average,
    pin_to_cores,
    stop_process,
    wait_until_answering,
)
from benchmarks.wall_time_results import (
    RUNS,
    Machine,
    RunResult,
    counts,
    from_repo,
    overall_met,
    render_results,
    seconds,
    summarise_scorecard,
)
from conformance.__main__ import positive

IN_PROCESS_MODULE = "benchmarks.conformance_in_process"
DEFAULT_OUT = Path("benchmarks/RESULTS.md")
DEFAULT_WORK_DIR = Path("reports/benchmarks")
DEFAULT_BUDGET_S = 300.0
DEFAULT_TIMEOUT_S = 1800.0  # a run still going after this is killed and reported as timed out
ENDPOINTS_PATH = "/api/rest/v1"
SCORECARD = "scorecard.json"
LOG = "suite.log"
SERVER_LOG = "server.log"


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
            kill_group(process)
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
        suite_args = suite_arguments(from_repo(directory), seed, args.max_examples)  # the runs' cwd is REPO
        print(f"{name}: running (scorecard and log in {directory}) ...", flush=True)
        measure = in_process_run if name == "in-process" else socket_run
        result = measure(suite_args, directory, timeout_s=args.timeout, env=env)
        print(f"{name}: {seconds(result.wall_s)}, {result.status}, tests {counts(result)}", flush=True)
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
