"""The per-rule scorecard: built from a run's test records, written as JSON and static HTML, summed up in a terminal.

A rule passes when at least one of its tests ran and none failed; it fails when any of its tests failed or errored;
otherwise it was not run (no test, deselected, skipped), with the reason. Failing tests carry their message and
the HTTP exchanges that led to the failure, each with a curl line that replays it.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from conformance.rules import LEVELS, RuleCatalogue

SCHEMA_VERSION = 1
PASS, FAIL, NOT_RUN = "pass", "fail", "not_run"
FAILED_OUTCOMES = frozenset({"failed", "error"})
NOT_RUN_REASON = "not run: the session stopped before it (-x, --maxfail or an interruption)"
SETUP_FAILED = "setup failed"  # a test outcome: a set-up step failed (conformance/preparation.py), its rule unjudged
# Exceptions a scenario raises when an answer lacks what it reads (a key, an item, JSON): reported with that answer.
UNREADABLE_ANSWER = (KeyError, IndexError, TypeError, ValueError, AttributeError)
DIFFERENTIAL_RULE = "DIFFERENTIAL-MODEL"  # the differential layer's one rule: opt-in, so "not run" says how
TERMINAL_RULES = 30  # failing or not-run rules listed one line each in the terminal; the scorecard has them all


@dataclass
class Failure:
    """One failing report of a test: a phase (setup, call, teardown) or one Schemathesis operation."""

    where: str
    message: str
    details: str = ""
    exchanges: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where, "message": self.message, "details": self.details, "exchanges": self.exchanges}


@dataclass
class TestRecord:
    """What the plugin learnt about one collected test."""

    __test__ = False  # not a pytest test class, whatever its name

    nodeid: str
    rules: list[str]
    markers: list[str] = field(default_factory=list)
    problem: str | None = None  # no rule id, or an id missing from the rule catalogue
    outcome: str = "not run"  # passed | failed | error | setup failed | skipped | deselected | not run
    reason: str = ""
    duration_s: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "nodeid": self.nodeid,
            "outcome": self.outcome,
            "reason": self.reason,
            "markers": self.markers,
            "duration_s": round(self.duration_s, 3),
            "failures": [failure.to_dict() for failure in self.failures],
        }


def _rule_status(rule_id: str, tests: list[TestRecord], run: Mapping[str, Any]) -> tuple[str, str]:
    if not tests:
        layer = str(run.get("layer", "all"))
        if rule_id == DIFFERENTIAL_RULE and layer != "differential" and not run.get("differential"):
            return NOT_RUN, "no test collected (the differential layer runs with --differential)"
        return NOT_RUN, "no test proves this rule yet" if layer == "all" else f"no test collected (--layer {layer})"
    if any(test.outcome in FAILED_OUTCOMES for test in tests):
        return FAIL, ""
    blocked = sorted({test.reason for test in tests if test.outcome == SETUP_FAILED})
    if blocked:  # a rule some of whose tests could not judge it is not proven, whatever the others did
        return NOT_RUN, "; ".join(blocked)
    if any(test.outcome == "passed" for test in tests):
        return PASS, ""
    reasons = sorted({test.reason or NOT_RUN_REASON for test in tests})
    return NOT_RUN, "; ".join(reasons)


def _counts(statuses: Iterable[str]) -> dict[str, int]:
    counts = {PASS: 0, FAIL: 0, NOT_RUN: 0}
    for status in statuses:
        counts[status] += 1
    return counts


def unreadable(error: str, exchanges: Sequence[Any]) -> str:
    """The message of an UNREADABLE_ANSWER: the last request, its answer and what was missing, not a bare traceback."""
    if not exchanges:
        return f"the scenario could not go on: {error}"
    last = exchanges[-1]
    body = last.response_body[:300] or "(empty body)"
    return f"the answer of {last.summary()} lacks what the scenario reads ({error}): {body}"


def build_scorecard(
    rules: RuleCatalogue,
    tests: Iterable[TestRecord],
    *,
    target: str,
    run: Mapping[str, Any],
    cleanup_problems: Iterable[str] = (),
) -> dict[str, Any]:
    """The scorecard as a JSON-ready dict: one entry per rule of the catalogue, in catalogue order."""
    records = list(tests)
    entries = []
    for rule in rules:
        proving = [test for test in records if rule.id in test.rules]
        status, reason = _rule_status(rule.id, proving, run)
        entries.append({**rule.to_dict(), "status": status, "reason": reason, "tests": [t.to_dict() for t in proving]})
    unmapped = [{**test.to_dict(), "problem": test.problem} for test in records if test.problem]
    outcomes: dict[str, int] = {}
    for test in records:
        outcomes[test.outcome] = outcomes.get(test.outcome, 0) + 1
    failed_tests = sum(outcomes.get(outcome, 0) for outcome in FAILED_OUTCOMES)
    statuses = [entry["status"] for entry in entries]
    passed_any = outcomes.get("passed", 0) > 0
    blocked = outcomes.get(SETUP_FAILED, 0) > 0
    result = PASS if passed_any and failed_tests == 0 and not blocked and FAIL not in statuses else FAIL
    return {
        "schema_version": SCHEMA_VERSION,
        "suite": "Akeneo Asset Manager REST API conformance",
        "target": target,
        "generated_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "run": dict(run),
        "result": result,
        "summary": {
            "rules": len(entries),
            **_counts(statuses),
            **{level: _counts(e["status"] for e in entries if e["level"] == level) for level in LEVELS},
            "tests": dict(sorted(outcomes.items())),
        },
        "rules": entries,
        "unmapped_tests": unmapped,
        "cleanup_problems": list(cleanup_problems),
    }


def write_reports(scorecard: Mapping[str, Any], report_dir: Path) -> dict[str, Path]:
    """Writes scorecard.json and scorecard.html into report_dir (created); returns their paths."""
    report_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": report_dir / "scorecard.json", "html": report_dir / "scorecard.html"}
    paths["json"].write_text(json.dumps(scorecard, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths["html"].write_text(render_html(scorecard), encoding="utf-8")
    return paths


# --- terminal --------------------------------------------------------------------------------------------------------


def terminal_lines(scorecard: Mapping[str, Any], report_paths: Iterable[Path] = ()) -> list[str]:
    """A short summary (under ~100 lines): the counts, one line per failing rule (its first failure and the request
    it ended on) and per rule not run (why), failed cleanups counted in one line, and where the reports are."""
    summary = scorecard["summary"]
    run = scorecard["run"]
    lines = [
        f"target {scorecard['target']}  (run prefix {run.get('run_prefix')}, seed {run.get('seed')}, "
        f"read-only {'yes' if run.get('read_only') else 'no'}"
        + (f", mock tenant {run['mock_tenant']}" if run.get("mock_tenant") else "")
        + ")",
        f"{summary['rules']} rules: {summary[PASS]} pass, {summary[FAIL]} fail, {summary[NOT_RUN]} not run"
        f"  ({'; '.join(f'{level}: {summary[level][FAIL]} fail' for level in LEVELS)})",
    ]
    listed = [f"FAIL     {e['id']}: {_first_failure(e)}" for e in scorecard["rules"] if e["status"] == FAIL]
    not_run = [e for e in scorecard["rules"] if e["status"] == NOT_RUN]
    left_out = [e for e in not_run if e["reason"].startswith("deselected:")]  # asked for by the run's options
    listed += [f"NOT RUN  {e['id']}: {e['reason'][:200]}" for e in not_run if e not in left_out]
    lines.extend(listed[:TERMINAL_RULES])
    if len(listed) > TERMINAL_RULES:
        lines.append(f"... and {len(listed) - TERMINAL_RULES} more failing or not-run rules (see the scorecard)")
    if left_out:
        lines.append(f"NOT RUN  {len(left_out)} rule(s) deselected by --select, --read-only or -k (see the scorecard)")
    unmapped = scorecard["unmapped_tests"]
    ran = [test for test in unmapped if test["outcome"] != "deselected"]
    for test in ran[:20]:
        lines.append(f"UNMAPPED {test['nodeid']}: {test['problem']}")
    if len(ran) > 20:
        lines.append(f"UNMAPPED ... and {len(ran) - 20} more (see the scorecard)")
    left_out = sum(test["outcome"] == "deselected" for test in unmapped)
    if left_out:
        lines.append(f"UNMAPPED {left_out} deselected test(s) name no rule of the catalogue (see the scorecard)")
    cleanup = scorecard.get("cleanup_problems", [])
    if cleanup:
        first = cleanup[0][:150]
        lines.append(f"cleanup: {len(cleanup)} DELETE(s) at teardown failed, the first: {first} (see the scorecard)")
    lines.append(f"result: {scorecard['result'].upper()}")
    paths = [str(path) for path in report_paths]
    if paths:
        lines.append("reports: " + ", ".join(paths))
    return lines


def _first_failure(entry: Mapping[str, Any]) -> str:
    """One line: the first failure's message and the request it ended on (the scorecard has the rest)."""
    failing = [test for test in entry["tests"] if test["failures"]]
    if not failing:
        return "failed"
    failure = failing[0]["failures"][0]
    said = [line.strip() for line in failure["message"].splitlines() if line.strip()] or ["failed"]
    message = said[0] if said[0] != "AssertionError:" or len(said) == 1 else f"{said[0]} {said[1]}"
    message = message[:160]
    more = f" (+{len(failing) - 1} test(s))" if len(failing) > 1 else ""
    if failure["exchanges"]:
        last = failure["exchanges"][-1]
        return f"{message}  [{last['method']} {last['url']} -> {last['status']}]{more}"
    return message + more


