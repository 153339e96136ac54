"""The machinery every mutant is made of: the Mutant type, the clean app they start from, `PatchedRequests` (a rule
switched off while a request is handled, with `attr` / `item` patches) and `RewriteResponses` (answers altered on
the way out, as an `Exchange`)."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from typing import Any
from unittest import mock

from connexion.json_schema import Draft4RequestValidator

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings

ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]
]

RULE_OFF = "rule-off"
RESPONSE = "response"
KINDS = (RULE_OFF, RESPONSE)
API = "/api/rest/v1"
PatchFactory = Callable[[], Iterable[AbstractContextManager[Any]]]


@dataclass(frozen=True)
class Mutant:
    name: str  # unique snake_case: what --only takes
    kind: str  # RULE_OFF or RESPONSE
    description: str  # one line: what is broken
    build: Callable[[], ASGIApp]  # a new mutated ASGI app, independent of every other app
    area: str = ""  # the resource or rule engine it breaks, for the table
    patches: PatchFactory | None = None  # rule-off mutants: the patches build() applies around each request
    catch: str = ""  # one line: the check a conformance test makes that catches this mutant


# -- the apps ------------------------------------------------------------------------------------------------------

# The same settings for the clean run and every mutant: the default catalog (the suite builds its own data beside
# it, so the fixtures only give Schemathesis something to find), synchronous automation (a background rule engine
# would run outside the request, where a rule-off patch is not active), and no response validation (a real server
# does not check its answers against the contract; the suite must).
SETTINGS = Settings(load_fixtures=True, validate_responses=False, rules_execution="sync")


def clean_app() -> ASGIApp:
    """The unmutated mock, as every mutant starts from it."""
    return create_app(store=None, settings=SETTINGS, start_catalog=load_start)


# -- kind 1: a rule switched off while requests are handled --------------------------------------------------------


class _RefCountedPatches:
    """The patches are started when the first request enters and stopped when the last one leaves (requests may
    overlap on the app's event loop, and the test client may use several threads): nothing is left patched."""

    def __init__(self, factory: PatchFactory) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._depth = 0
        self._stack: ExitStack | None = None

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                stack = ExitStack()
                try:
                    for patcher in self._factory():
                        stack.enter_context(patcher)
                except BaseException:
                    stack.close()
                    raise
                self._stack = stack
            self._depth += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._stack is not None:
                stack, self._stack = self._stack, None
                stack.close()


class PatchedRequests:
    """An ASGI app that handles each HTTP request with the patches applied (lifespan events pass through)."""

    def __init__(self, app: ASGIApp, factory: PatchFactory) -> None:
        self.app = app
        self.patches = _RefCountedPatches(factory)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.patches:
            await self.app(scope, receive, send)


def rule_off(name: str, area: str, description: str, factory: PatchFactory, *, catch: str) -> Mutant:
    return Mutant(name, RULE_OFF, description, lambda: PatchedRequests(clean_app(), factory), area, factory, catch)


def attr(target: Any, name: str, new: Any) -> AbstractContextManager[Any]:
    """Replace `target.name` (a module global, a class attribute) for the duration of a request."""
    return mock.patch.object(target, name, new)


def item(mapping: dict[Any, Any], key: Any, new: Any) -> AbstractContextManager[Any]:
    """Replace one entry of a module-level table (the table is restored as it was)."""
    if key not in mapping:  # mock.patch.dict would add it silently: a renamed entry must not go unnoticed
        raise KeyError(f"{key!r} is not in the table to patch")
    return mock.patch.dict(mapping, {key: new})


# The contract's request-body checks are jsonschema keyword functions looked up in this table at each validation.
REQUEST_SCHEMA_KEYWORDS = Draft4RequestValidator.VALIDATORS


# -- kind 2: responses altered on the way out ----------------------------------------------------------------------


@dataclass
class Exchange:
    """One buffered response (and the request it answers), as the rewrite function sees and changes it."""

    method: str
    path: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    _json: Any = field(default=None, repr=False)

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def set_header(self, name: str, value: str) -> None:
        self.drop_header(name)
        self.headers.append((name, value))

    def drop_header(self, name: str) -> None:
        self.headers = [(key, value) for key, value in self.headers if key.lower() != name.lower()]

    def json(self) -> Any:
        """The body as JSON, or None when it is not a JSON body."""
        if "json" not in (self.header("content-type") or ""):
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def set_json(self, value: Any, content_type: str | None = None) -> None:
        self.body = json.dumps(value, separators=(",", ":")).encode()  # compact, as the vendor: WIRE-JSON-COMPACT
        if content_type:
            self.set_header("content-type", content_type)


Rewrite = Callable[[Exchange], None]
Route = tuple[str, str]  # (method or "*", regular expression the whole path must match)


class RewriteResponses:
    """An ASGI middleware: the responses of the selected routes are buffered, rewritten, then sent with a fixed
    Content-Length. Other routes (and lifespan events) pass through untouched."""

    def __init__(self, app: ASGIApp, routes: Iterable[Route], rewrite: Rewrite) -> None:
        self.app = app
        self.routes = [(method.upper(), re.compile(pattern)) for method, pattern in routes]
        self.rewrite = rewrite

    def _selected(self, method: str, path: str) -> bool:
        return any(m in ("*", method) and pattern.fullmatch(path) for m, pattern in self.routes)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not self._selected(scope["method"].upper(), scope["path"]):
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def buffered(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            exchange = Exchange(
                method=scope["method"].upper(),
                path=scope["path"],
                status=start["status"],
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in start.get("headers", [])],
                body=b"".join(chunks),
            )
            self.rewrite(exchange)
            exchange.drop_header("content-length")
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in exchange.headers]
            headers.append((b"content-length", str(len(exchange.body)).encode()))
            await send({**start, "status": exchange.status, "headers": headers})
            await send({"type": "http.response.body", "body": exchange.body, "more_body": False})

        await self.app(scope, receive, buffered)


def response(
    name: str, area: str, description: str, routes: Iterable[Route], rewrite: Rewrite, *, catch: str
) -> Mutant:
    routes = tuple(routes)
    return Mutant(
        name, RESPONSE, description, lambda: RewriteResponses(clean_app(), routes, rewrite), area, catch=catch
    )
