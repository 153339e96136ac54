"""get_endpoints (the open root listing), post_token and get_system_information."""

from __future__ import annotations

from typing import Any

from connexion import request

from mock_server.app_spec import spec_routes
from mock_server.services.access import authentication
from mock_server.services.context import Context


async def get_endpoints(ctx: Context) -> dict[str, Any]:
    return {
        "host": str(request.base_url).rstrip("/"),
        "authentication": {"fos_oauth_server_token": {"route": "/api/oauth/v1/token", "methods": ["POST"]}},
        "routes": spec_routes(),
    }


# The vendor's controller answers its VersionProvider's version and the edition name in lower case; the Asset
# Manager lives on the SaaS (Serenity) edition, whose versions are release tags.
# WIRE-SYSTEM-INFORMATION: exactly these two strings
SYSTEM_INFORMATION = {"version": "v20240101000000", "edition": "serenity"}


async def get_system_information(ctx: Context) -> dict[str, str]:
    return dict(SYSTEM_INFORMATION)


# AUTH-TOKEN-NO-STORE: the tokens must not be cached on the way (RFC 6749 5.1); oauth2-php's getJsonHeaders sends these.
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


async def post_token(ctx: Context, body: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    return authentication.issue_token(ctx, body, request.headers.get("authorization")), 200, dict(NO_STORE)
