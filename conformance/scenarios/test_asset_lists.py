"""The asset list: search-after pages and their links, the `search` filters (code, updated), the `locales` and
`channel` value filters, and the query parameters clients add. Lists may lag writes, so every expectation that
needs fresh data is polled with `eventually`."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from conformance.preparation import ROOT, prepared
from conformance.scenarios.helpers import asset_path, assets_path, value

MAX_PAGES = 50  # a walk longer than this is a cursor that never ends


def attribute(code: str, *, per_locale: bool = False, per_channel: bool = False) -> dict[str, Any]:
    return {
        "code": code,
        "type": "text",
        "labels": {},
        "value_per_locale": per_locale,
        "value_per_channel": per_channel,
        "is_required_for_completeness": False,
    }


def create(api: httpx.Client, cleanup: Any, family: str, asset: str, values: dict[str, list] | None = None) -> None:
    cleanup.add(asset_path(family, asset))
    prepared(api.patch(asset_path(family, asset), json={"code": asset, "values": values or {}}))


def page(api: httpx.Client, url: str, **params: Any) -> dict[str, Any]:
    response = api.get(url, params=params or None)
    assert response.status_code == 200, response.text
    body = response.json()
    items = body.get("_embedded", {}).get("items") if isinstance(body, dict) else None
    assert isinstance(items, list), f"GET {response.request.url}: no _embedded.items list in {str(body)[:300]}"
    return body


def is_absolute(href: str) -> bool:
    return href.startswith(("http://", "https://"))


def walk(api: httpx.Client, family: str, **params: Any) -> list[str]:
    """Every asset code of the list, following `_links.next.href` verbatim until it is absent."""
    seen: list[str] = []
    body = page(api, assets_path(family), **params)
    for _ in range(MAX_PAGES):
        seen += [item["code"] for item in body["_embedded"]["items"]]
        following = body["_links"].get("next")
        if following is None:
            return seen
        assert is_absolute(following["href"]), following
        body = page(api, following["href"])
    pytest.fail(f"the list still had a next page after {MAX_PAGES} pages")


def searched(api: httpx.Client, family: str, search: dict[str, Any]) -> set[str]:
    return set(walk(api, family, search=json.dumps(search)))


def utc(text: str) -> datetime:
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    assert parsed.tzinfo is not None, f"{text!r} has no time zone"
    return parsed.astimezone(UTC)


def iso(moment: datetime) -> str:
    """The docs' filter format: 2021-05-17T15:19:32Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def unprocessable(response: httpx.Response) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == 422 and body["message"], body


# -- pages and links -----------------------------------------------------------------------------------------------


@pytest.mark.rule("LIST-LINKS")
@pytest.mark.writes
def test_asset_list_links_are_absolute_and_next_is_absent_on_the_last_page(
    api, code, cleanup, family_with, eventually
) -> None:
    family = family_with(attributes=[attribute("title")], own=True)  # its assets are counted
    empty = page(api, assets_path(family))
    assert empty["_embedded"]["items"] == []  # the structure holds without items
    assert "next" not in empty["_links"]
    assets = [code("links_a"), code("links_b")]
    for asset in assets:
        create(api, cleanup, family, asset, {"title": [value(asset)]})

    def both_listed() -> None:
        body = page(api, assets_path(family))
        for name in ("self", "first"):
            href = body["_links"][name]["href"]
            assert is_absolute(href) and assets_path(family) in href, body["_links"]
        assert "next" not in body["_links"], body["_links"]  # two assets: this first page is the last
        items = {item["code"]: item for item in body["_embedded"]["items"]}
        assert set(items) == set(assets), items
        for asset, item in items.items():
            href = item["_links"]["self"]["href"]
            assert is_absolute(href) and href.endswith(asset_path(family, asset)), item["_links"]
            assert [entry["data"] for entry in item["values"]["title"]] == [asset]

    eventually(both_listed)