# --- HTML ------------------------------------------------------------------------------------------------------------

_CSS = """
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d2433}
h1{font-size:1.4rem;margin:0 0 .3rem} .meta{color:#5a6270;margin-bottom:1rem}
table{border-collapse:collapse;width:100%} th,td{border-bottom:1px solid #e3e6eb;padding:.35rem .5rem;
text-align:left;vertical-align:top} th{background:#f4f6f8}
.badge{display:inline-block;border-radius:3px;padding:0 .45rem;font-weight:600;font-size:.8rem}
.pass{background:#d9f2e1;color:#14532d} .fail{background:#fbdada;color:#7f1d1d} .not_run{background:#eceef1;color:#444}
.result{font-size:1.1rem} code,pre{font:12px/1.4 ui-monospace,monospace}
pre{background:#f6f8fa;border:1px solid #e3e6eb;padding:.5rem;white-space:pre-wrap;word-break:break-all;margin:.3rem 0}
details{margin:.3rem 0} summary{cursor:pointer} .optional{color:#5a6270;font-style:italic}
.filters label{margin-right:1rem}
"""

_SCRIPT = """
for (const box of document.querySelectorAll('.filters input')) {
  box.addEventListener('change', () => {
    for (const row of document.querySelectorAll('tr[data-status]')) {
      const shown = document.querySelector('.filters input[value="' + row.dataset.status + '"]').checked;
      row.style.display = shown ? '' : 'none';
    }
  });
}
"""


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def _exchange_html(exchange: Mapping[str, Any]) -> str:
    request_headers = "\n".join(f"{k}: {v}" for k, v in exchange["request_headers"].items())
    response_headers = "\n".join(f"{k}: {v}" for k, v in exchange["response_headers"].items())
    note = f" <em>{_e(exchange['note'])}</em>" if exchange.get("note") else ""
    return (
        f"<details><summary><code>{_e(exchange['method'])} {_e(exchange['url'])} &rarr; "
        f"{_e(exchange['status'])}</code>{note}</summary>"
        f"<div>Reproduce (set AKENEO_TOKEN, or the AKENEO_* credentials):</div><pre>{_e(exchange['curl'])}</pre>"
        f"<div>Request</div><pre>{_e(request_headers)}\n\n{_e(exchange['request_body'])}</pre>"
        f"<div>Response</div><pre>{_e(response_headers)}\n\n{_e(exchange['response_body'])}</pre></details>"
    )


