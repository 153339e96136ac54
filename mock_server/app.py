"""create_app(store, settings) -> the Connexion app serving the vendor contract over in-memory stores: the default
tenant's and those of the tenants requests name (services/tenants.py)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from connexion import AsyncApp
from connexion.datastructures import MediaTypeDict
from connexion.middleware import MiddlewarePosition
from connexion.resolver import Resolver
from connexion.validators import VALIDATOR_MAP

from mock_server.api import operations
from mock_server.api.control import plane as control
from mock_server.api.http import ndjson, tenancy
from mock_server.api.http.body_limits import BodyLimits
from mock_server.api.http.errors import ErrorMapper
from mock_server.api.http.forwarded import ForwardedHeaders
from mock_server.api.http.hot_reads import HotReads
from mock_server.api.http.journal import JournalMiddleware
from mock_server.api.http.negotiation import ContentNegotiation
from mock_server.api.http.security import security_map
from mock_server.api.http.traffic import Traffic, TrafficMiddleware
from mock_server.api.http.validation import AkeneoJSONBodyValidator, AkeneoMultipartValidator, AkeneoParameterValidator
from mock_server.api.http.wire import WireJsonifier
from mock_server.api.http.write_counter import WriteCounter
from mock_server.app_spec import load_spec, with_parameters_per_operation
from mock_server.services.access import users
from mock_server.services.clock import MockClock, utc_now
from mock_server.services.context import Context
from mock_server.services.state_file import StateFile
from mock_server.services.tenants import Populate, Tenants
from mock_server.settings import Settings
from mock_server.store import Store


def validator_map() -> dict[str, Any]:
    """Connexion's validators, with the vendor's statuses and messages and the product side's NDJSON."""
    return {
        "parameter": AkeneoParameterValidator,
        "body": MediaTypeDict(
            {
                **VALIDATOR_MAP["body"],
                "*/*json": AkeneoJSONBodyValidator,
                "multipart/form-data": AkeneoMultipartValidator,
                ndjson.MEDIA_TYPE: ndjson.NDJSONRequestBodyValidator,
            }
        ),
        "response": MediaTypeDict({**VALIDATOR_MAP["response"], ndjson.MEDIA_TYPE: ndjson.NDJSONResponseBodyValidator}),
    }


def _populating(start_catalog: Populate | None) -> Populate:
    """How a fresh PIM's store is filled: `start_catalog` (its locales, and its catalog unless the mock runs empty),
    then the users file's API users (ValueError on a bad file: the CLI prints it)."""

    def populate(ctx: Context, with_catalog: bool) -> None:
        if start_catalog is not None:
            start_catalog(ctx, with_catalog)
        users.load_configured(ctx)

    return populate


def _with_users(store: Store, settings: Settings) -> Store:
    """A new default store with the users file's users, as every new store gets them."""
    users.load_configured(Context(store=store, settings=settings))
    return store


