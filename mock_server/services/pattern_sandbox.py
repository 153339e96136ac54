"""Client patterns (naming conventions, `validation_regexp`) run in a child process under a time budget, so no
pattern can hang the server.

Python's `re` backtracks: a client's `/(a+)+$/` on "aaaa...a!" runs for ages, and a thread cannot be stopped (nor
does `re` let other threads run meanwhile). So every match runs in one long-lived child interpreter that only
imports `mock_server.domain.naming_convention`; the caller waits for the answer at most `timeout` seconds, then
kills the child (the OS frees it whatever it was doing) and starts a fresh one for the next match. The child is a
process-wide resource, like a thread pool: created on first use, replaced when killed, stopped at exit.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import queue
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO

from mock_server.domain.user_patterns import PatternSearch

PROJECT_ROOT = Path(__file__).resolve().parents[2]  # the directory holding the mock_server package
STARTUP_TIMEOUT = 30.0  # seconds for a new child to import and say "ready" (not part of a match's budget)
_READY = "ready"
# The child: isolated (-I: no environment, user site or cwd on its path), it imports the domain's `apply`, the same
# function the rules are written against, and answers one JSON line per JSON line received.
_CHILD = """
import json, re, sys
sys.path.insert(0, sys.argv[1])
from mock_server.domain.naming_convention import apply
compiled = {}
print("ready", flush=True)
for line in sys.stdin:
    request = json.loads(line)
    key = (request["pattern"], request["flags"])
    try:
        if key not in compiled:
            if len(compiled) >= 256:
                compiled.clear()
            compiled[key] = re.compile(*key)
        if request.get("search"):
            reply = {"found": compiled[key].search(request["source"]) is not None}
        else:
            reply = {"groups": apply(compiled[key], request["source"])}
    except Exception as error:
        reply = {"error": f"{type(error).__name__}: {error}"}
    print(json.dumps(reply), flush=True)
"""


class MatchTimedOut(Exception):
    """The pattern ran out of its time budget on the source and was stopped."""


class SandboxUnavailable(Exception):
    """The child process could not be started or died while matching."""


class PatternSandbox:
    """One child process answering `apply(pattern, source)`; thread-safe, one match at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._replies: queue.Queue[str | None] = queue.Queue()

    def apply(self, pattern: re.Pattern[str], source: str, timeout: float) -> dict[str, str] | None:
        """naming_convention.apply(pattern, source), given at most `timeout` seconds (MatchTimedOut after)."""
        groups = self._ask({"pattern": pattern.pattern, "flags": int(pattern.flags), "source": source}, timeout)[
            "groups"
        ]
        return None if groups is None else {str(name): str(value) for name, value in groups.items()}

    def search(self, pattern: re.Pattern[str], text: str, timeout: float) -> bool:
        """Whether `pattern` is found in `text`, given at most `timeout` seconds (MatchTimedOut after)."""
        request = {"pattern": pattern.pattern, "flags": int(pattern.flags), "source": text, "search": True}
        return bool(self._ask(request, timeout)["found"])

    def _ask(self, message: dict[str, object], timeout: float) -> dict[str, object]:
        request = json.dumps(message) + "\n"
        with self._lock:
            process = self._started()
            try:
                assert process.stdin is not None  # Popen(stdin=PIPE)
                process.stdin.write(request)
                process.stdin.flush()
                line = self._replies.get(timeout=timeout)
            except queue.Empty:
                self._stop()
                raise MatchTimedOut(f"no answer within {timeout:g} seconds") from None
            except OSError as error:
                self._stop()
                raise SandboxUnavailable(f"the matching process failed: {error}") from error
            if line is None:
                self._stop()
                raise SandboxUnavailable("the matching process died")
        reply = json.loads(line)
        if "error" in reply:
            raise SandboxUnavailable(reply["error"])
        return reply

    @property
    def pid(self) -> int | None:
        """The child's process id, None before the first match and after a kill (for tests)."""
        return self._process.pid if self._process is not None else None

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _started(self) -> subprocess.Popen[str]:
        if self._process is not None and self._process.poll() is None:
            return self._process
        self._stop()
        replies: queue.Queue[str | None] = queue.Queue()
        try:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter running our own fixed code
                [sys.executable, "-I", "-c", _CHILD, str(PROJECT_ROOT)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                text=True,
                encoding="ascii",  # json.dumps escapes everything else both ways
            )
        except OSError as error:
            raise SandboxUnavailable(f"the matching process could not start: {error}") from error
        threading.Thread(target=_forward, args=(process.stdout, replies), daemon=True).start()
        self._process, self._replies = process, replies
        try:
            ready = replies.get(timeout=STARTUP_TIMEOUT)
        except queue.Empty:
            ready = None
        if ready is None or ready.strip() != _READY:
            self._stop()
            raise SandboxUnavailable("the matching process did not start")
        return process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.kill()  # SIGKILL: a match in progress cannot delay it
        process.wait()
        for stream in (process.stdin, process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def _forward(stream: IO[str] | None, replies: queue.Queue[str | None]) -> None:
    """Hand the child's lines to the waiting caller; None once the child is gone."""
    if stream is not None:
        try:
            for line in stream:
                replies.put(line)
        except (OSError, ValueError):
            pass
    replies.put(None)


SANDBOX = PatternSandbox()
atexit.register(SANDBOX.close)


def bounded_search(timeout: float) -> PatternSearch:
    """A search for the domain (domain/user_patterns.py) that runs here, None when it ran out of `timeout`."""

    def search(pattern: re.Pattern[str], text: str) -> bool | None:
        try:
            return SANDBOX.search(pattern, text, timeout)
        except MatchTimedOut:
            return None

    return search