@pytest.mark.rule("LIST-SEARCH-AFTER-WALK")
@pytest.mark.writes
def test_walking_the_pages_gives_every_asset_once_in_a_stable_order(
    api, code, cleanup, family_with, eventually
) -> None:
    family = family_with(attributes=[attribute("title")], own=True)  # its assets are counted
    assets = [code(f"walk_{n:03d}") for n in range(101)]  # one more than the usual page size of 100
    for asset in assets:
        cleanup.add(asset_path(family, asset))
    response = api.patch(assets_path(family), json=[{"code": asset} for asset in assets[:100]])
    assert response.status_code == 200, response.text
    assert [result["status_code"] for result in response.json()] == [201] * 100, response.text
    create(api, cleanup, family, assets[100])

    def every_asset_once() -> list[str]:
        first = page(api, assets_path(family))
        if len(first["_embedded"]["items"]) < len(assets):  # more remain: the page must say where
            assert is_absolute(first["_links"]["next"]["href"]), first["_links"]
        seen = walk(api, family)
        assert len(seen) == len(set(seen)), "an asset came twice"
        assert set(seen) == set(assets)
        return seen

    eventually(every_asset_once)
    assert walk(api, family) == walk(api, family)  # the same order on every walk


# -- search filters ------------------------------------------------------------------------------------------------


@pytest.mark.rule("FILTER-CODE-IN")
@pytest.mark.writes
def test_filter_code_in_selects_the_given_assets(api, code, cleanup, family_with, eventually) -> None:
    family = family_with(attributes=[attribute("title")], own=True)  # its assets are counted
    wanted, other, also_wanted = code("code_a"), code("code_b"), code("code_c")
    for asset in (wanted, other, also_wanted):
        create(api, cleanup, family, asset)
    search = {"code": [{"operator": "IN", "value": [wanted, also_wanted, code("never_created")]}]}

    def selected() -> None:
        listed = searched(api, family, search)
        expected = {wanted, also_wanted}
        assert listed == expected, f"search {json.dumps(search)} listed {sorted(listed)}, expected {sorted(expected)}"

    eventually(selected)


def two_dated_assets(api: httpx.Client, code: Callable, cleanup: Any, family_with: Callable) -> tuple[str, set, Any]:
    """A family holding two assets, the set of their codes, and the (earliest, latest) of their `updated`."""
    family = family_with(attributes=[attribute("title")], own=True)  # its assets are counted
    assets = {code("dated_a"), code("dated_b")}
    moments = []
    for asset in sorted(assets):
        create(api, cleanup, family, asset, {"title": [value("dated")]})
        shown = api.get(asset_path(family, asset))
        assert shown.status_code == 200, shown.text
        moments.append(utc(shown.json()["updated"]))
    return family, assets, (min(moments), max(moments))


SECOND = timedelta(seconds=1)


@pytest.mark.rule("FILTER-UPDATED-AFTER")
@pytest.mark.writes
def test_filter_updated_after(api, code, cleanup, family_with, eventually) -> None:
    family, assets, (earliest, latest) = two_dated_assets(api, code, cleanup, family_with)
    after = {"updated": [{"operator": ">", "value": iso(earliest - SECOND)}]}
    eventually(lambda: _equal(searched(api, family, after), assets))
    assert searched(api, family, {"updated": [{"operator": ">", "value": iso(latest + SECOND)}]}) == set()


@pytest.mark.rule("FILTER-UPDATED-BEFORE")
@pytest.mark.writes
def test_filter_updated_before(api, code, cleanup, family_with, eventually) -> None:
    family, assets, (earliest, latest) = two_dated_assets(api, code, cleanup, family_with)
    before = {"updated": [{"operator": "<", "value": iso(latest + SECOND)}]}
    eventually(lambda: _equal(searched(api, family, before), assets))
    assert searched(api, family, {"updated": [{"operator": "<", "value": iso(earliest - SECOND)}]}) == set()


