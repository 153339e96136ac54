"""Rules of the `search` query parameter of the asset list."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from mock_server.domain.asset_search import parse_asset_search
from mock_server.domain.errors import Unprocessable

NOW = datetime(2021, 6, 10, 12, 0, 0, tzinfo=UTC)


def _asset(code: str, updated: str) -> dict:
    return {"code": code, "asset_family_code": "packshot", "values": {}, "created": updated, "updated": updated}


ASSETS = [
    _asset("may_1", "2021-05-01T00:00:00+00:00"),
    _asset("may_17", "2021-05-17T15:19:32+00:00"),
    _asset("may_31", "2021-05-31T23:59:59+00:00"),
    _asset("june_8", "2021-06-08T08:00:00+00:00"),
]


def matching(search: Any) -> list[str]:
    raw = search if isinstance(search, str) or search is None else json.dumps(search)
    predicate = parse_asset_search(raw, now=NOW)
    return [asset["code"] for asset in ASSETS if predicate(asset)]


def refused(search: Any) -> str:
    raw = search if isinstance(search, str) else json.dumps(search)
    with pytest.raises(Unprocessable) as caught:
        parse_asset_search(raw, now=NOW)
    return caught.value.message


def test_no_search_matches_everything() -> None:
    assert matching(None) == ["may_1", "may_17", "may_31", "june_8"]
    assert matching("") == matching(None)
    assert matching({}) == matching(None)


def test_code_in_filter() -> None:
    assert matching({"code": [{"operator": "IN", "value": ["may_17", "june_8", "unknown"]}]}) == ["may_17", "june_8"]


def test_updated_greater_than_filter() -> None:
    assert matching({"updated": [{"operator": ">", "value": "2021-05-17T15:19:32Z"}]}) == ["may_31", "june_8"]


def test_updated_greater_than_with_offset_form() -> None:
    assert matching({"updated": [{"operator": ">", "value": "2021-05-17T17:19:31+02:00"}]}) == [
        "may_17",
        "may_31",
        "june_8",
    ]


def test_updated_greater_than_docs_example_form() -> None:
    assert matching('{"updated":[{"operator":">","value":"2018-07-04T10:00:00Z"}]}') == [
        "may_1",
        "may_17",
        "may_31",
        "june_8",
    ]


def test_updated_lower_than_filter() -> None:
    assert matching({"updated": [{"operator": "<", "value": "2021-05-17T15:19:32Z"}]}) == ["may_1"]


def test_updated_between_filter_is_inclusive() -> None:
    search = {"updated": [{"operator": "BETWEEN", "value": ["2021-05-01T00:00:00Z", "2021-05-31T23:59:59Z"]}]}
    assert matching(search) == ["may_1", "may_17", "may_31"]


def test_updated_not_between_filter() -> None:
    search = {
        "updated": [{"operator": "NOT BETWEEN", "value": ["2021-05-01T00:00:00+00:00", "2021-05-31T23:59:59+00:00"]}]
    }
    assert matching(search) == ["june_8"]


def test_updated_since_last_n_days_filter() -> None:
    assert matching({"updated": [{"operator": "SINCE LAST N DAYS", "value": 4}]}) == ["june_8"]
    assert matching({"updated": [{"operator": "SINCE LAST N DAYS", "value": 0}]}) == []


def test_several_conditions_are_anded() -> None:
    search = {
        "code": [{"operator": "IN", "value": ["may_1", "may_31", "june_8"]}],
        "updated": [
            {"operator": ">", "value": "2021-05-02T00:00:00Z"},
            {"operator": "<", "value": "2021-06-01T00:00:00Z"},
        ],
    }
    assert matching(search) == ["may_31"]


def test_malformed_search_is_422() -> None:
    assert refused("{not json") == "Search query parameter should be valid JSON."


def test_search_must_be_an_object() -> None:
    assert refused([1]) == 'The search query parameter must be a JSON object, "array" given.'


def test_unknown_field_is_422() -> None:
    assert refused({"family": [{"operator": "IN", "value": ["x"]}]}) == (
        'Filter on property "family" is not supported: assets are searched on "code" and "updated".'
    )


def test_unknown_operator_is_422() -> None:
    assert refused({"updated": [{"operator": "LIKE", "value": "x"}]}) == (
        'Filter on property "updated" is not supported or does not support operator "LIKE".'
    )


def test_conditions_must_be_a_non_empty_array() -> None:
    message = 'Filter on property "updated" expects a non-empty array of conditions, "object" given.'
    assert refused({"updated": {"operator": ">", "value": "2021-05-17T15:19:32Z"}}) == message
    assert "array" in refused({"code": []})


def test_condition_needs_operator_and_value() -> None:
    assert refused({"code": [{"operator": "IN"}]}) == 'A condition on property "code" lacks its "value".'
    assert refused({"code": [{"operator": "IN", "value": ["a"], "locale": "en_US"}]}) == (
        'A condition on property "code" has the unknown property "locale": only "operator" and "value" are expected.'
    )


def test_code_in_value_must_be_array_of_strings() -> None:
    assert refused({"code": [{"operator": "IN", "value": "may_1"}]}) == (
        'Filter on property "code" with operator "IN" expects a non-empty array of asset codes as value, "may_1" given.'
    )


def test_unparsable_date_is_422() -> None:
    assert refused({"updated": [{"operator": ">", "value": "yesterday"}]}) == (
        'Filter on property "updated" with operator ">" expects an ISO 8601 date-time such as '
        '"2021-05-17T15:19:32Z" as value, "yesterday" given.'
    )


def test_between_needs_two_dates() -> None:
    message = refused({"updated": [{"operator": "BETWEEN", "value": ["2021-05-01T00:00:00Z"]}]})
    assert message.startswith('Filter on property "updated" with operator "BETWEEN" expects an array of two')


def test_negative_days_is_422() -> None:
    assert refused({"updated": [{"operator": "SINCE LAST N DAYS", "value": -1}]}) == (
        'Filter on property "updated" with operator "SINCE LAST N DAYS" expects a non-negative integer number of '
        "days as value, -1 given."
    )


def test_days_must_be_an_integer() -> None:
    assert "SINCE LAST N DAYS" in refused({"updated": [{"operator": "SINCE LAST N DAYS", "value": "4"}]})
    assert "SINCE LAST N DAYS" in refused({"updated": [{"operator": "SINCE LAST N DAYS", "value": True}]})
