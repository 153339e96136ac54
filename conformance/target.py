"""The server under test: a base URL or an in-process ASGI app (loopback.py), and the clients that talk to it.

`Target.client()` is an authenticated `httpx.Client` (credentials.py: the shared token pair, one refresh and retry on
a 401). Every exchange of every client of a target is recorded (secrets masked, bodies cut) in a bounded list, with a
curl line that replays it; the plugin attaches the exchanges of a failing test to its report. A read-only run's
clients refuse any request that could change data. On the mock, the run works in a tenant of its own and moves the
clock instead of waiting (mock_control.py).
"""

from __future__ import annotations

import os
import re
import secrets
import threading
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

import httpx

from conformance.credentials import AkeneoAuth, Credentials, TargetError, TokenManager
from conformance.exchanges import TOKEN_PATH, ExchangeRecorder
from conformance.loopback import ASGIApp, LoopbackServer
from conformance.mock_control import TENANT_HEADER, advance_clock, claim_tenant, drop_tenant

# Names other modules import from here (the suite's public face of a target).
__all__ = [
    "DEFAULT_BASE_URL",
    "RUN_PREFIX_RE",
    "AkeneoAuth",
    "Credentials",
    "ReadOnlyViolation",
    "Target",
    "TargetError",
    "TokenManager",
    "is_safe",
]

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
DEFAULT_BASE_URL = "http://127.0.0.1:8080"
RUN_PREFIX_RE = re.compile(r"^[a-z][a-z0-9]{1,15}$")


class ReadOnlyViolation(RuntimeError):
    """A request that could change data was about to leave during a read-only run."""


def new_run_prefix() -> str:
    """'cf' and 6 lowercase hex characters: every code a run creates starts with it."""
    return "cf" + secrets.token_hex(3)


