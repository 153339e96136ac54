"""The conformance suite run in-process against the mock: it passes the good mock, fails broken ones naming the
rule, keeps out of the way of a read-only target, and its rules and tests match one to one.

Each test is one run of the suite (a few seconds to a minute): the mock is served on a loopback port by the Target.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from conformance import Target, run
from conformance.plugin import ConformanceRun, inventory
from conformance.rules import load_rules
from conformance.target import Credentials
from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.services.tenants import counts
from mock_server.settings import Settings
from tests.conformance.asgi_wrappers import answering_500, dropping_header, keeping_token_answers, recording

SEED = 20260101
FEW_EXAMPLES = 3  # enough for every phase to reach every operation; the suite's default is deeper
WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def mock(**settings: Any) -> Any:
    return create_app(settings=Settings(validate_responses=True, **settings), start_catalog=load_start)


def checked(app: Any, report_dir: Path | None, **options: Any) -> tuple[int, ConformanceRun]:
    """Runs the suite against `app`; returns the exit status and the run (its scorecard, its test records)."""
    runs: list[ConformanceRun] = []
    options.setdefault("seed", SEED)
    options.setdefault("max_examples", FEW_EXAMPLES)
    target = options.pop("target", None) or Target(app=app, read_only=options.pop("read_only", False))
    options.setdefault("pytest_extra", ["-q"])
    status = run(target, report_dir=report_dir, result=runs, **options)
    assert runs, "run() did not start a conformance run"
    return status, runs[0]


DIFFERENTIAL = "DIFFERENTIAL-MODEL"


def rule_entry(conformance_run: ConformanceRun, rule_id: str) -> dict[str, Any]:
    assert conformance_run.scorecard is not None
    return next(entry for entry in conformance_run.scorecard["rules"] if entry["id"] == rule_id)


def tenant_names(app: Any) -> list[str]:
    return [name for name, _ in app.mock_tenants.items()]


def test_the_mock_conforms_and_the_reports_list_every_rule(tmp_path: Path) -> None:
    app = mock()
    before = counts(app.mock_context)
    status, conformance_run = checked(app, tmp_path)
    scorecard = json.loads((tmp_path / "scorecard.json").read_text())
    html = (tmp_path / "scorecard.html").read_text()
    junit = ET.parse(tmp_path / "junit.xml").getroot()  # noqa: S314 - our own file
    rule_ids = load_rules().ids
    failing = [(e["id"], e["status"], e["reason"]) for e in scorecard["rules"] if e["status"] != "pass"]
    assert status == 0, f"the mock fails the suite: {failing}; unmapped: {scorecard['unmapped_tests'][:5]}"
    assert scorecard["result"] == "pass"
    assert [entry["id"] for entry in scorecard["rules"]] == rule_ids
    # both layers ran; the differential one is opt-in (tests/differential runs it) and says so
    assert failing == [(DIFFERENTIAL, "not_run", "no test collected (the differential layer runs with --differential)")]
    for rule_id in rule_ids:
        assert f"<code>{rule_id}</code>" in html
    assert list(junit.iter("testcase")), "junit.xml lists no test"
    assert scorecard["run"]["seed"] == SEED
    assert scorecard["run"]["run_prefix"] == conformance_run.target.run_prefix
    # TENANT-ISOLATION: the whole run, writes and clock travel included, happened in a tenant of its own, dropped
    assert scorecard["run"]["mock_tenant"] == f"conformance-{conformance_run.target.run_prefix}"
    assert tenant_names(app) == ["default"]
    assert counts(app.mock_context) == before
    assert app.mock_context.clock.offset.total_seconds() == 0


def test_keep_tenant_leaves_the_runs_tenant_with_what_the_run_created() -> None:
    app = mock()
    target = Target(app=app, keep_tenant=True)
    status, _ = checked(app, None, target=target, layer="scenarios", select=["FAM-UPSERT"])
    assert status == 0
    kept = f"conformance-{target.run_prefix}"
    assert tenant_names(app) == ["default", kept]
    created = [code for code in app.mock_tenants.context(kept).store.asset_families if target.run_prefix in code]
    assert created, "the kept tenant holds none of the run's families"
    assert not [code for code in app.mock_context.store.asset_families if target.run_prefix in code]


def test_a_server_answering_500_fails_and_the_scorecard_names_the_rules(tmp_path: Path) -> None:
    broken = answering_500(mock(), "/api/rest/v1/asset-families")
    status, conformance_run = checked(
        broken, tmp_path, select=["AUTH-PASSWORD-GRANT,CONTRACT-001", "password_grant or read_operation"]
    )
    assert status == 1
    scorecard = json.loads((tmp_path / "scorecard.json").read_text())
    assert scorecard["result"] == "fail"
    statuses = {entry["id"]: entry["status"] for entry in scorecard["rules"]}
    assert statuses["AUTH-PASSWORD-GRANT"] == "fail"
    assert statuses["CONTRACT-001"] == "fail"
    assert statuses["AUTH-ROOT-OPEN"] == "not_run"
    failures = [f for test in rule_entry(conformance_run, "CONTRACT-001")["tests"] for f in test["failures"]]
    exchanges = [exchange for failure in failures for exchange in failure["exchanges"]]
    broken_exchange = next(e for e in exchanges if e["status"] == 500)
    assert "/api/rest/v1/asset-families" in broken_exchange["url"]
    assert broken_exchange["curl"].startswith(f"curl -sS -i -X {broken_exchange['method']} ")
    assert "broken on purpose" in broken_exchange["response_body"]
    assert "not_a_server_error" in broken_exchange["note"]
    html = (tmp_path / "scorecard.html").read_text()
    assert 'class="badge fail">fail</span>' in html
    assert "broken on purpose" in html


def test_a_server_dropping_content_type_fails_the_contract(tmp_path: Path) -> None:
    broken = dropping_header(mock(), "content-type", "/api/rest/v1/asset-families")
    status, conformance_run = checked(
        broken, tmp_path, layer="contract", select=["CONTRACT-001", "read_operation"], pytest_extra=["-q", "-x"]
    )
    assert status == 1
    entry = rule_entry(conformance_run, "CONTRACT-001")
    assert entry["status"] == "fail"
    notes = [e["note"] for test in entry["tests"] for f in test["failures"] for e in f["exchanges"]]
    assert any("content_type_conformance" in note for note in notes), notes


def test_read_only_run_deselects_the_writes_and_changes_nothing(tmp_path: Path) -> None:
    requests: list[tuple[str, str]] = []
    _, conformance_run = checked(recording(mock(), requests), tmp_path, read_only=True)
    writes = [
        (method, path)
        for method, path in requests
        if method in WRITE_METHODS and path != "/api/oauth/v1/token" and not path.startswith("/mock/tenants/")
    ]  # dropping the run's own mock tenant at the end changes nothing that was there before
    assert writes == [], f"a read-only run sent writes: {writes[:10]}"
    records = list(conformance_run.tests.values())
    marked = [record for record in records if "writes" in record.markers]
    assert marked, "no test is marked writes"
    assert all(record.outcome == "deselected" and "read-only" in record.reason for record in marked)
    assert [r.nodeid for r in records if "ReadOnlyViolation" in json.dumps([f.message for f in r.failures])] == []
    assert any(record.outcome == "passed" for record in records)
    assert rule_entry(conformance_run, "CONTRACT-002")["status"] == "not_run"
    assert "read-only" in rule_entry(conformance_run, "CONTRACT-002")["reason"]
    assert rule_entry(conformance_run, "CONTRACT-001")["status"] == "pass"  # the reads still ran
    assert conformance_run.scorecard is not None
    assert conformance_run.scorecard["run"]["read_only"] is True
    assert any(method == "GET" for method, _ in requests)


def test_every_rule_has_a_test_and_every_test_names_a_known_rule() -> None:
    collected = inventory()
    rules = collected.rules
    proven = {rule_id for record in collected.tests.values() for rule_id in record.rules}
    without_test = [rule.id for rule in rules if rule.id not in proven]
    without_rule = sorted(f"{record.nodeid}: {record.problem}" for record in collected.tests.values() if record.problem)
    unknown_ids = sorted({rule_id for record in collected.tests.values() for rule_id in record.rules} - set(rules.ids))
    assert collected.tests, "the suite collected no test"
    assert (without_test, without_rule) == ([], []), (
        f"{len(without_test)} rule(s) of rules.yaml without a test: {without_test}\n"
        f"{len(unknown_ids)} rule id(s) used by tests but missing from rules.yaml: {unknown_ids}\n"
        f"{len(without_rule)} test(s) without a known rule id:\n  " + "\n  ".join(without_rule)
    )


def test_a_test_naming_an_unknown_rule_fails_the_run(tmp_path: Path) -> None:
    catalogue = tmp_path / "rules.yaml"
    rules = [rule.to_dict() for rule in load_rules() if rule.id != "AUTH-ROOT-OPEN"]
    catalogue.write_text(json.dumps({"rules": rules}))  # JSON is YAML
    status, conformance_run = checked(
        mock(), None, layer="scenarios", select=["test_root_lists_the_routes_without_token"], rules_path=catalogue
    )
    assert status == 1
    assert conformance_run.scorecard is not None
    unmapped = [test for test in conformance_run.scorecard["unmapped_tests"] if test["outcome"] != "deselected"]
    assert [test["nodeid"].split("::")[-1] for test in unmapped] == ["test_root_lists_the_routes_without_token"]
    assert unmapped[0]["outcome"] == "error"
    assert "AUTH-ROOT-OPEN" in unmapped[0]["problem"]


def test_a_run_that_selects_nothing_fails(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, conformance_run = checked(mock(), tmp_path, select=["NO-SUCH-RULE"])
    assert status == 1
    assert "no check was selected" in capsys.readouterr().err
    assert json.loads((tmp_path / "scorecard.json").read_text())["result"] == "fail"
    assert conformance_run.exit_status == 5


def test_an_optional_rule_failing_is_reported_apart_and_still_fails_the_run(tmp_path: Path) -> None:
    status, conformance_run = checked(mock(access_token_ttl=60), None, select=["AUTH-TOKEN-LIFETIME,AUTH-ROOT-OPEN"])
    assert status == 1
    assert conformance_run.scorecard is not None
    summary = conformance_run.scorecard["summary"]
    assert summary["optional"]["fail"] == 1
    assert summary["required"]["fail"] == 0
    assert summary["required"]["pass"] == 1
    lifetime = [record for record in conformance_run.tests.values() if "AUTH-TOKEN-LIFETIME" in record.rules]
    assert lifetime
    assert all("optional" in record.markers for record in lifetime)


def _with_level(tmp_path: Path, rule_id: str, level: str) -> Path:
    catalogue = tmp_path / "rules.yaml"
    rules = [{**rule.to_dict(), **({"level": level} if rule.id == rule_id else {})} for rule in load_rules()]
    catalogue.write_text(json.dumps({"rules": rules}))  # JSON is YAML
    return catalogue


def test_vendor_message_rules_are_scored_apart_and_can_be_left_out(tmp_path: Path) -> None:
    """A candidate server is scored with or without message parity: the level has its own counts and marker."""
    catalogue = _with_level(tmp_path, "AUTH-ROOT-OPEN", "vendor-messages")
    status, with_messages = checked(mock(), None, select=["AUTH-ROOT-OPEN"], rules_path=catalogue)
    assert status == 0
    assert with_messages.scorecard is not None
    assert with_messages.scorecard["summary"]["vendor-messages"]["pass"] == 1
    root_tests = [record for record in with_messages.tests.values() if record.rules == ["AUTH-ROOT-OPEN"]]
    assert root_tests
    assert all("vendor_messages" in record.markers for record in root_tests)

    status, without = checked(
        mock(), None, layer="scenarios", select=["AUTH", "not vendor_messages"], rules_path=catalogue
    )
    assert status == 0
    assert without.scorecard is not None
    root_open = next(rule for rule in without.scorecard["rules"] if rule["id"] == "AUTH-ROOT-OPEN")
    assert root_open["status"] == "not_run"
    assert without.scorecard["summary"]["required"]["pass"] > 0


def test_secrets_never_reach_the_reports(tmp_path: Path) -> None:
    secret = "pw-5ecret-value"
    answers: list[bytes] = []  # the token route's answers: the store keeps only digests of the tokens it issued
    app = keeping_token_answers(answering_500(mock(password=secret), "/api/rest/v1/asset-families"), answers)
    target = Target(app=app, credentials=Credentials(password=secret))
    status, _ = checked(app, tmp_path, target=target, layer="scenarios", select=["AUTH"])
    assert status == 1  # every GET after a grant answers 500: failures, with their exchanges, are in the reports
    granted = [json.loads(answer) for answer in answers]
    issued = [pair[name] for pair in granted if "access_token" in pair for name in ("access_token", "refresh_token")]
    assert issued
    for name in ("scorecard.json", "scorecard.html", "junit.xml"):
        text = (tmp_path / name).read_text()
        assert "broken on purpose" in text
        assert secret not in text, f"{name} holds the password"
        leaked = [token for token in issued if token in text]
        assert leaked == [], f"{name} holds {len(leaked)} token(s)"


def test_token_expiry_is_checked_by_moving_the_mock_clock_or_by_waiting_within_token_wait(tmp_path: Path) -> None:
    expiry = ["AUTH-TOKEN-EXPIRES"]
    status, on_the_mock = checked(mock(), None, layer="scenarios", select=expiry)
    assert status == 0 and rule_entry(on_the_mock, "AUTH-TOKEN-EXPIRES")["status"] == "pass"  # a 3600 s token

    def clockless(ttl: int, wait: float) -> tuple[int, ConformanceRun]:
        """A server without the mock's clock: its tokens expire in real time."""
        app = answering_500(mock(access_token_ttl=ttl), "/mock/")
        target = Target(app=app, token_wait=wait)
        return checked(app, None, target=target, layer="scenarios", select=[*expiry, "AUTH-ROOT-OPEN"])

    status, too_long = clockless(ttl=3600, wait=0)
    entry = rule_entry(too_long, "AUTH-TOKEN-EXPIRES")
    assert status == 0 and entry["status"] == "not_run"  # not a failure: the run passes on its other rule
    assert "--token-wait 3660" in entry["reason"]
    status, waited = clockless(ttl=1, wait=5)
    assert status == 0 and rule_entry(waited, "AUTH-TOKEN-EXPIRES")["status"] == "pass"
