"""The store's index of a family's assets (issue #12): a map by code whose walk is the lists' order, a seek to a
cursor, the `updated` moments kept in step with every write, and `walk`, which reads only what a page may hold."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from mock_server.domain.asset_manager.asset_search_plan import Narrowing, narrowing
from mock_server.domain.pagination import code_order, page_after_code
from mock_server.store import Store
from mock_server.store.code_index import FamilyAssets, code_index, codes_ignoring_case, values_after, values_named, walk
from mock_server.store.snapshot import from_document, to_document

codes = st.text(alphabet="aAbBzZ09_", min_size=1, max_size=4)
# ASSET-CODE-CASE-INSENSITIVE: a family never holds two codes that differ only in case
family_codes = st.lists(codes, max_size=30, unique_by=str.lower).map(set)
lower_codes = st.text(alphabet="abz09_", min_size=1, max_size=4)
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
moments = st.integers(0, 20).map(lambda days: EPOCH + timedelta(days=days))


def asset(code: str, updated: datetime | None = None) -> dict[str, Any]:
    return {"code": code, "updated": updated.isoformat() if updated else None}


def indexed(names: set[str]) -> FamilyAssets:
    return code_index((name, asset(name)) for name in names)


def listed(assets: Iterator[dict[str, Any]]) -> list[str]:
    return [item["code"] for item in assets]


@given(family_codes, st.one_of(st.none(), codes))
def test_values_after_is_the_lists_order_from_the_cursor_on_for_an_index_and_a_plain_dict(
    names: set[str], after: str | None
) -> None:
    expected = sorted((n for n in names if after is None or code_order(n) > code_order(after)), key=code_order)
    assert listed(values_after(indexed(names), after)) == expected
    assert listed(values_after({n: asset(n) for n in names}, after)) == expected


@given(family_codes, st.sets(codes, max_size=5), st.one_of(st.none(), codes))
def test_values_named_reads_the_named_codes_that_exist_in_order(
    names: set[str], named: set[str], after: str | None
) -> None:
    expected = [code for code in listed(values_after(indexed(names), after)) if code in named]
    assert listed(values_named(indexed(names), named, after)) == expected


@given(family_codes, codes)
def test_codes_ignoring_case_are_exactly_the_stored_codes_equal_to_it_but_for_case(names: set[str], code: str) -> None:
    expected = sorted((n for n in names if n.lower() == code.lower()), key=code_order)
    assert list(codes_ignoring_case(indexed(names), code)) == expected


@given(
    st.dictionaries(lower_codes, moments, max_size=40),
    st.lists(st.tuples(lower_codes, st.one_of(st.none(), moments)), max_size=10),
    st.one_of(st.none(), moments),
    st.one_of(st.none(), moments),
)
def test_the_updated_index_follows_every_write(
    initial: dict[str, datetime],
    writes: list[tuple[str, datetime | None]],
    start: datetime | None,
    end: datetime | None,
) -> None:
    assets = code_index((code, asset(code, moment)) for code, moment in initial.items())
    model = dict(initial)
    for code, moment in writes:  # None deletes (or leaves out an absent code)
        if moment is None:
            assets.pop(code, None)
            model.pop(code, None)
        else:
            assets[code] = asset(code, moment)
            model[code] = moment
    expected = sorted(c for c, m in model.items() if (start is None or m >= start) and (end is None or m <= end))
    assert sorted(assets.updated_between(start, end)) == expected
    assert assets.count_updated_between(start, end) == len(expected)
    assert listed(assets.after(None)) == sorted(model, key=code_order)


@given(
    st.lists(st.tuples(codes, moments), max_size=40, unique_by=lambda pair: pair[0].lower()).map(dict),
    st.one_of(st.none(), codes),
    st.one_of(st.none(), moments),
    st.one_of(st.none(), moments),
    st.one_of(st.none(), st.frozensets(codes, max_size=4)),
    st.integers(1, 5),
)
def test_walk_reads_every_asset_a_page_may_hold_in_order(
    stored: dict[str, datetime],
    after: str | None,
    start: datetime | None,
    end: datetime | None,
    named: frozenset[str] | None,
    page_size: int,
) -> None:
    """Whatever `walk` chooses to read, the assets that pass the bounds come out as a walk of the family gives them."""
    assets = code_index((code, asset(code, moment)) for code, moment in stored.items())

    def within(item: dict[str, Any]) -> bool:
        moment = stored[item["code"]]
        in_range = (start is None or moment >= start) and (end is None or moment <= end)
        return in_range and (named is None or item["code"] in named)

    plan = Narrowing(codes=named, updated_from=start, updated_to=end)
    expected = [item["code"] for item in values_after(assets, after) if within(item)]
    assert [item["code"] for item in walk(assets, after, plan, page_size) if within(item)] == expected


def test_narrowing_reads_the_top_level_code_in_and_updated_conditions() -> None:
    now = datetime(2026, 12, 3, tzinfo=UTC)
    assert narrowing(None, now=now) == Narrowing() and narrowing(" ", now=now) == Narrowing()
    assert narrowing('{"code": [{"operator": "IN", "value": ["a", "b"]}]}', now=now).codes == {"a", "b"}
    two = '{"code": [{"operator": "IN", "value": ["a", "b"]}, {"operator": "IN", "value": ["b", "c"]}]}'
    assert narrowing(two, now=now).codes == {"b"}
    since = narrowing('{"updated": [{"operator": "SINCE LAST N DAYS", "value": 2}]}', now=now)
    assert (since.updated_from, since.updated_to) == (now - timedelta(days=2), None)
    between = '{"updated": [{"operator": "BETWEEN", "value": ["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"]}]}'
    assert narrowing(between, now=now).updated_to == datetime(2026, 2, 1, tzinfo=UTC)
    # NOT BETWEEN, and anything inside and/or, stay the predicate's: the store walks the family
    outside = '{"updated": [{"operator": "NOT BETWEEN", "value": ["2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"]}]}'
    assert narrowing(outside, now=now) == Narrowing()
    assert narrowing('{"or": [{"code": [{"operator": "IN", "value": ["a"]}]}, {"code": []}]}', now=now) == Narrowing()


def test_an_ordered_page_reads_one_item_past_the_page_and_no_more() -> None:
    read: list[str] = []

    def source() -> Iterator[dict[str, Any]]:
        for n in range(1_000):
            read.append(f"c{n:04d}")
            yield {"code": f"c{n:04d}"}

    page = page_after_code(source(), None, 10, ordered=True)
    assert [item["code"] for item in page.items] == read[:10]
    assert page.next_cursor == "c0009"
    assert len(read) == 11  # the 11th says that more follow


def test_the_index_survives_snapshots_restores_and_documents() -> None:
    store = Store()
    store.family_assets("packshots")["b"] = asset("b", EPOCH)
    store.family_assets("packshots")["A"] = asset("A")
    for copied in (store.snapshot(), copy.deepcopy(store)):
        assert isinstance(copied.assets["packshots"], FamilyAssets)
        assert list(copied.assets["packshots"]) == ["A", "b"]
        assert copied.assets["packshots"].updated_between(EPOCH, EPOCH) == ["b"]
    store.asset_families["packshots"] = {"code": "packshots"}
    store.asset_attributes["packshots"] = {}
    restored = from_document(to_document(store))
    assert isinstance(restored.assets["packshots"], FamilyAssets)
    assert list(restored.family_assets("packshots")) == ["A", "b"]
    assert restored.family_assets("packshots") == {"A": asset("A"), "b": asset("b", EPOCH)}


def test_an_asset_changed_in_place_still_leaves_the_updated_index_cleanly() -> None:
    """A stored dict edited in place (a test, a hand-made store) moved its key: the next write still finds it."""
    assets = code_index([("a", asset("a", EPOCH)), ("b", asset("b", EPOCH + timedelta(days=1)))])
    assets["a"]["updated"] = (EPOCH + timedelta(days=5)).isoformat()
    assets["a"] = asset("a", EPOCH + timedelta(days=2))
    del assets["b"]
    assert assets.updated_between(None, None) == ["a"]
