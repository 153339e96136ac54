"""THE one place where errors become HTTP responses, always in the Akeneo envelope (never problem+json).

DomainErrors carry their own status and message. Connexion's and Starlette's own problems (unknown route, wrong
method, missing token, unsupported content type, unparsable body) are translated into the vendor's messages.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from http import HTTPStatus
from typing import Any

from connexion.exceptions import (
    BadRequestProblem,
    OAuthProblem,
    ProblemException,
    UnsupportedMediaTypeProblem,
)
from connexion.lifecycle import ConnexionRequest, ConnexionResponse
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from mock_server.api.http.wire import JSON_MEDIA_TYPE, render_json
from mock_server.app_spec import request_media_types
from mock_server.domain.errors import DomainError, ServiceUnavailable, ValidationFailed
from mock_server.domain.request_format.body import INVALID_JSON
from mock_server.services.access.authentication import EXPIRED_TOKEN

logger = logging.getLogger(__name__)

AUTHENTICATION_REQUIRED = "Authentication is required"


def error_response(
    status: int, message: str, *, errors: Iterable[dict] | None = None, headers: dict[str, str] | None = None
) -> ConnexionResponse:
    """An error in the Akeneo envelope: `code`, `message`, and `errors` when properties are at fault."""
    body: dict[str, Any] = {"code": status, "message": message}
    errors = list(errors or [])
    if errors:
        body["errors"] = errors
    return ConnexionResponse(  # WIRE-JSON-COMPACT: errors leave through the one renderer too
        status_code=status, body=render_json(body), content_type=JSON_MEDIA_TYPE, headers=headers or {}
    )


async def send_error(scope: Scope, receive: Receive, send: Send, exc: DomainError) -> None:
    """The error's envelope sent straight to the ASGI server, for a middleware that runs before Connexion's error
    handling (api/http/tenancy.py refusing a tenant name before routing)."""
    await raw_error_response(exc.status, {"code": exc.status, "message": exc.message})(scope, receive, send)


def client_path(request: ConnexionRequest) -> str:
    """The path the client called: with the tenant's `/t/NAME` prefix, which api/http/tenancy.py took off for routing."""
    return request.scope.get("mock_tenant_prefix", "") + request.url.path


def vendor_error_body(status: int) -> dict[str, Any]:
    """FAULT-VENDOR-BODY: the body the vendor's stack gives a status no controller worded. FOSRest
    (config/packages/fos_rest.yml) shows only HttpException messages and otherwise the status text, so a 500 is
    `{"code": 500, "message": "Internal Server Error"}`; the SaaS's 429 is documented without a body, and the
    mock words it the same way ("Too Many Requests"). A 401 is the expired token's, the one clients meet."""
    if status == 401:
        return {"code": 401, "message": EXPIRED_TOKEN}
    try:
        message = HTTPStatus(status).phrase
    except ValueError:
        message = "Error"
    return {"code": status, "message": message}


