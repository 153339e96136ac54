"""Client patterns off the event loop (issue #13): while a batch meets a backtracking validation_regexp, other
clients are served; each entry is answered as a stopped match is, the request's budget bounds the matching, and no
refused entry is stored. PATTERN-OFF-LOOP, PATTERN-REQUEST-BUDGET (services/pattern_matching.py)."""

from __future__ import annotations

import asyncio
import re
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.domain.automation import naming_convention
from mock_server.services import pattern_matching
from mock_server.settings import Settings
from tests.e2e.conftest import MOCK_PASSWORD, running_mock
from tests.support import BASIC, FAMILIES, serving

# Overlapping alternatives under a repetition: 2^n paths on "aaa...a!", which the regex engine's guards do not cut
# short (they answer the textbook /^(a+)+$/ at once).
EVIL = "/^(a|a)+$/"
STOPPED = f'The regular expression "{EVIL}" of the attribute "ref" ran out of time on the value "'
WAIT = 60  # seconds: the deadline of a step that happens at once when the mock is right, so a fault cannot hang


def catastrophic(index: int) -> str:
    return "a" * (40 + index) + "!"  # a text of its own per entry: no answer comes from the request's cache


def batch() -> list[dict[str, Any]]:
    """100 entries, the vendor's maximum: one that matches, one that does not, 98 that backtrack without end."""
    entries = [("sane", "aaa"), ("wrong", "abc")] + [(f"evil_{i:02d}", catastrophic(i)) for i in range(98)]
    return [
        {"code": code, "values": {"ref": [{"locale": None, "channel": None, "data": data}]}} for code, data in entries
    ]


def authorised(client: httpx.Client, password: str = "admin") -> httpx.Client:  # noqa: S107 - the mock's default
    grant = {"grant_type": "password", "username": "admin", "password": password}
    response = client.post("/api/oauth/v1/token", json=grant, headers={"Authorization": BASIC})
    assert response.status_code == 200, response.text
    client.headers["Authorization"] = f"Bearer {response.json()['access_token']}"
    return client


def evil_family(client: httpx.Client) -> None:
    family = client.patch(f"{FAMILIES}/evil", json={"code": "evil"})
    assert family.status_code in (201, 204), family.text
    attribute = {"code": "ref", "type": "text", "validation_rule": "regular_expression", "validation_regexp": EVIL}
    response = client.patch(f"{FAMILIES}/evil/attributes/ref", json=attribute)
    assert response.status_code in (201, 204), response.text


def assert_batch_answer_and_state(client: httpx.Client, answer: httpx.Response) -> None:
    """The documented answer of a stopped match, per entry, and nothing stored but the entry that matched."""
    assert answer.status_code == 200, answer.text
    sane, wrong, *evil = answer.json()
    assert sane == {"code": "sane", "status_code": 201}
    assert wrong["status_code"] == 422
    assert [e["message"] for e in wrong["errors"]] == [f'The text is incompatible with the regular expression "{EVIL}"']
    assert len(evil) == 98
    for index, entry in enumerate(evil):
        assert entry["code"] == f"evil_{index:02d}"
        assert entry["status_code"] == 422
        [error] = entry["errors"]
        assert error["message"].startswith(STOPPED + catastrophic(index) + '" and was stopped'), error
    listed = client.get(f"{FAMILIES}/evil/assets")
    assert listed.status_code == 200, listed.text
    assert [item["code"] for item in listed.json()["_embedded"]["items"]] == ["sane"]


@pytest.fixture
def held_engine(monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[threading.Event, threading.Event, list[str]]]:
    """The engine, its first backtracking match held until the test says so: `matching` is set once the batch is
    being matched, `release` lets that match go on; `runs` lists the texts the engine was given."""
    matching, release, runs = threading.Event(), threading.Event(), []
    engine = pattern_matching._matched

    def held(query: Any, timeout: float) -> Any:
        runs.append(query.text)
        if query.text.endswith("!") and not matching.is_set():
            matching.set()
            release.wait(WAIT)
        return engine(query, timeout)

    monkeypatch.setattr(pattern_matching, "_matched", held)
    yield matching, release, runs
    release.set()


def test_pattern_off_loop_another_client_is_served_while_a_batch_is_matched(
    held_engine: tuple[threading.Event, threading.Event, list[str]],
) -> None:
    """PATTERN-OFF-LOOP: the batch's match is in progress (held in its worker thread) and another client's GET is
    answered meanwhile; on the event loop, the GET would wait for the match and time out."""
    matching, release, runs = held_engine
    settings = Settings(load_fixtures=False, validation_regexp_timeout=0.2, pattern_request_budget=2.0)
    with (
        serving(create_app(settings=settings, start_catalog=load_start)) as url,
        httpx.Client(base_url=url, timeout=WAIT * 2) as writer,
        httpx.Client(base_url=url, timeout=WAIT / 2) as reader,
        ThreadPoolExecutor(1) as pool,
    ):
        evil_family(authorised(writer))
        authorised(reader)
        answer = pool.submit(writer.patch, f"{FAMILIES}/evil/assets", json=batch())
        assert matching.wait(WAIT), "the batch never reached its patterns"
        try:
            family = reader.get(f"{FAMILIES}/evil")  # raises ReadTimeout if the loop is blocked
            in_flight = not answer.done()
        finally:
            release.set()
        assert family.status_code == 200, family.text
        assert in_flight  # the GET was answered while the batch was still being matched
        assert_batch_answer_and_state(reader, answer.result(WAIT * 2))
    # PATTERN-REQUEST-BUDGET: 2 s of matching at 0.2 s a match; the entries beyond it are answered stopped unmatched
    assert 0 < sum(text.endswith("!") for text in runs) < 98


