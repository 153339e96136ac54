"""Our spec conventions hold, every example validates against its schema, and the linter does catch violations."""

import copy
from typing import Any

import pytest
from spec_lint import lint


def test_the_contract_follows_every_convention_and_every_example_is_valid(spec: dict[str, Any]) -> None:
    errors = [str(problem) for problem in lint(spec) if not problem.warning]
    assert errors == []


def _first_request_example(spec: dict[str, Any]) -> dict[str, Any]:
    media = spec["paths"]["/api/oauth/v1/token"]["post"]["requestBody"]["content"]["application/json"]
    return media["examples"]["password"]["value"]


@pytest.mark.parametrize(
    ("break_it", "expected"),
    [
        (lambda s: _first_request_example(s).update(grant_type="nope"), "example does not match its schema"),
        (lambda s: s["paths"]["/api/rest/v1"]["get"].pop("summary"), "no summary"),
        (lambda s: s["paths"]["/api/rest/v1"]["get"].pop("tags"), "no tag"),
        (
            lambda s: s["paths"]["/api/rest/v1"]["get"]["responses"].update({"404": {"description": "plain"}}),
            "must carry application/json with the Error schema",
        ),
        (
            lambda s: s["paths"]["/api/oauth/v1/token"]["post"]["requestBody"]["content"]["application/json"].pop(
                "examples"
            ),
            "no example",
        ),
        (lambda s: s["components"]["schemas"]["Labels"].update(example={"en_US": 3}), "schemas.Labels example"),
    ],
)
def test_the_linter_reports_each_kind_of_violation(spec: dict[str, Any], break_it: Any, expected: str) -> None:
    broken = copy.deepcopy(spec)
    break_it(broken)
    assert any(expected in str(problem) for problem in lint(broken))
