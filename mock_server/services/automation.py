"""Asset automation: the family's naming convention before a new asset is stored, then its transformations and
product link rules, each run recorded in `store.automation_events` for the control plane to list.

When: the naming convention on every creation (it may refuse it); the transformations after a creation and after
any save that changes their source value; the product link rules after a creation. Settings.rules_execution
"sync" runs the last two before the PATCH answers; "background" queues them (`store.automation_jobs`) for a task
on the running event loop, as the PIM's jobs run after its answer. Everything runs on the loop's thread, one job
at a time, so nothing touches the store concurrently; `drain` runs what is left, for tests and tools. The queue
holds at most Settings.automation_queue_size jobs: a save that would queue one more is refused (503) before
anything is written (`ensure_queue_room`, AUTOMATION-QUEUE-BOUND).
"""

from __future__ import annotations

import asyncio
import copy
import logging
from collections.abc import Callable
from typing import Any

from mock_server.domain import asset as asset_domain
from mock_server.domain import naming_convention
from mock_server.domain.asset_family import NAMING_CONVENTION_TYPES
from mock_server.domain.errors import FieldError, ServiceUnavailable, ValidationFailed, value_error
from mock_server.domain.media_file import MediaFile
from mock_server.domain.transformations import TransformationFailed, apply_transformation
from mock_server.services import asset_attributes
from mock_server.services.context import Context
from mock_server.services.pattern_matching import MatchTimedOut, PatternUnusable, bounded_search, captures
from mock_server.store.memory import AutomationEvent, AutomationJob

logger = logging.getLogger(__name__)

NAMING_CONVENTION, TRANSFORMATION, PRODUCT_LINK_RULES = "naming_convention", "transformation", "product_link_rules"
SUCCESS, FAILURE, ABORTED = "success", "failure", "aborted"
MAX_EVENTS = 10_000  # the oldest events are dropped beyond, so a long-running mock does not grow without end
_TASKS: set[asyncio.Task[None]] = set()  # strong references: the loop keeps only weak ones to its tasks


# -- naming convention: before the new asset is stored ----------------------------------------------------------


class _NamingFailed(Exception):
    def __init__(self, error: FieldError) -> None:
        super().__init__(error.message)
        self.error = error