def test_pattern_off_loop_as_a_user_sees_it_from_another_process() -> None:
    """PATTERN-OFF-LOOP through `python -m mock_server`: reads keep being answered while a batch backtracks (the
    loop blocked, none would be answered between the first match and the batch's answer), and the batch gets the
    documented answer. The strict ordering is proven above with a held match; this one counts reads, no clock."""
    env = {"MOCK_VALIDATION_REGEXP_TIMEOUT": "0.25", "MOCK_PATTERN_REQUEST_BUDGET": "4"}
    with (
        running_mock(**env) as url,
        httpx.Client(base_url=url, timeout=WAIT * 2) as writer,
        httpx.Client(base_url=url, timeout=WAIT) as reader,
        ThreadPoolExecutor(1) as pool,
    ):
        evil_family(authorised(writer, MOCK_PASSWORD))
        authorised(reader, MOCK_PASSWORD)
        answer = pool.submit(writer.patch, f"{FAMILIES}/evil/assets", json=batch())
        served_in_flight = 0
        while not answer.done():
            assert reader.get(f"{FAMILIES}/packshots").status_code == 200
            served_in_flight += not answer.done()
        assert served_in_flight >= 5  # 16 matches of 0.25 s: reads keep coming; a blocked loop lets one or two by
        assert_batch_answer_and_state(reader, answer.result())


def test_pattern_off_loop_an_operation_is_run_again_until_each_of_its_patterns_is_answered() -> None:
    """PATTERN-OFF-LOOP: each round meets one pair not matched yet, which is matched in a worker thread; the last
    round meets only answered pairs. After commit() a new pair is matched in place, never unwound."""
    pattern, rounds = re.compile("^b+$"), []

    def operation() -> list[bool]:
        rounds.append(threading.get_ident())
        found = [pattern_matching.search(pattern, text, 1.0) for text in ("bb", "ab", "bbb")]
        pattern_matching.commit()
        return [*found, pattern_matching.search(pattern, "b", 1.0)]  # the writes' own match: in place

    matcher = pattern_matching.Matcher(budget=5.0)
    assert asyncio.run(matcher.settled(operation)) == [True, False, True, True]
    assert len(rounds) == 4  # three pairs to match first, then the round that completes
    assert set(rounds) == {threading.get_ident()}  # the operation itself (the store's writes) stays on the loop


def test_pattern_request_budget_once_spent_answers_stopped_without_matching() -> None:
    """PATTERN-REQUEST-BUDGET: a Matcher whose budget is spent answers every new pair as stopped."""
    matcher = pattern_matching.Matcher(budget=0.2)
    evil = re.compile(EVIL[1:-1])
    with pytest.raises(pattern_matching.MatchTimedOut):
        asyncio.run(matcher.settled(lambda: pattern_matching.search(evil, catastrophic(0), 1.0)))
    with pytest.raises(pattern_matching.MatchTimedOut):  # a plain pattern, but no budget left
        asyncio.run(matcher.settled(lambda: pattern_matching.search(re.compile("a"), "a", 1.0)))
    assert asyncio.run(pattern_matching.settled(Settings(), lambda: pattern_matching.search(evil, "aa", 1.0)))


@pytest.mark.parametrize(
    ("pcre", "subject"),
    [
        (r"/(?P<ref>.*)\.jpg/", "XMLD500.jpg"),
        (r"/(?<ref>\w+)-(?'kind'\w+)/", "amor-front"),  # PCRE's group spellings
        (r"/(?P<ref>\w+)-\k<ref>/", "ab-ab"),  # a named backreference
        (r"/(?P<ref>\w+)-\k{ref}/", "ab-cd"),
        (r"/(?P<ref>\w+)(?=\.jpg)/", "amor.jpg"),  # lookahead
        (r"/(?<=sku_)(?P<ref>\d+)/", "sku_12"),  # lookbehind
        (r"/^(?P<ref>a++)b/", "aaab"),  # a possessive quantifier
        (r"/^(?P<ref>(?>a+))b/", "aab"),  # an atomic group
        (r"/(?P<ref>\w+)\z/", "abc\n"),
        (r"/(?P<ref>\w+)\Z/", "abc\n"),
        (r"/(?P<ref>\w+)\.JPG/i", "amor.jpg"),
        (r"/^(?P<ref>\w+)$/", "bohème"),  # \w is ASCII without /u
        (r"/^(?P<ref>\w+)$/u", "bohème"),
        (r"{(?P<ref>[a-z]+)}x", "abc"),
        (r"/(?P<dir>\w+)\/(?P<name>\w+)/", "a/b"),
        (r"/(?P<a>a)?(?P<b>b)c/", "bc"),
    ],
)
def test_pattern_off_loop_the_engine_keeps_the_domains_dialect(pcre: str, subject: str) -> None:
    """The engine (regex) answers as the domain's own matching (re) does, on every PCRE spelling it translates."""
    pattern = naming_convention.compile_pattern(pcre)
    assert pattern_matching.captures(pattern, subject, 1.0) == naming_convention.apply(pattern, subject)


def test_pattern_request_budget_is_a_positive_setting() -> None:
    assert Settings().pattern_request_budget == 10.0
    assert Settings.from_env({"MOCK_PATTERN_REQUEST_BUDGET": "2.5"}).pattern_request_budget == 2.5
    with pytest.raises(ValueError, match="pattern_request_budget"):
        Settings(pattern_request_budget=0)
