"""Request body limits (BODY-LIMIT-JSON, BODY-LIMIT-UPLOAD): a body over its limit is a 413 in the Akeneo envelope,
and the stored state is unchanged, because no handler ever sees such a request.

The vendor's API sits behind nginx and PHP, whose `client_max_body_size` and `post_max_size` refuse a body too large
before any controller runs (nginx's own 413 page, outside the app); the mock words that answer in the vendor's
envelope (openapi/ERRATA.md "Request body limit"). Two limits: Settings.max_body_size for the JSON and NDJSON
bodies of the API, Settings.max_upload_size for media uploads (POST /asset-media-files) and the control plane
(`PUT /mock/snapshot` carries media bytes in base64).

The token endpoint has the vendor's own limit, 300 bytes, whatever the settings (AUTH-TOKEN-BODY-LIMIT).

Nothing is read to judge the size: a Content-Length over the limit is answered at once; a body without one (chunked)
is counted as it streams and refused as soon as the count passes the limit. What the server still receives after the
answer is discarded by uvicorn as it arrives, never kept.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mock_server.api.http.errors import send_error
from mock_server.api.http.journal import is_control_plane
from mock_server.domain.errors import PayloadTooLarge
from mock_server.settings import Settings

UPLOAD_PATHS = frozenset({"/api/rest/v1/asset-media-files"})  # the contract's only multipart operation


# AUTH-TOKEN-BODY-LIMIT, AUTH-TOKEN-BODY-LIMIT-MESSAGE (limit_for's first branch): the vendor's CheckRequestContentSizeSubscriber refuses a body over 300 bytes on any path holding
# the token route (it mitigates DDoS on this unauthenticated endpoint), with its own text.
TOKEN_PATH = "/api/oauth/v1/token"  # noqa: S105 - a route, not a secret
TOKEN_BODY_LIMIT = 300


class BodyTooLarge(PayloadTooLarge):
    """A body over its limit. Raised from `receive` when a streamed body passes it: whatever the app makes of it
    (its 413, or a 400 where a parser turns every failure into one), the middleware answers the 413 itself."""


def limit_for(path: str, settings: Settings) -> tuple[int, str]:
    """The limit of a request to `path` (the routed one, without a tenant's /t/NAME prefix) and its 413's text."""
    if TOKEN_PATH in path:
        return TOKEN_BODY_LIMIT, f"Request content exceeded the maximum allowed size of {TOKEN_BODY_LIMIT} bytes"
    if path.rstrip("/") in UPLOAD_PATHS or is_control_plane(path):
        limit, flag = settings.max_upload_size, "--max-upload-size"
    else:
        limit, flag = settings.max_body_size, "--max-body-size"
    return limit, f"Request Entity Too Large: the request body exceeds the limit of {limit} bytes ({flag})."


def declared_length(scope: Scope) -> int | None:
    """The request's Content-Length (uvicorn refuses a malformed one before the app), or None (chunked, or none)."""
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            text = value.strip()
            return int(text) if text.isdigit() else None
    return None


class BodyLimits:
    """Plain ASGI, inside the journal and the traffic middlewares (a 413 is journaled; faults and rate limits come
    first) and outside Connexion's: the handlers never see a body over its limit."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit, too_large = limit_for(scope["path"], self.settings)
        declared = declared_length(scope)
        if declared is not None and declared > limit:  # answered before a byte of the body is read
            await send_error(scope, receive, send, BodyTooLarge(too_large))
            return
        received = 0
        refused: BodyTooLarge | None = None
        started = False

        async def counting_receive() -> Message:
            nonlocal received, refused
            if refused is not None:  # the app asks again after the refusal: the body stops here
                raise refused
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    refused = BodyTooLarge(too_large)
                    raise refused
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if refused is not None:  # the app's own answer to the cut body is replaced by the 413 below
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if refused is None:
                raise
        if refused is not None and not started:
            await send_error(scope, receive, send, refused)