# NAMING-FROM-CODE, NAMING-FROM-MAIN-MEDIA: the source string (_source_string), its groups filled (_fill)
def name_new_asset(ctx: Context, family_code: str, created: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """The new asset with the values the family's naming convention extracts (the client's own values win).
    When the convention cannot be applied: ValidationFailed (422, nothing stored) if it aborts the creation on
    error, else the asset as the client sent it and a failure event."""
    convention = (ctx.store.asset_families.get(family_code) or {}).get("naming_convention") or {}
    if not convention:
        return created
    code = created["code"]
    try:
        captured = _captures(ctx, convention, created)
        named, errors = _fill(ctx, family_code, created, captured, patch)
    except _NamingFailed as failure:
        named, errors = created, [failure.error]
    reasons = " ".join(error.message for error in errors) or None
    if not errors:
        _record(ctx, family_code, code, NAMING_CONVENTION, "naming_convention", SUCCESS)
        return named
    # NAMING-ABORT-TRUE: 422, nothing stored; NAMING-ABORT-FALSE: the asset as sent, a failure event
    if convention.get("abort_asset_creation_on_error") is True:
        _record(ctx, family_code, code, NAMING_CONVENTION, "naming_convention", ABORTED, reasons)
        raise ValidationFailed(
            errors,
            message=f'The asset "{code}" was not created: the naming convention of the asset family "{family_code}" '
            f"could not be applied and it aborts the creation on error. {reasons}",
        )
    _record(ctx, family_code, code, NAMING_CONVENTION, "naming_convention", FAILURE, reasons)
    return named


def _captures(ctx: Context, convention: dict[str, Any], created: dict[str, Any]) -> dict[str, str]:
    """The named groups the pattern captures in the source string, under the time budget."""
    source, where, subject = _source_string(ctx, convention.get("source") or {}, created)
    shown = convention.get("pattern")
    try:
        pattern = naming_convention.compile_pattern(shown if isinstance(shown, str) else "")
        captured = captures(pattern, source, ctx.settings.naming_convention_timeout)
    except ValueError as error:
        raise _NamingFailed(where(f'The naming convention pattern "{shown}" cannot be used: {error}.')) from error
    except MatchTimedOut as error:
        budget = f"{ctx.settings.naming_convention_timeout:g}"
        raise _NamingFailed(
            where(
                f'The naming convention pattern "{shown}" ran for more than {budget} seconds on {subject} and was '
                'stopped: simplify it (overlapping alternatives under a repetition, such as "(a|a)+", backtrack '
                "without end)."
            )
        ) from error
    except PatternUnusable as error:
        raise _NamingFailed(where(f"The naming convention could not be applied to {subject}: {error}.")) from error
    if captured is None:
        raise _NamingFailed(
            where(f'{subject[:1].upper()}{subject[1:]} does not match the naming convention pattern "{shown}".')
        )
    return captured


def _source_string(
    ctx: Context, source: dict[str, Any], created: dict[str, Any]
) -> tuple[str, Callable[[str], FieldError], str]:
    """The string the pattern splits, how to locate an error about it, and how messages name it: the asset code,
    or the original file name of the main media value at the source's locale and channel (a media link's data)."""
    prop, locale, channel = source.get("property"), source.get("locale"), source.get("channel")
    if prop == "code":
        return created["code"], lambda message: FieldError("code", message), f'the asset code "{created["code"]}"'

    def where(message: str) -> FieldError:
        return value_error(message, str(prop), locale, channel)

    data = value_at(created, str(prop), locale, channel)
    if data is None:
        coordinates = "".join(
            f', {key} "{value}"' for key, value in (("locale", locale), ("channel", channel)) if value
        )
        raise _NamingFailed(
            where(
                f'The asset has no value for the attribute "{prop}"{coordinates}, whose file name the naming '
                "convention splits."
            )
        )
    attribute = ctx.store.asset_attributes.get(created["asset_family_code"], {}).get(str(prop), {})
    if attribute.get("type") == "media_file":
        media_file = ctx.store.media_files.get(data) if isinstance(data, str) else None
        if media_file is None:
            raise _NamingFailed(where(f'The media file "{data}" of the attribute "{prop}" does not exist.'))
        return media_file.original_filename, where, f'the file name "{media_file.original_filename}"'
    return str(data), where, f'the media link "{data}"'


def _fill(
    ctx: Context, family_code: str, created: dict[str, Any], captured: dict[str, str], patch: dict[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    """`created` with each captured value set, except on attributes the client sent; the values refused, located."""
    sent = patch.get("values") if isinstance(patch.get("values"), dict) else {}
    attributes = ctx.store.asset_attributes.get(family_code, {})
    named, errors = created, []
    for name, text in captured.items():
        if name in sent:
            continue  # the client's value wins over the file name's
        attribute = attributes.get(name) or {}
        if attribute.get("type") not in NAMING_CONVENTION_TYPES or any(
            attribute.get(key) for key in ("value_per_locale", "value_per_channel")
        ):
            message = (
                f'The naming convention extracted "{text}" for "{name}", which is not a text, single option or '
                "number attribute of the asset family without locale and channel."
            )
            errors.append(value_error(message, name, None, None))
            continue
        try:
            named = with_values(ctx, family_code, named, {name: [{"locale": None, "channel": None, "data": text}]})
        except ValidationFailed as refused:
            errors.extend(
                FieldError(e.property, f'The naming convention extracted "{text}" for "{name}": {e.message}', e.context)
                for e in refused.errors
            )
    return named, errors


# -- transformations and product link rules: after the asset is stored -------------------------------------------


def ensure_queue_room(ctx: Context, family_code: str, previous: dict[str, Any] | None, saved: dict[str, Any]) -> None:
    """AUTOMATION-QUEUE-BOUND: in background mode, a save that would queue a job while the queue is full is refused
    with a 503 before it writes anything (not even a naming-convention event). Called with the asset as the client's
    values make it, before its naming convention: on a creation that has one, any transformation may get its source
    from the file name, so the family's transformations count as a job."""
    if (
        ctx.settings.rules_execution != "background"
        or len(ctx.store.automation_jobs) < ctx.settings.automation_queue_size
    ):
        return
    family = ctx.store.asset_families.get(family_code) or {}
    transformations = family.get("transformations") or []
    queues = any(_source_changed(transformation, previous, saved) for transformation in transformations) or (
        previous is None
        and (
            bool(family.get("product_link_rules")) or (bool(transformations) and bool(family.get("naming_convention")))
        )
    )
    if queues:
        size = ctx.settings.automation_queue_size
        raise ServiceUnavailable(
            f'The asset "{saved["code"]}" was not saved: the mock\'s queue of background automation jobs is full '
            f"({size} jobs waiting; --automation-queue-size). Try again once the queued jobs have run."
        )


def after_save(ctx: Context, family_code: str, previous: dict[str, Any] | None, saved: dict[str, Any]) -> None:
    """Run (sync) or queue (background) the transformations whose source value this save changed, and on a
    creation the product link rules."""
    family = ctx.store.asset_families.get(family_code) or {}
    transformations = tuple(
        (_label(transformation, index), copy.deepcopy(transformation))
        for index, transformation in enumerate(family.get("transformations") or [])
        if _source_changed(transformation, previous, saved)
    )
    link_rules = previous is None and bool(family.get("product_link_rules"))
    if not transformations and not link_rules:
        return
    job = AutomationJob(family_code, saved["code"], transformations, link_rules)
    if ctx.settings.rules_execution == "background":
        ctx.store.automation_jobs.append(job)
        _schedule(ctx)
    else:
        run_job(ctx, job)


def run_job(ctx: Context, job: AutomationJob) -> None:
    """The job's transformations, in the family's order, then its product link rules; each failure is recorded,
    none is raised: the asset is kept whatever happens."""
    for label, transformation in job.transformations:
        _transform(ctx, job.asset_family_code, job.asset_code, label, transformation)
    if job.product_link_rules and _stored(ctx, job.asset_family_code, job.asset_code) is not None:
        _link(ctx, job.asset_family_code, job.asset_code)


def run_product_link_rules(ctx: Context, family_code: str, asset_code: str) -> list[str]:
    """The product link rules of the family applied to the asset; the reasons of what could not be applied."""
    # Imported on first use: the product side it pulls in is not needed to serve assets, and a cycle
    # (products -> assets -> automation) could not arise later.
    from mock_server.services import product_link_rules

    return product_link_rules.run_for_asset(ctx, family_code, asset_code)


def _source_changed(transformation: dict[str, Any], previous: dict[str, Any] | None, saved: dict[str, Any]) -> bool:
    source = transformation.get("source") or {}
    coordinates = (str(source.get("attribute")), source.get("locale"), source.get("channel"))
    now = value_at(saved, *coordinates)
    return now is not None and (previous is None or value_at(previous, *coordinates) != now)


def _transform(ctx: Context, family_code: str, asset_code: str, label: str, transformation: dict[str, Any]) -> None:
    current = _stored(ctx, family_code, asset_code)
    source, target = transformation.get("source") or {}, transformation.get("target") or {}
    data = value_at(current, str(source.get("attribute")), source.get("locale"), source.get("channel"))
    if current is None or data is None:
        return  # deleted, or its source erased, since the job was queued: nothing to transform
    try:
        media_file = ctx.store.media_files.get(data) if isinstance(data, str) else None
        if media_file is None:
            raise TransformationFailed(f'The source file "{data}" does not exist.')
        generated = apply_transformation(media_file, transformation)
        entry = {"locale": target.get("locale"), "channel": target.get("channel"), "data": generated.code}
        updated = with_values(ctx, family_code, current, {str(target.get("attribute")): [entry]}, generated)
    except TransformationFailed as error:
        _record(ctx, family_code, asset_code, TRANSFORMATION, label, FAILURE, _failed(label, error.reason))
        return
    except ValidationFailed as refused:
        reason = " ".join(e.message for e in refused.errors) or refused.message
        _record(ctx, family_code, asset_code, TRANSFORMATION, label, FAILURE, _failed(label, reason))
        return
    except Exception as error:  # a bug of the mock must not lose the asset either
        logger.exception("transformation %r of %s/%s", label, family_code, asset_code)
        _record(ctx, family_code, asset_code, TRANSFORMATION, label, FAILURE, _failed(label, _unexpected(error)))
        return
    ctx.store.media_files[generated.code] = generated
    ctx.store.assets[family_code][asset_code] = updated
    _record(ctx, family_code, asset_code, TRANSFORMATION, label, SUCCESS)


def _link(ctx: Context, family_code: str, asset_code: str) -> None:
    try:
        reasons = run_product_link_rules(ctx, family_code, asset_code)
    except Exception as error:  # the asset is kept whatever the rules do
        logger.exception("product link rules of %s/%s", family_code, asset_code)
        reasons = [f"The product link rules could not run: {_unexpected(error)}"]
    outcome = FAILURE if reasons else SUCCESS
    _record(ctx, family_code, asset_code, PRODUCT_LINK_RULES, "product_link_rules", outcome, " ".join(reasons) or None)


def _label(transformation: dict[str, Any], index: int) -> str:
    label = transformation.get("label")
    return label if isinstance(label, str) and label else f"transformations[{index}]"


def _failed(label: str, reason: str) -> str:
    return f'The transformation "{label}" failed: {reason}'


def _unexpected(error: Exception) -> str:
    text = str(error).strip().rstrip(".")
    return f"unexpected {type(error).__name__}: {text}." if text else f"unexpected {type(error).__name__}."


# -- background execution --------------------------------------------------------------------------------------


def _schedule(ctx: Context) -> None:
    """A task on the running loop runs the queued jobs; without a running loop (a script, fixtures loading), the
    jobs wait for the next task or `drain`."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    task = loop.create_task(_pump(ctx))
    _TASKS.add(task)
    task.add_done_callback(_TASKS.discard)


async def _pump(ctx: Context) -> None:
    """Run the queued jobs one by one, letting requests in between; stop while paused."""
    while ctx.store.automation_jobs and not ctx.store.automation_paused:
        run_job(ctx, ctx.store.automation_jobs.pop(0))
        await asyncio.sleep(0)


async def drain(ctx: Context) -> int:
    """Run every queued job now, paused or not, in order; the number run. Await it on the app's loop."""
    count = 0
    while ctx.store.automation_jobs:
        run_job(ctx, ctx.store.automation_jobs.pop(0))
        count += 1
    return count


async def settle() -> None:
    """Wait until the background tasks already scheduled on the running loop are done (they run the jobs)."""
    loop = asyncio.get_running_loop()
    mine = [task for task in _TASKS if task.get_loop() is loop]
    if mine:
        await asyncio.wait(mine)


def pause(ctx: Context) -> None:
    """Hold the background jobs (they queue up) until `resume` or `drain`: to look at the state in between."""
    ctx.store.automation_paused = True


def resume(ctx: Context) -> None:
    ctx.store.automation_paused = False
    if ctx.store.automation_jobs:
        _schedule(ctx)


# -- events and helpers ----------------------------------------------------------------------------------------


def events(ctx: Context, family_code: str | None = None, asset_code: str | None = None) -> list[AutomationEvent]:
    """The recorded runs, oldest first, of one family and/or one asset code when given."""
    return [
        event
        for event in ctx.store.automation_events
        if (family_code is None or event.asset_family_code == family_code)
        and (asset_code is None or event.asset_code == asset_code)
    ]


def _record(
    ctx: Context, family_code: str, asset_code: str, kind: str, rule: str, outcome: str, reason: str | None = None
) -> None:
    recorded = ctx.store.automation_events
    event_id = recorded[-1].id + 1 if recorded else 1
    stamp = asset_domain.format_timestamp(ctx.clock())
    recorded.append(AutomationEvent(event_id, stamp, family_code, asset_code, kind, rule, outcome, reason))
    del recorded[:-MAX_EVENTS]


def value_at(asset: dict[str, Any] | None, attribute: str, locale: str | None, channel: str | None) -> Any:
    """The data of the asset's value at (attribute, locale, channel), None when it has none."""
    entries = (asset or {}).get("values", {}).get(attribute, [])
    index = asset_domain.find_entry(entries, locale, channel)
    return entries[index].get("data") if index is not None else None


def with_values(
    ctx: Context, family_code: str, current: dict[str, Any], values: dict[str, list], extra: MediaFile | None = None
) -> dict[str, Any]:
    """`current` with `values` merged in and checked like a client's PATCH (`extra`: a file not stored yet)."""
    catalog = ctx.store.catalog

    def media_files(code: str) -> MediaFile | None:
        return extra if extra is not None and code == extra.code else ctx.store.media_files.get(code)

    return asset_domain.upsert_asset(
        current,
        family_code,
        current["code"],
        {"values": values},
        attributes=ctx.store.asset_attributes.get(family_code, {}),
        options=asset_attributes.option_codes(ctx, family_code),
        activated_locales=catalog.activated_locales(),
        channels=catalog.channel_locales(),
        media_files=media_files,
        now=ctx.clock(),
        regexp_search=bounded_search(ctx.settings.validation_regexp_timeout),
    )


def _stored(ctx: Context, family_code: str, asset_code: str) -> dict[str, Any] | None:
    return ctx.store.assets.get(family_code, {}).get(asset_code)
