"""Control-plane handlers of the API users (openapi/mock-control.yaml, /mock/users): list, add or replace, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion.lifecycle import ConnexionResponse

from mock_server.services.access import users
from mock_server.services.context import Context


async def list_users(ctx: Context) -> list[dict[str, Any]]:
    return users.list_users(ctx)


async def create_user(ctx: Context, body: Any) -> tuple[dict[str, Any], int]:
    user, created = users.save_user(ctx, body)
    return user, 201 if created else 200


async def delete_user(ctx: Context, username: str) -> ConnexionResponse:
    users.delete_user(ctx, username)
    return ConnexionResponse(status_code=204)


HANDLERS: dict[str, Callable[..., Any]] = {
    "list_users": list_users,
    "create_user": create_user,
    "delete_user": delete_user,
}
