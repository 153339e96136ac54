"""Isolated tenants (issue #11): each a PIM of its own (store, tokens, clock offset, automation events).

A request names its tenant with `X-Mock-Tenant: NAME` or the path prefix `/t/NAME` (api/http/tenancy.py reads them and
sets CURRENT for the request); without either it is the default tenant, the app's own Context (`app.mock_context`).
A named tenant is created on its first use, from the catalog the app started with. Everything runs on the event
loop's thread (ARCHITECTURE.md), so the registry needs no lock; a ContextVar keeps concurrent requests apart.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import Any

from mock_server.domain.errors import BadRequest, NotFound, Unprocessable
from mock_server.services.automation import scheduling
from mock_server.services.clock import MAX_ADVANCE_SECONDS, MockClock
from mock_server.services.context import Context
from mock_server.store import Store
from mock_server.store import snapshot as store_snapshot

DEFAULT = "default"  # the name the default tenant is listed under; `X-Mock-Tenant: default` addresses it too
NAME_PATTERN = re.compile(r"[A-Za-z0-9_.-]{1,64}")
CATALOGS = ("default", "empty")
SECRET_SETTINGS = frozenset({"client_secret", "password"})  # never shown by the control plane

# The tenant of the request being served: None for the default tenant. Set by api/http/tenancy.py.
CURRENT: ContextVar[str | None] = ContextVar("mock_tenant", default=None)

# Fills a new store: (context, with the default catalog or not). app.py passes the fixtures' loaders (services
# do not import fixtures).
Populate = Callable[[Context, bool], None]


def check_name(name: str) -> str | None:
    """TENANT-NAME: the tenant a request names (None: the default tenant); 400 for a name outside the pattern."""
    if not NAME_PATTERN.fullmatch(name):
        shown = name if len(name) <= 100 else name[:100] + "..."
        raise BadRequest(
            f'The tenant name "{shown}" is invalid: use 1 to 64 letters, digits, "_", "." or "-" (X-Mock-Tenant '
            "header or /t/<name> path prefix)."
        )
    return None if name == DEFAULT else name


class Tenants:
    """The tenants of one app: the default one and those created by name."""

    def __init__(
        self,
        default: Context,
        base_clock: Callable[[], datetime],
        populate: Populate,
        start_again: Callable[[], Store] | None = None,
    ) -> None:
        """`start_again` builds the default tenant's start state anew (a catalog file read again) for a plain reset;
        without it a copy is kept, which would double the memory of a catalog of a million assets."""
        self.default = default
        self._base_clock = base_clock
        self._populate = populate
        self._named: dict[str, Context] = {}
        self._start_again = start_again
        # the default tenant's state at start: what a plain reset restores
        self._start = default.store.snapshot() if start_again is None else None
        self.on_drop: list[Callable[[str], None]] = []  # what else keeps state per tenant (the journal, faults)

    def current(self) -> Context:
        return self.context(CURRENT.get())

    def context(self, name: str | None) -> Context:
        """The tenant's Context, created from the start catalog on first use (TENANT-CREATED-ON-FIRST-USE)."""
        if name is None:
            return self.default
        ctx = self._named.get(name)
        if ctx is None:
            ctx = Context(store=Store(), settings=self.default.settings, clock=MockClock(self._base_clock))
            self._populate(ctx, self.default.settings.load_fixtures)
            self._named[name] = ctx
        return ctx

    def items(self) -> list[tuple[str, Context]]:
        """Every tenant that exists, the default one first, then by creation."""
        return [(DEFAULT, self.default), *self._named.items()]

    def drop(self, name: str) -> None:
        """TENANT-DELETE: forget a named tenant; 404 when it does not exist, 422 for the default one."""
        if name == DEFAULT:
            raise Unprocessable("The default tenant cannot be dropped: reset it with POST /mock/reset.")
        if self._named.pop(name, None) is None:
            raise NotFound(f'The tenant "{name}" does not exist.')
        for forget in self.on_drop:
            forget(name)
        # Nothing else refers to it: a background job still queued on it runs on the dropped store and is lost.

    def reset(self, ctx: Context, catalog: str | None) -> None:
        """CONTROL-RESET: the tenant as at start (or with the catalog named), tokens dropped, clock offset 0, no
        automation events nor queued jobs."""
        ctx.clock.offset = timedelta(0)
        if catalog is None and ctx is self.default:
            if self._start is not None:
                ctx.store.restore(self._start)
            else:  # a new store, nothing shares it: taken as it is
                fresh = self._start_again()
                for name in Store.__dataclass_fields__:
                    setattr(ctx.store, name, getattr(fresh, name))
            ctx.store.tokens = type(ctx.store.tokens)()
            return
        ctx.store.reset()
        self._populate(ctx, catalog == "default" if catalog else ctx.settings.load_fixtures)


