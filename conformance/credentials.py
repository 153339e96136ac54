"""How the suite signs in: the credentials (AKENEO_* variables), the one token pair every client of a target shares,
and the httpx auth that puts the token on each request and refreshes it once on a 401, as the official PHP client
does. TargetError lives here, at the bottom: the token endpoint, the loopback server and Target raise it."""

from __future__ import annotations

import base64
import os
import threading
from collections.abc import Callable, Generator, Mapping
from dataclasses import dataclass, field

import httpx

from conformance.exchanges import TOKEN_PATH


class TargetError(RuntimeError):
    """The target cannot be used: not started, unreachable, or it refuses the suite's credentials."""


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
