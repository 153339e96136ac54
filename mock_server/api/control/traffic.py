"""Control-plane handlers of the request journal and the faults (openapi/mock-control.yaml, tags Journal and
Faults). Each sees the calling tenant's share only (`scope["mock_tenant"]`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from connexion.context import scope as connexion_scope
from connexion.lifecycle import ConnexionResponse

from mock_server.api.http.journal import TRAFFIC_KEY, tenant_of
from mock_server.api.http.traffic import Traffic
from mock_server.domain.errors import Unprocessable
from mock_server.services.context import Context


def _traffic() -> tuple[Traffic, str | None]:
    return connexion_scope[TRAFFIC_KEY], tenant_of(connexion_scope)  # JournalMiddleware put the Traffic there


def _since(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise Unprocessable(f'The "since" parameter must be an ISO 8601 date and time, "{text}" given.') from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # a time without offset is UTC


async def list_requests(
    ctx: Context,
    method: str | None = None,
    path: str | None = None,
    status: int | None = None,
    since: str | None = None,
) -> list[dict[str, Any]]:
    traffic, tenant = _traffic()
    return traffic.journal.entries(tenant, method=method, path=path, status=status, since=_since(since))


async def clear_requests(ctx: Context) -> ConnexionResponse:
    traffic, tenant = _traffic()
    traffic.journal.clear(tenant)
    return ConnexionResponse(status_code=204)


async def create_fault(ctx: Context, body: dict[str, Any]) -> tuple[dict[str, Any], int]:
    traffic, tenant = _traffic()
    fault = traffic.faults.add(tenant, body, retry_after=traffic.settings.retry_after)
    return {"id": fault.id}, 201


async def list_faults(ctx: Context) -> list[dict[str, Any]]:
    traffic, tenant = _traffic()
    return [fault.to_json() for fault in traffic.faults.list(tenant)]


async def delete_fault(ctx: Context, fault_id: int) -> ConnexionResponse:
    traffic, tenant = _traffic()
    traffic.faults.delete(tenant, fault_id)
    return ConnexionResponse(status_code=204)


async def clear_faults(ctx: Context) -> ConnexionResponse:
    traffic, tenant = _traffic()
    traffic.faults.clear(tenant)
    return ConnexionResponse(status_code=204)


HANDLERS: dict[str, Callable[..., Any]] = {
    "list_requests": list_requests,
    "clear_requests": clear_requests,
    "create_fault": create_fault,
    "list_faults": list_faults,
    "delete_fault": delete_fault,
    "clear_faults": clear_faults,
}
