"""benchmarks/conformance_in_process.py: `python -m conformance` with the mock built in the same process, as
`python -m mock_server` builds it."""

from __future__ import annotations

import os
from typing import Any

import pytest

from benchmarks import conformance_in_process as in_process


def test_the_in_process_command_is_the_suite_cli_with_the_mock_as_target(monkeypatch: pytest.MonkeyPatch) -> None:
    import conformance.__main__ as conformance_main

    runs: list[tuple[Any, dict[str, Any]]] = []
    monkeypatch.setattr(conformance_main, "run", lambda target, **options: runs.append((target, options)) or 0)
    argv = ["--read-only", "--poll-timeout", "3", "--seed", "5", "--max-examples", "2", "--report-dir", "r", "--", "-x"]
    assert in_process.main(argv) == 0
    [(target, options)] = runs
    assert target.is_in_process and target.app is not None
    assert target.read_only and target.poll_timeout == 3.0
    assert options["seed"] == 5 and options["max_examples"] == 2 and options["report_dir"] == "r"
    # the CLI's own quiet default (-q: the scorecard section is the summary), then what was passed through
    assert options["layer"] == "all" and options["pytest_extra"] == ["-q", "-x"]
    assert conformance_main.Target is not in_process.InProcessTarget, "the CLI was left patched"


def test_the_in_process_command_fails_when_the_cli_builds_its_target_elsewhere(monkeypatch: pytest.MonkeyPatch) -> None:
    import conformance.__main__ as conformance_main

    monkeypatch.setattr(conformance_main, "main", lambda argv: 0)  # a CLI that never calls Target.from_env
    assert in_process.main([]) == in_process.NOT_IN_PROCESS


def test_the_in_process_command_refuses_a_target(capsys: pytest.CaptureFixture[str]) -> None:
    assert in_process.main(["--target", "http://127.0.0.1:8080"]) == 2
    assert in_process.main(["--target=http://127.0.0.1:8080"]) == 2
    assert "--target" in capsys.readouterr().err


def test_the_in_process_mock_is_the_one_python_m_mock_server_serves(monkeypatch: pytest.MonkeyPatch) -> None:
    import mock_server.__main__ as mock_main

    for name in list(os.environ):
        if name.startswith("MOCK_"):
            monkeypatch.delenv(name)
    served: list[Any] = []
    monkeypatch.setattr(mock_main.uvicorn, "run", lambda app, **_: served.append(app))
    mock_main.main(["--host", "127.0.0.1", "--port", "8080"])
    ours = in_process.build_mock_app()
    assert ours.mock_context.settings == served[0].mock_context.settings
    assert ours.mock_context.settings.load_fixtures
    assert sorted(ours.mock_context.store.asset_families) == sorted(served[0].mock_context.store.asset_families)
    assert ours.mock_context.store.asset_families, "the default catalog is not loaded"
