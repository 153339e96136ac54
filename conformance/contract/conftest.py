"""The contract layer's fixtures: the contract loaded for this run's target, with its token and failure recording.

The schema is built per run (a session fixture), never at import: test modules are reused between runs in one
process, and each run has its own target, seed and number of examples.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
import schemathesis
from schemathesis.config import HealthCheck, SchemathesisConfig

import conformance.media_types  # noqa: F401 - registers the NDJSON serializer and deserializer
from akeneo_contract import SCHEMATHESIS_SETTINGS, VENDOR_CONTRACT
from conformance.exchanges import TOKEN_PATH
from conformance.scorekeeper import ConformanceRun
from conformance.target import Target

SPEC = VENDOR_CONTRACT
SETTINGS = SCHEMATHESIS_SETTINGS  # shared with tests/schemathesis: the vendor's statuses, NDJSON bodies
TOKEN_REFRESH_INTERVAL = 600  # seconds between token renewals; a 401 renews at once
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
READ_ONLY_UNEXPECTED_METHODS = ("get", "options", "trace")
PRODUCT_SIDE_TAGS = frozenset(
    {"Locale", "Channel", "Category", "Attribute", "Attribute option", "Family", "Product", "Product model"}
)


def writes(operation: Any) -> bool:
    """Whether an operation can change data (the token request cannot)."""
    return operation.method.upper() in WRITE_METHODS and operation.path != TOKEN_PATH


def product_side(operation: Any) -> bool:
    tags = operation.definition.raw.get("tags") or []
    return bool(PRODUCT_SIDE_TAGS.intersection(tags))


def load_contract(target: Target, *, seed: int, max_examples: int) -> Any:
    """The contract as a Schemathesis schema aimed at the target: base URL, seed, examples, token, recording."""
    config = SchemathesisConfig.from_path(SETTINGS) if SETTINGS.exists() else SchemathesisConfig()
    # Health checks judge data generation, not the server: a slow remote target must not fail them.
    config.update(seed=seed, max_failures=None, suppress_health_check=[HealthCheck.all])
    project = config.projects.override
    # The target's headers (its mock tenant) go with every generated call, the stateful phase's included.
    project.update(base_url=target.base_url, headers=target.headers, request_timeout=target.request_timeout)
    # No example database: a run against one server must not replay what another server failed on.
    project.generation.update(max_examples=max_examples, database="none")
    if target.read_only:
        # The coverage phase also sends each path the methods it does not document (PUT, DELETE ... expecting a
        # 405): on a server that has them, that is a write. A read-only run probes with safe methods only.
        project.phases.coverage.unexpected_methods = set(READ_ONLY_UNEXPECTED_METHODS)
    schema = schemathesis.openapi.from_path(SPEC, config=config)
    schema.auth(refresh_interval=TOKEN_REFRESH_INTERVAL)(_token_provider(target))
    schema.hooks.register_hook_with_name(_failure_recorder(target), "after_validate")
    schema.hooks.register_hook_with_name(_only_api_headers, "map_headers")
    return schema


# Negative data may add any header, framing ones included. A malformed Content-Length is refused by the HTTP layer
# (uvicorn, nginx: 400 "Invalid HTTP request") before the API sees the request: it says nothing about the contract.
FRAMING_HEADERS = frozenset({"content-length", "transfer-encoding", "host", "connection", "te", "upgrade", "trailer"})
# Nor may a drawn header drive a mock's control surface (X-Mock-Fault, X-Mock-Delay-Ms ...: Hypothesis draws names
# from the strings of the code it runs beside): those are not the vendor's API. The run's own tenant header is set
# by the project's headers, after this hook.
MOCK_CONTROL_PREFIX = "x-mock-"


def _only_api_headers(context: Any, headers: dict[str, Any] | None) -> dict[str, Any] | None:
    if not headers:
        return headers
    return {
        name: value
        for name, value in headers.items()
        if name.lower() not in FRAMING_HEADERS and not name.lower().startswith(MOCK_CONTROL_PREFIX)
    }


def _token_provider(target: Target) -> type:
    class TargetToken:
        """The target's bearer token; the token operation itself gets the Basic client credentials."""

        def __init__(self) -> None:
            self._given: str | None = None

        def get(self, case: Any, context: Any) -> str:
            tokens = target.tokens
            token = tokens.access_token() if self._given is None else tokens.renew(stale=self._given)
            self._given = token
            return token

        def set(self, case: Any, data: str, context: Any) -> None:
            value = target.credentials.basic if case.operation.path == TOKEN_PATH else f"Bearer {data}"
            case.headers = {**(case.headers or {}), "Authorization": value}

    return TargetToken


def _failure_recorder(target: Target) -> Any:
    def after_validate(context: Any, case: Any, response: Any, results: list) -> None:
        """Each failed check goes to the target's exchanges, which the plugin attaches to the failing test."""
        failed = [result for result in results if result.failure is not None]
        if not failed:
            return
        request = response.request
        note = "; ".join(f"{result.name}: {result.failure.title}" for result in failed)
        target.recorder.record(
            method=request.method or case.method,
            url=request.url or "",
            request_headers=dict(request.headers),
            request_body=request.body,
            status=response.status_code,
            response_headers={name: ", ".join(values) for name, values in response.headers.items()},
            response_body=response.content,
            elapsed_ms=response.elapsed * 1000,
            note=note,
        )

    return after_validate


@pytest.fixture(scope="session")
def contract_schema(conformance_run: ConformanceRun) -> Any:
    options = conformance_run.options
    return load_contract(conformance_run.target, seed=options.seed, max_examples=options.max_examples)


@pytest.fixture(scope="session")
def contract_session() -> Iterator[requests.Session]:
    """One keep-alive session for the generated calls."""
    with requests.Session() as session:
        yield session
