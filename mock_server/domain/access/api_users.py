"""API users beside the default admin: their credentials and permissions, and the shape a user must have.

The same rules judge a user from the users file and from POST /mock/users (USERS-SHAPE), so both refuse the same
mistakes with the same sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mock_server.domain.access.permissions import PERMISSIONS, unknown_permissions
from mock_server.domain.errors import FieldError

USER_KEYS = ("username", "password", "permissions")


@dataclass(frozen=True)
class ApiUser:
    username: str
    password: str = field(repr=False)
    permissions: frozenset[str] = frozenset()

    def public(self) -> dict[str, Any]:
        """What the control plane shows: never the password; permissions in the vendor's order."""
        return {"username": self.username, "permissions": [name for name in PERMISSIONS if name in self.permissions]}


def user_errors(data: Any) -> list[FieldError]:
    """USERS-SHAPE: an object with exactly a non-empty `username` and `password` and a list of the vendor's
    permission names (possibly empty)."""
    if not isinstance(data, dict):
        return [FieldError("", 'A user must be an object with "username", "password" and "permissions".')]
    errors = [FieldError(key, f'Property "{key}" is not allowed.') for key in data if key not in USER_KEYS]
    for key in ("username", "password"):
        if key not in data:
            errors.append(FieldError(key, f'Property "{key}" is required.'))
        elif not isinstance(data[key], str) or not data[key]:
            errors.append(FieldError(key, f'Property "{key}" must be a non-empty string.'))
    permissions = data.get("permissions")
    if "permissions" not in data:
        errors.append(FieldError("permissions", 'Property "permissions" is required.'))
    elif not isinstance(permissions, list) or not all(isinstance(name, str) for name in permissions):
        errors.append(FieldError("permissions", 'Property "permissions" must be a list of permission names.'))
    else:
        for name in unknown_permissions(permissions):
            index = permissions.index(name)
            errors.append(FieldError(f"permissions[{index}]", f'The permission "{name}" does not exist.'))
    return errors


def user_from(data: dict[str, Any]) -> ApiUser:
    """The user of a body `user_errors` found nothing wrong with."""
    return ApiUser(data["username"], data["password"], frozenset(data["permissions"]))
