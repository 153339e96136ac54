"""Durability, opt-in (issue #13): `--state-file PATH` keeps every tenant's state in one file, loaded at start and
written whole and atomically on shutdown, every `state_flush_seconds` and after every `state_flush_writes` writes.

The file is one JSON document: `{"format", "version", "tenants": [{"name", "snapshot"}]}`, the default tenant first,
each `snapshot` exactly what GET /mock/snapshot answers for that tenant (store/snapshot.py owns that format; tokens
are left out, so clients authenticate again after a restart). `jq '.tenants[0].snapshot'` is a document PUT
/mock/snapshot restores.

STATE-FILE-ATOMIC: a flush encodes every store on the event loop (a consistent copy: no request runs meanwhile),
then a worker thread writes the bytes to a temporary file in the same folder, fsyncs it and renames it over the
state file (os.replace): the file is always the previous complete state or the new one, never a mix, even when the
process is killed in the middle. STATE-FILE-FLUSH: what was acknowledged before a flush began is in the file once
it ends; writes acknowledged since are in the next one (at the latest the shutdown's, on SIGTERM or SIGINT).
"""

from __future__ import annotations

import asyncio
import contextlib
import glob
import json
import logging
import os
import tempfile
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from mock_server.domain.errors import DomainError, ValidationFailed
from mock_server.services import tenants as tenant_service
from mock_server.services.automation import scheduling
from mock_server.services.tenants import DEFAULT, Tenants

FORMAT = "akeneo-asset-manager-mock-state"
VERSION = 1
TEMP_SUFFIX = ".tmp"
# STATE-FILE-LOOP-SHARE: flushes started by writes take at most this share of the event loop's time (encoding a large
# state holds the loop: 0.3 s for 20,000 assets), so a stream of writes cannot starve the other clients
LOOP_SHARE = 0.1
log = logging.getLogger("mock_server.state_file")


class StateFileError(Exception):
    """A state file that cannot be read or loaded; its message is one line for the command line."""


# -- the document ----------------------------------------------------------------------------------------------------


def encoded_state(tenants: Tenants) -> bytes:
    """Every tenant's snapshot, the default one first, as the file's bytes. The document refers to the stores'
    own resources (no deep copy: encoding them is twice as fast as copying them), so it is encoded at once, on the
    thread that owns the stores: the bytes are the consistent copy."""
    state = {
        "format": FORMAT,
        "version": VERSION,
        "tenants": [
            {"name": name, "snapshot": tenant_service.snapshot(ctx, shared=True)} for name, ctx in tenants.items()
        ],
    }
    # ASCII: any string the stores hold (a lone surrogate too) is written as an escape that reads back the same
    return json.dumps(state, separators=(",", ":")).encode("ascii")


def read(path: str) -> dict[str, Any] | None:
    """The parsed state file, None when it does not exist yet; StateFileError for a file unreadable, not JSON or not
    a state document (its tenants' snapshots are checked by `apply`)."""
    try:
        with open(path, "rb") as stream:
            content = stream.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise StateFileError(f"cannot be read ({exc.strerror or exc})") from None
    try:
        parsed = json.loads(content)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        raise StateFileError(f"is not a state file: not JSON ({exc})") from None
    if not isinstance(parsed, dict) or parsed.get("format") != FORMAT or parsed.get("version") != VERSION:
        raise StateFileError(f'is not a state file: "format": "{FORMAT}", "version": {VERSION} expected')
    entries = parsed.get("tenants")
    if not isinstance(entries, list) or not entries:
        raise StateFileError('is not a state file: "tenants" must be a non-empty array')
    names = []
    for index, entry in enumerate(entries):
        name = entry.get("name") if isinstance(entry, dict) else None
        if not isinstance(name, str) or not isinstance(entry.get("snapshot"), dict):
            raise StateFileError(f'is not a state file: "tenants[{index}]" must have a "name" and a "snapshot"')
        if name in names:
            raise StateFileError(f'is not a state file: the tenant "{name}" appears twice')
        names.append(name)
    if names[0] != DEFAULT:
        raise StateFileError(f'is not a state file: "tenants[0]" must be the "{DEFAULT}" tenant')
    return parsed


def apply(tenants: Tenants, state: dict[str, Any]) -> None:
    """Every tenant of `state` (from `read`) restored as it was; StateFileError naming the first fault. Call it
    before serving: background jobs still queued wait for the event loop (`resume_jobs`)."""
    for index, entry in enumerate(state["tenants"]):
        name = entry["name"]
        try:
            ctx = tenants.context(tenant_service.check_name(name))
            tenant_service.restore(ctx, entry["snapshot"])
        except ValidationFailed as exc:  # the snapshot's own checks name the fault's path in their message
            raise StateFileError(f'is not a state file: tenant "{name}": {exc.errors[0].message}') from None
        except DomainError as exc:  # a tenant name outside the pattern
            raise StateFileError(f"is not a state file: tenants[{index}]: {exc}") from None


