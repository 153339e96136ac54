"""API users: the settings' admin (every permission), the users of the settings' users file and those added through
the control plane (POST /mock/users); the password grant's credentials check and the permission check of each call.

Users live in the store, so each store (a tenant's) has its own; `load_configured(ctx)` puts the file's users into a
new store. The admin is not stored: it always exists and cannot be replaced or deleted.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path
from typing import Any

import yaml

from mock_server.domain.access import permissions
from mock_server.domain.access.api_users import ApiUser, user_errors, user_from
from mock_server.domain.errors import NotFound, Unprocessable, ValidationFailed
from mock_server.services.context import Context
from mock_server.settings import Settings


def read_users_file(path: str) -> list[ApiUser]:
    """The users of a JSON (`.json`) or YAML file `{"users": [...]}`; ValueError with a one-line message naming the
    file and the fault otherwise (the CLI prints it and stops)."""
    where = f"users file {path}"
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"{where}: cannot be read ({exc})") from None
    try:
        data = json.loads(text) if path.lower().endswith(".json") else yaml.safe_load(text)
    except (ValueError, yaml.YAMLError) as exc:
        reason = " ".join(str(exc).split())
        raise ValueError(
            f"{where}: not valid {'JSON' if path.lower().endswith('.json') else 'YAML'} ({reason})"
        ) from None
    if not isinstance(data, dict) or set(data) != {"users"} or not isinstance(data["users"], list):
        raise ValueError(f'{where}: expected an object with one key, "users", holding a list of users')
    users: dict[str, ApiUser] = {}
    for index, item in enumerate(data["users"]):
        errors = user_errors(item)  # USERS-SHAPE
        if errors:
            at = f"users[{index}]" + (f".{errors[0].property}" if errors[0].property else "")
            raise ValueError(f"{where}: {at}: {errors[0].message}")
        user = user_from(item)
        if user.username in users:
            raise ValueError(f'{where}: users[{index}]: the user "{user.username}" is listed twice')
        users[user.username] = user
    return list(users.values())


def configured_users(settings: Settings) -> list[ApiUser]:
    """The users of the settings' users file (none without one); ValueError on a bad file."""
    if not settings.users_file:
        return []
    users = read_users_file(settings.users_file)
    for user in users:
        if user.username == settings.username:
            raise ValueError(
                f'users file {settings.users_file}: "{user.username}" is the default admin\'s name (it has every '
                "permission already): give the user another name"
            )
    return users


def load_configured(ctx: Context) -> None:
    """Puts the users of the settings' users file into this context's store: call it once for every new store."""
    for user in configured_users(ctx.settings):
        ctx.store.users[user.username] = user


def _admin(settings: Settings) -> ApiUser:
    return ApiUser(settings.username, settings.password, permissions.ALL_PERMISSIONS)


def find(ctx: Context, username: str) -> ApiUser | None:
    if username == ctx.settings.username:
        return _admin(ctx.settings)
    return ctx.store.users.get(username)


def credentials_match(ctx: Context, username: Any, password: Any) -> bool:
    """Whether the password grant's username and password are those of the admin or of a user."""
    if not isinstance(username, str) or not isinstance(password, str):
        return False
    user = find(ctx, username)
    # compared even for an unknown user, so that the answer's time does not tell which usernames exist
    same = secrets.compare_digest((user.password if user is not None else "").encode(), password.encode())
    return user is not None and same


def authorize(ctx: Context, username: str, operation_id: str | None) -> None:
    """Forbidden (the vendor's 403) unless the token's user may call this operation (domain/access/permissions.py)."""
    user = find(ctx, username)
    permissions.check(user.permissions if user is not None else frozenset(), operation_id)


# -- the control plane ----------------------------------------------------------------------------------------------
def list_users(ctx: Context) -> list[dict[str, Any]]:
    """The admin first, then the users in the order they were added; never a password."""
    return [_admin(ctx.settings).public(), *(user.public() for user in ctx.store.users.values())]


def save_user(ctx: Context, body: Any) -> tuple[dict[str, Any], bool]:
    """Adds the user, or replaces the one of the same name (its tokens stay valid and carry the new permissions);
    the user as listed and whether it is new. 422 for a bad body (USERS-SHAPE) or the admin's name."""
    errors = user_errors(body)
    if errors:
        raise ValidationFailed.of(errors)
    user = user_from(body)
    if user.username == ctx.settings.username:
        message = f'The user "{user.username}" is the default admin: it has every permission and cannot be replaced.'
        raise ValidationFailed.single("username", message)
    created = user.username not in ctx.store.users
    ctx.store.users[user.username] = user
    return user.public(), created


def delete_user(ctx: Context, username: str) -> None:
    """Forgets the user and revokes its tokens; 404 for an unknown user, 422 for the admin."""
    if username == ctx.settings.username:
        raise Unprocessable(f'The user "{username}" is the default admin: it cannot be deleted.')
    if ctx.store.users.pop(username, None) is None:
        raise NotFound(f'The user "{username}" does not exist.')
    tokens = ctx.store.tokens
    for grants in (tokens.access, tokens.refresh):
        for token in [token for token, grant in grants.items() if grant.username == username]:
            del grants[token]
