"""The mock's command line as a user meets it (`python -m mock_server`, the same main as `akeneo-mock`), through a real
process on a free port: its configuration errors, its banner, its access log and its JSON logs."""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import free_port, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
TOKEN_PATH = "/api/oauth/v1/token"
ACCESS_LINE = re.compile(r'"GET /api/rest/v1 HTTP/1\.1" 200')
ANSI = "\x1b["


def environment(**variables: str) -> dict[str, str]:
    """This process's environment without MOCK_* settings (the developer's must not decide a test), plus `variables`."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("MOCK_")}, **variables}


def mock_command(*flags: str) -> list[str]:
    return [sys.executable, "-m", "mock_server", *flags]


@dataclass
class Running:
    url: str
    process: subprocess.Popen
    output: str = ""  # stderr, once stopped

    def stop(self) -> str:
        self.process.terminate()
        _, err = self.process.communicate(timeout=15)
        self.output = err.decode() if isinstance(err, bytes) else (err or "")
        return self.output


@contextmanager
def running(*flags: str, stderr: int = subprocess.PIPE, **variables: str) -> Iterator[Running]:
    port = free_port()
    command = mock_command("--port", str(port), *flags)
    process = subprocess.Popen(command, cwd=ROOT, env=environment(**variables), stderr=stderr)
    mock = Running(f"http://127.0.0.1:{port}", process)
    try:
        wait_until_listening(port, process)
        yield mock
    finally:
        if process.poll() is None:
            mock.stop()


# --- configuration errors --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("flags", "variables", "named"),
    [
        ((), {"MOCK_PAGE_SIZE": "abc"}, 'MOCK_PAGE_SIZE must be an integer, "abc" given'),
        ((), {"MOCK_RATE_LIMIT": "-1"}, "rate_limit must be positive"),
        ((), {"MOCK_PORT": "http"}, "MOCK_PORT must be a port number"),
        ((), {"MOCK_LOG_LEVEL": "loud"}, "MOCK_LOG_LEVEL must be one of"),
        ((), {"MOCK_LOG_FORMAT": "xml"}, 'log_format must be "text" or "json"'),
        (("--log-level", "loud"), {}, "argument --log-level: invalid choice: 'loud'"),
        (("--journal-size", "0"), {}, "journal_size must be at least 1, 0 given"),
        (("--port", "70000"), {}, "argument --port: must be between 1 and 65535"),
        (("--unknown-flag",), {}, "unrecognized arguments: --unknown-flag"),
    ],
)
def test_a_configuration_error_is_one_line_and_exit_status_2(
    flags: tuple[str, ...], variables: dict[str, str], named: str
) -> None:
    result = subprocess.run(
        mock_command(*flags), cwd=ROOT, env=environment(**variables), capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [result.stderr.strip()], "one line, no usage block, no traceback"
    assert result.stderr.startswith("akeneo-mock: error: ")
    assert named in result.stderr
    assert result.stdout == ""


def test_version_names_the_installed_distribution() -> None:
    result = subprocess.run(mock_command("--version"), cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.strip() == f"akeneo-mock {metadata.version('akeneo-asset-manager-toolkit')}"


# --- the banner and the access log ------------------------------------------------------------------------------------


def test_the_banner_comes_first_and_its_urls_and_credentials_work() -> None:
    with running("--log-requests") as mock:
        banner = mock.process.stderr.readline().decode()  # printed before the server binds: already there
        assert banner.startswith(f"Akeneo Asset Manager mock {metadata.version('akeneo-asset-manager-toolkit')} at ")
        assert mock.url in banner
        lines = [mock.process.stderr.readline().decode() for _ in range(6)]
        text = "".join(lines)
        swagger = re.search(r"Swagger UI (http://\S+/ui/)", lines[0])
        assert swagger
        assert httpx.get(swagger[1], timeout=10).status_code == 200
        client_id, secret = re.search(r"client +id '(\S+)', secret '(\S+)'", text).groups()
        username, password = re.search(r"user +username '(\S+)', password '(\S+)'", text).groups()
        token = httpx.post(
            mock.url + TOKEN_PATH,
            auth=(client_id, secret),
            json={"grant_type": "password", "username": username, "password": password},
            timeout=10,
        )
        assert token.status_code == 200
        families = re.search(r"catalog +default: (\d+) asset families, (\d+) assets", text)
        assert families
        listed = httpx.get(
            mock.url + "/api/rest/v1/asset-families",
            headers={"Authorization": f"Bearer {token.json()['access_token']}"},
            timeout=10,
        )
        assert len(listed.json()["_embedded"]["items"]) == int(families[1])
        control = re.search(r"control plane +(http://\S+/mock) ", text)
        assert control
        assert httpx.get(control[1] + "/ui/", timeout=10).status_code == 200
        assert "request log    on" in text
        assert httpx.get(mock.url + "/api/rest/v1", timeout=10).status_code == 200
        output = mock.stop()
    assert "Warning" not in output  # Connexion's import of Starlette's TestClient used to print one first
    assert "multiple content types" not in output  # Connexion's warning at each token request: by design here
    access = [line for line in output.splitlines() if ACCESS_LINE.search(line)]
    assert len(access) == 1
    assert ANSI not in access[0]  # stderr is a pipe here: no colors


def test_the_banner_says_what_is_off_and_no_access_log_without_log_requests() -> None:
    with running("--empty", "--no-control-plane") as mock:
        assert httpx.get(mock.url + "/api/rest/v1", timeout=10).status_code == 200
        output = mock.stop()
    assert "catalog        empty: 0 asset families, 0 assets, 0 products" in output
    assert "control plane  off" in output
    assert "request log    off" in output
    assert not ACCESS_LINE.search(output)


def test_the_access_log_is_colored_when_stderr_is_a_terminal() -> None:
    controller, terminal = pty.openpty()
    try:
        with running("--log-requests", stderr=terminal) as mock:
            os.close(terminal)
            terminal = -1
            assert httpx.get(mock.url + "/api/rest/v1", timeout=10).status_code == 200
            mock.stop()
        output = b""
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # EIO: the mock closed its side of the terminal
                break
            if not chunk:
                break
            output += chunk
    finally:
        os.close(controller)
        if terminal != -1:
            os.close(terminal)
    access = [line for line in output.decode().splitlines() if "GET /api/rest/v1 HTTP/1.1" in line]
    assert len(access) == 1
    assert ANSI in access[0]


def test_json_logs_are_one_object_per_line_with_the_access_fields() -> None:
    with running("--log-requests", "--log-format", "json") as mock:
        assert httpx.get(mock.url + "/api/rest/v1", timeout=10).status_code == 200
        output = mock.stop()
    entries = [json.loads(line) for line in output.splitlines() if line.strip()]  # each line must parse
    assert entries[0]["message"] == "mock starting"
    assert entries[0]["url"] == mock.url
    assert entries[0]["client_id"] == "client"
    assert entries[0]["asset_families"] > 0
    (access,) = [entry for entry in entries if entry["logger"] == "uvicorn.access"]
    assert (access["method"], access["path"], access["status"]) == ("GET", "/api/rest/v1", 200)
    assert {"time", "level", "message"} <= access.keys()
