"""post_token and the bearer check: password and refresh_token grants with Basic client credentials.

Tokens are `secrets.token_urlsafe(48)` (384 random bits). The stores key each grant by the SHA-256 digest of its
token, never by the token (AUTH-TOKEN-DIGEST-KEYS): a look-up by the token itself ends in a comparison of the sent
string with a stored token, which may stop at the first differing character, a timing oracle in principle; over
digests, what such timing could reveal is a digest of the attacker's own guess, which teaches nothing about a token.
The client id and secret are compared with `secrets.compare_digest`, the passwords too (services/access/users.py).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import secrets
from datetime import timedelta
from typing import Any

from mock_server.domain.errors import Unauthenticated, Unprocessable
from mock_server.services.access import users
from mock_server.services.context import Context
from mock_server.store.memory import Grant

# The vendor's 401 for an aged token: oauth2-php's description, thrown as an HttpException by
# src/Akeneo/Tool/Bundle/ApiBundle/Security/OAuth2.php::verifyAccessToken, so FOSRest shows it as the message.
EXPIRED_TOKEN = "The access token provided has expired."  # noqa: S105 - a message, not a secret
INVALID_TOKEN = "The access token provided is invalid."  # noqa: S105 - a message, not a secret
# The vendor's 422 texts: src/Akeneo/Tool/Bundle/ApiBundle/Controller/TokenController.php::getErrorMessage maps
# oauth2-php's error codes (invalid_client, invalid_request, invalid_grant) to these, per grant type.
BAD_CLIENT = 'Parameter "client_id" is missing or does not match any client, or secret is invalid'
# AUTH-MISSING-FIELD-MESSAGE: these two sentences
MISSING_USER_FIELD = 'Parameter "grant_type", "username" or "password" is missing, empty or invalid'
MISSING_REFRESH_TOKEN = 'Parameter "grant_type" or "refresh_token" is missing or empty'  # noqa: S105 - a message
BAD_USER = "No user found for the given username and password"
BAD_REFRESH_TOKEN = "Refresh token is invalid or has expired"  # noqa: S105 - a message, not a secret


def token_key(token: str) -> bytes:
    """The key a token is stored under (AUTH-TOKEN-DIGEST-KEYS)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).digest()


def _client_credentials(authorization: str | None) -> tuple[str, str] | None:
    scheme, _, encoded = (authorization or "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        client_id, sep, secret = base64.b64decode(encoded.strip(), validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return (client_id, secret) if sep else None


def _client_matches(ctx: Context, authorization: str | None) -> bool:
    given = _client_credentials(authorization)
    if given is None:
        return False
    # both compared, in constant time, whatever the first gave: no early exit tells which one was wrong
    same_id = secrets.compare_digest(given[0].encode(), ctx.settings.client_id.encode())
    same_secret = secrets.compare_digest(given[1].encode(), ctx.settings.client_secret.encode())
    return same_id & same_secret


# AUTH-PASSWORD-GRANT, AUTH-REFRESH-GRANT: the two grants, each answered a fresh pair (_new_token_pair)
def issue_token(ctx: Context, body: dict[str, Any], authorization: str | None) -> dict[str, Any]:
    """Check the client, then the grant, and answer a fresh access and refresh token pair."""
    if not _client_matches(ctx, authorization):
        # AUTH-BAD-CLIENT
        raise Unprocessable(BAD_CLIENT)
    grant_type = body.get("grant_type")
    if grant_type == "password":
        # AUTH-MISSING-FIELD (the grant_type enum: TokenRequest's schema, api/http/validation.py)
        if not body.get("username") or not body.get("password"):
            raise Unprocessable(MISSING_USER_FIELD)
        if not users.credentials_match(ctx, body["username"], body["password"]):  # the admin or a user
            # AUTH-BAD-USER
            raise Unprocessable(BAD_USER)
        username = body["username"]
    elif grant_type == "refresh_token":
        if not body.get("refresh_token"):
            raise Unprocessable(MISSING_REFRESH_TOKEN)
        # AUTH-REFRESH-KEEPS-ACCESS (the second sentence) with
        # AUTH-REFRESH-ROTATION: a refresh token serves once. oauth2-php (OAuth2::createAccessToken) unsets the old
        # refresh token when it issues the new pair, and leaves the access tokens alone: the one issued with the old
        # refresh token stays valid until it expires.
        grant = ctx.store.tokens.refresh.pop(token_key(str(body["refresh_token"])), None)
        if grant is None or grant.expires_at <= ctx.clock():  # AUTH-REFRESH-EXPIRES
            # AUTH-BAD-REFRESH-TOKEN
            raise Unprocessable(BAD_REFRESH_TOKEN)
        username = grant.username
    else:
        raise Unprocessable(MISSING_USER_FIELD)  # not reached: api/http/validation.py refuses a grant_type off the enum
    return _new_token_pair(ctx, username)


def _new_token_pair(ctx: Context, username: str) -> dict[str, Any]:
    now = ctx.clock()
    access, refresh = secrets.token_urlsafe(48), secrets.token_urlsafe(48)
    # AUTH-TOKEN-LIFETIME: Settings.access_token_ttl, 3600 s by default
    ttl, refresh_ttl = ctx.settings.access_token_ttl, ctx.settings.refresh_token_ttl
    ctx.store.tokens.access[token_key(access)] = Grant(username, now + timedelta(seconds=ttl))
    ctx.store.tokens.refresh[token_key(refresh)] = Grant(username, now + timedelta(seconds=refresh_ttl))
    return {"access_token": access, "expires_in": ttl, "token_type": "bearer", "scope": None, "refresh_token": refresh}


def check_access_token(ctx: Context, token: str) -> str:
    """The user a valid access token was issued to; Unauthenticated otherwise."""
    grant = ctx.store.tokens.access.get(token_key(token))
    if grant is None:
        # AUTH-INVALID-TOKEN: an unknown bearer token
        raise Unauthenticated(INVALID_TOKEN)
    if grant.expires_at <= ctx.clock():  # AUTH-TOKEN-EXPIRES
        raise Unauthenticated(EXPIRED_TOKEN)
    return grant.username
