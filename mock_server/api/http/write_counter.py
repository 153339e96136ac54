"""STATE-FILE-FLUSH-WRITES: counts the writes a state file has to keep (services/state_file.py). Plain ASGI: a request
with a method that may change state (POST, PATCH, PUT, DELETE) whose answer starts with a status below 400, on the
vendor's paths or the control plane, is one write; a token request is none (tokens are not kept in the file). The
messages pass unchanged."""

from __future__ import annotations

from collections.abc import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.api.http.journal import TOKEN_ENDPOINT

WRITE_METHODS = frozenset({"POST", "PATCH", "PUT", "DELETE"})


class WriteCounter:
    def __init__(self, app: ASGIApp, note_write: Callable[[], None]) -> None:
        self.app = app
        self.note_write = note_write

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in WRITE_METHODS or scope["path"] == TOKEN_ENDPOINT:
            await self.app(scope, receive, send)
            return

        async def counting_send(message: Message) -> None:
            await send(message)
            if message["type"] == "http.response.start" and message["status"] < 400:
                self.note_write()

        await self.app(scope, receive, counting_send)
