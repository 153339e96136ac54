"""The rule catalogue's format, the fixtures' helpers (codes, polling), and the command line."""

from __future__ import annotations

import time

import pytest

from conformance.__main__ import parser
from conformance.conftest import CodeRegistry, poll
from conformance.rules import RulesError, load_rules, matches, parse_rules
from conformance.run_options import split_select

RULE = {"id": "AUTH-X", "rule": "one line", "source": "facts 2.2", "level": "required"}


def test_the_shipped_catalogue_is_well_formed_and_holds_the_contract_rules() -> None:
    rules = load_rules()
    assert {"CONTRACT-001", "CONTRACT-002"} <= set(rules.ids)
    assert all(rule.level in ("required", "optional", "vendor-messages") for rule in rules)


def test_a_malformed_catalogue_is_refused_with_every_problem_named() -> None:
    bad = {
        "rules": [
            RULE,
            RULE,  # duplicate
            {**RULE, "id": "lower-case"},
            {**RULE, "id": "AUTH-Y", "level": "nice-to-have"},
            {**RULE, "id": "AUTH-Z", "rule": "two\nlines"},
            {"id": "AUTH-W", "rule": "r", "source": "s"},  # no level
            {**RULE, "id": "AUTH-V", "extra": 1},
        ]
    }
    with pytest.raises(RulesError) as error:
        parse_rules(bad)
    message = str(error.value)
    for gist in ("duplicate id", "UPPER-CASE", "level must be", "one line", "missing level", "unknown keys extra"):
        assert gist in message
    with pytest.raises(RulesError, match="one key"):
        parse_rules([RULE])


def test_rule_patterns_select_ids_prefixes_and_globs() -> None:
    assert matches("AUTH-REFRESH-GRANT", "AUTH")
    assert matches("AUTH-REFRESH-GRANT", "AUTH-REFRESH-GRANT")
    assert matches("AUTH-REFRESH-GRANT", "AUTH-*-GRANT")
    assert not matches("AUTHX-A", "AUTH")
    assert not matches("CONTRACT-001", "AUTH")
    assert split_select(["AUTH,CONTRACT-001", "not product_side"]) == (("AUTH", "CONTRACT-001"), "(not product_side)")


def test_codes_are_prefixed_and_never_shared_between_tests() -> None:
    codes = CodeRegistry("cf0a1b2c")
    assert codes.code_for("family", "test_a") == "cf0a1b2c_family"
    assert codes.code_for("family", "test_a") == "cf0a1b2c_family"  # the same test, the same code
    assert codes.code_for("family", "test_b") == "cf0a1b2c_family_2"
    assert codes.code_for("family", "test_c") == "cf0a1b2c_family_3"
    with pytest.raises(ValueError):
        codes.code_for("with-dash", "test_a")


def test_poll_returns_once_the_check_passes_and_reraises_after_the_timeout() -> None:
    calls = []

    def ready_on_third_try() -> str:
        calls.append(1)
        assert len(calls) >= 3, "not yet"
        return "done"

    assert poll(ready_on_third_try, timeout=5, first_wait=0.001) == "done"
    assert len(calls) == 3

    def never() -> None:
        raise AssertionError("never ready")

    started = time.monotonic()
    with pytest.raises(AssertionError, match="never ready") as error:
        poll(never, timeout=0.05, first_wait=0.01)
    assert time.monotonic() - started < 1
    assert "still failing after" in "".join(error.value.__notes__)


def test_cli_defaults_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AKENEO_BASE_URL", "https://pim.example.com")
    args = parser().parse_args([])
    assert args.target == "https://pim.example.com"
    assert (args.layer, args.read_only, args.report_dir) == ("all", False, "reports/conformance")
    monkeypatch.delenv("AKENEO_BASE_URL")
    assert parser().parse_args([]).target == "http://127.0.0.1:8080"


def test_cli_refuses_bad_options() -> None:
    for bad in (["--layer", "unit"], ["--run-prefix", "NOPE"], ["--max-examples", "0"], ["--poll-timeout", "-1"]):
        with pytest.raises(SystemExit) as error:
            parser().parse_args(bad)
        assert error.value.code == 2
