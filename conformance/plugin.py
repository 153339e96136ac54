"""The pytest plugin of the conformance suite, and `run()`, which drives pytest over the suite with it.

The plugin registers the markers (`rule`, `writes`, `product_side`, and `optional` and `vendor_messages`, which it
sets itself on tests whose rules all have that level), deselects writes in a read-only run and the rules --select leaves out, fails a test that names no
rule or an unknown one, attaches the HTTP exchanges of a failing test to its report, and writes the scorecard.

All state of a run lives in one `ConformanceRun` object, registered as a plugin for that run only: nothing is kept
at module level, so `run()` can be called many times in one process (the mutation harness does) with different
targets. Test modules are imported once per process and reused by later runs, so they must not keep state either;
everything target-dependent comes from fixtures.
"""

from __future__ import annotations

import os
import random
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

from conformance.differential.settings import DifferentialSettings
from conformance.preparation import SetupFailed
from conformance.progress import ContractProgress
from conformance.report import (
    SETUP_FAILED,
    UNREADABLE_ANSWER,
    Failure,
    TestRecord,
    build_scorecard,
    terminal_lines,
    unreadable,
    write_reports,
)
from conformance.rules import RuleCatalogue, RulesError, load_rules, looks_like_rule_pattern
from conformance.target import Target

PACKAGE_DIR = Path(__file__).resolve().parent
LAYERS = {
    "contract": ("contract",),
    "scenarios": ("scenarios",),
    "differential": ("differential",),  # also added to any layer by --differential (RunOptions.differential)
    "all": ("scenarios", "contract"),
}
DEFAULT_REPORT_DIR = Path("reports/conformance")
DEFAULT_MAX_EXAMPLES = 25
NO_TESTS_COLLECTED = 5
ATTACHED_EXCHANGES = 10  # the last exchanges before a failure that its report keeps

MARKERS = (
    "rule(*ids): ties the test to the rule(s) of conformance/rules*.yaml it proves (required on every test)",
    "writes: the test creates or changes data on the target; deselected by --read-only",
    "product_side: the test needs the product side of the API (catalog, products, product models)",
    "optional: set by the suite on tests whose rules are all optional in the rule catalogue",
    "vendor_messages: set by the suite on tests whose rules all check the vendor's exact messages and paths",
)

RUN_KEY = pytest.StashKey["ConformanceRun"]()
BASE_NODEID = pytest.StashKey[str]()
EXCHANGE_MARK = pytest.StashKey[int]()


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


def rule_ids(item: pytest.Item) -> list[str]:
    ids: list[str] = []
    for mark in item.iter_markers("rule"):
        ids.extend(str(arg) for arg in mark.args)
    return list(dict.fromkeys(ids))


def _is_contract(item: pytest.Item) -> bool:
    return (PACKAGE_DIR / "contract") in Path(str(item.path)).resolve().parents


