"""The differential layer's budget and options, as python -m conformance's --differential-* flags set them."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_EXAMPLES = 50  # sequences per run: 5 seeds of these run in under 5 minutes on 2 cores (benchmarks)
DEFAULT_STEPS = 25  # steps per sequence at most (a step is one call, or a few: a walk of pages, a hundred items)


@dataclass(frozen=True)
class DifferentialSettings:
    """examples: sequences Hypothesis tries; steps: calls per sequence at most; messages: compare error message texts
    too (else only statuses, codes and property paths); reference: the URL of an already running mock to compare
    with (else one is started as a subprocess for the run)."""

    examples: int = DEFAULT_EXAMPLES
    steps: int = DEFAULT_STEPS
    messages: bool = False
    reference: str | None = None
    shrink: bool = True  # the mutation harness needs a verdict only: no shrinking saves it minutes per mutant

    def __post_init__(self) -> None:
        if self.examples < 1 or self.steps < 1:
            raise ValueError("--differential-examples and --differential-steps must be at least 1")
