"""`python -m mock_server` on a free loopback port, for the tests that talk to it as real clients do."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

MOCK_PASSWORD = "s3cret"  # not the default: proves the clients send what they are given


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_listening(port: int, process: subprocess.Popen, deadline_s: float = 30.0) -> None:
    """Connect until the server accepts, the process dies, or the deadline passes."""
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if process.poll() is not None:
            raise RuntimeError(f"mock exited with {process.returncode}: {process.stderr.read().decode()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)  # between connection attempts, not in place of a readiness check
    raise TimeoutError(f"mock did not listen on {port} within {deadline_s}s")


@contextmanager
def running_mock(*flags: str, **env: str) -> Iterator[str]:
    """The mock in its own process (`flags` for the command line, `env` for MOCK_* settings); yields its base URL."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "mock_server",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--log-level",
        "warning",
    ]
    environment = {**os.environ, "MOCK_PASSWORD": MOCK_PASSWORD, **env}
    process = subprocess.Popen([*command, *flags], stderr=subprocess.PIPE, env=environment)
    try:
        wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
