"""Schemathesis against the mock in-process: every phase, every check, zero failures.

The app answers over the ASGI transport; an auth provider fetches a bearer token from the mock itself. The number
of examples is kept small enough for CI; raise SCHEMATHESIS_MAX_EXAMPLES locally for a deeper run.
"""

from __future__ import annotations

import base64
import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings
from starlette.testclient import TestClient

import conformance.media_types  # noqa: F401 - registers the NDJSON serializer and deserializer
from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings

APP = create_app(settings=Settings(validate_responses=True), start_catalog=load_start)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))
BASIC = "Basic " + base64.b64encode(b"client:secret").decode()


def _access_token() -> str:
    with TestClient(APP) as client:
        response = client.post(
            "/api/oauth/v1/token",
            json={"grant_type": "password", "username": "admin", "password": "admin"},
            headers={"Authorization": BASIC},
        )
    return response.json()["access_token"]


@schema.auth()
class MockToken:
    def get(self, case: Any, context: Any) -> str:
        return _access_token()

    def set(self, case: Any, data: str, context: Any) -> None:
        if case.operation.path == "/api/oauth/v1/token":
            case.headers = {**(case.headers or {}), "Authorization": BASIC}
        else:
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_conforms_to_the_contract(case: Any) -> None:
    case.call_and_validate()


DEFAULT_CATALOG = APP.mock_context.store.snapshot()


class StatefulWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    def setup(self) -> None:
        """Each example starts from the default catalog: Hypothesis replays choices and expects the same calls to
        find the same resources (a store carried over would make it stop the run as flaky). Tokens are kept."""
        store = APP.mock_context.store
        tokens = store.tokens
        store.restore(DEFAULT_CATALOG)
        store.tokens = tokens


StatefulWorkflow.TestCase.settings = settings(
    max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), stateful_step_count=6
)
TestStatefulWorkflow = StatefulWorkflow.TestCase
