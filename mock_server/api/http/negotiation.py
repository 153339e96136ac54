"""Content negotiation the vendor's way: 406 when Accept excludes JSON, 415 when a body has no Content-Type, and
media types compared without regard to case (WIRE-CONTENT-TYPE-CASE)."""

from __future__ import annotations

import functools

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from mock_server.api.http.errors import accept_message, content_type_message
from mock_server.app_spec import load_spec, request_media_types
from mock_server.domain.errors import NotAcceptable, UnsupportedMediaType

_JSON_RANGES = {"*/*", "application/*", "application/json", "application/vnd.akeneo.collection+json"}


@functools.cache
def _known_request_media_types() -> frozenset[str]:
    return frozenset(
        media_type
        for item in load_spec()["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "requestBody" in operation
        for media_type in operation["requestBody"]["content"]
    )


def with_canonical_media_type(scope: Scope) -> Scope:
    """WIRE-CONTENT-TYPE-CASE: media types are case-insensitive (RFC 9110 8.3.1), but Connexion picks its body
    validator and parser by a case-sensitive match. `Application/JSON` is `application/json`: lowercase the type of a
    Content-Type the contract knows, keep its parameters verbatim (a multipart boundary is case-sensitive). An unknown
    type is left as sent, so the 415 echoes it."""
    headers = scope.get("headers") or []
    for index, (name, value) in enumerate(headers):
        if name != b"content-type":
            continue
        media_type, sep, parameters = value.partition(b";")
        canonical = media_type.strip().lower()
        if canonical != media_type and canonical.decode("latin-1") in _known_request_media_types():
            rewritten = list(headers)
            rewritten[index] = (name, canonical + sep + parameters)
            return {**scope, "headers": rewritten}
        break
    return scope


def accepts_json(accept: str) -> bool:
    ranges = (part.split(";")[0].strip().lower() for part in accept.split(","))
    return any(media_range in _JSON_RANGES or media_range.endswith("+json") for media_range in ranges)


class ContentNegotiation:
    """Runs after routing, before the handler. A wrong Content-Type is Connexion's to refuse (mapped in
    api/http/errors.py); a missing one is refused here, since Connexion would let the raw body through."""

    def __init__(self, app: ASGIApp, binary_operations: frozenset[str] = frozenset()) -> None:
        self.app = app
        self.binary_operations = binary_operations

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            scope = with_canonical_media_type(scope)
            headers = Headers(scope=scope)
            operation_id = (scope.get("extensions") or {}).get("connexion_routing", {}).get("operation_id")
            accept = headers.get("accept")
            if accept and operation_id not in self.binary_operations and not accepts_json(accept):
                # HTTP-406
                raise NotAcceptable(accept_message(accept))
            expected = request_media_types().get(operation_id)
            if expected and not headers.get("content-type"):
                # HTTP-415, AUTH-TOKEN-CONTENT-TYPE, MEDIA-UPLOAD-MULTIPART: no Content-Type
                raise UnsupportedMediaType(content_type_message(None, expected))
        await self.app(scope, receive, send)
