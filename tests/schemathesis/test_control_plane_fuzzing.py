"""Schemathesis against the mock's control plane (openapi/mock-control.yaml, served at /mock/openapi.json): every
operation, every check, zero failures, on an app of its own (a fuzzed restore or reset changes only its state)."""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from hypothesis import HealthCheck, settings

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings

APP = create_app(settings=Settings(validate_responses=True), start_catalog=load_start)
schema = schemathesis.openapi.from_asgi("/mock/openapi.json", APP)
MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_control_plane_operation_conforms_to_its_contract(case: Any) -> None:
    case.call_and_validate()
