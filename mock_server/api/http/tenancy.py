"""Which tenant a request is for (services/tenants.py), and the handlers bound to that tenant's Context.

TENANT-HEADER, TENANT-PATH-PREFIX: `X-Mock-Tenant: NAME`, or the prefix `/t/NAME` for clients that cannot add
headers. The middleware runs before anything else of the app: it takes the prefix off `path` and `raw_path` (the
routes are the vendor's), sets `scope["mock_tenant"]` (None for the default tenant) for the middlewares after it,
and sets services.tenants.CURRENT for the handlers. TENANT-LINKS-KEEP-PREFIX: it sets `app_root_path` to the prefix,
which Starlette's `request.base_url` starts with, so every URL the mock writes (`_links`, `Location`, the root
listing's host) keeps `/t/NAME` and a client following links stays in its tenant.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

from mock_server.api.http.errors import send_error
from mock_server.api.http.signatures import remember_signature
from mock_server.domain.errors import BadRequest
from mock_server.services.tenants import CURRENT, Tenants, check_name

HEADER = "x-mock-tenant"
PREFIX = "/t/"
SCOPE_KEY = "mock_tenant"
PREFIX_SCOPE_KEY = "mock_tenant_prefix"  # the "/t/NAME" taken off the path, for messages that quote the URL


def tenant_scope(scope: Scope) -> Scope:
    """The scope routed as the tenant's: prefix taken off, `mock_tenant` set. BadRequest for an invalid name, or
    for a header and a prefix naming two tenants."""
    root = scope.get("root_path", "")
    path: str = scope["path"]
    route = path[len(root) :] if root and path.startswith(root) else path
    header = Headers(scope=scope).get(HEADER)
    changes: dict[str, Any] = {}
    named = header
    if route.startswith(PREFIX):
        named, _, rest = route[len(PREFIX) :].partition("/")
        if header is not None and header != named:
            raise BadRequest(f'The X-Mock-Tenant header "{header}" and the path prefix "/t/{named}" differ.')
        prefix = f"{PREFIX}{named}"
        changes = {
            "path": path[: len(path) - len(route)] + "/" + rest,
            PREFIX_SCOPE_KEY: prefix,
            "app_root_path": scope.get("app_root_path", root) + prefix,
        }
        raw = scope.get("raw_path")
        if isinstance(raw, bytes):
            start = raw.find(PREFIX.encode())
            end = raw.find(b"/", start + len(PREFIX)) if start >= 0 else -1
            changes["raw_path"] = raw[:start] + (raw[end:] if end >= 0 else b"/") if start >= 0 else raw
    tenant = check_name(named) if named is not None else None
    return {**scope, **changes, SCOPE_KEY: tenant}


class TenantRouting:
    """Outermost of the app's middlewares (added first in create_app): the tenant of each HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            scope = tenant_scope(scope)
        except BadRequest as refused:  # TENANT-NAME: before routing, so answered here in the vendor's envelope
            await send_error(scope, receive, send, refused)
            return
        token = CURRENT.set(scope[SCOPE_KEY])
        try:
            await self.app(scope, receive, send)
        finally:
            CURRENT.reset(token)


def bind(handler: Callable[..., Any], tenants: Tenants, *, writes: bool = True) -> Callable[..., Any]:
    """The handler with its first argument supplied per request: the current tenant's Context when it is named
    `ctx`, the registry when it is named `tenants`; any other handler is returned as it is. Connexion reads the
    returned signature to pass the request's parameters, so it is the handler's without that first one.
    A handler that `writes` (any method but GET) marks its tenant's store changed when it ends, whatever the
    outcome: what was derived from the store before it (api/http/rendered_assets.py) is not used again."""
    remember_signature(handler)
    signature = inspect.signature(handler)
    first, *rest = [*signature.parameters.values()] or [None]
    if first is None or first.name not in ("ctx", "tenants"):
        return handler

    def target() -> Any:
        return tenants if first.name == "tenants" else tenants.current()

    @functools.wraps(handler)
    async def bound(*args: Any, **kwargs: Any) -> Any:
        return await handler(target(), *args, **kwargs)

    @functools.wraps(handler)
    async def bound_writer(*args: Any, **kwargs: Any) -> Any:
        ctx = target()
        try:
            return await handler(ctx, *args, **kwargs)
        finally:
            if first.name == "ctx":
                ctx.store.changed()
            else:  # the control plane's handlers of other tenants (reset, restore: Store.restore marks it)
                tenants.current().store.changed()

    if writes:
        bound = bound_writer

    bound.__signature__ = signature.replace(parameters=rest)  # type: ignore[attr-defined]
    return bound
