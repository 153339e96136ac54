"""The mutation harness: its catalogue is well formed, its patches never outlive a request, and a couple of mutants
go end to end (built, checked by a slice of the conformance suite, reported caught) in a few seconds.

The full run (every mutant against the whole suite) is `tox -e mutation`, not part of these fast tests.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server.domain.asset_manager import asset, asset_attribute
from mutation import MutantOutcome, RunReport, SuiteOptions, SuiteResult, format_table, to_markdown
from mutation.mutants import KINDS, MUTANTS, RESPONSE, RULE_OFF, by_name
from tests.support import BASIC, PASSWORD_GRANT

ROOT = Path(__file__).resolve().parents[2]
API = "/api/rest/v1"


# -- the catalogue ---------------------------------------------------------------------------------------------------


def test_every_mutant_has_a_unique_name_a_description_and_a_kind() -> None:
    names = [mutant.name for mutant in MUTANTS]
    assert len(names) == len(set(names)), sorted(name for name in names if names.count(name) > 1)
    for mutant in MUTANTS:
        assert mutant.name.isidentifier() and mutant.name == mutant.name.lower(), mutant.name
        assert mutant.kind in KINDS, mutant
        assert mutant.description.strip() and "\n" not in mutant.description, mutant.name
        assert mutant.area.strip(), mutant.name
        assert mutant.catch.strip() and "\n" not in mutant.catch, mutant.name  # the check that catches it
        assert callable(mutant.build), mutant.name


def test_the_catalogue_has_at_least_25_mutants_of_both_kinds() -> None:
    assert len(MUTANTS) >= 25
    assert {mutant.kind for mutant in MUTANTS} == {RULE_OFF, RESPONSE}


def test_every_rule_off_patch_names_something_the_mock_still_has() -> None:
    """mock.patch refuses a missing attribute: a renamed function of the mock shows up here, not as a mutant
    'caught' by the 500s of a broken patch."""
    for mutant in MUTANTS:
        assert (mutant.patches is not None) == (mutant.kind == RULE_OFF), mutant.name
        if mutant.patches is None:
            continue
        patchers = list(mutant.patches())
        assert patchers, mutant.name
        for patcher in patchers:
            with patcher:
                pass


def test_by_name_keeps_catalogue_order_and_refuses_unknown_names() -> None:
    first, second = MUTANTS[0].name, MUTANTS[1].name
    assert [m.name for m in by_name([second, first])] == [first, second]
    assert by_name(None) == list(MUTANTS)
    with pytest.raises(KeyError, match="no_such_mutant"):
        by_name(["no_such_mutant"])


# -- the two ways a mutant is built ----------------------------------------------------------------------------------


def _authenticated(client: TestClient) -> TestClient:
    response = client.post("/api/oauth/v1/token", json=PASSWORD_GRANT, headers={"Authorization": BASIC})
    assert response.status_code == 200, response.text
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    return client


def _mismatched_code(client: TestClient) -> Any:
    family = client.patch(f"{API}/asset-families/harness_family", json={"code": "harness_family"})
    assert family.status_code == 201, family.text
    return client.patch(f"{API}/asset-families/harness_family/assets/one", json={"code": "another"})


def test_a_rule_off_mutant_breaks_the_rule_only_while_a_request_is_handled() -> None:
    original = asset.check_identity
    (mutant,) = by_name(["asset_code_mismatch_accepted"])
    with TestClient(mutant.build()) as client:
        response = _mismatched_code(_authenticated(client))
        assert asset.check_identity is original  # restored as soon as the request left
    assert response.status_code == 201, response.text  # the clean mock answers 422
    with TestClient(by_name(["asset_code_mismatch_accepted"])[0].build().app) as clean:  # the unwrapped app
        assert _mismatched_code(_authenticated(clean)).status_code == 422


def test_a_table_patch_is_restored_after_the_request() -> None:
    rules = dict(asset_attribute.TYPE_RULES)
    (mutant,) = by_name(["media_type_not_required"])
    with TestClient(mutant.build()) as client:
        _authenticated(client).patch(f"{API}/asset-families/harness_media", json={"code": "harness_media"})
        response = client.patch(
            f"{API}/asset-families/harness_media/attributes/picture",
            json={"code": "picture", "type": "media_file", "value_per_locale": False, "value_per_channel": False},
        )
    assert response.status_code == 201, response.text
    assert rules == asset_attribute.TYPE_RULES


def test_a_response_mutant_rewrites_the_selected_answers_and_fixes_content_length() -> None:
    (mutant,) = by_name(["errors_as_problem_json"])
    with TestClient(mutant.build()) as client:
        response = _authenticated(client).get(f"{API}/asset-families/no_such_family")
        listed = client.get(f"{API}/asset-families")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404 and "code" not in response.json()
    assert int(response.headers["content-length"]) == len(response.content)
    assert listed.status_code == 200 and listed.headers["content-type"].startswith("application/json")


# -- end to end: the clean mock, then two mutants, against the suite's tests of the rules they break ----------------


def test_two_mutants_end_to_end_are_caught_by_the_tests_of_their_rules(tmp_path: Path) -> None:
    report = tmp_path / "mutation.json"
    markdown = tmp_path / "RESULTS.md"
    command = [
        sys.executable,
        "-m",
        "mutation",
        "--only",
        "asset_code_mismatch_accepted",
        "location_header_dropped",
        "--select",
        "ASSET-CODE-IMMUTABLE,ASSET-UPSERT-UPDATE",
        "--layer",
        "scenarios",
        "--report",
        str(report),
        "--markdown",
        str(markdown),
    ]
    completed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    result = json.loads(report.read_text(encoding="utf-8"))
    assert result["clean_passed"] is True
    assert result["score"] == 1.0 and result["caught"] == result["total"] == 2
    caught_by = {mutant["name"]: mutant["failed_tests"] for mutant in result["mutants"]}
    assert any("test_asset_code_is_immutable" in test for test in caught_by["asset_code_mismatch_accepted"])
    assert any("test_asset_upsert_updates_with_204" in test for test in caught_by["location_header_dropped"])
    assert "mutation score: 2/2 = 100%" in completed.stdout
    assert "Mutation score: 2/2 = 100%" in markdown.read_text(encoding="utf-8")


def test_the_exit_status_is_1_when_a_mutant_survives(tmp_path: Path) -> None:
    # A rule the selected tests do not check: the mutant survives, and the run says so.
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "mutation",
            "--only",
            "option_limit_ignored",
            "--select",
            "ASSET-CODE-IMMUTABLE",
            "--layer",
            "scenarios",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "SURVIVED" in completed.stdout
    assert "survivors: option_limit_ignored" in completed.stdout


# -- presenting ------------------------------------------------------------------------------------------------------


def _report(clean_status: int, caught: bool) -> RunReport:
    result = SuiteResult(status=1 if caught else 0, failed_tests=["scenarios/test_x.py::test_y"] if caught else [])
    outcome = MutantOutcome("some_mutant", RULE_OFF, "assets", "something is broken", result, "check the thing")
    return RunReport(SuiteResult(status=clean_status, passed_tests=3), [outcome], SuiteOptions(), 12.0, 1)


def test_a_run_is_ok_only_when_the_clean_mock_passes_and_every_mutant_is_caught() -> None:
    assert _report(0, caught=True).ok
    assert not _report(0, caught=False).ok
    assert not _report(1, caught=True).ok
    table = format_table(_report(0, caught=True))
    assert "test_x::test_y" in table and "mutation score: 1/1 = 100%" in table
    survived = to_markdown(_report(0, caught=False))
    assert "| `some_mutant` |" in survived and "check the thing" in survived


def test_each_mutant_reports_the_layers_whose_tests_caught_it() -> None:
    failed = [
        "conformance/differential/test_differential.py::test_the_target_answers_every_call_as_the_reference_model",
        "conformance/scenarios/test_assets.py::test_x",
    ]
    outcome = MutantOutcome("some_mutant", RULE_OFF, "assets", "broken", SuiteResult(status=1, failed_tests=failed))
    assert outcome.layers == ["differential", "scenarios"]
    report = RunReport(SuiteResult(status=0, passed_tests=3), [outcome], SuiteOptions(layer="differential"), 1.0, 1)
    assert "differential,scenarios" in format_table(report)
    assert "| differential, scenarios |" in to_markdown(report)
    assert report.to_json()["mutants"][0]["caught_by_layers"] == ["differential", "scenarios"]
