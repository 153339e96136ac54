"""The differential layer's one test (rule DIFFERENTIAL): Hypothesis sequences of vendor calls, each answered by the
target and by the reference model, compared; a divergence is shrunk to the shortest sequence that shows it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, Phase, seed, settings
from hypothesis.stateful import run_state_machine_as_test

from conformance.differential.machine import DifferentialMachine
from conformance.differential.reference import Reference, ReferenceUnavailable
from conformance.differential.seeding import seed as seeded
from conformance.differential.sequence import Session
from conformance.differential.settings import DifferentialSettings
from conformance.plugin import ConformanceRun
from conformance.target import Target


@pytest.fixture(scope="session")
def differential(conformance_run: ConformanceRun, target: Target) -> Iterator[Session]:
    chosen = conformance_run.options.differential or DifferentialSettings()
    reference = Reference(chosen.reference)
    try:
        reference.start()
    except ReferenceUnavailable as exc:
        pytest.fail(f"not run: {exc}", pytrace=False)
    try:
        assert reference.url is not None
        with target.client() as client:
            document, held = seeded(reference.url, client, target.run_prefix, copy_families=target.read_only)
        session = Session(target, reference, chosen, document, held)
        try:
            yield session
        finally:
            session.close()
    finally:
        reference.stop()


@pytest.mark.rule("DIFFERENTIAL-MODEL")
def test_the_target_answers_every_call_as_the_reference_model(
    differential: Session, conformance_run: ConformanceRun
) -> None:
    chosen = differential.settings
    phases = [phase for phase in Phase if phase is not Phase.explain]  # the report lists the sequence already
    if not chosen.shrink or differential.target.tenant is None:  # on a real PIM shrinking's sequences add families
        phases.remove(Phase.shrink)
    budget = settings(
        max_examples=chosen.examples,
        stateful_step_count=chosen.steps,
        deadline=None,
        database=None,
        phases=phases,
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    factory = seed(conformance_run.options.seed)(lambda: DifferentialMachine(differential))
    run_state_machine_as_test(factory, settings=budget)