class Target:
    """What the suite checks: `Target(base_url)` for a server, `Target(app=asgi_app)` for an in-process app.

    Open it (`with target:`) before use: an app is then served on a loopback port. A target may be opened and
    closed again; the exchanges recorded and the token pair are per target, so build a new Target per run when
    runs must not share anything (conformance.run() clears the recorded exchanges at its start)."""

    def __init__(
        self,
        base_url: str | None = None,
        *,
        app: ASGIApp | None = None,
        credentials: Credentials | None = None,
        run_prefix: str | None = None,
        read_only: bool = False,
        poll_timeout: float = 10.0,
        token_wait: float = 0.0,
        request_timeout: float = 30.0,
        max_exchanges: int = 200,
        keep_tenant: bool = False,
    ) -> None:
        if (base_url is None) == (app is None):
            raise ValueError("a Target needs exactly one of base_url and app")
        if base_url is not None and urlsplit(base_url).scheme not in ("http", "https"):
            raise ValueError(f"base_url must be an http(s) URL, {base_url!r} given")
        prefix = run_prefix if run_prefix is not None else new_run_prefix()
        if not RUN_PREFIX_RE.match(prefix):
            raise ValueError(
                f"run_prefix must be 2-16 lowercase letters and digits, starting with a letter: {prefix!r}"
            )
        if poll_timeout <= 0 or request_timeout <= 0:
            raise ValueError("poll_timeout and request_timeout must be positive")
        if token_wait < 0:
            raise ValueError("token_wait must not be negative")
        self._base_url = base_url.rstrip("/") if base_url is not None else None
        self.app = app
        self.credentials = credentials or Credentials()
        self.run_prefix = prefix
        self.read_only = read_only
        self.poll_timeout = poll_timeout
        self.token_wait = token_wait  # seconds a test may wait in real time for a token to expire
        self.request_timeout = request_timeout
        self.keep_tenant = keep_tenant  # leave the run's mock tenant in place, to look at what the run left
        self.tenant: str | None = None  # the mock tenant this run works in while open; None on any other server
        self.recorder = ExchangeRecorder(max_exchanges)
        self.recorder.add_secret(self.credentials.password)
        self.recorder.add_secret(self.credentials.client_secret)
        self.tokens = TokenManager(self.credentials, self._token_client)
        self._server: LoopbackServer | None = None
        self._opened = 0
        self._clients: list[httpx.Client] = []
        self._token_http: httpx.Client | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Target:
        """A target from AKENEO_BASE_URL and the AKENEO_* credentials; keyword arguments win."""
        env = os.environ if environ is None else environ
        if overrides.get("app") is None:
            overrides.pop("app", None)
            overrides["base_url"] = overrides.get("base_url") or env.get("AKENEO_BASE_URL") or DEFAULT_BASE_URL
        overrides.setdefault("credentials", Credentials.from_env(env))
        return cls(**overrides)

    # -- lifecycle ---------------------------------------------------------------------------------------------------
    def open(self) -> Target:
        with self._lock:
            if self._opened == 0:
                if self.app is not None:
                    server = LoopbackServer(self.app)
                    server.start()
                    self._server = server
                self.tenant = claim_tenant(self.base_url, self.run_prefix)
            self._opened += 1
        return self

    def close(self) -> None:
        with self._lock:
            if self._opened == 0:
                return
            self._opened -= 1
            if self._opened:
                return
            for client in self._clients:
                client.close()
            self._clients.clear()
            self._token_http = None
            self._drop_tenant()
            if self._server is not None:
                self._server.stop()
                self._server = None
            self.tokens = TokenManager(self.credentials, self._token_client)  # a served app's tokens die with it

    def __enter__(self) -> Target:
        return self.open()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- description -------------------------------------------------------------------------------------------------
    @property
    def is_in_process(self) -> bool:
        return self.app is not None

    @property
    def base_url(self) -> str:
        """The URL the API is reached at (for an app, the loopback address it is served at while open)."""
        if self._base_url is not None:
            return self._base_url
        if self._server is None:
            raise TargetError("an in-process target is reachable only while open: use `with target:`")
        return self._server.url

    @property
    def headers(self) -> dict[str, str]:
        """What every request of the run carries beside its own headers: the mock tenant's name, on the mock."""
        return {TENANT_HEADER: self.tenant} if self.tenant else {}

    @property
    def label(self) -> str:
        if self.app is not None:
            name = getattr(self.app, "__qualname__", None) or type(self.app).__qualname__
            return f"in-process ASGI app ({name})"
        return self.base_url

    # -- clients -----------------------------------------------------------------------------------------------------
    def client(self) -> httpx.Client:
        """An authenticated client (bearer token, one refresh and retry on 401) whose base URL is the target's."""
        return self._new_client(auth=AkeneoAuth(self.tokens))

    def anonymous_client(self) -> httpx.Client:
        """A client that sends no token (for the authentication rules); recorded and read-only-guarded too."""
        return self._new_client(auth=None)

    def travel(self, seconds: float) -> bool:
        """Moves the target's clock forward when it offers the mock's clock; False for any other server, and in a
        read-only run (moving a clock is not a read)."""
        if self.read_only:
            return False
        return advance_clock(self.anonymous_client(), seconds)

    # -- the run's mock tenant (TENANT-ISOLATION) ----------------------------------------------------------------
    def _drop_tenant(self) -> None:
        tenant, self.tenant = self.tenant, None
        if tenant is not None and not self.keep_tenant:
            drop_tenant(self.base_url, tenant)

    def _new_client(self, auth: httpx.Auth | None) -> httpx.Client:
        client = httpx.Client(
            base_url=self.base_url,
            headers=self.headers,
            auth=auth,
            timeout=self.request_timeout,
            follow_redirects=False,
            event_hooks={"request": [self._guard], "response": [self._record]},
        )
        with self._lock:
            self._clients.append(client)
        return client

    def _token_client(self) -> httpx.Client:
        if self._token_http is None:
            self._token_http = self._new_client(auth=None)
        return self._token_http

    def _guard(self, request: httpx.Request) -> None:
        if self.read_only and not is_safe(request.method, request.url.path):
            raise ReadOnlyViolation(
                f"{request.method} {request.url} refused: this run is read-only (--read-only); a test that changes "
                "data must be marked @pytest.mark.writes"
            )

    def _record(self, response: httpx.Response) -> None:
        response.read()
        self.recorder.add_httpx(response)


def is_safe(method: str, path: str) -> bool:
    """Whether a request cannot change data: a read, or a token request."""
    return method.upper() in SAFE_METHODS or path.rstrip("/").endswith(TOKEN_PATH)
