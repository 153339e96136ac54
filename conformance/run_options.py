"""The options of one run beside its target (layer, rules, Schemathesis' seed and examples, reports) and the pytest
command line they make: the suite's package only, none of the caller's pytest configuration."""

from __future__ import annotations

import os
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from conformance.differential.settings import DifferentialSettings
from conformance.rules import looks_like_rule_pattern

PACKAGE_DIR = Path(__file__).resolve().parent
LAYERS = {
    "contract": ("contract",),
    "scenarios": ("scenarios",),
    "differential": ("differential",),  # also added to any layer by --differential (RunOptions.differential)
    "all": ("scenarios", "contract"),
}
DEFAULT_REPORT_DIR = Path("reports/conformance")
DEFAULT_MAX_EXAMPLES = 25


@dataclass(frozen=True)
class RunOptions:
    """How a run is made, beside the target: which layer and rules, Schemathesis' seed and examples, reports."""

    layer: str = "all"
    select: tuple[str, ...] = ()  # rule ids, area prefixes (AUTH) or globs; a pytest -k expression goes to keyword
    keyword: str | None = None
    seed: int = field(default_factory=lambda: random.SystemRandom().randrange(2**32))
    max_examples: int = DEFAULT_MAX_EXAMPLES
    report_dir: Path | None = DEFAULT_REPORT_DIR
    rules_path: Path | None = None
    differential: DifferentialSettings | None = None  # run the differential layer too, with these settings

    def __post_init__(self) -> None:
        if self.layer not in LAYERS:
            raise ValueError(f"layer must be one of {', '.join(LAYERS)}, {self.layer!r} given")
        if self.max_examples < 1:
            raise ValueError("max_examples must be at least 1")


def split_select(words: Iterable[str]) -> tuple[tuple[str, ...], str | None]:
    """--select values: rule patterns (upper case) apart from a pytest -k expression (anything else)."""
    patterns: list[str] = []
    expressions: list[str] = []
    for value in words:
        parts = [part for part in value.replace(",", " ").split() if part]
        if parts and all(looks_like_rule_pattern(part) for part in parts):
            patterns.extend(parts)
        elif value.strip():
            expressions.append(f"({value.strip()})")
    return tuple(patterns), (" and ".join(expressions) or None)


def build_pytest_args(options: RunOptions, extra: Sequence[str] = ()) -> list[str]:
    """The pytest command line of a run: our package only, no ini file or cache of the caller's project."""
    layers = LAYERS[options.layer]
    if options.differential is not None and "differential" not in layers:
        layers = (*layers, "differential")
    args = [str(PACKAGE_DIR / layer) for layer in layers]
    args += [
        "-p", "conformance.plugin",
        "-c", os.devnull,  # the caller's pytest configuration (addopts, markers, plugins) is not ours
        "--rootdir", str(PACKAGE_DIR.parent),
        "--confcutdir", str(PACKAGE_DIR),
        "-p", "no:cacheprovider",
        "--strict-markers",
        "-o", "xfail_strict=true",
        "-o", "junit_family=xunit2",
        "-o", "junit_suite_name=conformance",
        "-W", "ignore::pytest.PytestAssertRewriteWarning",  # our plugin and anyio are imported before pytest starts
        "--tb", "short",  # a long traceback prints the arguments of every frame: noise, and maybe tokens
        "--log-level", "ERROR",  # an in-process app logs into this process: keep its errors only
    ]  # fmt: skip
    if options.report_dir is not None:
        args.append(f"--junitxml={options.report_dir / 'junit.xml'}")
    if options.keyword:
        args += ["-k", options.keyword]
    args += list(extra)
    return args
