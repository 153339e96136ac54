"""What a mutation run is made of: the suite's options (the same for every run), one run's result, one mutant's
outcome, and the whole run's report (score, verdict, JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class SuiteOptions:
    """The conformance options, identical for the clean run and every mutant (that is what makes runs comparable).

    seed: the Schemathesis/Hypothesis seed; max_examples: Schemathesis examples per operation (modest: the scenarios
    carry the rules, the contract layer the shapes); layer and select: conformance.run's selection (everything by
    default; a few rule ids make a quick run); poll_timeout: how long the suite waits for asynchronous effects."""

    seed: int = 1
    max_examples: int = 10
    layer: str = "all"
    select: tuple[str, ...] = ()
    poll_timeout: float = 10.0
    differential: bool = False  # the differential layer too (always with layer "differential")
    # Sequences the differential layer may try. A mutant stops the layer at its first divergence, so a large budget
    # costs the clean run and the survivors only; it gives each rare call several chances (the default of
    # `python -m conformance`, 50, reaches some rule-off mutants in a handful of sequences only).
    differential_examples: int = 200

    @property
    def differential_settings(self) -> Any:
        """The differential layer's settings for the suite, or None: messages compared (the reference is the clean
        mock itself), no shrinking (a verdict is all the harness needs)."""
        if not (self.differential or self.layer == "differential"):
            return None
        from conformance.differential.settings import DifferentialSettings

        return DifferentialSettings(examples=self.differential_examples, messages=True, shrink=False)

    def describe(self) -> str:
        layer = f"{self.layer} + differential" if self.differential and self.layer != "differential" else self.layer
        text = f"seed {self.seed}, {self.max_examples} Schemathesis examples per operation, layer {layer}"
        text += f", poll timeout {self.poll_timeout:g} s"
        if self.differential_settings is not None:
            text += f", {self.differential_examples} differential sequences"
        return text + (f", select {' '.join(self.select)}" if self.select else "")


SUITE_LAYERS = ("contract", "scenarios", "differential")


def layer_of(test: str) -> str:
    """The suite layer of a failing test's node id (`conformance/differential/test_x.py::t` -> differential)."""
    parts = test.partition("::")[0].split("/")
    return next((part for part in parts if part in SUITE_LAYERS), "other")


@dataclass
class SuiteResult:
    """One run of the suite: its exit status, what failed, and how long it took."""

    status: int
    failed_tests: list[str] = field(default_factory=list)
    failed_rules: list[str] = field(default_factory=list)
    passed_tests: int = 0
    seconds: float = 0.0
    error: str | None = None  # the harness could not run the suite (a broken build, a crash, a timeout)


@dataclass
class MutantOutcome:
    name: str
    kind: str
    area: str
    description: str
    result: SuiteResult
    catch: str = ""  # the check that would catch it (from the catalogue), shown for survivors
    ignored: frozenset[str] = frozenset()  # tests that failed on the clean mock too (only with keep_going)

    @property
    def caught_by(self) -> list[str]:
        """The failing tests that did not fail on the clean mock: the ones that caught the mutant."""
        return [test for test in self.result.failed_tests if test not in self.ignored]

    @property
    def layers(self) -> list[str]:
        """The suite's layers whose tests caught the mutant (contract, scenarios, differential)."""
        return sorted({layer_of(test) for test in self.caught_by})

    @property
    def caught(self) -> bool:
        """Caught: the suite failed, and said which tests (a crash or a timeout is not a catch)."""
        return self.result.error is None and self.result.status != 0 and bool(self.caught_by)


@dataclass
class RunReport:
    clean: SuiteResult
    outcomes: list[MutantOutcome]
    options: SuiteOptions
    seconds: float
    jobs: int

    @property
    def caught(self) -> list[MutantOutcome]:
        return [outcome for outcome in self.outcomes if outcome.caught]

    @property
    def survivors(self) -> list[MutantOutcome]:
        return [outcome for outcome in self.outcomes if not outcome.caught]

    @property
    def clean_passed(self) -> bool:
        return self.clean.error is None and self.clean.status == 0

    @property
    def score(self) -> float:
        return len(self.caught) / len(self.outcomes) if self.outcomes else 0.0

    @property
    def ok(self) -> bool:
        """Exit 0 only when the clean mock passed and every mutant was caught."""
        return self.clean_passed and not self.survivors

    def to_json(self) -> dict[str, Any]:
        return {
            "clean": asdict(self.clean),
            "clean_passed": self.clean_passed,
            "score": self.score,
            "caught": len(self.caught),
            "total": len(self.outcomes),
            "seconds": round(self.seconds, 1),
            "jobs": self.jobs,
            "options": asdict(self.options),
            "mutants": [
                {
                    "name": o.name,
                    "kind": o.kind,
                    "area": o.area,
                    "description": o.description,
                    "caught": o.caught,
                    "catch": o.catch,
                    "caught_by": o.caught_by,
                    "caught_by_layers": o.layers,
                    **asdict(o.result),
                }
                for o in self.outcomes
            ],
        }
