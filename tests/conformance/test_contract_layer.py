"""The contract layer's own logic: generated headers never carry HTTP framing (a malformed Content-Length is the
HTTP layer's 400, not the API's), and a stateful run Hypothesis stops as flaky (the target's state changed between
examples) is started again with the next seed, unless a check had failed, which is then reported."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import hypothesis
import pytest
from hypothesis.errors import FlakyStrategyDefinition

from conformance.contract.conftest import _only_api_headers
from conformance.contract.test_contract import STATEFUL_ATTEMPTS, run_linked_calls
from conformance.exchanges import ExchangeRecorder


def machine_run(outcomes: list[Any], recorder: ExchangeRecorder, seeds: list[int]) -> tuple[Any, Any]:
    """A fake schema whose state machine pops one outcome per run (an exception to raise, or a failed check to
    record before raising), and the conformance run it belongs to."""

    class Machine:
        @classmethod
        def run(cls, settings: hypothesis.settings) -> None:
            seeds.append(cls._hypothesis_internal_use_seed)  # type: ignore[attr-defined]
            outcome = outcomes.pop(0)
            if outcome == "failed check":
                recorder.record(
                    method="PATCH",
                    url="/api/rest/v1/asset-families/x",
                    request_headers={},
                    request_body=b"{}",
                    status=500,
                    response_headers={},
                    response_body=b"",
                    note="not_a_server_error",
                )
                outcome = FlakyStrategyDefinition("Inconsistent data generation!")
            if outcome is not None:
                raise outcome

    config = SimpleNamespace(get_hypothesis_settings=lambda **_: hypothesis.settings())
    schema = SimpleNamespace(as_state_machine=lambda: Machine, config=config)
    conformance_run = SimpleNamespace(
        options=SimpleNamespace(seed=7, max_examples=3), target=SimpleNamespace(recorder=recorder)
    )
    return schema, conformance_run


def test_a_flaky_run_without_failed_checks_starts_again_with_the_next_seed() -> None:
    seeds: list[int] = []
    schema, conformance_run = machine_run([FlakyStrategyDefinition("x"), None], ExchangeRecorder(), seeds)
    run_linked_calls(schema, conformance_run)
    assert seeds == [7, 8]


def test_runs_that_stay_flaky_stop_after_the_last_attempt() -> None:
    seeds: list[int] = []
    flaky = [FlakyStrategyDefinition("x") for _ in range(STATEFUL_ATTEMPTS)]
    schema, conformance_run = machine_run(flaky, ExchangeRecorder(), seeds)
    run_linked_calls(schema, conformance_run)
    assert seeds == list(range(7, 7 + STATEFUL_ATTEMPTS))


def test_a_check_that_failed_before_hypothesis_gave_up_is_reported() -> None:
    seeds: list[int] = []
    schema, conformance_run = machine_run(["failed check"], ExchangeRecorder(), seeds)
    with pytest.raises(AssertionError, match=r"PATCH /api/rest/v1/asset-families/x -> 500 .*not_a_server_error"):
        run_linked_calls(schema, conformance_run)
    assert seeds == [7]


def test_generated_headers_lose_the_http_framing_and_mock_control_ones_only() -> None:
    generated = {"Content-Length": "g68", "transfer-encoding": "x", "HOST": "y", "534a7": "Bu4bZ_", "Accept": "*/*"}
    generated |= {"X-Mock-Delay-Ms": "SOVHW", "x-mock-fault": "500", "X-Mocked": "kept"}
    assert _only_api_headers(None, generated) == {"534a7": "Bu4bZ_", "Accept": "*/*", "X-Mocked": "kept"}
    assert _only_api_headers(None, None) is None
