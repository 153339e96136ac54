"""What stands between a client and the vendor paths when it asks for trouble: the SaaS's rate limits, the
per-request X-Mock-Status / X-Mock-Delay-Ms headers, and the faults armed with POST /mock/faults.

TrafficMiddleware runs inside JournalMiddleware (so every answer it gives is journaled) and after the forwarded
headers (so `http_links` downgrades the scheme a proxy set). The control plane is exempt from all of it: a fault on
every path must not lock a client out of DELETE /mock/faults. Delays are `await sleep(...)`: the event loop serves
other requests meanwhile.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from mock_server.api.http.errors import raw_error_response
from mock_server.api.http.faults import MAX_DELAY_MS, Fault, Faults
from mock_server.api.http.journal import NOTES_KEY, Journal, is_control_plane, tenant_of
from mock_server.api.http.rate_limits import RateLimits
from mock_server.services.clock import utc_now
from mock_server.settings import Settings

STATUS_HEADER = "x-mock-status"
DELAY_HEADER = "x-mock-delay-ms"


@dataclass
class Traffic:
    """The journal, faults and limits of one app (tests reach it as `app.mock_traffic`)."""

    settings: Settings
    clock: Callable[[], datetime] = utc_now
    rng: random.Random = field(default_factory=random.Random)
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep
    journal: Journal = field(init=False)
    faults: Faults = field(init=False)
    limits: RateLimits = field(init=False)

    def __post_init__(self) -> None:
        self.journal = Journal(self.settings.journal_size)
        self.faults = Faults(self.rng)
        self.limits = RateLimits(self.settings.rate_limit, self.settings.max_concurrency)

    def forget(self, tenant: str | None) -> None:
        """Drop a tenant's journal and faults (for when the tenant itself is dropped)."""
        self.journal.clear(tenant)
        self.faults.clear(tenant)


class BadMockHeader(ValueError):
    pass


def _integer_header(headers: Headers, name: str, low: int, high: int, what: str) -> int | None:
    """MOCK-HEADERS: an integer in [low, high], or BadMockHeader with the sentence the 400 carries."""
    raw = headers.get(name)
    if raw is None:
        return None
    text = raw.strip()
    if not (
        text.isascii() and text.isdigit() and len(text) <= 9 and low <= int(text) <= high
    ):  # int() of 5000 digits raises
        title = "-".join(part.capitalize() for part in name.split("-"))
        raise BadMockHeader(f'The {title} header must be {what} from {low} to {high}, "{raw}" given.')
    return int(text)


def mock_headers(headers: Headers) -> tuple[int | None, int | None]:
    """(status, delay in ms) a request asks for with X-Mock-Status and X-Mock-Delay-Ms."""
    status = _integer_header(headers, STATUS_HEADER, 400, 599, "an HTTP error status")
    delay = _integer_header(headers, DELAY_HEADER, 0, MAX_DELAY_MS, "a number of milliseconds")
    return status, delay


class TrafficMiddleware:
    """Limits first (a refused request is not in flight), then the request's X-Mock-* headers, then the faults."""

    def __init__(self, app: ASGIApp, traffic: Traffic) -> None:
        self.app = app
        self.traffic = traffic

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_control_plane(scope["path"]):
            await self.app(scope, receive, send)
            return
        notes: dict[str, Any] = scope.get(NOTES_KEY, {})
        limits = self.traffic.limits
        refused = limits.refusal()
        if refused is not None:  # RATE-LIMIT-429: the SaaS's 429, Retry-After unless the instance leaves it out
            notes["injected_by"], retry_after = refused
            headers = {"Retry-After": str(retry_after)} if self.traffic.settings.retry_after else {}
            await raw_error_response(429, headers=headers)(scope, receive, send)
            return
        limits.in_flight += 1
        try:
            await self._serve(scope, receive, send, notes)
        finally:
            limits.in_flight -= 1

    async def _serve(self, scope: Scope, receive: Receive, send: Send, notes: dict[str, Any]) -> None:
        headers = Headers(scope=scope)
        try:
            status, delay_ms = mock_headers(headers)
        except BadMockHeader as exc:
            notes["injected_by"] = "X-Mock headers"
            await raw_error_response(400, {"code": 400, "message": str(exc)})(scope, receive, send)
            return
        if status is not None or delay_ms is not None:  # the request's own headers win; faults are not consulted
            notes["injected_by"] = "X-Mock-Status" if status is not None else "X-Mock-Delay-Ms"
            if delay_ms:
                await self.traffic.sleep(delay_ms / 1000)
            if status is not None:
                extra = {"Retry-After": "1"} if status == 429 and self.traffic.settings.retry_after else {}
                await raw_error_response(status, headers=extra)(scope, receive, send)
                return
            await self.app(scope, receive, send)
            return
        fault = self.traffic.faults.take(tenant_of(scope), scope["method"], scope["path"])
        if fault is None:
            await self.app(scope, receive, send)
            return
        notes["injected_by"] = f"fault {fault.id}"
        await self._apply(fault, scope, receive, send)

    async def _apply(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        if fault.delay_ms:
            await self.traffic.sleep(fault.delay_ms / 1000)
        if fault.status is not None:
            await raw_error_response(fault.status, fault.body, fault.headers)(scope, receive, send)
            return
        if fault.http_links:  # FAULT-HTTP-LINKS: links and Location as a proxy that forgot X-Forwarded-Proto
            scope = {**scope, "scheme": "http"}
        await self.app(scope, receive, send)
