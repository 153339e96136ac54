"""Connexion security handlers bound to one app's token stores (no module-level state): each request's tokens are
those of its tenant (services/tenants.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion.lifecycle import ConnexionRequest
from connexion.security import BasicSecurityHandler, BearerSecurityHandler

from mock_server.api.http.signatures import remember_signature
from mock_server.services.access import authentication, users
from mock_server.services.context import Context


def security_map(current: Callable[[], Context]) -> dict[str, type]:
    """Scheme -> handler class for `add_api(security_map=...)`; `current` gives the request's tenant's context."""

    def token_info(token: str, request: ConnexionRequest) -> dict[str, Any]:
        ctx = current()
        username = authentication.check_access_token(ctx, token)
        users.authorize(ctx, username, operation_id(request))  # ACL-BEFORE-VALIDATION: before the body is read
        return {"sub": username}

    remember_signature(token_info)  # Connexion inspects it on every call

    class AppBearer(BearerSecurityHandler):
        def _resolve_func(self, security_scheme: dict) -> Any:
            return token_info

    class ClientCredentialsInBody(BasicSecurityHandler):
        """The token endpoint checks the Basic client credentials itself, to answer the vendor's 422."""

        def get_fn(self, security_scheme: dict, required_scopes: Any) -> Any:
            return lambda request: {"sub": None}

    return {"bearer": AppBearer, "basic": ClientCredentialsInBody}


def operation_id(request: ConnexionRequest) -> str | None:
    """The operationId Connexion's routing found for this request (the ACL depends on it)."""
    return request.scope.get("extensions", {}).get("connexion_routing", {}).get("operation_id")
