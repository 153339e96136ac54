"""Where the automation is configured (Settings, MOCK_* variables, the command line) and kept (the store)."""

from __future__ import annotations

from typing import Any

import pytest

import mock_server.__main__ as cli
from mock_server.settings import Settings
from mock_server.store import Store
from mock_server.store.memory import AutomationEvent, AutomationJob


def test_rules_run_before_the_answer_unless_mock_rules_execution_says_background() -> None:
    assert Settings().rules_execution == "sync"
    assert Settings.from_env({}).rules_execution == "sync"
    assert Settings.from_env({"MOCK_RULES_EXECUTION": "background"}).rules_execution == "background"


def test_the_naming_convention_time_budget_comes_from_its_variable() -> None:
    assert Settings.from_env({"MOCK_NAMING_CONVENTION_TIMEOUT": "0.25"}).naming_convention_timeout == 0.25


@pytest.mark.parametrize("settings", [{"rules_execution": "later"}, {"naming_convention_timeout": 0}])
def test_unknown_execution_modes_and_empty_budgets_are_refused(settings: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=r"rules_execution|naming_convention_timeout"):
        Settings(**settings)


@pytest.mark.parametrize(("argv", "expected"), [([], "sync"), (["--rules-execution", "background"], "background")])
def test_the_rules_execution_flag_of_the_command_line(
    monkeypatch: pytest.MonkeyPatch, argv: list[str], expected: str
) -> None:
    served: list[Any] = []
    monkeypatch.delenv("MOCK_RULES_EXECUTION", raising=False)
    monkeypatch.setattr(cli.uvicorn, "run", lambda app, **options: served.append(app))
    cli.main(["--empty", *argv])
    assert served[0].mock_context.settings.rules_execution == expected


def test_the_command_line_refuses_an_unknown_execution_mode(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--rules-execution", "later"])
    assert "invalid choice" in capsys.readouterr().err


def test_automation_events_and_jobs_are_part_of_snapshot_restore_and_reset() -> None:
    store = Store()
    event = AutomationEvent(1, "2026-01-01T09:00:00+00:00", "packshots", "amor", "transformation", "T", "success")
    store.automation_events.append(event)
    store.automation_jobs.append(AutomationJob("packshots", "amor", product_link_rules=True))
    store.automation_paused = True
    snapshot = store.snapshot()
    store.automation_events.clear()
    store.restore(snapshot)
    assert store.automation_events == [event]
    assert store.automation_jobs == [AutomationJob("packshots", "amor", product_link_rules=True)]
    store.reset()
    assert (store.automation_events, store.automation_jobs, store.automation_paused) == ([], [], False)
