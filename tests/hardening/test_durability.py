"""Durability, opt-in (issue #13): `python -m mock_server --state-file PATH` as a subprocess, stopped by SIGTERM,
SIGINT or SIGKILL and started again on the same file (mock_server/services/state_file.py).

What is proved: the file is created at start; every write acknowledged before the last flush is there after a
restart (STATE-FILE-FLUSH-*), a shutdown flushes everything acknowledged (STATE-FILE-SHUTDOWN), the file always
parses, even when the process is killed in the middle of a flush of a large state (STATE-FILE-ATOMIC), and a file
that cannot be loaded is one line and exit status 2 (STATE-FILE-CORRUPT). Flushes are seen by polling the file
with a deadline, never by sleeping.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from fixtures.images import picture
from tests.e2e.conftest import free_port, wait_until_listening
from tests.support import BASIC, FAMILIES, MEDIA, PASSWORD_GRANT, TOKEN

STATE_FORMAT = "akeneo-asset-manager-mock-state"
NEVER = ("--state-flush-seconds", "3600", "--state-flush-writes", "1000000")  # only the shutdown flushes
DEADLINE_S = 30.0


def environment() -> dict[str, str]:
    """This process's environment without MOCK_* settings: the developer's must not decide a test."""
    return {name: value for name, value in os.environ.items() if not name.startswith("MOCK_")}


class Mock:
    """One `python -m mock_server` process and an authenticated client on it."""

    def __init__(self, *flags: str) -> None:
        port = free_port()
        command = [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", str(port), *flags]
        command += ["--log-level", "warning"]
        self.process = subprocess.Popen(command, stderr=subprocess.PIPE, env=environment())
        wait_until_listening(port, self.process, deadline_s=60)
        self.url = f"http://127.0.0.1:{port}"
        self.client = httpx.Client(base_url=self.url, timeout=30)
        self.client.headers["Authorization"] = f"Bearer {self.token()}"

    def token(self, tenant: str | None = None) -> str:
        headers = {"Authorization": BASIC, **({"X-Mock-Tenant": tenant} if tenant else {})}
        response = self.client.post(TOKEN, json=PASSWORD_GRANT, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()["access_token"]

    def stop(self, signum: int) -> int:
        """The exit status after `signum`; a graceful stop (SIGTERM, SIGINT) ends as uvicorn ends it, 0 or the
        signal raised again once shut down, and logs no traceback."""
        self.client.close()
        self.process.send_signal(signum)
        code = self.process.wait(timeout=60)
        errors = self.process.stderr.read().decode()
        self.process.stderr.close()
        if signum != signal.SIGKILL:
            assert code in (0, -signum) and "Traceback" not in errors, errors
        return code


@contextmanager
def mock(*flags: str) -> Iterator[Mock]:
    started = Mock(*flags)
    try:
        yield started
    finally:
        if started.process.poll() is None:
            started.stop(signal.SIGKILL)


def state(path: Path) -> dict[str, Any]:
    """The state file, parsed whole: a file cut short or mixed fails here."""
    document = json.loads(path.read_bytes())
    assert document["format"] == STATE_FORMAT
    return document


def families_in(document: dict[str, Any], tenant: str = "default") -> list[str]:
    snapshot = next(entry["snapshot"] for entry in document["tenants"] if entry["name"] == tenant)
    return [entry["key"] for entry in snapshot["asset_families"]]


def assets_in(document: dict[str, Any], family: str) -> list[str]:
    snapshot = document["tenants"][0]["snapshot"]
    families = {entry["key"]: entry["value"] for entry in snapshot["assets"]}
    return [entry["key"] for entry in families.get(family, [])]


def poll(path: Path, condition: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
    """The state file once `condition` holds of it; fails at the deadline."""
    end = time.monotonic() + DEADLINE_S
    while True:
        if path.exists():
            document = state(path)
            if condition(document):
                return document
        assert time.monotonic() < end, f"the state file never met the condition within {DEADLINE_S}s"
        time.sleep(0.02)  # between reads of the file, not in place of a readiness check


def patch(client: httpx.Client, path: str, body: Any, **headers: str) -> None:
    response = client.patch(path, json=body, headers=headers)
    assert response.status_code in (201, 204), response.text


def write_family(client: httpx.Client, code: str) -> None:
    patch(client, f"{FAMILIES}/{code}", {"code": code, "labels": {"en_US": code}})


class Writer(threading.Thread):
    """Assets written one after the other into `family` until the server goes; `acknowledged` is the codes the
    server answered 201 for, in order; `failure` any other answer."""

    def __init__(self, url: str, token: str, family: str) -> None:
        super().__init__(daemon=True)
        self.client = httpx.Client(base_url=url, timeout=30, headers={"Authorization": f"Bearer {token}"})
        self.family = family
        self.acknowledged: list[str] = []
        self.failure: str | None = None

    def run(self) -> None:
        number = 0
        while True:
            code = f"{self.family}_{number:05d}"  # asset codes are unique across families
            try:
                response = self.client.patch(f"{FAMILIES}/{self.family}/assets/{code}", json={"code": code})
            except httpx.TransportError:  # the server was killed
                return
            if response.status_code != 201:
                self.failure = f"{code}: {response.status_code} {response.text}"
                return
            self.acknowledged.append(code)
            number += 1


# -- start and shutdown ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_state_file_shutdown_flushes_everything_acknowledged(tmp_path: Path, signum: int) -> None:
    """STATE-FILE-SHUTDOWN: no flush but the shutdown's; a family, an asset, a media file, an API user and a named
    tenant's family are all there after a restart, and the clock offset too. STATE-FILE-CREATED: a missing file is
    created at start."""
    path = tmp_path / "state.json"
    image = picture(20, 10)
    with mock("--state-file", str(path), *NEVER) as first:
        assert families_in(state(path))[:1] == ["packshots"]  # created at start, with the default catalog
        write_family(first.client, "durable")
        patch(first.client, f"{FAMILIES}/durable/assets/kept", {"code": "kept", "values": {}})
        uploaded = first.client.post(MEDIA, files={"file": ("kept.png", image, "image/png")})
        assert uploaded.status_code == 201, uploaded.text
        media_code = uploaded.headers["Asset-media-file-code"]
        user = {"username": "julia", "password": "julia-pw", "permissions": ["pim_api_overall_access"]}
        assert first.client.post("/mock/users", json=user).status_code == 201
        assert first.client.post("/mock/clock/advance", json={"seconds": 3600}).status_code == 200
        other = {"Authorization": f"Bearer {first.token('other')}", "X-Mock-Tenant": "other"}
        patch(first.client, f"{FAMILIES}/elsewhere", {"code": "elsewhere"}, **other)
        assert "durable" not in families_in(state(path))  # nothing flushed yet
        old_token = first.client.headers["Authorization"]
        first.stop(signum)
    assert "durable" in families_in(state(path))
    with mock("--state-file", str(path), *NEVER) as second:
        client = second.client
        # STATE-FILE-NO-TOKENS: tokens are not kept; a client asks for a new one, as on expiry
        assert client.get(FAMILIES, headers={"Authorization": old_token}).status_code == 401
        assert client.get(f"{FAMILIES}/durable/assets/kept").json()["code"] == "kept"
        assert client.get(f"{MEDIA}/{media_code}").content == image
        assert client.get("/mock/summary").json()["clock"]["offset_seconds"] == 3600
        assert [user["username"] for user in client.get("/mock/users").json()] == ["admin", "julia"]
        other = {"Authorization": f"Bearer {second.token('other')}", "X-Mock-Tenant": "other"}
        assert client.get(f"{FAMILIES}/elsewhere", headers=other).status_code == 200
        assert client.get(f"{FAMILIES}/elsewhere").status_code == 404  # tenants stay apart
        # STATE-FILE-RESET: a reset goes back to the catalog the mock was started with, not to the state file
        assert client.post("/mock/reset").status_code == 204
        second.client.headers["Authorization"] = f"Bearer {second.token()}"
        assert client.get(f"{FAMILIES}/durable").status_code == 404
        second.stop(signal.SIGTERM)
    assert "durable" not in families_in(state(path))  # the reset was acknowledged: it is kept too


def test_state_file_sigterm_in_a_stream_of_writes_keeps_every_acknowledged_one(tmp_path: Path) -> None:
    """STATE-FILE-SHUTDOWN under load: interval and write-count flushes all the time, SIGTERM while a client writes:
    every asset the server acknowledged is in the file, and a restart serves them."""
    path = tmp_path / "state.json"
    with mock("--state-file", str(path), "--state-flush-seconds", "0.05", "--state-flush-writes", "7") as first:
        write_family(first.client, "streamed")
        writer = Writer(first.url, first.token(), "streamed")
        writer.start()
        poll(path, lambda document: len(assets_in(document, "streamed")) >= 20)
        first.stop(signal.SIGTERM)
        writer.join(timeout=30)
    assert writer.failure is None, writer.failure
    assert assets_in(state(path), "streamed") == writer.acknowledged
    with mock("--state-file", str(path), *NEVER) as second:
        last = writer.acknowledged[-1]
        assert second.client.get(f"{FAMILIES}/streamed/assets/{last}").status_code == 200


# -- flushes while serving ---------------------------------------------------------------------------------------------


def test_state_file_interval_flush_survives_sigkill(tmp_path: Path) -> None:
    """STATE-FILE-FLUSH-INTERVAL: a write is in the file within the interval, without a flush by writes count or
    shutdown; SIGKILL then loses nothing that was flushed."""
    path = tmp_path / "state.json"
    with mock("--state-file", str(path), "--state-flush-seconds", "0.2", "--state-flush-writes", "1000000") as first:
        write_family(first.client, "ticked")
        poll(path, lambda document: "ticked" in families_in(document))
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL
    with mock("--state-file", str(path), *NEVER) as second:
        assert second.client.get(f"{FAMILIES}/ticked").status_code == 200


def test_state_file_flush_by_writes_then_sigkill_mid_stream_keeps_what_was_flushed(tmp_path: Path) -> None:
    """STATE-FILE-FLUSH-WRITES: the 10th write starts a flush (the interval is an hour). Then a stream of writes,
    SIGKILL in its middle: after a restart every asset acknowledged before the last flush is there, the assets kept
    are the stream's first ones without a gap, and none is one the server never acknowledged."""
    path = tmp_path / "state.json"
    with mock("--state-file", str(path), "--state-flush-seconds", "3600", "--state-flush-writes", "10") as first:
        write_family(first.client, "stream")  # write 1
        for number in range(9):  # writes 2 to 10
            patch(first.client, f"{FAMILIES}/stream/assets/early_{number}", {"code": f"early_{number}"})
        poll(path, lambda document: len(assets_in(document, "stream")) == 9)
        writer = Writer(first.url, first.token(), "stream")
        writer.start()
        # a flush seen in the file during the stream: at least 25 of its writes acknowledged and flushed
        flushed = poll(path, lambda document: len(assets_in(document, "stream")) >= 9 + 25)
        seen = [code for code in assets_in(flushed, "stream") if code.startswith("stream_")]
        assert first.stop(signal.SIGKILL) == -signal.SIGKILL
        writer.join(timeout=30)
    assert writer.failure is None, writer.failure
    kept = [code for code in assets_in(state(path), "stream") if code.startswith("stream_")]
    assert kept[: len(seen)] == seen  # the file only moves forward
    assert kept == writer.acknowledged[: len(kept)]  # a prefix of what was acknowledged: no gap, nothing invented
    with mock("--state-file", str(path), *NEVER) as second:
        page = second.client.get(f"{FAMILIES}/stream/assets").json()["_embedded"]["items"]
        assert [item["code"] for item in page] == [f"early_{n}" for n in range(9)] + kept[:91]


