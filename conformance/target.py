"""The server under test: a base URL or an in-process ASGI app, its credentials, and the clients that talk to it.

`Target.client()` is an authenticated `httpx.Client`: it gets a token with the password grant (Basic client
credentials, JSON body), and on a 401 it refreshes the token once with the refresh_token grant and retries the
request once, as the official PHP client does. Every exchange of every client of a target is recorded (secrets
masked, bodies cut) in a bounded list, with a curl line that replays it; the plugin attaches the exchanges of a
failing test to its report.

An ASGI app is served with uvicorn on a free loopback port, in a daemon thread, for as long as the target is open
(`with target:` or `open()`/`close()`). Everything then goes over real HTTP, the same way as for a remote server:
one code path for Schemathesis, the scenario clients and the curl lines; one event loop for the app (the mock's
store is lock-free and its background automation runs on that loop between requests); real socket timeouts for an
app that hangs. starlette's TestClient would instead run the app on a loop of its own, and Schemathesis's ASGI
transport on yet another one.
"""

from __future__ import annotations

import base64
import os
import re
import secrets
import socket
import threading
import time
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx

from conformance.exchanges import TOKEN_PATH, ExchangeRecorder

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# The mock's control plane (openapi/mock-control.yaml) moves its clock: time travel instead of waiting for a token to
# expire. A real PIM answers 404 and the suite waits instead; so does a read-only run, which sends no POST at all.
MOCK_CLOCK_PATH = "/mock/clock"
# TENANT-ISOLATION: on the mock (it lists its tenants under /mock/tenants), a run works in a tenant of its own, named
# after its run prefix and dropped at the end, so a developer's running mock keeps its data and its clock. Any other
# server answers that path with an error, and the run talks to it as it is.
MOCK_TENANTS_PATH = "/mock/tenants"
TENANT_HEADER = "X-Mock-Tenant"
TENANT_PROBE_TIMEOUT = httpx.Timeout(10.0, connect=5.0)
DEFAULT_BASE_URL = "http://127.0.0.1:8080"
RUN_PREFIX_RE = re.compile(r"^[a-z][a-z0-9]{1,15}$")

ASGIApp = Callable[..., Any]


class TargetError(RuntimeError):
    """The target cannot be used: not started, unreachable, or it refuses the suite's credentials."""


class ReadOnlyViolation(RuntimeError):
    """A request that could change data was about to leave during a read-only run."""


@dataclass(frozen=True)
class Credentials:
    """The API connection (client id and secret) and the user the tokens are issued to."""

    client_id: str = "client"
    client_secret: str = field(default="secret", repr=False)
    username: str = "admin"
    password: str = field(default="admin", repr=False)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Credentials:
        env = os.environ if environ is None else environ
        return cls(
            client_id=env.get("AKENEO_CLIENT_ID", cls.client_id),
            client_secret=env.get("AKENEO_CLIENT_SECRET", "secret"),
            username=env.get("AKENEO_USERNAME", cls.username),
            password=env.get("AKENEO_PASSWORD", "admin"),
        )

    @property
    def basic(self) -> str:
        """The Basic Authorization header value of the client credentials."""
        raw = f"{self.client_id}:{self.client_secret}".encode()
        return "Basic " + base64.b64encode(raw).decode("ascii")


def new_run_prefix() -> str:
    """'cf' and 6 lowercase hex characters: every code a run creates starts with it."""
    return "cf" + secrets.token_hex(3)


# --- tokens ----------------------------------------------------------------------------------------------------------


class TokenManager:
    """The target's one token pair, shared by every client and by Schemathesis (a refresh token works once)."""

    def __init__(self, credentials: Credentials, http: Callable[[], httpx.Client]) -> None:
        self._credentials = credentials
        self._http = http
        self._lock = threading.Lock()
        self._access: str | None = None
        self._refresh: str | None = None

    def access_token(self) -> str:
        """The current access token; the first call gets one with the password grant."""
        with self._lock:
            if self._access is None:
                credentials = self._credentials
                grant = {"grant_type": "password", "username": credentials.username, "password": credentials.password}
                self._grant(grant, must=True)
            assert self._access is not None
            return self._access

    def refresh(self, stale: str | None) -> str | None:
        """A new access token after `stale` was refused (refresh_token grant, once); None if the grant fails.

        When another client refreshed since `stale` was handed out, the newer token is returned as is."""
        with self._lock:
            if self._access is not None and self._access != stale:
                return self._access
            if self._refresh is None:
                return None
            if self._grant({"grant_type": "refresh_token", "refresh_token": self._refresh}, must=False):
                return self._access
            return None

    def renew(self, stale: str | None) -> str:
        """A token that should work: refreshed if possible, else a new password grant (for Schemathesis)."""
        token = self.refresh(stale)
        if token is not None:
            return token
        with self._lock:
            self._access = None
        return self.access_token()

    def _grant(self, body: dict[str, str], *, must: bool) -> bool:
        try:
            response = self._http().post(TOKEN_PATH, json=body, headers={"Authorization": self._credentials.basic})
        except httpx.HTTPError as exc:
            raise TargetError(f"the token endpoint cannot be reached: {exc!r}") from exc
        if response.status_code == 200:
            try:
                data = response.json()
                self._access, self._refresh = str(data["access_token"]), data.get("refresh_token")
                return True
            except (ValueError, KeyError, TypeError):
                pass
        if must:
            raise TargetError(
                f"POST {TOKEN_PATH} ({body['grant_type']} grant) answered {response.status_code}: "
                f"{response.text[:300]!r}; check AKENEO_CLIENT_ID, AKENEO_CLIENT_SECRET, AKENEO_USERNAME, "
                "AKENEO_PASSWORD"
            )
        return False


