"""The validating proxy as an ASGI app: every request goes to the upstream PIM, its answer back to the client.

On the way back the upstream's base URL in JSON bodies (`_links` hrefs) and in Location becomes the proxy's own, so
a client following links stays on the proxy (and is recorded). Each exchange is judged against the contract
(contract_check.py): one log line per violation, a summary at shutdown, the list in `--report` as JSON; and written
to the `--record` cassette (akeneo_contract/cassette.py) with its violations. Bodies that are not JSON (media
downloads) are streamed through as they come. The upstream unreachable is a 502, too slow a 504, both in the Akeneo
error format: the client never sees a traceback.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from akeneo_contract.cassette import (
    REQUEST_HEADERS,
    RESPONSE_HEADERS,
    CassetteWriter,
    encode_body,
    media_type,
    pick_headers,
)
from mock_server.proxy.contract_check import NDJSON, ContractChecker, Violation

log = logging.getLogger("akeneo_mock.proxy")

# Hop-by-hop headers (RFC 9110 7.6.1) and those the forwarding recomputes.
DROPPED_REQUEST = frozenset(
    {"host", "connection", "keep-alive", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade"}
    | {"content-length", "accept-encoding"}
)
DROPPED_RESPONSE = frozenset(
    {"connection", "keep-alive", "proxy-authenticate", "trailer", "transfer-encoding", "upgrade", "content-length"}
)
REWRITTEN_TYPES = frozenset({"application/json", NDJSON, "application/problem+json"})


@dataclass
class ProxyConfig:
    upstream: str  # base URL of the upstream PIM: scheme, host, port, optional path prefix
    public_url: str | None = None  # the proxy's own base URL in rewritten links; None: the Host the client called
    record: str | None = None
    report: str | None = None
    timeout: float = 30.0

    @property
    def upstream_base(self) -> str:
        return self.upstream.rstrip("/")


@dataclass
class Tally:
    """What the proxy saw, for the shutdown summary and the report."""

    exchanges: int = 0
    upstream_failures: int = 0
    violations: list[dict[str, Any]] = field(default_factory=list)

    def summary(self) -> str:
        by_side = Counter(violation["side"] for violation in self.violations)
        sides = ", ".join(f"{count} {side}" for side, count in sorted(by_side.items())) or "none"
        failures = f", {self.upstream_failures} upstream failures" if self.upstream_failures else ""
        return f"proxy summary: {self.exchanges} exchanges, {len(self.violations)} violations ({sides}){failures}"


def _replace(raw: bytes, old: str, new: str) -> bytes:
    """`old` -> `new` as plain text and as json_encode writes it (slashes escaped: WIRE-JSON-ESCAPES)."""
    escaped_old, escaped_new = old.replace("/", "\\/"), new.replace("/", "\\/")
    return raw.replace(old.encode(), new.encode()).replace(escaped_old.encode(), escaped_new.encode())


class ProxyApp:
    def __init__(self, config: ProxyConfig, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.config = config
        self.checker = ContractChecker()
        self.tally = Tally()
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._cassette: CassetteWriter | None = None

    # -- lifecycle ---------------------------------------------------------------------------------------------------
    async def startup(self) -> None:
        timeout = httpx.Timeout(self.config.timeout)
        self._client = httpx.AsyncClient(timeout=timeout, follow_redirects=False, transport=self._transport)
        if self.config.record:
            self._cassette = CassetteWriter(self.config.record, self.config.upstream_base)

    async def shutdown(self) -> None:
        if self._client is not None:
            await self._client.aclose()
        if self._cassette is not None:
            self._cassette.close()
        log.info(self.tally.summary())
        if self.config.report:
            report = {
                "upstream": self.config.upstream_base,
                "exchanges": self.tally.exchanges,
                "upstream_failures": self.tally.upstream_failures,
                "violations": self.tally.violations,
            }
            Path(self.config.report).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._http(scope, receive, send)

    async def _lifespan(self, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.startup()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.shutdown()
                await send({"type": "lifespan.shutdown.complete"})
                return

    # -- one exchange ------------------------------------------------------------------------------------------------
    async def _http(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if self._client is None:  # served without lifespan events
            await self.startup()
        assert self._client is not None
        body = await _read_body(receive)
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]]
        public = self._public_url(scope, headers)
        path, query = scope["path"], scope.get("query_string", b"").decode("latin-1")
        url = self.config.upstream_base + path + (f"?{query}" if query else "")
        forwarded = [(k, v) for k, v in headers if k.lower() not in DROPPED_REQUEST]
        forwarded.append(("accept-encoding", "identity"))  # bodies as they are: to check, record and rewrite
        request = self._client.build_request(scope["method"], url, headers=forwarded, content=body)
        try:
            upstream = await self._client.send(request, stream=True)
        except httpx.TimeoutException:
            await self._fail(send, 504, f"The upstream PIM did not answer within {self.config.timeout:g} seconds.")
            return
        except httpx.HTTPError as exc:
            await self._fail(send, 502, f"The upstream PIM cannot be reached ({type(exc).__name__}).")
            return
        try:
            answer = await self._relay(upstream, public, send)
        finally:
            await upstream.aclose()
        if answer is not None:
            self._judge_and_record(scope["method"], path, query, headers, body, upstream, answer)

    async def _relay(self, upstream: httpx.Response, public: str, send: Any) -> bytes | None:
        """Sends the upstream's answer to the client, links rewritten; returns the upstream's own body, which is what
        is judged and recorded (the cassette's links are the upstream's: its header names that origin), or None when
        the answer was cut short."""
        out_headers = []
        for name, value in upstream.headers.multi_items():
            if name.lower() in DROPPED_RESPONSE:
                continue
            if name.lower() == "location":
                value = value.replace(self.config.upstream_base, public, 1)
            out_headers.append((name.encode("latin-1"), value.encode("latin-1")))
        kind = media_type(upstream.headers.get("content-type"))
        if kind in REWRITTEN_TYPES or kind.endswith("+json"):
            try:
                raw = await upstream.aread()
            except httpx.HTTPError as exc:
                await self._fail(send, 502, f"The upstream PIM broke off its answer ({type(exc).__name__}).")
                return None
            rewritten = _replace(raw, self.config.upstream_base, public)
            out_headers.append((b"content-length", str(len(rewritten)).encode()))
            await send({"type": "http.response.start", "status": upstream.status_code, "headers": out_headers})
            await send({"type": "http.response.body", "body": rewritten})
            return raw
        try:
            await send({"type": "http.response.start", "status": upstream.status_code, "headers": out_headers})
            chunks = []
            async for chunk in upstream.aiter_raw():  # downloads pass through as they arrive, byte for byte
                chunks.append(chunk)
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
            return b"".join(chunks)
        except httpx.HTTPError as exc:  # the upstream broke off mid-answer: the client's answer ends there
            self.tally.upstream_failures += 1
            log.warning("upstream answer cut short (%s): %s", type(exc).__name__, upstream.request.url)
            await send({"type": "http.response.body", "body": b""})
            return None

    def _judge_and_record(
        self,
        method: str,
        path: str,
        query: str,
        headers: list[tuple[str, str]],
        body: bytes,
        upstream: httpx.Response,
        answer: bytes,
    ) -> None:
        request_headers = {k.lower(): v for k, v in headers}
        response_headers = {k.lower(): v for k, v in upstream.headers.items()}
        violations = self.checker.check(
            method, path, request_headers, body, upstream.status_code, response_headers, answer
        )
        self.tally.exchanges += 1
        for violation in violations:
            log.warning("%s %s -> %s: %s", method, path, upstream.status_code, violation.line())
        found = [_report_entry(violation, method, path, upstream.status_code) for violation in violations]
        self.tally.violations += found
        if self._cassette is not None:
            kept_request = pick_headers(headers, REQUEST_HEADERS)
            request = {
                "method": method,
                "path": path,
                "query": query,
                "headers": kept_request,
                "body": encode_body(body, kept_request.get("content-type")),
            }
            kept_response = pick_headers(upstream.headers, RESPONSE_HEADERS)
            response = {
                "status": upstream.status_code,
                "headers": kept_response,
                "body": encode_body(answer, kept_response.get("content-type")),
            }
            self._cassette.write(request, response, [violation.as_dict() for violation in violations])

    async def _fail(self, send: Any, status: int, message: str) -> None:
        self.tally.upstream_failures += 1
        log.error("%s (%s)", message, self.config.upstream_base)
        body = json.dumps({"code": status, "message": message}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _public_url(self, scope: dict[str, Any], headers: list[tuple[str, str]]) -> str:
        if self.config.public_url:
            return self.config.public_url.rstrip("/")
        host = next((v for k, v in headers if k.lower() == "host"), None)
        if host is None:
            server = scope.get("server") or ("127.0.0.1", 80)
            host = f"{server[0]}:{server[1]}"
        return f"{scope.get('scheme', 'http')}://{host}{scope.get('root_path', '')}"


def _report_entry(violation: Violation, method: str, path: str, status: int) -> dict[str, Any]:
    return {**violation.as_dict(), "method": method, "path": path, "status": status}


async def _read_body(receive: Any) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body"):
            break
    return b"".join(chunks)


def upstream_problem(upstream: str) -> str | None:
    """Why `upstream` cannot be a base URL to forward to (one line), or None."""
    parts = urlsplit(upstream)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"--upstream must be an http(s) URL such as https://pim.example.com, {upstream!r} given"
    if parts.query or parts.fragment:
        return f"--upstream must not have a query or fragment, {upstream!r} given"
    return None