# -- snapshot, summary --------------------------------------------------------------------------------------------


def snapshot(ctx: Context, shared: bool = False) -> dict[str, Any]:
    """CONTROL-SNAPSHOT: the tenant's whole state as a JSON document (tokens left out), clock offset included;
    `shared`: the store's own resources, not copies (store/snapshot.to_document)."""
    document = store_snapshot.to_document(ctx.store, shared=shared)
    return {**document, "clock_offset_seconds": ctx.clock.offset.total_seconds()}


def restore(ctx: Context, document: Any) -> None:
    """CONTROL-SNAPSHOT-RESTORE: the state of the document, exactly; the tokens in use are kept. An invalid document
    is a 422 naming the fault and changes nothing."""
    restored = store_snapshot.from_document(document)
    offset = document.get("clock_offset_seconds")
    if isinstance(offset, bool) or not isinstance(offset, int | float) or not 0 <= offset <= MAX_ADVANCE_SECONDS:
        raise store_snapshot.invalid(
            "clock_offset_seconds", f'"clock_offset_seconds" must be a number from 0 to {MAX_ADVANCE_SECONDS}.'
        )
    restored.tokens = ctx.store.tokens
    for name in Store.__dataclass_fields__:  # a new store read from a parsed document: taken as it is, no deep copy
        setattr(ctx.store, name, getattr(restored, name))
    ctx.clock.offset = timedelta(seconds=offset)
    if ctx.store.automation_jobs and not ctx.store.automation_paused:
        scheduling.resume(ctx)  # background jobs that were waiting run again, as they would have


def counts(ctx: Context) -> dict[str, Any]:
    """How many of each resource the tenant holds."""
    store, catalog = ctx.store, ctx.store.catalog
    return {
        "asset_families": len(store.asset_families),
        "asset_attributes": sum(len(attributes) for attributes in store.asset_attributes.values()),
        "asset_attribute_options": sum(len(options) for options in store.asset_attribute_options.values()),
        "assets": sum(len(assets) for assets in store.assets.values()),
        "assets_per_family": {family: len(assets) for family, assets in store.assets.items()},
        "media_files": len(store.media_files),
        **{name: len(getattr(catalog, name)) for name in store_snapshot.CATALOG_FLAT},
        "attribute_options": sum(len(options) for options in catalog.attribute_options.values()),
        "automation_events": len(store.automation_events),
        "automation_jobs_pending": len(store.automation_jobs),
        "access_tokens": len(store.tokens.access),
    }


def summary(ctx: Context, name: str) -> dict[str, Any]:
    """CONTROL-SUMMARY: the tenant's counts, clock and the settings in force, secrets left out."""
    settings = {
        field.name: getattr(ctx.settings, field.name)
        for field in dataclasses.fields(ctx.settings)
        if field.name not in SECRET_SETTINGS
    }
    return {
        "tenant": name,
        "counts": counts(ctx),
        "clock": {"now": ctx.clock().isoformat(), "offset_seconds": ctx.clock.offset.total_seconds()},
        "settings": settings,
    }