class AkeneoAuth(httpx.Auth):
    """Bearer token on every request; on a 401, one refresh and one retry (the official PHP client's behaviour)."""

    requires_request_body = True  # the retry re-sends the body

    def __init__(self, tokens: TokenManager) -> None:
        self._tokens = tokens

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        token = self._tokens.access_token()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401:
            fresh = self._tokens.refresh(stale=token)
            if fresh is not None:
                request.headers["Authorization"] = f"Bearer {fresh}"
                yield request


# --- serving an ASGI app ---------------------------------------------------------------------------------------------


class LoopbackServer:
    """An ASGI app served by uvicorn on 127.0.0.1 and a free port, in a daemon thread, until stop()."""

    def __init__(self, app: ASGIApp) -> None:
        import uvicorn  # only in-process targets need it

        self._socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._socket.bind(("127.0.0.1", 0))  # the port is ours from here on: no race with another process
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            app, log_config=None, access_log=False, lifespan="auto", timeout_graceful_shutdown=2, log_level="warning"
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"conformance-asgi-{self.port}",
            daemon=True,
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise TargetError("the ASGI app stopped while starting (see the log above)")
            if time.monotonic() > deadline:
                self.stop()
                raise TargetError(f"the ASGI app did not start within {timeout}s")
            time.sleep(0.01)  # waiting for uvicorn's readiness flag, set from its thread

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=10)
        if self._thread.is_alive():
            self._server.force_exit = True
            self._thread.join(timeout=5)
        self._socket.close()


# --- the target ------------------------------------------------------------------------------------------------------


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
                self.tenant = self._claim_tenant()
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
        client = self.anonymous_client()
        probe = client.get(MOCK_CLOCK_PATH)
        if probe.status_code != 200 or "offset_seconds" not in _json_object(probe):
            return False
        moved = client.post(f"{MOCK_CLOCK_PATH}/advance", json={"seconds": seconds})
        if moved.status_code != 200:
            raise TargetError(f"the target's clock did not move: {moved.status_code} {moved.text[:200]}")
        return True

    # -- the run's mock tenant (TENANT-ISOLATION) ----------------------------------------------------------------
    def _claim_tenant(self) -> str | None:
        """The tenant this run works in when the target is the mock, else None. An unreachable target gets None
        too: the preflight, or the first request, says why in its own words."""
        try:
            with httpx.Client(base_url=self.base_url, timeout=TENANT_PROBE_TIMEOUT, follow_redirects=False) as http:
                listed = http.get(MOCK_TENANTS_PATH, headers={"Accept": "application/json"})
        except httpx.HTTPError:
            return None
        body = _json(listed)
        is_mock = (
            listed.status_code == 200
            and isinstance(body, list)
            and bool(body)  # the default tenant is always listed
            and all(isinstance(tenant, dict) and "name" in tenant for tenant in body)
        )
        return f"conformance-{self.run_prefix}" if is_mock else None

    def _drop_tenant(self) -> None:
        tenant, self.tenant = self.tenant, None
        if tenant is None or self.keep_tenant:
            return
        try:
            with httpx.Client(base_url=self.base_url, timeout=TENANT_PROBE_TIMEOUT, follow_redirects=False) as http:
                http.delete(f"{MOCK_TENANTS_PATH}/{tenant}")  # 404 when the run never used it: nothing to drop
        except httpx.HTTPError:
            pass  # a mock stopped before the run's end has nothing left to drop

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


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _json_object(response: httpx.Response) -> dict[str, Any]:
    body = _json(response)
    return body if isinstance(body, dict) else {}


def is_safe(method: str, path: str) -> bool:
    """Whether a request cannot change data: a read, or a token request."""
    return method.upper() in SAFE_METHODS or path.rstrip("/").endswith(TOKEN_PATH)
