"""Connexion security handlers bound to one app's token stores (no module-level state): each request's tokens are
those of its tenant (services/tenants.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion.security import BasicSecurityHandler, BearerSecurityHandler

from mock_server.services import authentication
from mock_server.services.context import Context


def security_map(current: Callable[[], Context]) -> dict[str, type]:
    """Scheme -> handler class for `add_api(security_map=...)`; `current` gives the request's tenant's context."""

    def token_info(token: str) -> dict[str, Any]:
        return {"sub": authentication.check_access_token(current(), token)}

    class AppBearer(BearerSecurityHandler):
        def _resolve_func(self, security_scheme: dict) -> Any:
            return token_info

    class ClientCredentialsInBody(BasicSecurityHandler):
        """The token endpoint checks the Basic client credentials itself, to answer the vendor's 422."""

        def get_fn(self, security_scheme: dict, required_scopes: Any) -> Any:
            return lambda request: {"sub": None}

    return {"bearer": AppBearer, "basic": ClientCredentialsInBody}
