"""One automation job run: the transformations whose source a save changed, in the family's order, then on a
creation the product link rules. Each run is recorded (events.py); a failure is never raised: the asset is kept
whatever happens. A transformation's generated file is a new save of the asset (the vendor's EditAssetHandler with
an EditMediaFileTargetValueCommand), checked like a client's value."""

from __future__ import annotations

import logging
from typing import Any

from mock_server.domain.asset_manager import asset as asset_domain
from mock_server.domain.asset_manager.media_file import MediaFile
from mock_server.domain.automation.transformations.engine import TransformationFailed, apply_transformation
from mock_server.domain.errors import ValidationFailed
from mock_server.services.asset_manager import asset_attributes
from mock_server.services.automation import events
from mock_server.services.automation.events import FAILURE, PRODUCT_LINK_RULES, SUCCESS, TRANSFORMATION
from mock_server.services.context import Context
from mock_server.store.memory import AutomationJob

logger = logging.getLogger(__name__)


def run_job(ctx: Context, job: AutomationJob) -> None:
    """The job's transformations, in the family's order, then its product link rules."""
    for label, transformation in job.transformations:
        transform(ctx, job.asset_family_code, job.asset_code, label, transformation)
    if job.product_link_rules and _stored(ctx, job.asset_family_code, job.asset_code) is not None:
        _link(ctx, job.asset_family_code, job.asset_code)


def transform(ctx: Context, family_code: str, asset_code: str, label: str, transformation: dict[str, Any]) -> None:
    """One transformation of the stored asset: its target value set to the generated file, or a failure event."""
    current = _stored(ctx, family_code, asset_code)
    source, target = transformation.get("source") or {}, transformation.get("target") or {}
    data = asset_domain.value_at(current, str(source.get("attribute")), source.get("locale"), source.get("channel"))
    if current is None or data is None:
        return  # deleted, or its source erased, since the job was queued: nothing to transform
    try:
        media_file = ctx.store.media_files.get(data) if isinstance(data, str) else None
        if media_file is None:
            raise TransformationFailed(f'The source file "{data}" does not exist.')
        generated = apply_transformation(media_file, transformation)
        entry = {"locale": target.get("locale"), "channel": target.get("channel"), "data": generated.code}
        updated = _with_value(ctx, family_code, current, str(target.get("attribute")), entry, generated)
    except TransformationFailed as error:
        events.record(ctx, family_code, asset_code, TRANSFORMATION, label, FAILURE, _failed(label, error.reason))
        return
    except ValidationFailed as refused:
        reason = " ".join(e.message for e in refused.errors) or refused.message
        events.record(ctx, family_code, asset_code, TRANSFORMATION, label, FAILURE, _failed(label, reason))
        return
    except Exception as error:  # a bug of the mock must not lose the asset either
        logger.exception("transformation %r of %s/%s", label, family_code, asset_code)
        reason = _failed(label, _unexpected(error))
        events.record(ctx, family_code, asset_code, TRANSFORMATION, label, FAILURE, reason)
        return
    ctx.store.media_files[generated.code] = generated
    ctx.store.assets[family_code][asset_code] = updated
    events.record(ctx, family_code, asset_code, TRANSFORMATION, label, SUCCESS)


def _link(ctx: Context, family_code: str, asset_code: str) -> None:
    # Imported on first use: the product side it pulls in is not needed to serve assets, and a cycle
    # (products -> assets -> automation) could not arise later.
    from mock_server.services.automation import product_link_rules

    try:
        reasons = product_link_rules.run_for_asset(ctx, family_code, asset_code)
    except Exception as error:  # the asset is kept whatever the rules do
        logger.exception("product link rules of %s/%s", family_code, asset_code)
        reasons = [f"The product link rules could not run: {_unexpected(error)}"]
    outcome = FAILURE if reasons else SUCCESS
    reason = " ".join(reasons) or None
    events.record(ctx, family_code, asset_code, PRODUCT_LINK_RULES, "product_link_rules", outcome, reason)


def _with_value(
    ctx: Context, family_code: str, current: dict[str, Any], attribute: str, entry: dict, generated: MediaFile
) -> dict[str, Any]:
    """`current` with the target value set and checked like a client's PATCH (`generated`: a file not stored yet)."""
    values = asset_attributes.value_context(ctx, family_code, extra_file=generated)
    return asset_domain.upsert_asset(
        current, current["code"], {"values": {attribute: [entry]}}, values, now=ctx.clock()
    )


def _failed(label: str, reason: str) -> str:
    return f'The transformation "{label}" failed: {reason}'


def _unexpected(error: Exception) -> str:
    text = str(error).strip().rstrip(".")
    return f"unexpected {type(error).__name__}: {text}." if text else f"unexpected {type(error).__name__}."


def _stored(ctx: Context, family_code: str, asset_code: str) -> dict[str, Any] | None:
    return ctx.store.assets.get(family_code, {}).get(asset_code)
