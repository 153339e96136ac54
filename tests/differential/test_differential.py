"""The differential layer against the mock (no divergence) and against mocks with one planted divergence (found,
and shrunk to a sequence of at most 3 calls). The 5-seed budget measurement is benchmarks/differential_seeds.py."""

from __future__ import annotations

import json
import re
from typing import Any

from conformance import Target, run
from conformance.differential.settings import DifferentialSettings
from conformance.plugin import ConformanceRun
from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from mutation.mutants import Exchange, RewriteResponses
from tests.conformance.asgi_wrappers import recording

RULE = "DIFFERENTIAL-MODEL"
ASSETS = r"/api/rest/v1/asset-families/[^/]+/assets"
FAMILY = r"/api/rest/v1/asset-families/[^/]+"


def mock() -> Any:
    """The mock as `python -m mock_server` serves it (the reference's start catalog), answers validated."""
    return create_app(settings=Settings(validate_responses=True), start_catalog=load_start)


def differential_run(app: Any, seed: int, read_only: bool = False, **settings: Any) -> tuple[int, ConformanceRun]:
    runs: list[ConformanceRun] = []
    status = run(
        Target(app=app, read_only=read_only),
        layer="differential",
        seed=seed,
        report_dir=None,
        differential=DifferentialSettings(**settings),
        pytest_extra=["-q", "-p", "no:randomly"],
        result=runs,
    )
    return status, runs[0]


def failure_text(conformance_run: ConformanceRun) -> str:
    assert conformance_run.scorecard is not None
    entry = next(rule for rule in conformance_run.scorecard["rules"] if rule["id"] == RULE)
    assert entry["status"] == "fail", entry
    return "\n".join(failure["details"] for test in entry["tests"] for failure in test["failures"])


def reported_calls(text: str) -> int:
    found = re.search(r"the sequence \((\d+) calls", text)
    assert found, text[:3000]
    return int(found.group(1))


def test_the_mock_answers_as_the_reference_model() -> None:
    status, conformance_run = differential_run(mock(), seed=11, examples=10, messages=True)
    assert conformance_run.scorecard is not None
    entry = next(rule for rule in conformance_run.scorecard["rules"] if rule["id"] == RULE)
    assert (status, entry["status"]) == (0, "pass"), entry


def _one_batch_line_changed(exchange: Exchange) -> None:
    """The first created entry of an asset batch answer reads 204 instead of 201; nothing else changes."""
    if exchange.status != 200:
        return
    lines = json.loads(exchange.body)
    for line in lines:
        if line.get("status_code") == 201:
            line["status_code"] = 204
            exchange.body = json.dumps(lines, separators=(",", ":")).encode()  # compact, as the mock writes
            return


def test_a_changed_batch_line_is_found_and_shrunk_to_three_calls_at_most() -> None:
    app = RewriteResponses(mock(), [("PATCH", ASSETS)], _one_batch_line_changed)
    # short sequences, many of them: a first failing sequence of 8 steps at most shrinks in a few hundred runs
    status, conformance_run = differential_run(app, seed=3, examples=100, steps=8)
    text = failure_text(conformance_run)
    assert status == 1
    assert '"status_code": 204' in text and '"status_code": 201' in text  # the diff shows the line
    assert "curl -sS -i -X PATCH" in text  # and the replay
    assert reported_calls(text) <= 3, text[:3000]


def _one_message_changed(exchange: Exchange) -> None:
    """The 404 of an unknown asset family says something else; its status and code stay."""
    if exchange.status == 404:
        body = json.loads(exchange.body)
        body["message"] = "No such family."
        exchange.body = json.dumps(body, separators=(",", ":")).encode()


def test_a_changed_message_is_found_with_messages_compared_only() -> None:
    app = RewriteResponses(mock(), [("GET", FAMILY)], _one_message_changed)
    status, _ = differential_run(app, seed=5, examples=15, steps=6)
    assert status == 0  # messages are left out by default
    app = RewriteResponses(mock(), [("GET", FAMILY)], _one_message_changed)
    status, conformance_run = differential_run(app, seed=5, examples=40, steps=6, messages=True)
    text = failure_text(conformance_run)
    assert status == 1 and "No such family." in text
    assert reported_calls(text) <= 3, text[:3000]


def _labels_dropped(exchange: Exchange) -> None:
    """GET of an asset family answers without its labels."""
    if exchange.status == 200:
        body = json.loads(exchange.body)
        body.pop("labels", None)
        exchange.body = json.dumps(body, separators=(",", ":")).encode()


def test_read_only_writes_nothing_and_compares_the_targets_own_families() -> None:
    seen: list[tuple[str, str]] = []
    status, _ = differential_run(recording(mock(), seen), seed=2, examples=5, read_only=True)
    writes = [(method, path) for method, path in seen if method != "GET" and not path.endswith("/token")]
    assert status == 0 and not [w for w in writes if not w[1].startswith("/mock/tenants/")], writes
    held = [path for _, path in seen if re.fullmatch(FAMILY, path) and "unknown" not in path]
    assert held, seen  # the target's own families are read and compared
    broken = RewriteResponses(mock(), [("GET", FAMILY)], _labels_dropped)
    status, conformance_run = differential_run(broken, seed=2, examples=40, steps=6, read_only=True)
    assert status == 1 and '"labels"' in failure_text(conformance_run)
