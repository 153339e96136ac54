"""python -m conformance (issue #11): --version, --list-rules, --select typos, the in-process target through the CLI,
and the contract layer's progress lines."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest

import conformance.__main__ as conformance_main
from conformance import Target, run
from conformance.progress import PROGRESS_EVERY
from conformance.rules import load_rules
from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.conformance.test_preflight import serve_in_main

UNREACHABLE = ["--target", "http://127.0.0.1:9"]  # never contacted by the commands that exit before a run


def test_version_prints_the_installed_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        conformance_main.main(["--version"])
    assert exited.value.code == 0
    assert (
        capsys.readouterr().out.strip()
        == f"akeneo-asset-manager-toolkit {metadata.version('akeneo-asset-manager-toolkit')}"
    )


def test_list_rules_prints_id_level_and_rule_one_line_each_then_the_count(capsys: pytest.CaptureFixture[str]) -> None:
    rules = load_rules()
    assert conformance_main.main([*UNREACHABLE, "--list-rules"]) == 0
    *lines, count = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == len(rules)
    for line, rule in zip(lines, rules, strict=True):
        assert line.split(None, 2) == [rule.id, rule.level, rule.rule]
    required = sum(rule.level == "required" for rule in rules)
    assert count.startswith(f"{len(rules)} rules: {required} required")


def test_list_rules_lists_only_what_select_picks(capsys: pytest.CaptureFixture[str]) -> None:
    assert conformance_main.main([*UNREACHABLE, "--list-rules", "--select", "AUTH,CONTRACT-001"]) == 0
    *lines, count = capsys.readouterr().out.strip().splitlines()
    ids = [line.split()[0] for line in lines]
    assert ids == [rule_id for rule_id in load_rules().ids if rule_id.startswith("AUTH-") or rule_id == "CONTRACT-001"]
    assert count.startswith(f"{len(ids)} of {len(load_rules())} rules")


def test_a_select_typo_suggests_the_close_ids_in_one_line_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    rule_id = load_rules().ids[-1]
    typo = rule_id[:-2] + rule_id[-1]  # one letter dropped
    assert conformance_main.main([*UNREACHABLE, "--select", f"AUTH,{typo}"]) == 2
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"conformance: not run: --select {typo} names no rule; did you mean ")
    assert rule_id in line
    assert "AUTH " not in line  # the valid area is not blamed


def test_a_select_word_close_to_nothing_points_to_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    assert conformance_main.main([*UNREACHABLE, "--select", "QQQQQQ-ZZZZ"]) == 2
    assert capsys.readouterr().err.strip().endswith("names no rule; see --list-rules")


def test_expressions_globs_and_areas_are_not_typos() -> None:
    rules = load_rules()
    words = ["not vendor_messages", "AUTH", "FAM-*", "NOPE-*", "read_operation and not product_side"]
    assert conformance_main.unknown_ids(rules, words) == []


def mock(**settings: Any) -> Any:
    return create_app(settings=Settings(load_fixtures=False, **settings), start_catalog=load_start)


def test_the_cli_checks_then_runs_an_in_process_target_with_ids_and_an_expression(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    serve_in_main(monkeypatch, mock())
    arguments = ["--layer", "scenarios", "--select", "AUTH-ROOT-OPEN", "--select", "not vendor_messages"]
    assert conformance_main.main([*arguments, "--report-dir", str(tmp_path), "--", "-q"]) == 0
    scorecard = json.loads((tmp_path / "scorecard.json").read_text())
    statuses = {entry["id"]: entry["status"] for entry in scorecard["rules"]}
    assert statuses["AUTH-ROOT-OPEN"] == "pass"
    assert {status for rule_id, status in statuses.items() if rule_id != "AUTH-ROOT-OPEN"} == {"not_run"}


PROGRESS = re.compile(r"^\[contract\] (test_\w+): (.*)$")


def test_the_contract_layer_shows_its_progress_in_a_few_lines(capsys: pytest.CaptureFixture[str]) -> None:
    target = Target(app=mock())
    select = ["CONTRACT-001", "read_operation and not product_side"]
    status = run(target, layer="contract", select=select, seed=1, max_examples=1, report_dir=None, pytest_extra=["-q"])
    assert status == 0
    lines = [match.groups() for match in map(PROGRESS.match, capsys.readouterr().out.splitlines()) if match]
    tests = {test for test, _ in lines}
    assert tests == {"test_every_read_operation_answers_as_the_contract_says"}
    texts = [text for _, text in lines]
    assert texts[0] == "started"
    done = re.fullmatch(r"passed, (\d+) operations \(\1 passed, 0 failed\), \d+:\d\d elapsed", texts[-1])
    assert done, texts[-1]
    operations = int(done.group(1))
    assert operations > PROGRESS_EVERY
    assert len(texts) == 2 + operations // PROGRESS_EVERY  # start, one line every PROGRESS_EVERY, end
    assert all(re.search(r"operations .*; last (GET|HEAD) /api/", text) for text in texts[1:-1]), texts
