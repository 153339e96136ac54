"""The reference model: the mock, as a subprocess of this run (`python -m mock_server`, same interpreter) or a
running one (--differential-reference URL). The suite never imports it: it talks HTTP to it like to any target.

Each sequence gets a fresh tenant of its own (ARCHITECTURE "Tenants"), seeded with the starting catalog the target
reports (its channels and locales) when that differs from the mock's default catalog.
"""

from __future__ import annotations

import copy
import importlib.util
import socket
import subprocess
import sys
import tempfile
import time
from typing import Any

import httpx

TENANTS = "/mock/tenants"
SNAPSHOT = "/mock/snapshot"
START_TIMEOUT = 60.0


class ReferenceUnavailable(RuntimeError):
    """The reference model cannot be started or reached: one line saying why."""


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
            if importlib.util.find_spec("mock_server") is None:
                raise ReferenceUnavailable(
                    "the reference model is the mock, which is not installed: install the toolkit's `mock` extra, "
                    "or pass --differential-reference URL of a running mock"
                )
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

    def seed_document(self, channels: list[dict[str, Any]], locales: list[str]) -> dict[str, Any] | None:
        """The snapshot a sequence's reference tenant starts from: the mock's default one with the target's
        channels and locales; None when they are already the default's (nothing to restore)."""
        probe = "differential-seed-probe"
        with httpx.Client(base_url=self.url or "", headers={"X-Mock-Tenant": probe}, timeout=30) as http:
            document = http.get(SNAPSHOT).json()
            http.delete(f"{TENANTS}/{probe}")
        catalog = document["catalog"]
        mine_channels = {e["key"]: sorted(e["value"].get("locales", [])) for e in catalog["channels"]}
        theirs = {c["code"]: sorted(c.get("locales", [])) for c in channels}
        mine_locales = {e["key"] for e in catalog["locales"]}
        if mine_channels == theirs and (not locales or set(locales) <= mine_locales):
            return None
        seeded = copy.deepcopy(document)
        seeded["catalog"]["channels"] = [{"key": c["code"], "value": c} for c in channels]
        known = mine_locales | set(locales)
        seeded["catalog"]["locales"] = [{"key": code, "value": {"code": code}} for code in sorted(known)]
        return seeded


def target_catalog(client: httpx.Client) -> tuple[list[dict[str, Any]], list[str]]:
    """The target's channels and locale codes (what the reference must start with to judge labels and values)."""

    def walk(path: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        url: str | None = f"{path}?limit=100"
        while url:
            answer = client.get(url)
            if answer.status_code != 200:
                return items
            body = answer.json()
            items += body.get("_embedded", {}).get("items", [])
            url = body.get("_links", {}).get("next", {}).get("href")
        return items

    channels = [{k: v for k, v in c.items() if k != "_links"} for c in walk("/api/rest/v1/channels")]
    locales = [str(item["code"]) for item in walk("/api/rest/v1/locales") if "code" in item]
    return channels, locales