@pytest.mark.rule("FILTER-UPDATED-BETWEEN")
@pytest.mark.writes
def test_filter_updated_between(api, code, cleanup, family_with, eventually) -> None:
    family, assets, (earliest, latest) = two_dated_assets(api, code, cleanup, family_with)
    around = {"updated": [{"operator": "BETWEEN", "value": [iso(earliest - SECOND), iso(latest + SECOND)]}]}
    eventually(lambda: _equal(searched(api, family, around), assets))
    earlier = [iso(earliest - timedelta(hours=2)), iso(earliest - timedelta(hours=1))]
    assert searched(api, family, {"updated": [{"operator": "BETWEEN", "value": earlier}]}) == set()


@pytest.mark.rule("FILTER-UPDATED-NOT-BETWEEN")
@pytest.mark.writes
def test_filter_updated_not_between(api, code, cleanup, family_with, eventually) -> None:
    family, assets, (earliest, latest) = two_dated_assets(api, code, cleanup, family_with)
    earlier = [iso(earliest - timedelta(hours=2)), iso(earliest - timedelta(hours=1))]
    outside = {"updated": [{"operator": "NOT BETWEEN", "value": earlier}]}
    eventually(lambda: _equal(searched(api, family, outside), assets))
    around = [iso(earliest - SECOND), iso(latest + SECOND)]
    assert searched(api, family, {"updated": [{"operator": "NOT BETWEEN", "value": around}]}) == set()


@pytest.mark.rule("FILTER-UPDATED-SINCE-LAST-N-DAYS")
@pytest.mark.writes
def test_filter_updated_since_last_n_days(api, code, cleanup, family_with, eventually) -> None:
    family, assets, _ = two_dated_assets(api, code, cleanup, family_with)
    since = {"updated": [{"operator": "SINCE LAST N DAYS", "value": 1}]}
    eventually(lambda: _equal(searched(api, family, since), assets))


def _equal(found: set[str], expected: set[str]) -> None:
    assert found == expected


@pytest.mark.rule("FILTER-MALFORMED-422")
@pytest.mark.parametrize(
    "search",
    [
        pytest.param(json.dumps({"updated": [{"operator": "AFTER", "value": "2021-05-17T15:19:32Z"}]}), id="operator"),
        pytest.param(json.dumps({"updated": [{"operator": ">", "value": "yesterday"}]}), id="date"),
        pytest.param(json.dumps({"code": [{"operator": "IN", "value": "not_an_array"}]}), id="code-value"),
    ],
)
@pytest.mark.writes
def test_malformed_search_is_422(api, family_with, search: str) -> None:
    family = family_with()  # a family of this run: the verdict never depends on what the target holds
    unprocessable(api.get(assets_path(family), params={"search": search}))


# -- value filters -------------------------------------------------------------------------------------------------


def two_channels_sharing_a_locale(api: httpx.Client) -> tuple[str, str, str, str]:
    """(channel, other channel, locale of both, second locale of the first channel)."""
    response = api.get(f"{ROOT}/channels", params={"limit": 100})
    if response.status_code != 200:
        pytest.skip(f"the target does not list its channels (GET /channels answered {response.status_code})")
    channels = {item["code"]: list(item.get("locales") or []) for item in response.json()["_embedded"]["items"]}
    for channel, locales in channels.items():
        for other, other_locales in channels.items():
            shared = [locale for locale in locales if locale in other_locales]
            if other != channel and shared and len(locales) >= 2:
                second = next(locale for locale in locales if locale != shared[0])
                return channel, other, shared[0], second
    pytest.skip("the target has no two channels sharing a locale, one of them with two locales")


def listed_values(
    api: httpx.Client, family: str, asset: str, attribute_code: str, **params: str
) -> list[tuple[Any, Any, Any]]:
    search = json.dumps({"code": [{"operator": "IN", "value": [asset]}]})
    items = page(api, assets_path(family), search=search, **params)["_embedded"]["items"]
    assert [item["code"] for item in items] == [asset], items
    found = items[0]["values"].get(attribute_code, [])
    return sorted(((e["locale"], e["channel"], e["data"]) for e in found), key=str)


