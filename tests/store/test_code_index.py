"""The store's ordered index of a family's assets (issue #12): a dict by code whose walk is the lists' order, a
seek to a cursor, a few look-ups for `code IN`, and case-insensitive look-ups without a scan."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sortedcontainers import SortedDict

from mock_server.domain.asset_search_plan import codes_named
from mock_server.domain.pagination import code_order, page_after_code
from mock_server.store import Store
from mock_server.store.code_index import code_index, codes_ignoring_case, values_after, values_named
from mock_server.store.snapshot import from_document, to_document

codes = st.text(alphabet="aAbBzZ09_", min_size=1, max_size=4)


def indexed(names: set[str]) -> SortedDict:
    return code_index((name, {"code": name}) for name in names)


@given(st.sets(codes, max_size=30), st.one_of(st.none(), codes))
def test_values_after_is_the_lists_order_from_the_cursor_on_for_an_index_and_a_plain_dict(
    names: set[str], after: str | None
) -> None:
    expected = sorted((n for n in names if after is None or code_order(n) > code_order(after)), key=code_order)
    assert [item["code"] for item in values_after(indexed(names), after)] == expected
    assert [item["code"] for item in values_after({n: {"code": n} for n in names}, after)] == expected


@given(st.sets(codes, max_size=30), st.sets(codes, max_size=5), st.one_of(st.none(), codes))
def test_values_named_reads_the_named_codes_that_exist_in_order(
    names: set[str], named: set[str], after: str | None
) -> None:
    expected = [item["code"] for item in values_after(indexed(names), after) if item["code"] in named]
    assert [item["code"] for item in values_named(indexed(names), named, after)] == expected


@given(st.sets(codes, max_size=30), codes)
def test_codes_ignoring_case_are_exactly_the_stored_codes_equal_to_it_but_for_case(names: set[str], code: str) -> None:
    expected = sorted((n for n in names if n.lower() == code.lower()), key=code_order)
    assert list(codes_ignoring_case(indexed(names), code)) == expected


def test_an_ordered_page_reads_one_item_past_the_page_and_no_more() -> None:
    read: list[str] = []

    def walk() -> Iterator[dict[str, Any]]:
        for n in range(1_000):
            read.append(f"c{n:04d}")
            yield {"code": f"c{n:04d}"}

    page = page_after_code(walk(), None, 10, ordered=True)
    assert [item["code"] for item in page.items] == read[:10]
    assert page.next_cursor == "c0009"
    assert len(read) == 11  # the 11th says that more follow


def test_the_index_survives_snapshots_restores_and_documents() -> None:
    store = Store()
    store.family_assets("packshots")["b"] = {"code": "b"}
    store.family_assets("packshots")["A"] = {"code": "A"}
    for copied in (store.snapshot(), copy.deepcopy(store)):
        assert isinstance(copied.assets["packshots"], SortedDict)
        assert list(copied.assets["packshots"]) == ["A", "b"]
    store.asset_families["packshots"] = {"code": "packshots"}
    store.asset_attributes["packshots"] = {}
    restored = from_document(to_document(store))
    assert isinstance(restored.assets["packshots"], SortedDict)
    assert list(restored.family_assets("packshots")) == ["A", "b"]


def test_codes_named_are_the_intersection_of_the_top_level_code_in_conditions() -> None:
    assert codes_named(None) is None and codes_named(" ") is None
    assert codes_named('{"updated": [{"operator": ">", "value": "2020-01-01T00:00:00Z"}]}') is None
    assert codes_named('{"code": [{"operator": "IN", "value": ["a", "b"]}]}') == {"a", "b"}
    two = '{"code": [{"operator": "IN", "value": ["a", "b"]}, {"operator": "IN", "value": ["b", "c"]}]}'
    assert codes_named(two) == {"b"}
    # inside and/or the conditions stay the predicate's: the store walks the family
    assert codes_named('{"or": [{"code": [{"operator": "IN", "value": ["a"]}]}, {"code": []}]}') is None