def _folder(folder: Path) -> dict[str, tuple[int, int]]:
    seen = {}
    for entry in os.scandir(folder):
        try:
            facts = entry.stat()
        except FileNotFoundError:  # renamed meanwhile
            continue
        seen[entry.name] = (facts.st_size, facts.st_mtime_ns)
    return seen


def wait_for_disk_changes(folder: Path, count: int) -> None:
    """Returns as the `count`-th change of the folder's files (one appears, grows, goes, is replaced) is seen: the
    moment a flush is writing, whatever way it writes."""
    deadline = time.monotonic() + DEADLINE_S
    last = _folder(folder)
    while count:
        now = _folder(folder)
        if now != last:
            count, last = count - 1, now
        assert time.monotonic() < deadline, "no flush seen writing within the deadline"


@pytest.fixture(scope="module")
def large_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalog of 4,000 assets (about 4 MB of state), for flushes long enough to be killed in."""
    path = tmp_path_factory.mktemp("catalog") / "catalog.jsonl"
    command = [sys.executable, "-m", "fixtures", "generate", "--assets", "4000", "--seed", "13", "--no-progress"]
    subprocess.run([*command, "--out", str(path)], check=True, capture_output=True)
    return path


def test_state_file_never_corrupt_when_killed_during_flushes_of_a_large_state(
    tmp_path: Path, large_catalog: Path
) -> None:
    """STATE-FILE-ATOMIC: a flush after every write of a 4,000-asset state; SIGKILL while a flush is writing (at
    the first, second, third change seen on disk), three times: the state file always parses whole and holds every
    asset acknowledged before the flush; the next start loads it and removes the killed flush's temporary file."""
    path = tmp_path / "state.json"
    flags = ("--fixtures", str(large_catalog), "--state-file", str(path), "--state-flush-writes", "1")
    kept: dict[str, list[str]] = {}  # per round's family, the assets the file held after the kill
    for round_number in range(3):
        with mock(*flags, "--state-flush-seconds", "3600") as running:
            assert not list(tmp_path.glob(".state.json.*.tmp"))  # the last kill's leftover is gone
            counts = running.client.get("/mock/summary").json()["counts"]["assets_per_family"]
            assert {family: counts[family] for family in kept} == {family: len(codes) for family, codes in kept.items()}
            family = f"killed{round_number}"
            write_family(running.client, family)
            writer = Writer(running.url, running.token(), family)
            writer.start()
            poll(path, lambda document, family=family: len(assets_in(document, family)) >= 3)
            wait_for_disk_changes(tmp_path, round_number + 1)  # a flush is under way: kill it there
            assert running.stop(signal.SIGKILL) == -signal.SIGKILL
            writer.join(timeout=30)
        assert writer.failure is None, writer.failure
        document = state(path)  # parses whole: never the temporary file's half
        kept[family] = assets_in(document, family)
        assert len(kept[family]) >= 3 and kept[family] == writer.acknowledged[: len(kept[family])]
        assert {name: assets_in(document, name) for name in kept} == kept  # earlier rounds' assets all there