def create_app(
    store: Store | None = None,
    settings: Settings | None = None,
    clock: Callable[[], datetime] = utc_now,
    start_again: Callable[[], Store] | None = None,
    start_catalog: Populate | None = None,
) -> AsyncApp:
    """A new, independent app: its own store, settings and clock; nothing is shared between apps.

    `clock` is the time the app starts from (a test's fake clock, or the wall clock); the app's own clock adds the
    offset its control plane may move forward (POST /mock/clock/advance). `store` is the default tenant's; named
    tenants start as the app does without one (Settings.load_fixtures). `start_again` builds the default tenant's
    start state anew for POST /mock/reset (a catalog file read again) instead of keeping a copy of `store`.
    `start_catalog(ctx, with_catalog)` fills a fresh PIM's store (the default store when `store` is None, new
    tenants, resets to a catalog): fixtures.catalog.load_start, the installed locales and the default catalog, is
    the one the CLI and the tests pass (mock_server.app never imports `fixtures`). Without it a fresh store is bare
    (no locales)."""
    settings = settings or Settings()
    populate = _populating(start_catalog)
    ctx = Context(store=store if store is not None else Store(), settings=settings, clock=MockClock(clock))
    if store is None:
        populate(ctx, settings.load_fixtures)
    else:
        users.load_configured(ctx)
    tenants = Tenants(ctx, clock, populate, start_again and (lambda: _with_users(start_again(), settings)))

    def resolve(lookup: Callable[[str], Callable[..., Any]], spec: dict[str, Any]) -> Resolver:
        """Handlers get their tenant's Context; those of any method but GET mark its store changed."""
        reads = {
            operation["operationId"]
            for item in spec["paths"].values()
            for method, operation in item.items()
            if method == "get" and isinstance(operation, dict)
        }
        return Resolver(function_resolver=lambda op_id: tenancy.bind(lookup(op_id), tenants, writes=op_id not in reads))

    persisted = None  # --state-file: flushes on a schedule and at shutdown (services/state_file.py)
    if settings.state_file:
        persisted = StateFile(settings.state_file, tenants, settings.state_flush_seconds, settings.state_flush_writes)
        persisted.start()  # the file loaded, or created; StateFileError when it cannot be
    spec = load_spec()
    control_spec = control.load_control_spec()
    app = AsyncApp(  # WIRE-JSON-COMPACT: the vendor's bytes, not Connexion's
        __name__, jsonifier=WireJsonifier(), lifespan=persisted.lifespan if persisted else None
    )
    app.add_api(
        with_parameters_per_operation(spec),
        resolver=resolve(operations.handler_for, spec),
        security_map=security_map(tenants.current),
        validator_map=validator_map(),
        validate_responses=settings.validate_responses,
        # HTTP-UNDOCUMENTED-PARAMETERS, LIST-UNKNOWN-PARAMS-IGNORED: unknown query parameters are ignored
        strict_validation=False,  # clients add undocumented query parameters (limit, with_count): ignore them
    )
    if settings.control_plane:  # off: /mock answers the vendor's 404 like any unknown path
        app.add_api(  # the mock's own control plane, beside the vendor's contract: no auth, the same stores
            with_parameters_per_operation(control_spec),
            resolver=resolve(control.handler_for, control_spec),
            validator_map=validator_map(),  # bad bodies answer as the vendor's do: 400 unparsable, 422 naming the fault
            validate_responses=settings.validate_responses,
        )
    # First of all (added first, so outermost): the tenant, and the routed path without its /t/NAME prefix.
    app.add_middleware(tenancy.TenantRouting, position=MiddlewarePosition.BEFORE_EXCEPTION)
    app.add_middleware(  # then every URL the mock writes follows the proxy's headers
        ForwardedHeaders, position=MiddlewarePosition.BEFORE_EXCEPTION, trust=settings.trust_forwarded_headers
    )
    traffic = Traffic(settings, clock=clock)  # the request journal, faults and rate limits (inside the above)
    tenants.on_drop.append(traffic.forget)  # TENANT-DELETE drops the tenant's journal and faults too
    app.add_middleware(JournalMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, traffic=traffic)
    app.add_middleware(TrafficMiddleware, position=MiddlewarePosition.BEFORE_EXCEPTION, traffic=traffic)
    # BODY-LIMIT-*: a body over its limit is a 413 before Connexion reads it (journaled; faults and rate limits first)
    app.add_middleware(BodyLimits, position=MiddlewarePosition.BEFORE_EXCEPTION, settings=settings)
    if persisted:  # inside the traffic middleware: a 429 or an injected fault never reaches the handlers
        app.add_middleware(WriteCounter, position=MiddlewarePosition.BEFORE_EXCEPTION, note_write=persisted.note_write)
    if settings.fast_reads:  # FAST-READS: plain asset GETs answered before Connexion's stack (api/http/hot_reads.py)
        app.add_middleware(
            HotReads,
            position=MiddlewarePosition.BEFORE_EXCEPTION,
            current=tenants.current,
            validate_responses=settings.validate_responses,
        )
    app.add_middleware(
        ContentNegotiation,
        position=MiddlewarePosition.BEFORE_VALIDATION,
        binary_operations=operations.BINARY_OPERATIONS,
    )
    ErrorMapper(spec).register(app)
    app.mock_context = ctx  # type: ignore[attr-defined]  # the default tenant's: tests reach its store and clock
    app.mock_tenants = tenants  # type: ignore[attr-defined]  # every tenant's
    app.mock_traffic = traffic  # type: ignore[attr-defined]  # the journals, faults and rate limits
    app.mock_state_file = persisted  # type: ignore[attr-defined]  # None unless settings.state_file
    return app
