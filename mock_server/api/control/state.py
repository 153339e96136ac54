"""Control-plane handlers over a tenant's whole state (openapi/mock-control.yaml): reset, snapshot and restore,
summary, and the tenants themselves. Handlers whose first parameter is `tenants` get the registry, the others the
request's tenant's Context (api/http/tenancy.bind)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from connexion.lifecycle import ConnexionResponse

from mock_server.api.control.snapshot_check import check_resources
from mock_server.api.http.json_body import parse_json
from mock_server.services import tenants as tenant_service
from mock_server.services.context import Context
from mock_server.services.tenants import DEFAULT, Tenants


def _no_content() -> ConnexionResponse:
    return ConnexionResponse(status_code=204)


def _json(body: Any) -> Any:
    """The parsed body, None for none. Without a Content-Type, Connexion checks the body as JSON (the contract's
    only type) but hands the handler its raw bytes: parse them (`curl -X POST .../mock/reset` sends none)."""
    if isinstance(body, bytes | str):
        return parse_json(body.encode() if isinstance(body, str) else body) if body.strip() else None
    return body


def _current_name() -> str:
    return tenant_service.CURRENT.get() or DEFAULT


async def reset_state(tenants: Tenants, body: Any = None) -> ConnexionResponse:
    catalog = (_json(body) or {}).get("catalog")  # the contract checks it (ResetRequest)
    tenants.reset(tenants.current(), catalog)
    return _no_content()


async def get_snapshot(ctx: Context) -> dict[str, Any]:
    return tenant_service.snapshot(ctx)


async def restore_snapshot(ctx: Context, body: Any) -> ConnexionResponse:
    document = _json(body)
    check_resources(document)  # CONTROL-SNAPSHOT-RESOURCES
    tenant_service.restore(ctx, document)
    return _no_content()


async def get_summary(ctx: Context) -> dict[str, Any]:
    return tenant_service.summary(ctx, _current_name())


async def list_tenants(tenants: Tenants) -> list[dict[str, Any]]:
    return [{"name": name, "counts": tenant_service.counts(ctx)} for name, ctx in tenants.items()]


async def delete_tenant(tenants: Tenants, name: str) -> ConnexionResponse:
    tenants.drop(name)
    return _no_content()


HANDLERS: dict[str, Callable[..., Any]] = {
    "reset_state": reset_state,
    "get_snapshot": get_snapshot,
    "restore_snapshot": restore_snapshot,
    "get_summary": get_summary,
    "list_tenants": list_tenants,
    "delete_tenant": delete_tenant,
}
