"""FAST-READS: the two reads clients repeat most, GET an asset and GET a page of a family's assets, answered without
Connexion's per-request machinery when nothing about the request is unusual (issue #12: Connexion's routing,
security, parameter and response layers were four fifths of such a GET's time, the handler one twentieth).

This is a shortcut, not a second implementation: it answers only a request Connexion would route to those two
operations with nothing to refuse, and it answers with the same functions the handlers call (api/asset_manager/assets.py, the
token and ACL checks of api/http/security.py's scheme). Anything else goes on to Connexion untouched: another path or
method, a query parameter other than `search_after`, a code that is not plain letters, digits and underscores, an
Accept header without JSON, a missing, invalid or expired token, a user without the right, an unknown family or
asset, any refusal at all. Those are read-only, so answering them the slow way is the same as never having tried.
It sits inside the tenant, forwarded-header, journal and traffic middlewares, which see its requests like any other.
`Settings.fast_reads` turns it off; tests/api/test_fast_reads.py compares both ways, byte for byte.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from mock_server.api.asset_manager import assets
from mock_server.api.http.negotiation import accepts_json
from mock_server.api.http.presenters import base_url
from mock_server.api.http.wire import JSON_MEDIA_TYPE
from mock_server.app_spec import contract_validator, load_spec
from mock_server.domain.errors import DomainError
from mock_server.services.access import authentication, users
from mock_server.services.context import Context

_CODE = "[A-Za-z0-9_]+"
_ASSET_PATH = re.compile(rf"/api/rest/v1/asset-families/({_CODE})/assets(?:/({_CODE}))?")
_SEARCH_AFTER = re.compile(rf"search_after=({_CODE})")
_LIST = "/api/rest/v1/asset-families/{asset_family_code}/assets"
_ONE = "/api/rest/v1/asset-families/{asset_family_code}/assets/{code}"


class HotReads:
    """The shortcut, as an ASGI middleware in front of Connexion's own stack."""

    def __init__(self, app: ASGIApp, current: Callable[[], Context], validate_responses: bool = False) -> None:
        self.app = app
        self.current = current
        # The tests check every answer against the contract; so are these, as Connexion would.
        self.validators = {path: _answer_validator(path) for path in (_LIST, _ONE)} if validate_responses else {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        text = answer(scope, self.current()) if scope["type"] == "http" and scope["method"] == "GET" else None
        if text is None:
            await self.app(scope, receive, send)
            return
        body = text.encode()
        if self.validators:
            self.validators[_LIST if scope["path"].endswith("/assets") else _ONE].validate(json.loads(body))
        headers = [(b"content-type", JSON_MEDIA_TYPE.encode()), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})


def answer(scope: Scope, ctx: Context) -> str | None:
    """The answer's JSON text, or None when the request is not one this shortcut takes (Connexion answers it)."""
    if scope.get("root_path"):
        return None
    route = _ASSET_PATH.fullmatch(scope["path"])
    query = scope.get("query_string", b"").decode("latin-1")
    cursor = _SEARCH_AFTER.fullmatch(query) if query else None
    if route is None or (query and (route.group(2) is not None or cursor is None)):
        return None
    headers = Headers(scope=scope)
    accept = headers.get("accept")
    if accept and not accepts_json(accept):
        return None
    token = _bearer_token(headers.get("authorization"))
    if token is None:
        return None
    family_code, code = route.groups()
    try:  # the bearer scheme's checks, as api/http/security.py's token_info makes them
        username = authentication.check_access_token(ctx, token)
        users.authorize(ctx, username, "get_asset_by_code" if code else "get_assets")
        if code is not None:
            return assets.asset_text(ctx, base_url(scope), family_code, code)
        return assets.assets_page_text(ctx, base_url(scope), family_code, search_after=cursor and cursor.group(1))
    except DomainError:
        return None


def _bearer_token(authorization: str | None) -> str | None:
    """The token of `Bearer <token>`, the header as Connexion's BearerSecurityHandler splits it; else None."""
    kind, _, token = (authorization or "").partition(" ")
    return token if kind.lower() == "bearer" and token and token == token.strip() else None


def _answer_validator(path: str) -> Any:
    schema = load_spec()["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    return contract_validator(schema)
