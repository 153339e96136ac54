"""post_token and the bearer check: password and refresh_token grants with Basic client credentials."""

from __future__ import annotations

import base64
import binascii
import secrets
from datetime import timedelta
from typing import Any

from mock_server.domain.errors import Unauthenticated, Unprocessable
from mock_server.services import users
from mock_server.services.context import Context
from mock_server.store.memory import Grant

# The vendor's 401 for an aged token: oauth2-php's description, thrown as an HttpException by
# src/Akeneo/Tool/Bundle/ApiBundle/Security/OAuth2.php::verifyAccessToken, so FOSRest shows it as the message.
EXPIRED_TOKEN = "The access token provided has expired."  # noqa: S105 - a message, not a secret
BAD_CLIENT = 'Parameter "client_id" is missing or does not match any client, or secret is invalid'


def _client_credentials(authorization: str | None) -> tuple[str, str] | None:
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, sep, secret = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (client_id, secret) if sep else None


def issue_token(ctx: Context, body: dict[str, Any], authorization: str | None) -> dict[str, Any]:
    """Check the client, then the grant, and answer a fresh access and refresh token pair."""
    settings = ctx.settings
    if _client_credentials(authorization) != (settings.client_id, settings.client_secret):
        raise Unprocessable(BAD_CLIENT)
    grant_type = body.get("grant_type")
    if grant_type == "password":
        for name in ("username", "password"):
            if not body.get(name):
                raise Unprocessable(f'Parameter "{name}" is missing.')
        if not users.credentials_match(ctx, body["username"], body["password"]):  # the admin or a user
            raise Unprocessable("No user found for the given username and password")
        username = body["username"]
    elif grant_type == "refresh_token":
        grant = ctx.store.tokens.refresh.pop(str(body.get("refresh_token") or ""), None)
        if grant is None or grant.expires_at <= ctx.clock():
            raise Unprocessable("Refresh token is invalid or has expired")
        username = grant.username
    else:
        raise Unprocessable(f'Parameter "grant_type" is missing or not supported: "{grant_type}".')
    return _new_token_pair(ctx, username)


def _new_token_pair(ctx: Context, username: str) -> dict[str, Any]:
    now = ctx.clock()
    access, refresh = secrets.token_urlsafe(48), secrets.token_urlsafe(48)
    ctx.store.tokens.access[access] = Grant(username, now + timedelta(seconds=ctx.settings.access_token_ttl))
    ctx.store.tokens.refresh[refresh] = Grant(username, now + timedelta(seconds=ctx.settings.refresh_token_ttl))
    return {
        "access_token": access,
        "expires_in": ctx.settings.access_token_ttl,
        "token_type": "bearer",
        "scope": None,
        "refresh_token": refresh,
    }


def check_access_token(ctx: Context, token: str) -> str:
    """The user a valid access token was issued to; Unauthenticated otherwise."""
    grant = ctx.store.tokens.access.get(token)
    if grant is None:
        raise Unauthenticated("The access token provided is invalid.")
    if grant.expires_at <= ctx.clock():
        raise Unauthenticated(EXPIRED_TOKEN)
    return grant.username
