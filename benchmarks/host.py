"""The host a benchmark runs on: the checkout (REPO, its commit), the CPUs the runs are pinned to, free ports,
servers waited for and stopped, the environment the runs get, the load average. Shared by every benchmark."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CORES = 2
DEFAULT_STARTUP_S = 60.0  # how long a server may take to answer after it is started
# Variables that would change what is measured (other credentials, background automation): the runs use defaults.
SCRUBBED_ENV_PREFIXES = ("AKENEO_", "MOCK_")


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


def kill_group(process: subprocess.Popen[Any]) -> None:
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