# -- files that cannot be used -----------------------------------------------------------------------------------------


def _start_refused(path: Path, *flags: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mock_server", "--port", str(free_port()), "--state-file", str(path), *flags]
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=environment())


def _cut_in_half(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _wrong_format(path: Path) -> None:
    path.write_text(json.dumps({"format": "akeneo-asset-manager-mock-snapshot", "version": 1}))


def _invalid_snapshot(path: Path) -> None:
    document = state(path)
    document["tenants"][0]["snapshot"]["asset_families"][0]["key"] = 5
    path.write_text(json.dumps(document))


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (_cut_in_half, "not JSON"),
        (_wrong_format, '"format": "akeneo-asset-manager-mock-state", "version": 1 expected'),
        (_invalid_snapshot, '"asset_families[0].key" must be a string'),
        (lambda path: (path.unlink(), path.mkdir()), "cannot be read"),
    ],
    ids=["cut-short", "not-a-state-file", "invalid-snapshot", "a-directory"],
)
def test_state_file_that_cannot_be_loaded_is_one_line_and_exit_2(
    tmp_path: Path, spoil: Callable[[Path], Any], said: str
) -> None:
    """STATE-FILE-CORRUPT: one line naming the file and the fault, exit status 2, no traceback; the file is left
    as it was (the mock does not overwrite what it could not read)."""
    path = tmp_path / "state.json"
    with mock("--state-file", str(path), *NEVER) as first:
        first.stop(signal.SIGTERM)
    spoil(path)
    content = path.read_bytes() if path.is_file() else None
    refused = _start_refused(path)
    assert refused.returncode == 2
    assert refused.stderr.startswith(f"akeneo-mock: error: {path}: ") and said in refused.stderr
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert (path.read_bytes() if path.is_file() else None) == content


def test_state_file_in_a_missing_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """STATE-FILE-UNWRITABLE: a file that cannot be created is said before serving, not at the first flush."""
    refused = _start_refused(tmp_path / "missing" / "state.json")
    assert refused.returncode == 2
    assert (
        refused.stderr
        == f"akeneo-mock: error: {tmp_path / 'missing' / 'state.json'}: cannot be written (No such file or directory)\n"
    )


def test_state_flush_settings_are_checked(tmp_path: Path) -> None:
    """A flush interval of 0 is a configuration error like the others: one line, exit 2."""
    refused = _start_refused(tmp_path / "state.json", "--state-flush-seconds", "0")
    assert refused.returncode == 2
    assert refused.stderr == "akeneo-mock: error: state_flush_seconds must be positive, 0.0 given\n"
    assert not (tmp_path / "state.json").exists()
    assert os.listdir(tmp_path) == []
