"""The ceiling of benchmarks/http_load.py: a bare Starlette app on uvicorn that answers the mock's own responses.

    python -m benchmarks.ceiling_app --port P --responses FILE

FILE is the JSON list written by http_load.py, one captured exchange per item: `method`, `path` (as sent, percent
escapes included), `status`, `headers` (the few that matter to a client) and `body_b64`. The app looks each request
up by method and decoded path and answers the captured status, headers and body byte for byte; it reads the whole
request body first, as the mock does, so an upload costs its transfer here too. No validation, no middleware, no
logging of requests: what is left is the price of uvicorn, Starlette and the socket, the most a Python server on this
machine can do with these bodies.
"""

from __future__ import annotations

import argparse
import base64
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

METHODS = ["GET", "POST", "PATCH"]


@dataclass(frozen=True)
class Captured:
    """One response of the mock, as the ceiling replays it."""

    method: str
    path: str  # as sent on the wire (percent escapes kept)
    status: int
    headers: dict[str, str]
    body: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "path": self.path,
            "status": self.status,
            "headers": self.headers,
            "body_b64": base64.b64encode(self.body).decode("ascii"),
        }

    @classmethod
    def from_json(cls, item: Mapping[str, Any]) -> Captured:
        return cls(
            method=str(item["method"]).upper(),
            path=str(item["path"]),
            status=int(item["status"]),
            headers={str(key): str(value) for key, value in item.get("headers", {}).items()},
            body=base64.b64decode(item["body_b64"]),
        )


def load(path: Path) -> list[Captured]:
    return [Captured.from_json(item) for item in json.loads(path.read_text(encoding="utf-8"))]


def dump(captured: Iterable[Captured], path: Path) -> None:
    path.write_text(json.dumps([item.to_json() for item in captured]), encoding="utf-8")


def build_app(captured: Iterable[Captured]) -> Starlette:
    """One catch-all route; a dict look-up per request. Unknown requests answer 404 (wrk counts them as errors)."""
    table = {(item.method, unquote(item.path)): item for item in captured}  # the ASGI scope's path is decoded

    async def replay(request: Request) -> Response:
        await request.body()  # receive the whole body, as the mock must before it answers
        item = table.get((request.method, request.scope["path"]))
        if item is None:
            return Response(b'{"code":404,"message":"not captured"}', 404, media_type="application/json")
        return Response(item.body, item.status, headers=item.headers)

    return Starlette(routes=[Route("/{rest:path}", replay, methods=METHODS)])


def main(argv: Sequence[str] | None = None) -> int:
    cli = argparse.ArgumentParser(prog="python -m benchmarks.ceiling_app", description=__doc__)
    cli.add_argument("--host", default="127.0.0.1")
    cli.add_argument("--port", type=int, required=True)
    cli.add_argument("--responses", type=Path, required=True, help="the captured responses (JSON)")
    args = cli.parse_args(argv)
    import uvicorn  # the mock extra's; imported here so that build_app's tests need only Starlette

    # uvicorn's defaults (uvloop and httptools when installed, as for the mock); no access log, as the mock's default
    uvicorn.run(build_app(load(args.responses)), host=args.host, port=args.port, access_log=False, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
