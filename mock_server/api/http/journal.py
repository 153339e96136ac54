"""The request journal (GET /mock/requests): every request to the vendor paths with its answer, newest last, per
tenant, bounded by Settings.journal_size; bodies cut at Settings.journal_body_limit characters, binary ones
summarised by size and content type, and no secret written (JOURNAL-NO-SECRETS).

JournalMiddleware is plain ASGI: it copies what passes through `receive` and `send` (up to what it keeps) and
forwards every message unchanged, so streamed answers, uploads and media downloads reach the client intact. The
control plane (/mock/...) is not journaled.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import deque
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SCRUBBED = "***"
TOKEN_ENDPOINT = "/api/oauth/v1/token"  # noqa: S105 - a path, whose bodies are scrubbed
SECRET_FIELDS = frozenset({"password", "client_secret", "refresh_token", "access_token"})
TRAFFIC_KEY = "mock.traffic"  # the app's Traffic, for the control-plane handlers
NOTES_KEY = "mock.journal_notes"  # what the traffic middleware did to a request (injected_by)
_BINARY_PREFIXES = ("image/", "audio/", "video/", "multipart/", "application/octet-stream", "application/pdf")


def is_control_plane(path: str) -> bool:
    return path == "/mock" or path.startswith("/mock/")


def tenant_of(scope: Scope) -> str | None:
    """The tenant the tenant middleware named (None: the default tenant, or no tenant middleware)."""
    return scope.get("mock_tenant")


class Journal:
    """Entries per tenant, each a deque of at most `size` (the oldest go first)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: dict[str | None, deque[dict[str, Any]]] = {}
        self._ids = itertools.count(1)

    def next_id(self) -> int:
        return next(self._ids)

    def add(self, tenant: str | None, entry: dict[str, Any]) -> None:
        self._entries.setdefault(tenant, deque(maxlen=self.size)).append(entry)

    def clear(self, tenant: str | None) -> None:
        self._entries.pop(tenant, None)

    def entries(
        self,
        tenant: str | None,
        method: str | None = None,
        path: str | None = None,
        status: int | None = None,
        since: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """JOURNAL-FILTERS: method (any case), a path prefix, a status, arrived at or after `since`; in the order
        the requests arrived (a slow one answered late keeps its place)."""
        found = [
            entry
            for entry in self._entries.get(tenant, ())
            if (method is None or entry["method"] == method.upper())
            and (path is None or entry["path"].startswith(path))
            and (status is None or entry["status"] == status)
            and (since is None or datetime.fromisoformat(entry["timestamp"]) >= since)
        ]
        return sorted(found, key=lambda entry: entry["id"])


class BodyCapture:
    """The first bytes of a body (enough for `limit` characters of UTF-8) and its whole size."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.keep = 4 * limit + 3
        self.chunks: list[bytes] = []  # the chunks themselves, not copies: joined only when the entry is written
        self.kept = 0
        self.size = 0
        self.complete = False

    def add(self, chunk: bytes, more: bool) -> None:
        self.size += len(chunk)
        if self.kept < self.keep:
            self.chunks.append(bytes(chunk))  # a bytes chunk is kept as it is (no copy)
            self.kept += len(chunk)
        if not more:
            self.complete = True

    @property
    def data(self) -> bytes:
        return b"".join(self.chunks)[: self.keep]

    def present(self, content_type: str | None, scrub: bool = False) -> dict[str, Any]:
        """JOURNAL-BODY-CUT: text up to `limit` characters with `truncated` set when more was sent (or the server
        never read it all, refusing the request first); binary bodies as `binary`, size and content type only."""
        summary: dict[str, Any] = {"content_type": content_type, "size": self.size, "binary": False}
        data = self.data
        whole = self.complete and len(data) == self.size
        if _is_binary(content_type, data, whole):
            return {**summary, "binary": True, "body": None, "truncated": False}
        head = data[: self.limit]
        if not scrub and head.isascii():  # JSON as the mock writes it: a byte a character, no need to decode it all
            return {**summary, "body": head.decode("ascii"), "truncated": not whole or len(data) > self.limit}
        text = data.decode("utf-8", errors="replace")
        if scrub:
            text = scrub_secrets(text, content_type)
        return {**summary, "body": text[: self.limit], "truncated": not whole or len(text) > self.limit}


def _is_binary(content_type: str | None, data: bytes, whole: bool) -> bool:
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type.startswith(_BINARY_PREFIXES):
        return True
    if media_type:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return whole or exc.start < len(data) - 3  # a character cut by the capture's end is not binary
    return b"\x00" in data


def scrub_secrets(text: str, content_type: str | None) -> str:
    """JOURNAL-NO-SECRETS: the token endpoint's password, client secret and tokens replaced by ***, in a JSON object
    or a form; any other body of that endpoint is withheld whole."""
    if not text.strip():
        return text
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # nested past Python's limit: withheld like any unreadable body
        data = None
    if isinstance(data, dict):
        return json.dumps({key: SCRUBBED if key in SECRET_FIELDS else value for key, value in data.items()})
    if data is None and "x-www-form-urlencoded" in (content_type or ""):
        pairs = parse_qsl(text, keep_blank_values=True)
        return urlencode([(key, SCRUBBED if key in SECRET_FIELDS else value) for key, value in pairs])
    return SCRUBBED


def scrub_headers(raw: list[tuple[bytes, bytes]]) -> dict[str, str]:
    """Headers by lowercase name (repeated ones joined by ", "); the credentials of Authorization replaced by ***."""
    headers: dict[str, str] = {}
    for name_bytes, value_bytes in raw:
        name, value = name_bytes.decode("latin-1").lower(), value_bytes.decode("latin-1")
        if name in ("authorization", "proxy-authorization", "cookie"):
            scheme = value.split(" ", 1)[0] if " " in value else ""
            value = f"{scheme} {SCRUBBED}".strip()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def scrub_query(query: str) -> str:
    """JOURNAL-NO-SECRETS: the vendor reads `access_token` from the query too, so any secret field there is ***."""
    if not any(name in query for name in SECRET_FIELDS):
        return query
    pairs = parse_qsl(query, keep_blank_values=True)
    return urlencode([(key, SCRUBBED if key in SECRET_FIELDS else value) for key, value in pairs])


class JournalMiddleware:
    """Records each vendor-path request once its answer is sent (or the app failed)."""

    def __init__(self, app: ASGIApp, traffic: Any) -> None:
        self.app = app
        self.traffic = traffic

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        scope[TRAFFIC_KEY] = self.traffic
        if is_control_plane(scope["path"]):
            await self.app(scope, receive, send)
            return
        journal: Journal = self.traffic.journal
        limit: int = self.traffic.settings.journal_body_limit
        entry_id, arrived, started = journal.next_id(), self.traffic.clock(), time.perf_counter()
        notes: dict[str, Any] = {}
        scope[NOTES_KEY] = notes
        request_body, response_body = BodyCapture(limit), BodyCapture(limit)
        request_body.complete = not _has_body(scope)  # a GET's body is whole even if the app never reads it
        response: dict[str, Any] = {"status": None, "headers": []}

        async def receive_copy() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                request_body.add(message.get("body", b""), message.get("more_body", False))
            return message

        async def send_copy(message: Message) -> None:
            if message["type"] == "http.response.start":
                response["status"], response["headers"] = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                response_body.add(message.get("body", b""), message.get("more_body", False))
            await send(message)

        try:
            await self.app(scope, receive_copy, send_copy)
        finally:
            entry = _entry(scope, entry_id, arrived, started, notes, request_body, response_body, response)
            journal.add(tenant_of(scope), entry)


def _has_body(scope: Scope) -> bool:
    names = {name: value for name, value in scope.get("headers") or []}
    return b"transfer-encoding" in names or names.get(b"content-length", b"0").strip() not in (b"", b"0")


def _entry(
    scope: Scope,
    entry_id: int,
    arrived: datetime,
    started: float,
    notes: dict[str, Any],
    request_body: BodyCapture,
    response_body: BodyCapture,
    response: dict[str, Any],
) -> dict[str, Any]:
    request_headers = scrub_headers(list(scope.get("headers") or []))
    response_headers = scrub_headers(response["headers"])
    secret = scope["path"] == TOKEN_ENDPOINT
    return {
        "id": entry_id,
        "timestamp": arrived.astimezone(UTC).isoformat(),
        "tenant": tenant_of(scope),
        "method": scope["method"],
        "path": scope["path"],
        "query": scrub_query(scope.get("query_string", b"").decode("latin-1")),
        "status": response["status"] or 500,  # nothing sent: the server's error page answered
        "duration_ms": round((time.perf_counter() - started) * 1000, 3),
        "injected_by": notes.get("injected_by"),
        "request": {
            "headers": request_headers,
            **request_body.present(request_headers.get("content-type"), scrub=secret),
        },
        "response": {
            "headers": response_headers,
            **response_body.present(response_headers.get("content-type"), scrub=secret),
        },
    }