def _tests_html(entry: Mapping[str, Any]) -> str:
    parts = []
    for test in entry["tests"]:
        reason = f" &mdash; {_e(test['reason'])}" if test["reason"] else ""
        parts.append(f"<div><code>{_e(test['nodeid'])}</code>: {_e(test['outcome'])}{reason}</div>")
        for failure in test["failures"]:
            parts.append(f"<div><strong>{_e(failure['where'])}</strong></div><pre>{_e(failure['message'])}</pre>")
            if failure["details"] and failure["details"] != failure["message"]:
                parts.append(f"<details><summary>details</summary><pre>{_e(failure['details'])}</pre></details>")
            parts.extend(_exchange_html(exchange) for exchange in failure["exchanges"])
    return "".join(parts) or f"<em>{_e(entry['reason'])}</em>"


def _level_counts(summary: Mapping[str, Any]) -> str:
    counts = (summary.get(level, {}) for level in LEVELS)
    return "; ".join(
        f"{level}: {c.get(PASS, 0)} pass, {c.get(FAIL, 0)} fail, {c.get(NOT_RUN, 0)} not run"
        for level, c in zip(LEVELS, counts, strict=True)
    )


def render_html(scorecard: Mapping[str, Any]) -> str:
    """A self-contained page: the counts, then one row per rule; failing rules show their exchanges and curl lines."""
    summary, run = scorecard["summary"], scorecard["run"]
    rows = []
    for entry in scorecard["rules"]:
        level = (
            entry["level"] if entry["level"] == "required" else f'<span class="optional">{_e(entry["level"])}</span>'
        )
        details = _tests_html(entry)
        if entry["status"] != FAIL:
            details = f"<details><summary>{len(entry['tests'])} test(s)</summary>{details}</details>"
        rows.append(
            f'<tr data-status="{_e(entry["status"])}"><td><code>{_e(entry["id"])}</code></td>'
            f'<td><span class="badge {_e(entry["status"])}">{_e(entry["status"].replace("_", " "))}</span></td>'
            f'<td>{level}</td><td>{_e(entry["rule"])}<div class="meta">{_e(entry["source"])}</div>'
            f"{details}</td></tr>"
        )
    unmapped = "".join(
        f"<li><code>{_e(test['nodeid'])}</code>: {_e(test['problem'])}</li>" for test in scorecard["unmapped_tests"]
    )
    unmapped_html = f"<h2>Tests without a known rule</h2><ul>{unmapped}</ul>" if unmapped else ""
    run_items = "".join(f"<li>{_e(key)}: <code>{_e(value)}</code></li>" for key, value in run.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conformance scorecard: {_e(scorecard["target"])}</title>
<style>{_CSS}</style></head><body>
<h1>{_e(scorecard["suite"])}</h1>
<div class="meta">Target <code>{_e(scorecard["target"])}</code>, generated {_e(scorecard["generated_at"])}</div>
<p class="result">Result: <span class="badge {_e(scorecard["result"])}">{_e(scorecard["result"].upper())}</span>
&nbsp; {summary["rules"]} rules: {summary[PASS]} pass, {summary[FAIL]} fail, {summary[NOT_RUN]} not run
({_level_counts(summary)})</p>
<details><summary>Run options</summary><ul>{run_items}</ul></details>
<div class="filters">Show:
<label><input type="checkbox" value="pass" checked> pass</label>
<label><input type="checkbox" value="fail" checked> fail</label>
<label><input type="checkbox" value="not_run" checked> not run</label></div>
<table><thead><tr><th>Rule</th><th>Status</th><th>Level</th><th>What the docs say, and the tests</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
{unmapped_html}
<script>{_SCRIPT}</script>
</body></html>
"""
