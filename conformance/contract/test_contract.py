"""Layer 1: Schemathesis against the target, over the whole contract, every phase and every check.

Examples, coverage and fuzzing (positive and negative data) run per operation; the stateful phase follows the
contract's links. Settings the vendor's behaviour needs live in schemathesis.toml. Reads, writes and the product
side are separate tests, so that --read-only and -k "not product_side" leave out exactly what they name.
"""

from __future__ import annotations

from typing import Any

import hypothesis
import pytest
import requests
import schemathesis
from hypothesis import HealthCheck
from hypothesis.errors import Flaky
from schemathesis.core.failures import FailureGroup, as_reported_failure  # Schemathesis is pinned below 5

from conformance.contract.conftest import product_side, writes
from conformance.scorekeeper import ConformanceRun

contract = schemathesis.pytest.from_fixture("contract_schema")
asset_reads = contract.include(lambda ctx: not writes(ctx.operation) and not product_side(ctx.operation))
asset_writes = contract.include(lambda ctx: writes(ctx.operation) and not product_side(ctx.operation))
product_reads = contract.include(lambda ctx: not writes(ctx.operation) and product_side(ctx.operation))
product_writes = contract.include(lambda ctx: writes(ctx.operation) and product_side(ctx.operation))


@pytest.mark.rule("CONTRACT-001")
@asset_reads.parametrize()
def test_every_read_operation_answers_as_the_contract_says(case: Any, contract_session: requests.Session) -> None:
    case.call_and_validate(session=contract_session)


@pytest.mark.rule("CONTRACT-001")
@pytest.mark.writes
@asset_writes.parametrize()
def test_every_write_operation_answers_as_the_contract_says(case: Any, contract_session: requests.Session) -> None:
    case.call_and_validate(session=contract_session)


@pytest.mark.rule("CONTRACT-001")
@pytest.mark.product_side
@product_reads.parametrize()
def test_every_product_side_read_answers_as_the_contract_says(case: Any, contract_session: requests.Session) -> None:
    case.call_and_validate(session=contract_session)


@pytest.mark.rule("CONTRACT-001")
@pytest.mark.writes
@pytest.mark.product_side
@product_writes.parametrize()
def test_every_product_side_write_answers_as_the_contract_says(case: Any, contract_session: requests.Session) -> None:
    case.call_and_validate(session=contract_session)


STATEFUL_ATTEMPTS = 3  # runs of the state machine, each with the next seed, when Hypothesis stops one as flaky


def run_linked_calls(schema: Any, conformance_run: ConformanceRun) -> None:
    """The stateful phase: Hypothesis drives chains of calls along the links; every step is checked.

    The target keeps its state from one example to the next, so the same choices may find a bundle empty once and
    filled the next time (a resource created by an earlier example), and Hypothesis stops the run as "flaky". That
    says nothing about the server: as Schemathesis' own runner does, a check that failed before is a failure, and
    otherwise the machine starts again with the next seed (after STATEFUL_ATTEMPTS such runs without a failed check,
    the test passes: every call made was checked)."""
    machine = schema.as_state_machine()
    configured = schema.config.get_hypothesis_settings(phase="stateful", apply_ci_profile=False)
    settings = hypothesis.settings(
        configured,
        max_examples=conformance_run.options.max_examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    recorder = conformance_run.target.recorder
    for attempt in range(STATEFUL_ATTEMPTS):
        start = recorder.position()
        try:
            hypothesis.seed(conformance_run.options.seed + attempt)(machine).run(settings=settings)
            return
        except FailureGroup as exc:
            raise as_reported_failure(exc) from None  # what Schemathesis' own pytest integration shows
        except Flaky as exc:
            failed = [exchange.summary() for exchange in recorder.since(start) if exchange.note]  # failed checks
            if failed:
                raise AssertionError(
                    "checks failed on linked calls (Hypothesis could not replay them: the target's state had "
                    "changed):\n" + "\n".join(failed)
                ) from exc


@pytest.mark.rule("CONTRACT-002")
@pytest.mark.writes
def test_linked_calls_answer_as_the_contract_says(contract_schema: Any, conformance_run: ConformanceRun) -> None:
    run_linked_calls(contract_schema.include(lambda ctx: not product_side(ctx.operation)), conformance_run)


@pytest.mark.rule("CONTRACT-002")
@pytest.mark.writes
@pytest.mark.product_side
def test_linked_product_side_calls_answer_as_the_contract_says(
    contract_schema: Any, conformance_run: ConformanceRun
) -> None:
    run_linked_calls(contract_schema.include(lambda ctx: product_side(ctx.operation)), conformance_run)