class ConformanceRun:
    """One run: the target, the options, the rules, and what happened to each test. Registered as a plugin."""

    def __init__(self, target: Target, options: RunOptions | None = None, rules: RuleCatalogue | None = None) -> None:
        self.target = target
        self.options = options or RunOptions()
        self.rules = rules if rules is not None else load_rules(self.options.rules_path)
        self.tests: dict[str, TestRecord] = {}
        self.scorecard: dict[str, Any] | None = None
        self.report_paths: dict[str, Path] = {}
        self.exit_status: int | None = None
        self.cleanup_problems: list[str] = []  # DELETEs at teardown that failed: counted, never a rule's failure
        self._deselection_reasons: dict[str, str] = {}
        self._started = time.time()

    # -- collection ----------------------------------------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_collection_modifyitems(self, session: pytest.Session, config: pytest.Config, items: list) -> None:
        selected_rules = self.rules.matching(self.options.select) if self.options.select else None
        kept, dropped = [], []
        for item in items:
            ids = rule_ids(item)
            record = TestRecord(nodeid=item.nodeid, rules=ids)
            unknown = [rule_id for rule_id in ids if rule_id not in self.rules]
            if not ids:
                record.problem = 'no rule id: mark the test with @pytest.mark.rule("ID") of conformance/rules*.yaml'
            elif unknown:
                record.problem = f"rule id(s) {', '.join(unknown)} not in the rule catalogue (conformance/rules*.yaml)"
            known = [self.rules.get(rule_id) for rule_id in ids if rule_id in self.rules]
            levels = {rule.marker for rule in known if rule is not None}
            if known and len(levels) == 1 and None not in levels:
                item.add_marker(getattr(pytest.mark, levels.pop()))
            record.markers = sorted({mark.name for mark in item.iter_markers()} - {"rule", "parametrize"})
            self.tests[item.nodeid] = record
            reason = None
            if self.target.read_only and item.get_closest_marker("writes"):
                reason = "deselected: read-only run (--read-only), the test writes"
            elif selected_rules is not None and not (set(ids) & selected_rules):
                reason = "deselected: not among the selected rules (--select)"
            if reason:
                self._deselection_reasons[item.nodeid] = reason
                dropped.append(item)
            else:
                kept.append(item)
        # The contract layer's generated writes come last: they may change shared catalog data (channels, locales)
        # the scenarios read.
        kept.sort(key=_is_contract)
        items[:] = kept
        if dropped:
            config.hook.pytest_deselected(items=dropped)

    def pytest_deselected(self, items: Sequence[pytest.Item]) -> None:
        for item in items:
            record = self.tests.get(item.nodeid)
            if record is not None:
                record.outcome = "deselected"
                record.reason = self._deselection_reasons.get(item.nodeid, "deselected: -k / -m expression")

    # -- running -------------------------------------------------------------------------------------------------
    @pytest.hookimpl(tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        item.stash[BASE_NODEID] = item.nodeid
        item.stash[EXCHANGE_MARK] = self.target.recorder.position()
        record = self.tests.get(item.nodeid)
        if record is not None and record.problem:
            pytest.fail(f"{item.nodeid}: {record.problem}", pytrace=False)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo) -> Any:
        report = yield
        base = item.stash.get(BASE_NODEID, item.nodeid)
        record = self.tests.get(base)
        if record is None:
            return report
        record.duration_s += report.duration
        if report.failed and call.excinfo is not None and isinstance(call.excinfo.value, SetupFailed):
            self._record_failure(item, call, report, record)
            record.outcome, record.reason = SETUP_FAILED, call.excinfo.value.reason
            report.outcome, report.longrepr = "skipped", (str(item.path), item.location[1], record.reason)
        elif report.failed:
            self._record_failure(item, call, report, record)
        elif report.skipped and record.outcome not in ("failed", "error"):
            record.outcome = "skipped"
            longrepr = report.longrepr
            message = longrepr[2] if isinstance(longrepr, tuple) and len(longrepr) == 3 else str(longrepr)
            record.reason = f"skipped: {message.removeprefix('Skipped: ')}"
        elif report.when == "call" and record.outcome not in ("failed", "error", "skipped"):
            record.outcome = "passed"
        return report

    def _record_failure(self, item: pytest.Item, call: pytest.CallInfo, report: Any, record: TestRecord) -> None:
        if report.when == "call":
            record.outcome = "failed"
        elif record.outcome != "failed":
            record.outcome = "error"
        mark = item.stash.get(EXCHANGE_MARK, 0)
        exchanges = self.target.recorder.since(mark)[-ATTACHED_EXCHANGES:]
        item.stash[EXCHANGE_MARK] = self.target.recorder.position()  # the next subtest gets only its own
        scrub = self.target.recorder.scrub
        details = scrub(report.longreprtext)
        if details != report.longreprtext:
            report.longrepr = details  # the terminal and junit.xml show the masked text too
        message = scrub(call.excinfo.exconly() if call.excinfo is not None else details)
        if call.excinfo is not None and isinstance(call.excinfo.value, UNREADABLE_ANSWER):
            message = scrub(unreadable(call.excinfo.exconly(), exchanges))
        where = item.nodeid if report.when == "call" else f"{item.nodeid} ({report.when})"
        record.failures.append(
            Failure(
                where=where,
                message=_cut(message, 3000),
                details=_cut(details, 8000),
                exchanges=[exchange.to_dict() for exchange in exchanges],
            )
        )
        if exchanges:
            text = "\n\n".join(
                f"{exchange.summary()}\n  request:  {exchange.request_body[:500]}\n"
                f"  response: {exchange.response_body[:500]}\n  {exchange.curl}"
                for exchange in exchanges
            )
            report.sections.append(("HTTP exchanges (most recent last)", text))
            report.user_properties.append(("curl", exchanges[-1].curl))

    # -- reporting -----------------------------------------------------------------------------------------------
    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if exitstatus == 0 and any(test.outcome == SETUP_FAILED for test in self.tests.values()):
            session.exitstatus = exitstatus = pytest.ExitCode.TESTS_FAILED  # a rule left unchecked is no pass
        self.exit_status = int(exitstatus)
        self.scorecard = build_scorecard(
            self.rules,
            self.tests.values(),
            target=self.target.label,
            run=self.describe(int(exitstatus)),
            cleanup_problems=self.cleanup_problems,
        )
        if session.config.get_verbosity() <= 0:
            # The scorecard section says what failed and where to look; pytest's tracebacks (kept in the reports'
            # details) come back with -v.
            session.config.option.tbstyle = "no"
        if self.options.report_dir is not None:
            self.report_paths = write_reports(self.scorecard, self.options.report_dir)
            xml = session.config.option.xmlpath if hasattr(session.config.option, "xmlpath") else None
            if xml:
                self.report_paths["junit"] = Path(xml)

    def describe(self, exit_status: int) -> dict[str, Any]:
        options = asdict(self.options)
        return {
            "run_prefix": self.target.run_prefix,
            "mock_tenant": self.target.tenant,
            "read_only": self.target.read_only,
            "poll_timeout": self.target.poll_timeout,
            "token_wait": self.target.token_wait,
            "layer": options["layer"],
            "select": list(options["select"]),
            "keyword": options["keyword"],
            "seed": options["seed"],
            "max_examples": options["max_examples"],
            "differential": options["differential"],
            "started_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self._started)),
            "duration_s": round(time.time() - self._started, 2),
            "pytest_exit_status": exit_status,
        }

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.scorecard is None or terminalreporter.config.option.collectonly:
            return
        if terminalreporter.config.get_verbosity() <= 0:
            terminalreporter.reportchars = ""  # pytest's line per failed test: the scorecard section says it per rule
        terminalreporter.section("conformance scorecard")
        for line in terminal_lines(self.scorecard, self.report_paths.values()):
            terminalreporter.write_line(line)
        if self.exit_status == NO_TESTS_COLLECTED:
            terminalreporter.write_line(
                "no check was selected (check --layer, --select, --read-only): failing, since a run that checks "
                "nothing proves nothing"
            )


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + f"\n... <{len(text) - limit} more characters>"


