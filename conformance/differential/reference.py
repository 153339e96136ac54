"""The reference model: the mock, as a subprocess of this run (`python -m mock_server`, same interpreter) or a
running one (--differential-reference URL). The suite never imports it: it talks HTTP to it like to any target.

Each sequence gets a fresh tenant of its own (ARCHITECTURE "Tenants"), seeded as seeding.py says.
"""

from __future__ import annotations

import importlib.util
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

import httpx

TENANTS = "/mock/tenants"
START_TIMEOUT = 60.0


class ReferenceUnavailable(RuntimeError):
    """The reference model cannot be started or reached: one line saying why."""


def not_installed() -> str | None:
    """Why the reference model cannot be started here (the mock is not installed), or None."""
    if importlib.util.find_spec("mock_server") is None:
        return (
            "the reference model is the mock, which is not installed: install the toolkit's `mock` extra, "
            "or pass --differential-reference URL of a running mock"
        )
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Reference:
    """The reference mock of a run: start() it (or reach the URL given), stop() it at the end."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url.rstrip("/") if url else None
        self._process: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    def start(self) -> Reference:
        if self.url is None:
            missing = not_installed()
            if missing:
                raise ReferenceUnavailable(missing)
            port = _free_port()
            self._log = tempfile.TemporaryFile()  # noqa: SIM115 - kept open while the mock runs, closed by stop()
            command = [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", str(port)]
            command += ["--log-level", "warning"]
            self._process = subprocess.Popen(command, stdout=self._log, stderr=subprocess.STDOUT)  # noqa: S603
            self.url = f"http://127.0.0.1:{port}"
        self._wait_until_up()
        return self

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        wait = 0.05
        while True:
            if self._process is not None and self._process.poll() is not None:
                raise ReferenceUnavailable(f"the reference mock stopped while starting: {self._tail()}")
            try:
                if httpx.get(f"{self.url}{TENANTS}", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise ReferenceUnavailable(f"the reference mock at {self.url} did not answer {TENANTS} in time")
            time.sleep(wait)  # polling a subprocess's readiness: nothing to wait on but its socket
            wait = min(wait * 2, 0.5)

    def _tail(self) -> str:
        if self._log is None:
            return "(no log)"
        self._log.seek(0)
        lines = self._log.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else "(no output)"

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None