def write(path: str, content: bytes) -> None:
    """STATE-FILE-ATOMIC: `content` as the file at `path`, whole or not at all (temp file, fsync, rename, fsync of
    the folder so the rename itself survives a power cut)."""
    folder = os.path.dirname(os.path.abspath(path))
    handle, temporary = tempfile.mkstemp(prefix=_temp_prefix(path), suffix=TEMP_SUFFIX, dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    with contextlib.suppress(OSError):  # not every platform can open a folder
        directory = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)


def remove_leftovers(path: str) -> None:
    """The temporary files of flushes cut short by a kill (they never replaced the state file)."""
    folder = os.path.dirname(os.path.abspath(path))
    for leftover in glob.glob(os.path.join(glob.escape(folder), glob.escape(_temp_prefix(path)) + "*" + TEMP_SUFFIX)):
        with contextlib.suppress(OSError):
            os.unlink(leftover)


def _temp_prefix(path: str) -> str:
    return f".{os.path.basename(path)}."


# -- the flushes -----------------------------------------------------------------------------------------------------


@dataclass
class FlushStats:
    flushes: int = 0
    last_copy_seconds: float = 0.0  # time the event loop spent encoding the last consistent copy
    last_error: str | None = None


class StateFile:
    """The flush policy of one app: after `flush_writes` writes, every `flush_seconds` when something changed, and
    once more at shutdown. Everything but the disk work runs on the event loop."""

    def __init__(self, path: str, tenants: Tenants, flush_seconds: float, flush_writes: int) -> None:
        self.path = path
        self.tenants = tenants
        self.flush_seconds = flush_seconds
        self.flush_writes = flush_writes
        self.writes = 0  # acknowledged writes since the last flush began
        self.stats = FlushStats()
        self._lock: asyncio.Lock | None = None
        self._failing = False  # the last write failed: only the interval tries again, not every request
        self._tasks: set[asyncio.Task[None]] = set()
        self._next_by_writes = 0.0  # monotonic time before which writes start no flush (LOOP_SHARE)

    def start(self) -> None:
        """Before serving: the file's tenants restored, or (no file yet) the file created with the start state, so
        that a path that cannot be written is said at start, not at the first flush; StateFileError either way."""
        loaded = read(self.path)
        if loaded is not None:
            apply(self.tenants, loaded)
        remove_leftovers(self.path)
        if loaded is None:
            try:
                write(self.path, encoded_state(self.tenants))
            except OSError as exc:
                raise StateFileError(f"cannot be written ({exc.strerror or exc})") from None

    def note_write(self) -> None:
        """One more acknowledged write; the `flush_writes`-th starts a flush (STATE-FILE-FLUSH-WRITES)."""
        self.writes += 1
        if self.writes < self.flush_writes or self._failing or self._tasks:  # a flush is on its way
            return
        if time.monotonic() < self._next_by_writes:  # STATE-FILE-LOOP-SHARE: the interval flush catches up
            return
        task = asyncio.get_running_loop().create_task(self.flush())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def flush(self) -> None:
        """A consistent copy on the loop, then the file written by a worker thread; one flush at a time. A failed
        write is logged and tried again at the next flush (the server keeps serving)."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            started = time.perf_counter()
            content = encoded_state(self.tenants)  # on the loop: no request runs meanwhile
            self.stats.last_copy_seconds = time.perf_counter() - started
            self._next_by_writes = time.monotonic() + self.stats.last_copy_seconds * (1 / LOOP_SHARE - 1)
            pending_jobs = any(ctx.store.automation_jobs for _, ctx in self.tenants.items())
            written, self.writes = self.writes, 0
            try:
                await asyncio.to_thread(write, self.path, content)
            except OSError as exc:  # a full disk, a folder gone: the state stays in memory, the next flush tries
                self.writes += written  # still to be written
                self._failing = True
                self.stats.last_error = f"{self.path}: {exc.strerror or exc}"
                log.error("state file not written: %s", self.stats.last_error)
                return
            self.stats.flushes += 1
            self.stats.last_error, self._failing = None, False
            if pending_jobs:  # background jobs still queued will change the state without a request
                self.writes = max(self.writes, 1)

    async def _every_interval(self) -> None:
        """STATE-FILE-FLUSH-INTERVAL: a flush every `flush_seconds` while something changed since the last one."""
        while True:
            await asyncio.sleep(self.flush_seconds)  # the interval itself, not a stand-in for synchronisation
            if self.writes:
                # shielded: a shutdown cancels this wait, not a flush half done; the last flush waits for that one,
                # so two threads never rename their files out of order (an older state over the newer)
                await asyncio.shield(self.flush())

    @contextlib.asynccontextmanager
    async def lifespan(self, _app: Any) -> AsyncIterator[None]:
        """Connexion's lifespan: queued background jobs resumed, the interval flushes, the last flush at shutdown."""
        for _, ctx in self.tenants.items():
            if ctx.store.automation_jobs and not ctx.store.automation_paused:
                scheduling.resume(ctx)
        interval = asyncio.get_running_loop().create_task(self._every_interval())
        try:
            yield
        finally:
            interval.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await interval
            await self.flush()  # STATE-FILE-SHUTDOWN: everything acknowledged, whatever the counters say
