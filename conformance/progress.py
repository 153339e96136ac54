"""Progress lines for the contract layer, whose tests each run every operation of the contract as subtests.

Without them a run against a remote server prints one dot per test after minutes of silence. For each contract test
this plugin writes a line when it starts, one every PROGRESS_EVERY operations (operations checked, passed, failed,
time spent, the last one), and one when it ends: a few dozen lines for the whole layer, however many examples run.
With -v, pytest already prints a line per operation, so only the start and end lines are added.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

CONTRACT_DIR = Path(__file__).resolve().parent / "contract"
PROGRESS_EVERY = 4  # operations between two lines


class ContractProgress:
    """A pytest plugin: progress of the contract layer's tests, through pytest's terminal writer."""

    def __init__(self) -> None:
        self._config: pytest.Config | None = None
        self._test: str | None = None  # node id of the contract test running
        self._name = ""
        self._started = 0.0
        self._checked = self._failed = 0
        self._outcome = "passed"

    def pytest_configure(self, config: pytest.Config) -> None:
        self._config = config  # the terminal reporter may register after us: looked up when writing

    def pytest_runtest_setup(self, item: pytest.Item) -> None:
        if CONTRACT_DIR not in Path(str(item.path)).resolve().parents:
            return
        self._test, self._name = item.nodeid, item.name
        self._started = time.monotonic()
        self._checked = self._failed = 0
        self._outcome = "passed"

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # Written from the reports, never during setup or call: output is captured there.
        if self._test is None:
            return
        if report.nodeid == self._test:  # the test's own setup, call and teardown
            if report.when == "setup":
                self._write(f"{self._name}: started")
            if report.failed:
                self._outcome = "failed" if report.when == "call" else "error"
            elif report.skipped and self._outcome == "passed":
                self._outcome = "skipped"
            if report.when == "teardown":
                self._finish()
            return
        if report.when != "call" or not report.nodeid.startswith(f"{self._test}["):
            return
        # one operation, reported as a subtest: its node id is the test's with "[METHOD /path]" appended
        self._checked += 1
        self._failed += report.failed
        verbose = self._config is not None and self._config.get_verbosity() > 0
        if not verbose and self._checked % PROGRESS_EVERY == 0:
            operation = report.nodeid[len(self._test) + 1 : -1]
            self._write(f"{self._name}: {self._counts()}, {self._elapsed()}; last {operation}")

    def _finish(self) -> None:
        counts = f"{self._counts()}, " if self._checked else ""
        outcome = "failed" if self._failed else self._outcome
        self._write(f"{self._name}: {outcome}, {counts}{self._elapsed()}")
        self._test = None

    def _counts(self) -> str:
        return f"{self._checked} operations ({self._checked - self._failed} passed, {self._failed} failed)"

    def _elapsed(self) -> str:
        minutes, seconds = divmod(int(time.monotonic() - self._started), 60)
        return f"{minutes}:{seconds:02d} elapsed"

    def _write(self, text: str) -> None:
        terminal = self._config.pluginmanager.get_plugin("terminalreporter") if self._config is not None else None
        if terminal is None:  # -p no:terminal
            return
        writer = getattr(terminal, "_tw", None)  # -q leaves pytest's letters (., u, F) on an open line
        if getattr(writer, "width_of_current_line", 0) and not terminal.currentfspath:
            terminal.write("\n")
        terminal.write_line(f"[contract] {text}")
