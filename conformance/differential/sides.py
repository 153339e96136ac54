"""One sequence's two sides: the target and the reference, each an authenticated client in a tenant of its own
(on a mock), with the media file codes its uploads were answered, in upload order."""

from __future__ import annotations

import contextlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

import httpx

from conformance.exchanges import TOKEN_PATH
from conformance.target import AkeneoAuth, Credentials, TokenManager, is_safe

TENANT_HEADER = "X-Mock-Tenant"
MEDIA_CODE_HEADER = "asset-media-file-code"
MEDIA_PLACEHOLDER = re.compile(r"@media(\d+)@")


@dataclass(frozen=True)
class Call:
    """One vendor call as the state machine draws it. A media file is named `@mediaN@` (the N-th upload of the
    sequence) in the path or body: each side sends its own code for it."""

    method: str
    path: str
    body: Any = None  # JSON, sent as application/json
    content: bytes | None = None  # a raw body (with content_type), e.g. not JSON at all
    content_type: str | None = None
    upload: tuple[str, bytes, str] | None = None  # (filename, bytes, mime type): multipart field `file`
    query: tuple[tuple[str, str], ...] = ()
    anonymous: bool = False  # sent without a token

    def describe(self) -> str:
        query = "&".join(f"{k}={v}" for k, v in self.query)
        text = f"{self.method} {self.path}{'?' + query if query else ''}"
        if self.upload is not None:
            return f"{text}  [file {self.upload[0]}, {len(self.upload[1])} bytes]"
        if self.content is not None:
            return f"{text}  {self.content[:200]!r} ({self.content_type})"
        if self.body is not None:
            body = json.dumps(self.body, ensure_ascii=False)
            return f"{text}  {body[:300]}{'...' if len(body) > 300 else ''}"
        return text


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    content: bytes
    request: httpx.Request


class SharedTransport(httpx.BaseTransport):
    """One keep-alive connection pool to a server for every sequence of a run: a sequence's clients close without
    closing it (a new client per sequence would build an SSL context and open new connections each time, the
    largest cost of a sequence in the profile: benchmarks/DIFFERENTIAL.md). `shut()` closes it at the run's end."""

    def __init__(self) -> None:
        self._pool = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._pool.handle_request(request)

    def close(self) -> None:
        """A sequence's client is done with it: the pool stays open for the next sequence."""

    def shut(self) -> None:
        self._pool.close()


@dataclass
class Side:
    """A client of one server for one sequence; `media` the codes of its uploads, in order."""

    name: str
    base_url: str
    http: httpx.Client
    plain: httpx.Client  # the same server without a token
    credentials: Credentials
    tenant: str | None = None
    read_only: bool = False
    media: list[str] = field(default_factory=list)
    transport: SharedTransport | None = None

    @classmethod
    def open(
        cls,
        name: str,
        base_url: str,
        credentials: Credentials,
        tenant: str | None,
        *,
        read_only: bool = False,
        hooks: dict[str, list[Any]] | None = None,
        timeout: float = 30.0,
        transport: SharedTransport | None = None,
    ) -> Side:
        headers = {TENANT_HEADER: tenant} if tenant else {}
        common: dict[str, Any] = {"base_url": base_url, "headers": headers, "timeout": timeout}
        common.update(event_hooks=hooks or {}, transport=transport)
        plain = httpx.Client(**common)
        tokens = TokenManager(credentials, lambda: plain)
        http = httpx.Client(auth=AkeneoAuth(tokens), **common)
        return cls(name, base_url.rstrip("/"), http, plain, credentials, tenant, read_only, transport=transport)

    def send(self, call: Call) -> Answer:
        if self.read_only and not is_safe(call.method, call.path):
            raise AssertionError(f"{call.method} {call.path}: a write drawn in a read-only run (a bug of the layer)")
        path = self._media(call.path)
        kwargs: dict[str, Any] = {"params": [(k, self._media(v)) for k, v in call.query]}
        if call.upload is not None:
            kwargs["files"] = {"file": call.upload}
        elif call.content is not None:
            kwargs["content"] = call.content
            kwargs["headers"] = {"Content-Type": call.content_type or "application/octet-stream"}
        elif call.body is not None:
            kwargs["content"] = json.dumps(self._with_media(call.body)).encode()
            kwargs["headers"] = {"Content-Type": "application/json"}
        response = (self.plain if call.anonymous else self.http).request(call.method, path, **kwargs)
        answer = _answer(response)
        if call.upload is not None and response.status_code == 201 and MEDIA_CODE_HEADER in answer.headers:
            self.media.append(answer.headers[MEDIA_CODE_HEADER])
        return answer

    def token(self, body: dict[str, str]) -> Answer:
        """A token request with this side's API client (Basic), outside the side's own token pair."""
        sent = dict(body)
        if sent.get("grant_type") == "password":
            sent.update(username=self.credentials.username, password=self.credentials.password)
        response = self.plain.post(TOKEN_PATH, json=sent, headers={"Authorization": self.credentials.basic})
        return _answer(response)

    def raw(self, method: str, path: str, headers: dict[str, str]) -> Answer:
        """A request with exactly these credentials (none of the side's own)."""
        return _answer(self.plain.request(method, path, headers=headers))

    def follow(self, href: str) -> Answer:
        """A GET of a link this side answered (a next page), relative to its base URL."""
        path = href[len(self.base_url) :] if href.startswith(self.base_url) else href
        return _answer(self.http.get(path))

    def _media(self, text: str) -> str:
        return MEDIA_PLACEHOLDER.sub(lambda m: self._media_code(int(m.group(1))), text)

    def _media_code(self, index: int) -> str:
        return self.media[index] if index < len(self.media) else f"not_uploaded_{index}.png"

    def _with_media(self, body: Any) -> Any:
        if isinstance(body, str):
            return self._media(body)
        if isinstance(body, list):
            return [self._with_media(item) for item in body]
        if isinstance(body, dict):
            return {key: self._with_media(value) for key, value in body.items()}
        return body

    def close(self) -> None:
        if self.tenant:  # the sequence's tenant is forgotten: a run of many sequences keeps no memory of them
            with (
                contextlib.suppress(httpx.HTTPError),
                httpx.Client(base_url=self.base_url, transport=self.transport, timeout=10) as control,
            ):
                control.delete(f"/mock/tenants/{self.tenant}")
        self.plain.close()
        self.http.close()


def _answer(response: httpx.Response) -> Answer:
    return Answer(
        response.status_code, {k.lower(): v for k, v in response.headers.items()}, response.content, response.request
    )
