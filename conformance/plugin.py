"""The pytest plugin of the conformance suite (`-p conformance.plugin`): its options and markers, and the run.

It registers the markers (`rule`, `writes`, `product_side`, and `optional` and `vendor_messages`, which the run sets
itself on tests whose rules all have that level). `run()` (runner.py) hands pytest a `ConformanceRun`
(scorekeeper.py); when pytest is called directly, `pytest_configure` builds one from the --conformance-* options.
Fixtures reach the run through `current_run(config)`.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance.progress import ContractProgress
from conformance.rules import RulesError
from conformance.run_options import DEFAULT_MAX_EXAMPLES, DEFAULT_REPORT_DIR, RunOptions, split_select
from conformance.scorekeeper import ConformanceRun
from conformance.target import Target

__all__ = ["ConformanceRun", "current_run"]  # ConformanceRun: where mutation/ and differential/ import it from

MARKERS = (
    "rule(*ids): ties the test to the rule(s) of conformance/rules*.yaml it proves (required on every test)",
    "writes: the test creates or changes data on the target; deselected by --read-only",
    "product_side: the test needs the product side of the API (catalog, products, product models)",
    "optional: set by the suite on tests whose rules are all optional in the rule catalogue",
    "vendor_messages: set by the suite on tests whose rules all check the vendor's exact messages and paths",
)

RUN_KEY = pytest.StashKey["ConformanceRun"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("conformance", "Akeneo Asset Manager conformance (when pytest is called directly)")
    group.addoption("--conformance-target", default=None, help="base URL of the server (default AKENEO_BASE_URL)")
    group.addoption("--conformance-read-only", action="store_true", help="deselect the tests that write")
    group.addoption("--conformance-run-prefix", default=None, help="prefix of every code created (default random)")
    group.addoption("--conformance-poll-timeout", type=float, default=10.0, help="seconds to wait for async effects")
    group.addoption(
        "--conformance-token-wait", type=float, default=0.0, help="seconds to wait for an access token to expire"
    )
    group.addoption("--conformance-seed", type=int, default=None, help="Schemathesis seed (default random)")
    group.addoption("--conformance-max-examples", type=int, default=DEFAULT_MAX_EXAMPLES, help="Schemathesis examples")
    group.addoption("--conformance-select", action="append", default=[], help="rule ids or area prefixes to run")
    group.addoption("--conformance-report-dir", default=str(DEFAULT_REPORT_DIR), help="where the scorecard goes")


def pytest_configure(config: pytest.Config) -> None:
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    run = next((p for p in config.pluginmanager.get_plugins() if isinstance(p, ConformanceRun)), None)
    if run is None:  # pytest called directly (pytest -p conformance.plugin conformance/): build the run here
        try:
            run = _run_from_options(config)
        except (RulesError, ValueError) as exc:
            raise pytest.UsageError(str(exc)) from exc
        run.target.open()
        config.stash[OWNED_KEY] = True
        config.pluginmanager.register(run, "conformance-run")
        config.pluginmanager.register(ContractProgress(), "conformance-progress")
    config.stash[RUN_KEY] = run


OWNED_KEY = pytest.StashKey[bool]()


def pytest_unconfigure(config: pytest.Config) -> None:
    if config.stash.get(OWNED_KEY, False):
        config.stash[RUN_KEY].target.close()


def _run_from_options(config: pytest.Config) -> ConformanceRun:
    option = config.getoption
    target = Target.from_env(
        base_url=option("conformance_target"),
        read_only=option("conformance_read_only"),
        run_prefix=option("conformance_run_prefix"),
        poll_timeout=option("conformance_poll_timeout"),
        token_wait=option("conformance_token_wait"),
    )
    select, _ = split_select(option("conformance_select"))
    seed = option("conformance_seed")
    options = RunOptions(
        select=select,
        max_examples=option("conformance_max_examples"),
        report_dir=Path(option("conformance_report_dir")),
        **({"seed": seed} if seed is not None else {}),
    )
    return ConformanceRun(target, options)


def current_run(config: pytest.Config) -> ConformanceRun:
    """The run a fixture belongs to; a clear error when the suite was started without the plugin."""
    try:
        return config.stash[RUN_KEY]
    except KeyError:
        raise pytest.UsageError(
            "the conformance suite runs with its plugin: python -m conformance --target URL "
            "(or pytest -p conformance.plugin conformance/)"
        ) from None
