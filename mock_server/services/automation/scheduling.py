"""When automation runs: after a creation, the family's transformations and product link rules; after any other
save, the transformations whose source value it changed. Settings.rules_execution "sync" runs them before the PATCH
answers; "background" queues them (`store.automation_jobs`) for a task on the running event loop. Everything runs
on the loop's thread, one job at a time, so nothing touches the store concurrently; `drain` runs what is left, for
tests and tools. The queue holds at most Settings.automation_queue_size jobs: a save that would queue one more is
refused (503) before anything is written (`ensure_queue_room`, AUTOMATION-QUEUE-BOUND)."""

from __future__ import annotations

import asyncio
import copy
from typing import Any

from mock_server.domain.asset_manager.asset import value_at
from mock_server.domain.errors import ServiceUnavailable
from mock_server.services.automation import runner
from mock_server.services.context import Context
from mock_server.store.memory import AutomationJob

_TASKS: set[asyncio.Task[None]] = set()  # strong references: the loop keeps only weak ones to its tasks


def ensure_queue_room(ctx: Context, family_code: str, previous: dict[str, Any] | None, saved: dict[str, Any]) -> None:
    """AUTOMATION-QUEUE-BOUND: in background mode, a save that would queue a job while the queue is full is refused
    with a 503 before it writes anything (not even a naming-convention event). On a creation under a naming
    convention the family's transformations count as a job, whatever their sources."""
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
        runner.run_job(ctx, job)


def _source_changed(transformation: dict[str, Any], previous: dict[str, Any] | None, saved: dict[str, Any]) -> bool:
    source = transformation.get("source") or {}
    coordinates = (str(source.get("attribute")), source.get("locale"), source.get("channel"))
    now = value_at(saved, *coordinates)
    return now is not None and (previous is None or value_at(previous, *coordinates) != now)


def _label(transformation: dict[str, Any], index: int) -> str:
    label = transformation.get("label")
    return label if isinstance(label, str) and label else f"transformations[{index}]"


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
        runner.run_job(ctx, ctx.store.automation_jobs.pop(0))
        await asyncio.sleep(0)


async def drain(ctx: Context) -> int:
    """Run every queued job now, paused or not, in order; the number run. Await it on the app's loop."""
    count = 0
    while ctx.store.automation_jobs:
        runner.run_job(ctx, ctx.store.automation_jobs.pop(0))
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
