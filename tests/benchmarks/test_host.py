"""benchmarks/host.py, shared by every benchmark: the runs' environment and CPUs, free ports, waiting for a server,
stopping processes. Nothing here measures time."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from benchmarks import host
from benchmarks.conformance_wall_time import ENDPOINTS_PATH

POSIX_ONLY = pytest.mark.skipif(os.name != "posix", reason="process groups and signals are POSIX")


def test_child_env_drops_the_variables_that_change_what_is_measured() -> None:
    env = host.child_env({"PATH": "/bin", "AKENEO_PASSWORD": "x", "MOCK_RULES_EXECUTION": "background", "HOME": "/h"})
    assert env == {"PATH": "/bin", "HOME": "/h"}


@pytest.mark.parametrize(
    ("available", "chosen"), [(range(8), [0, 1]), ({3}, [3]), ({9, 2, 5}, [2, 5]), ([4, 6], [4, 6])]
)
def test_the_runs_get_the_first_two_cpus_available(available: Any, chosen: list[int]) -> None:
    assert host.choose_cpus(set(available)) == chosen


# --- ports, servers, processes ---------------------------------------------------------------------------------------


class _Endpoints(BaseHTTPRequestHandler):
    """Answers 503 to the first `unready` polls of /api/rest/v1, then 200."""

    unready = 0

    def do_GET(self) -> None:
        if self.path != ENDPOINTS_PATH:
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
    port = host.free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))
        sock.listen()


def test_waiting_ends_when_the_server_answers_200(endpoints: tuple[str, type[_Endpoints]]) -> None:
    url, handler = endpoints
    handler.unready = 3
    waited = host.wait_until_answering(url + ENDPOINTS_PATH, deadline_s=30)
    assert waited >= 0
    assert handler.unready == 0, "it stopped polling before the server answered 200"


def test_waiting_gives_up_at_the_deadline_naming_the_last_answer(endpoints: tuple[str, type[_Endpoints]]) -> None:
    url, handler = endpoints
    handler.unready = 10**6
    with pytest.raises(TimeoutError, match="status 503"):
        host.wait_until_answering(url + ENDPOINTS_PATH, deadline_s=0.3)


def test_waiting_gives_up_when_nothing_listens() -> None:
    with pytest.raises(TimeoutError, match="did not answer"):
        host.wait_until_answering(f"http://127.0.0.1:{host.free_port()}/api/rest/v1", deadline_s=0.3)


def test_waiting_stops_when_the_server_process_exits() -> None:
    process = subprocess.Popen([sys.executable, "-c", "raise SystemExit(3)"])
    process.wait(timeout=30)
    with pytest.raises(RuntimeError, match="status 3"):
        host.wait_until_answering(f"http://127.0.0.1:{host.free_port()}/api/rest/v1", deadline_s=30, process=process)


@POSIX_ONLY
def test_stop_process_terminates() -> None:
    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    assert host.stop_process(process, timeout_s=10) == -signal.SIGTERM


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
        assert host.stop_process(process, timeout_s=0.5) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def process_wait_briefly(process: subprocess.Popen[Any]) -> None:
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=0.05)
