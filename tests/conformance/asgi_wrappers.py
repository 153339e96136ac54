"""ASGI wrappers that break a good app in one known way, or watch what reaches it (for the suite's own tests)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

ASGIApp = Callable[[dict, Callable[[], Awaitable[dict]], Callable[[dict], Awaitable[None]]], Awaitable[None]]


def answering_500(app: ASGIApp, path_prefix: str) -> ASGIApp:
    """Every HTTP request under path_prefix gets a 500 in the Akeneo envelope; the rest reaches the app."""

    async def wrapper(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"].startswith(path_prefix):
            await send(
                {"type": "http.response.start", "status": 500, "headers": [(b"content-type", b"application/json")]}
            )
            await send({"type": "http.response.body", "body": b'{"code":500,"message":"broken on purpose"}'})
            return
        await app(scope, receive, send)

    return wrapper


def dropping_header(app: ASGIApp, header: str, path_prefix: str) -> ASGIApp:
    """Answers under path_prefix lose `header`; everything else is untouched."""
    name = header.lower().encode()

    async def wrapper(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(path_prefix):
            await app(scope, receive, send)
            return

        async def send_without(message: dict) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [(k, v) for k, v in message["headers"] if k.lower() != name]}
            await send(message)

        await app(scope, receive, send_without)

    return wrapper


def recording(app: ASGIApp, log: list[tuple[str, str]]) -> ASGIApp:
    """Appends (method, path) of every HTTP request to `log`, then lets the app answer."""

    async def wrapper(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            log.append((scope["method"], scope["path"]))
        await app(scope, receive, send)

    return wrapper


def keeping_token_answers(app: ASGIApp, answers: list[bytes]) -> ASGIApp:
    """Appends the body of every answer of the token route to `answers` (the store keeps only digests of tokens)."""

    async def wrapper(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not scope["path"].endswith("/api/oauth/v1/token"):
            await app(scope, receive, send)
            return
        chunks: list[bytes] = []

        async def copy(message: dict) -> None:
            if message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    answers.append(b"".join(chunks))
            await send(message)

        await app(scope, receive, copy)

    return wrapper