def localized_asset(api: httpx.Client, code: Callable, cleanup: Any, family_with: Callable) -> tuple:
    channel, other, shared, second = two_channels_sharing_a_locale(api)
    family = family_with(
        own=True,  # its assets are counted
        attributes=[
            attribute("alt_tag", per_locale=True),
            attribute("warning_message", per_locale=True, per_channel=True),
            attribute("photographer"),
        ],
    )
    asset = code("filtered_values")
    create(
        api,
        cleanup,
        family,
        asset,
        {
            "alt_tag": [value("alt shared", shared), value("alt second", second)],
            "warning_message": [
                value("warn shared here", shared, channel),
                value("warn second here", second, channel),
                value("warn shared there", shared, other),
            ],
            "photographer": [value("Ben Levy")],
        },
    )
    return family, asset, channel, other, shared, second


@pytest.mark.rule("FILTER-LOCALES")
@pytest.mark.writes
def test_locales_filter_keeps_those_locales_and_non_localizable_values(
    api, code, cleanup, family_with, eventually
) -> None:
    family, asset, channel, other, shared, second = localized_asset(api, code, cleanup, family_with)

    def one_locale() -> None:
        assert listed_values(api, family, asset, "alt_tag", locales=shared) == [(shared, None, "alt shared")]
        assert listed_values(api, family, asset, "warning_message", locales=shared) == sorted(
            [(shared, channel, "warn shared here"), (shared, other, "warn shared there")], key=str
        )
        assert listed_values(api, family, asset, "photographer", locales=shared) == [(None, None, "Ben Levy")]

    eventually(one_locale)
    both = f"{shared},{second}"
    assert listed_values(api, family, asset, "alt_tag", locales=both) == sorted(
        [(shared, None, "alt shared"), (second, None, "alt second")], key=str
    )
    assert len(listed_values(api, family, asset, "warning_message", locales=both)) == 3


@pytest.mark.rule("FILTER-CHANNEL")
@pytest.mark.writes
def test_channel_filter_keeps_that_channel_and_non_scopable_values(api, code, cleanup, family_with, eventually) -> None:
    family, asset, channel, other, shared, second = localized_asset(api, code, cleanup, family_with)

    def one_channel() -> None:
        assert listed_values(api, family, asset, "warning_message", channel=channel) == sorted(
            [(shared, channel, "warn shared here"), (second, channel, "warn second here")], key=str
        )
        assert listed_values(api, family, asset, "alt_tag", channel=channel) == sorted(
            [(shared, None, "alt shared"), (second, None, "alt second")], key=str
        )
        assert listed_values(api, family, asset, "photographer", channel=channel) == [(None, None, "Ben Levy")]

    eventually(one_channel)
    assert listed_values(api, family, asset, "warning_message", channel=other) == [(shared, other, "warn shared there")]
    assert listed_values(api, family, asset, "warning_message", channel=channel, locales=second) == [
        (second, channel, "warn second here")
    ]


# -- what clients add ----------------------------------------------------------------------------------------------


@pytest.mark.rule("LIST-UNKNOWN-PARAMS-IGNORED")
@pytest.mark.writes
def test_limit_and_with_count_do_not_break_the_asset_list(api, code, cleanup, family_with, eventually) -> None:
    family = family_with(attributes=[attribute("title")], own=True)  # its assets are counted
    asset = code("listed")
    create(api, cleanup, family, asset)

    def still_listed() -> None:
        body = page(api, assets_path(family), limit=10, with_count="true", page=1)
        assert [item["code"] for item in body["_embedded"]["items"]] == [asset]
        assert is_absolute(body["_links"]["self"]["href"])

    eventually(still_listed)
