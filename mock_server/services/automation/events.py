"""The automation events: one per naming convention, transformation or product link rules run, oldest first, in
`store.automation_events` (the control plane lists them: GET /mock/automation-events)."""

from __future__ import annotations

from mock_server.domain.shared.timestamps import format_timestamp
from mock_server.services.context import Context
from mock_server.store.memory import AutomationEvent

NAMING_CONVENTION, TRANSFORMATION, PRODUCT_LINK_RULES = "naming_convention", "transformation", "product_link_rules"
SUCCESS, FAILURE, ABORTED = "success", "failure", "aborted"
MAX_EVENTS = 10_000  # the oldest events are dropped beyond, so a long-running mock does not grow without end


def record(
    ctx: Context, family_code: str, asset_code: str, kind: str, rule: str, outcome: str, reason: str | None = None
) -> None:
    recorded = ctx.store.automation_events
    event_id = recorded[-1].id + 1 if recorded else 1
    stamp = format_timestamp(ctx.clock())
    recorded.append(AutomationEvent(event_id, stamp, family_code, asset_code, kind, rule, outcome, reason))
    del recorded[:-MAX_EVENTS]


def recorded(ctx: Context, family_code: str | None = None, asset_code: str | None = None) -> list[AutomationEvent]:
    """The recorded runs, oldest first, of one family and/or one asset code when given."""
    return [
        event
        for event in ctx.store.automation_events
        if (family_code is None or event.asset_family_code == family_code)
        and (asset_code is None or event.asset_code == asset_code)
    ]
