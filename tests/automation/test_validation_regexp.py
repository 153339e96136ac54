"""A text attribute's validation_regexp is the client's own pattern: it runs under MOCK_VALIDATION_REGEXP_TIMEOUT
(services/pattern_matching.py), so a backtracking one refuses the value with a reason instead of hanging the server,
on asset values and product values alike."""

from __future__ import annotations

import time

import pytest
from starlette.testclient import TestClient

from mock_server.domain.catalog import product_value_types
from mock_server.domain.user_patterns import search_in_process
from mock_server.services.catalog import products
from mock_server.settings import Settings
from tests.automation.conftest import data_of, get_asset, patch_asset, patch_attribute, patch_family, value
from tests.support import FAMILIES

# Overlapping alternatives under a quantifier: 2^32 paths, which the regex engine's guards do not cut short (they
# answer the textbook /^(a+)+$/ at once).
BACKTRACKING = "/^(a|a)+$/"
SUBJECT = "a" * 32 + "!"


@pytest.fixture
def settings() -> Settings:
    return Settings(load_fixtures=False, validate_responses=True, validation_regexp_timeout=0.3)


def test_a_backtracking_regexp_refuses_the_asset_value_within_its_budget(api: TestClient) -> None:
    patch_family(api, "evil", labels={"en_US": "Evil"})
    patch_attribute(
        api, "evil", "ref", type="text", validation_rule="regular_expression", validation_regexp=BACKTRACKING
    )
    started = time.monotonic()
    response = patch_asset(api, "evil", "evil", {"ref": value(SUBJECT)}, status=422)
    assert time.monotonic() - started < 5  # hours without the budget
    [error] = response.json()["errors"]
    assert error["attribute"] == "ref"
    assert f'The regular expression "{BACKTRACKING}" of the attribute "ref" ran out of time' in error["message"]
    assert api.get(f"{FAMILIES}/evil/assets/evil").status_code == 404
    patch_asset(api, "evil", "sane", {"ref": value("aaa")})  # the next search runs as usual
    assert data_of(get_asset(api, "evil", "sane"), "ref") == "aaa"
    wrong = patch_asset(api, "evil", "wrong", {"ref": value("abc")}, status=422)  # and still tells a mismatch
    [error] = wrong.json()["errors"]
    assert error["message"] == f'The text is incompatible with the regular expression "{BACKTRACKING}"'


def test_a_backtracking_regexp_refuses_the_product_value_within_its_budget(api: TestClient) -> None:
    attribute = {"code": "evil_ref", "type": "pim_catalog_text", "group": "other"}
    response = api.patch(
        "/api/rest/v1/attributes/evil_ref",
        json={**attribute, "validation_rule": "regexp", "validation_regexp": BACKTRACKING},
    )
    assert response.status_code == 201, response.text
    evil = {"identifier": "evil", "values": {"evil_ref": [{"locale": None, "scope": None, "data": SUBJECT}]}}
    started = time.monotonic()
    response = api.post("/api/rest/v1/products", json=evil)
    assert time.monotonic() - started < 5
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["attribute"] == "evil_ref"
    assert error["message"].startswith('The regular expression of the attribute "evil_ref" ran out of time')
    sane = {"identifier": "sane", "values": {"evil_ref": [{"locale": None, "scope": None, "data": "aaa"}]}}
    assert api.post("/api/rest/v1/products", json=sane).status_code == 201


def test_the_domain_alone_searches_in_process_and_the_service_under_time_limits(ctx: object) -> None:
    assert product_value_types.ValueRules(attributes={}).regexp_search is search_in_process
    assert products._rules(ctx).values.regexp_search is not search_in_process  # type: ignore[arg-type]


def test_the_budget_is_a_positive_setting() -> None:
    assert Settings.from_env({"MOCK_VALIDATION_REGEXP_TIMEOUT": "0.25"}).validation_regexp_timeout == 0.25
    with pytest.raises(ValueError, match="validation_regexp_timeout"):
        Settings(validation_regexp_timeout=0)