# --- module-level hooks: options and markers, and a run built from the options when pytest is called directly ------


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


# --- the API -------------------------------------------------------------------------------------------------------


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


def run(
    target: Target,
    *,
    layer: str = "all",
    select: Iterable[str] = (),
    seed: int | None = None,
    max_examples: int = DEFAULT_MAX_EXAMPLES,
    report_dir: Path | str | None = DEFAULT_REPORT_DIR,
    rules_path: Path | str | None = None,
    pytest_extra: Sequence[str] = (),
    result: list[ConformanceRun] | None = None,
    differential: DifferentialSettings | None = None,
) -> int:
    """Checks `target` and returns the exit status: 0 only if every selected check passed.

    select: rule ids, area prefixes (AUTH) or globs, or a pytest -k expression. report_dir: where scorecard.json,
    scorecard.html and junit.xml go (None: no files). pytest_extra: more pytest arguments (-x, -q, -v ...).
    result: a list the ConformanceRun is appended to, to read its scorecard without the files.
    differential: run the differential layer too (layer "differential" runs it alone, with defaults if None).
    The target is opened for the run (an app is served on a loopback port) and closed after it."""
    patterns, keyword = split_select(select)
    try:
        options = RunOptions(
            layer=layer,
            select=patterns,
            keyword=keyword,
            max_examples=max_examples,
            report_dir=Path(report_dir) if report_dir is not None else None,
            rules_path=Path(rules_path) if rules_path is not None else None,
            differential=differential,
            **({"seed": seed} if seed is not None else {}),
        )
        conformance_run = ConformanceRun(target, options)
    except (RulesError, ValueError) as exc:
        print(f"conformance: {exc}", file=sys.stderr)
        return int(pytest.ExitCode.USAGE_ERROR)
    for pattern in patterns:
        if not conformance_run.rules.matching([pattern]):
            print(f"conformance: --select {pattern} matches no rule of the catalogue", file=sys.stderr)
    if result is not None:
        result.append(conformance_run)
    target.recorder.clear()
    with target:
        plugins = [conformance_run, ContractProgress()]
        status = int(pytest.main(build_pytest_args(options, pytest_extra), plugins=plugins))
    if status == NO_TESTS_COLLECTED:
        print(
            "conformance: no check was selected (see --layer, --select, --read-only); failing, since a run that "
            "checks nothing proves nothing",
            file=sys.stderr,
        )
        return 1
    if status == 0 and (conformance_run.scorecard is None or conformance_run.scorecard["result"] != "pass"):
        return 1
    return status


def inventory(rules_path: Path | str | None = None) -> ConformanceRun:
    """Collects the whole suite without running it (no request is sent): each test with its rule ids and problem.

    `inventory().tests` maps node ids to TestRecords; `inventory().rules` is the catalogue. tests/conformance uses
    it to check that every rule has a test and every test names a known rule."""
    path = Path(rules_path) if rules_path is not None else None
    options = RunOptions(report_dir=None, rules_path=path, differential=DifferentialSettings())  # every layer
    collecting = ConformanceRun(Target("http://127.0.0.1:9"), options)  # never contacted: nothing runs
    status = int(pytest.main(build_pytest_args(options, ["--collect-only", "-qq"]), plugins=[collecting]))
    if status not in (0, NO_TESTS_COLLECTED):
        raise RuntimeError(f"collecting the conformance suite failed (pytest exit status {status})")
    return collecting