def raw_error_response(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Response:
    """An ASGI response for the middlewares that answer before routing (faults, rate limits, X-Mock-* headers):
    `body` (any JSON) or the vendor's body for the status, through the one renderer."""
    content = render_json(vendor_error_body(status) if body is None else body)
    return Response(content=content, status_code=status, media_type=JSON_MEDIA_TYPE, headers=headers)


def error_body(exc: DomainError) -> dict[str, Any]:
    """A refused batch entry's result fields: the envelope's status, message and errors, keyed the batch way."""
    body: dict[str, Any] = {"status_code": exc.status, "message": exc.message}
    if isinstance(exc, ValidationFailed) and exc.errors:
        body["errors"] = [e.to_json() for e in exc.errors]
    return body


def content_type_message(received: str | None, expected: str = "application/json") -> str:
    """The vendor's 415 sentences (the double space after the period is theirs)."""
    if not received:
        return f"The 'Content-type' header is missing. '{expected}' has to specified as value."
    return f"'{received}' in 'Content-type' header is not valid.  Only '{expected}' is allowed."


def accept_message(received: str) -> str:
    return f"'{received}' in 'Accept' header is not valid. Only 'application/json' is allowed."


class ErrorMapper:
    """Exception handlers for one app. `spec_paths` lets 405 answers name the methods a path allows."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self._routes = [
            (re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(path)) + "/?$"), item)
            for path, item in spec.get("paths", {}).items()
        ]

    def register(self, app: Any) -> None:
        app.add_error_handler(DomainError, self.domain_error)
        app.add_error_handler(ProblemException, self.problem)
        app.add_error_handler(HTTPException, self.http_exception)
        app.add_error_handler(ClientDisconnect, self.client_gone)
        app.add_error_handler(Exception, self.unexpected)

    # -- handlers ---------------------------------------------------------------------------------------------
    def domain_error(self, request: ConnexionRequest, exc: DomainError) -> ConnexionResponse:
        if isinstance(exc, ValidationFailed):
            return error_response(exc.status, exc.message, errors=(e.to_json() for e in exc.errors))
        if isinstance(exc, ServiceUnavailable):  # AUTOMATION-QUEUE-BOUND: when to try again
            return error_response(exc.status, exc.message, headers={"Retry-After": str(exc.retry_after)})
        return error_response(exc.status, exc.message)

    def problem(self, request: ConnexionRequest, exc: ProblemException) -> ConnexionResponse:
        if isinstance(exc, OAuthProblem):
            # AUTH-TOKEN-REQUIRED, HTTP-401: no usable token (none, another scheme) is 401 "Authentication is required";
            # an unknown or aged one keeps its oauth2-php text (AUTH-INVALID-TOKEN, services/access/authentication.py)
            detail = exc.detail if str(exc.detail or "").startswith("The access token") else AUTHENTICATION_REQUIRED
            return error_response(401, detail)
        # HTTP-415, AUTH-TOKEN-CONTENT-TYPE, MEDIA-UPLOAD-MULTIPART: a type the operation does not take (none: negotiation)
        if isinstance(exc, UnsupportedMediaTypeProblem):
            expected = self._expected_type(request)
            return error_response(415, content_type_message(request.headers.get("content-type"), expected))
        if isinstance(exc, BadRequestProblem):
            if "multipart/" in request.headers.get("content-type", ""):
                return error_response(400, "The multipart body could not be read: send one part named 'file'.")
            return error_response(400, self._bad_request_message(exc))
        if exc.status == 404:
            return self._no_route(request)
        if exc.status == 405:
            return self._method_not_allowed(request)
        return error_response(exc.status, str(exc.detail or exc.title))

    def http_exception(self, request: ConnexionRequest, exc: HTTPException) -> ConnexionResponse:
        if exc.status_code == 404:
            return self._no_route(request)
        if exc.status_code == 405:
            return self._method_not_allowed(request)
        return error_response(exc.status_code, str(exc.detail))

    def client_gone(self, request: ConnexionRequest, exc: ClientDisconnect) -> ConnexionResponse:
        """CONCURRENCY-CLIENT-GONE: a client that hangs up before its body is read is no bug of the mock (nothing was
        stored); the answer reaches no one, the log says what happened."""
        logger.info("client closed the connection before its request body was read: %s %s", request.method, request.url)
        return error_response(400, "The client closed the connection before its request body was read.")

    def unexpected(self, request: ConnexionRequest, exc: Exception) -> ConnexionResponse:
        logger.error("unexpected error on %s %s", request.method, request.url, exc_info=exc)
        return error_response(500, "An unexpected error occurred in the mock server; this is a bug in the mock.")

    # -- helpers ----------------------------------------------------------------------------------------------
    def _expected_type(self, request: ConnexionRequest) -> str:
        # Exception handlers see the request before routing annotated it, so find the operation by path again.
        method = request.method.lower()
        for pattern, item in self._routes:
            if pattern.match(request.url.path) and isinstance(item.get(method), dict):
                return request_media_types().get(item[method].get("operationId"), "application/json")
        return "application/json"

    @staticmethod
    def _bad_request_message(exc: BadRequestProblem) -> str:
        detail = str(exc.detail or "")
        # Parameter problems keep Connexion's wording; anything about the body is the vendor's sentence.
        if "parameter" in detail.lower() or "query" in detail.lower():
            return detail
        return INVALID_JSON

    def _no_route(self, request: ConnexionRequest) -> ConnexionResponse:
        url = request.url.replace(path=client_path(request))
        return error_response(404, f'No route found for "{request.method} {url}"')

    # HTTP-405: the vendor's sentence, and Allow listing the methods the path takes
    def _method_not_allowed(self, request: ConnexionRequest) -> ConnexionResponse:
        allowed = sorted(
            {method.upper() for pattern, item in self._routes if pattern.match(request.url.path) for method in item}
            & {"GET", "POST", "PATCH", "DELETE", "PUT"}
        )
        allow = ", ".join(allowed)
        message = f"No route found for '{request.method} {client_path(request)}': Method Not Allowed (Allow: {allow})"
        return error_response(405, message, headers={"Allow": allow})
