"""`ConformanceRun`, the plugin object of one run: ties each test to its rules, deselects what the run leaves out,
records each outcome (with the HTTP exchanges of a failure), writes the scorecard and the terminal summary.

All state of a run lives in this object, registered as a plugin for that run only: nothing is kept at module level,
so `run()` can be called many times in one process (the mutation harness does) with different targets. Test modules
are imported once per process and reused by later runs, so they must not keep state either; everything
target-dependent comes from fixtures.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from conformance.preparation import SetupFailed
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
from conformance.rules import RuleCatalogue, load_rules
from conformance.run_options import PACKAGE_DIR, RunOptions
from conformance.target import Target

NO_TESTS_COLLECTED = 5
ATTACHED_EXCHANGES = 10  # the last exchanges before a failure that its report keeps

BASE_NODEID = pytest.StashKey[str]()
EXCHANGE_MARK = pytest.StashKey[int]()


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
