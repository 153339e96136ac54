"""Handlers of the mock's own control plane (openapi/mock-control.yaml): what the asset automation did (and
its background queue: pause, resume, drain), the clock."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from typing import Any

import yaml

from akeneo_contract import CONTROL_CONTRACT
from mock_server.api.control import state as control_state
from mock_server.api.control import traffic as control_traffic
from mock_server.api.control import users as control_users
from mock_server.services.automation import events, scheduling
from mock_server.services.context import Context

SPEC_PATH = CONTROL_CONTRACT


@functools.cache
def load_control_spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def handler_for(operation_id: str) -> Callable[..., Any]:
    """The handler named after the control plane's operationId (a test checks every operationId resolves)."""
    try:
        return HANDLERS[operation_id]
    except KeyError:
        raise LookupError(f"no control-plane handler for operationId {operation_id!r}") from None


async def list_automation_events(
    ctx: Context, asset_family_code: str | None = None, asset_code: str | None = None
) -> list[dict[str, Any]]:
    return [dataclasses.asdict(event) for event in events.recorded(ctx, asset_family_code, asset_code)]


def _automation_state(ctx: Context) -> dict[str, Any]:
    return {
        "mode": ctx.settings.rules_execution,
        "paused": ctx.store.automation_paused,
        "jobs_pending": len(ctx.store.automation_jobs),
        "queue_size": ctx.settings.automation_queue_size,
    }


async def get_automation(ctx: Context) -> dict[str, Any]:
    return _automation_state(ctx)


async def set_automation(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Pause or resume the background jobs (resuming runs the queued ones after the answer)."""
    if body["paused"]:  # the contract requires a boolean
        scheduling.pause(ctx)
    else:
        scheduling.resume(ctx)
    return _automation_state(ctx)


async def drain_automation(ctx: Context) -> dict[str, Any]:
    """Run every queued job now, in order, paused or not; the answer counts them."""
    return {"jobs_run": await scheduling.drain(ctx), **_automation_state(ctx)}


def _clock_state(ctx: Context) -> dict[str, Any]:
    return {"now": ctx.clock().isoformat(), "offset_seconds": ctx.clock.offset.total_seconds()}


async def get_clock(ctx: Context) -> dict[str, Any]:
    return _clock_state(ctx)


async def advance_clock(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    ctx.clock.advance(body["seconds"])  # the contract bounds `seconds`
    return _clock_state(ctx)


HANDLERS: dict[str, Callable[..., Any]] = {
    "list_automation_events": list_automation_events,
    "get_automation": get_automation,
    "set_automation": set_automation,
    "drain_automation": drain_automation,
    "get_clock": get_clock,
    "advance_clock": advance_clock,
    **control_users.HANDLERS,
    **control_state.HANDLERS,
    **control_traffic.HANDLERS,
}
