"""Rules of the `search` query parameter of the asset list."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from mock_server.domain.asset_manager.asset_search import (
    SearchContext,
    completeness_errors,
    json_depth,
    parse_asset_search,
)
from mock_server.domain.errors import BadRequest, FieldError, ValidationFailed

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


def refused(search: Any) -> list[tuple[str, str]]:
    """The faults of a filter the format refuses (FILTER-MALFORMED-422, SEARCH-MESSAGES), as (JSON pointer, message)."""
    raw = search if isinstance(search, str) else json.dumps(search)
    with pytest.raises(ValidationFailed) as caught:
        parse_asset_search(raw, now=NOW)
    assert caught.value.message == "The search filters have an invalid format."
    return [(error.property, error.message) for error in caught.value.errors]


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


# -- 400: not JSON (SEARCH-NOT-JSON-400, SEARCH-DEEP-NESTING-400) ----------------------------------------------------------------------


@pytest.mark.parametrize("raw", ["{not json", '"a string"', "42", "null", "true", "NaN", '{"code": Infinity}'])
def test_asset_search_not_json_400(raw: str) -> None:
    with pytest.raises(BadRequest) as caught:
        parse_asset_search(raw, now=NOW)
    assert caught.value.message == "The search query parameter must be a valid JSON."


def test_asset_search_not_json_400_for_json_nested_deeper_than_php_reads() -> None:
    deep = "[" * 1000 + "]" * 1000  # Python's own parser would overflow its stack on this
    with pytest.raises(BadRequest):
        parse_asset_search(deep, now=NOW)
    assert json_depth('{"a": "[[[[", "b": [[]]}') == 3  # brackets inside strings do not count


def test_asset_search_empty_array_or_object_filters_nothing() -> None:
    assert matching("[]") == matching(None)
    assert matching({}) == matching(None)


# -- 422: the filter format (FILTER-MALFORMED-422, SEARCH-MESSAGES) ---------------------------------------------------------------


def test_asset_search_format_422_array_of_filters() -> None:
    assert refused([1]) == [("/", 'The filter must be an object, "array" given.')]


def test_asset_search_format_422_unknown_field() -> None:
    [(path, message)] = refused({"family": [{"operator": "IN", "value": ["x"]}]})
    assert path == "/family" and message.startswith('Filter on property "family" is not supported')


def test_asset_search_format_422_unknown_operator() -> None:
    assert refused({"updated": [{"operator": "LIKE", "value": "x"}]}) == [
        ("/updated/0/operator", 'Filter on property "updated" is not supported or does not support operator "LIKE".')
    ]


def test_asset_search_format_422_conditions_must_be_a_non_empty_array() -> None:
    message = 'Filter on property "updated" expects a non-empty array of conditions, "object" given.'
    assert refused({"updated": {"operator": ">", "value": "2021-05-17T15:19:32Z"}}) == [("/updated", message)]
    assert "array" in refused({"code": []})[0][1]


def test_asset_search_format_422_condition_needs_operator_and_value() -> None:
    assert refused({"code": [{"operator": "IN"}]}) == [("/code/0", 'The property "value" is required.')]
    assert refused({"code": [{"operator": "IN", "value": ["a"], "locale": "en_US"}]}) == [
        ("/code/0/locale", 'Property "locale" does not exist in a condition: use "operator" and "value".')
    ]


def test_asset_search_format_422_lists_every_fault() -> None:
    faults = refused({"code": [{"operator": "IN", "value": "may_1"}], "updated": [{"operator": ">", "value": "x"}]})
    assert [path for path, _ in faults] == ["/code/0/value", "/updated/0/value"]
    assert faults[0][1] == (
        'Filter on property "code" with operator "IN" expects a non-empty array of asset codes as value, "may_1" given.'
    )
    assert faults[1][1] == (
        'Filter on property "updated" with operator ">" expects an ISO 8601 date-time such as '
        '"2021-05-17T15:19:32Z" as value, "x" given.'
    )


def test_asset_search_format_422_between_needs_two_dates() -> None:
    [(_, message)] = refused({"updated": [{"operator": "BETWEEN", "value": ["2021-05-01T00:00:00Z"]}]})
    assert message.startswith('Filter on property "updated" with operator "BETWEEN" expects an array of two')


def test_asset_search_format_422_days_must_be_a_non_negative_integer() -> None:
    assert refused({"updated": [{"operator": "SINCE LAST N DAYS", "value": -1}]}) == [
        (
            "/updated/0/value",
            'Filter on property "updated" with operator "SINCE LAST N DAYS" expects a non-negative integer number '
            "of days as value, -1 given.",
        )
    ]
    assert refused({"updated": [{"operator": "SINCE LAST N DAYS", "value": "4"}]})
    assert refused({"updated": [{"operator": "SINCE LAST N DAYS", "value": True}]})


@pytest.mark.parametrize("days", [740_000, 999_999_999, 10**12])
def test_asset_search_since_days_range(days: int) -> None:
    [(path, message)] = refused({"updated": [{"operator": "SINCE LAST N DAYS", "value": days}]})
    assert path == "/updated/0/value" and "year 1" in message


# -- and / or (SEARCH-AND-OR) ---------------------------------------------------------------------------------


def test_asset_search_and_or_combine_filters() -> None:
    may_17 = {"code": {"operator": "IN", "value": ["may_17"]}}
    june = {"updated": {"operator": ">", "value": "2021-06-01T00:00:00Z"}}
    assert matching({"or": [may_17, june]}) == ["may_17", "june_8"]
    assert matching({"and": [may_17, june]}) == []
    assert matching({"and": [{"or": [may_17, june]}, {"code": [{"operator": "IN", "value": ["june_8"]}]}]}) == [
        "june_8"
    ]


def test_asset_search_and_or_refusals() -> None:
    assert refused({"or": []})[0][0] == "/or"
    assert refused({"and": [{"code": {"operator": "IN", "value": ["a"]}}], "code": []})[0][1] == (
        '"and" must be the only property of its filter.'
    )
    nested: dict = {"code": {"operator": "IN", "value": ["a"]}}
    for _ in range(40):
        nested = {"and": [nested]}
    assert "nested at most" in refused(nested)[0][1]


# -- attribute values (SEARCH-ATTRIBUTE-VALUES) --------------------------------------------------------------


ATTRIBUTES = {
    "title": {"type": "text", "value_per_locale": True, "value_per_channel": False},
    "pages": {"type": "number", "value_per_locale": False, "value_per_channel": False},
    "sizes": {"type": "multiple_options", "value_per_locale": False, "value_per_channel": False},
    "picture": {"type": "media_file", "value_per_locale": False, "value_per_channel": False},
    "shot_on": {"type": "date", "value_per_locale": False, "value_per_channel": False},
    "required_note": {
        "type": "text",
        "value_per_locale": True,
        "value_per_channel": True,
        "is_required_for_completeness": True,
    },
}
VALUED = [
    {
        "code": "summer",
        "values": {
            "title": [{"locale": "en_US", "channel": None, "data": "Summer Sale"}],
            "pages": [{"locale": None, "channel": None, "data": "12"}],
            "sizes": [{"locale": None, "channel": None, "data": ["s", "m"]}],
            "shot_on": [{"locale": None, "channel": None, "data": "2021-05-02T10:00:00+00:00"}],
            "required_note": [
                {"locale": "en_US", "channel": "ecommerce", "data": "ok"},
                {"locale": "fr_FR", "channel": "ecommerce", "data": "ok"},
            ],
        },
    },
    {
        "code": "winter",
        "values": {
            "title": [{"locale": "fr_FR", "channel": None, "data": "Soldes d'hiver summer"}],
            "required_note": [{"locale": "en_US", "channel": "ecommerce", "data": "ok"}],
        },
    },
]
CONTEXT = SearchContext(
    now=NOW, attributes=ATTRIBUTES, channels={"ecommerce": frozenset({"en_US", "fr_FR"})}, locales=("en_US",)
)


def found(search: Any, context: SearchContext = CONTEXT) -> list[str]:
    predicate = parse_asset_search(json.dumps(search), now=NOW, context=context)
    return [asset["code"] for asset in VALUED if predicate(asset)]


def test_asset_search_attribute_values_text_defaults_to_request_locales() -> None:
    assert found({"title": {"operator": "CONTAINS", "value": "summer"}}) == ["summer"]  # en_US only
    assert found({"title": {"operator": "CONTAINS", "value": "SUMMER", "locale": "fr_FR"}}) == ["winter"]
    assert found(
        {"title": {"operator": "STARTS WITH", "value": "summer"}}, SearchContext(now=NOW, attributes=ATTRIBUTES)
    ) == ["summer"]


def test_asset_search_attribute_values_by_type() -> None:
    assert found({"pages": {"operator": "=", "value": 12}}) == ["summer"]
    assert found({"pages": {"operator": "EMPTY"}}) == ["winter"]
    assert found({"sizes": {"operator": "IN", "value": ["m", "xl"]}}) == ["summer"]
    assert found({"shot_on": {"operator": "<", "value": "2021-06-01T00:00:00Z"}}) == ["summer"]
    assert found({"or": [{"pages": {"operator": "NOT EMPTY"}}, {"title": {"operator": "EMPTY"}}]}) == [
        "summer",
        "winter",
    ]


def test_asset_search_attribute_values_refusals() -> None:
    def messages(search: Any) -> list[str]:
        with pytest.raises(ValidationFailed) as caught:
            parse_asset_search(json.dumps(search), now=NOW, context=CONTEXT)
        return [error.message for error in caught.value.errors]

    assert "cannot be filtered" in messages({"picture": {"operator": "EMPTY"}})[0]
    assert "does not support operator" in messages({"pages": {"operator": "CONTAINS", "value": "1"}})[0]
    assert "a number is expected" in messages({"pages": {"operator": "=", "value": "twelve"}})[0]
    assert "not supported" in messages({"ghost": {"operator": "EMPTY"}})[0]


# -- complete (SEARCH-COMPLETE) -------------------------------------------------------------------------------


def test_asset_search_complete_on_channel_and_locales() -> None:
    complete = {"operator": "=", "value": True, "channel": "ecommerce", "locales": ["en_US", "fr_FR"]}
    assert found({"complete": complete}) == ["summer"]
    assert found({"complete": {**complete, "value": False}}) == ["winter"]
    assert found({"complete": {**complete, "locales": ["en_US"]}}) == ["summer", "winter"]


def test_asset_search_complete_format_and_catalog_checks() -> None:
    [(path, _)] = refused({"complete": {"operator": "=", "value": "yes", "channel": "ecommerce", "locales": ["en_US"]}})
    assert path == "/complete/value"
    channels = {"ecommerce": frozenset({"en_US"})}
    unknown = {"complete": {"operator": "=", "value": True, "channel": "nope", "locales": ["en_US"]}}
    assert completeness_errors(unknown, channels) == [FieldError("complete.channel", 'Channel "nope" does not exist.')]
    inactive = {"complete": {"operator": "=", "value": True, "channel": "ecommerce", "locales": ["de_DE", "es_ES"]}}
    assert completeness_errors(inactive, channels) == [
        FieldError("complete.locales", 'Locales "de_DE","es_ES" are not activated for the channel "ecommerce".')
    ]
