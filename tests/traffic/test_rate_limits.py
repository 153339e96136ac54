"""The SaaS's limits (Settings.rate_limit, Settings.max_concurrency): 429 with the vendor-style body and
Retry-After (unless Settings.retry_after is off), off by default, the control plane exempt. Over a real socket,
with the bucket's clock and the mock's sleep in the test's hands: no timing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mock_server.api.http.rate_limits import RateLimits, TokenBucket
from mock_server.settings import Settings
from tests.support import FAMILIES
from tests.traffic.conftest import REQUESTS, Gate, access_token, in_thread, journal

TOO_MANY = {"code": 429, "message": "Too Many Requests"}


class Ticks:
    """A monotonic clock the test moves."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_bucket_allows_a_burst_of_one_second_then_refills_at_the_rate() -> None:  # RATE-LIMIT-BUCKET
    ticks = Ticks()
    bucket = TokenBucket(4, ticks)
    assert [bucket.take() for _ in range(5)] == [None, None, None, None, 1]
    ticks.now += 0.5  # two tokens back
    assert [bucket.take() for _ in range(3)] == [None, None, 1]
    slow = TokenBucket(0.25, ticks)  # a request every 4 seconds, a burst of one
    assert [slow.take(), slow.take()] == [None, 4]
    ticks.now += 3
    assert slow.take() == 1
    ticks.now += 1
    assert slow.take() is None


def test_no_limit_by_default() -> None:
    limits = RateLimits()
    assert [limits.refusal() for _ in range(1000)] == [None] * 1000


def _limited(app: Any, rate: float | None = None, concurrency: int | None = None) -> Ticks:
    ticks = Ticks()
    app.mock_traffic.limits = RateLimits(rate, concurrency, monotonic=ticks)
    return ticks


@pytest.mark.parametrize("settings", [Settings(load_fixtures=False, validate_responses=True, rate_limit=2)])
def test_above_the_rate_the_mock_answers_429_with_retry_after(app: Any, live: httpx.Client) -> None:
    assert app.mock_traffic.limits.bucket.rate == 2  # from the settings
    ticks = _limited(app, rate=2)
    bearer = {"Authorization": f"Bearer {access_token(live)}"}
    assert live.get(FAMILIES, headers=bearer).status_code == 200  # two in the burst: the token and this one

    refused = live.get(FAMILIES, headers=bearer)

    assert (refused.status_code, refused.json()) == (429, TOO_MANY)  # RATE-LIMIT-429
    assert refused.headers["retry-after"] == "1"
    assert live.get(REQUESTS).status_code == 200  # the control plane is exempt
    ticks.now += 0.5  # one token back
    assert live.get(FAMILIES, headers=bearer).status_code == 200
    assert [e["injected_by"] for e in journal(live, status=429)] == ["rate_limit"]


@pytest.mark.parametrize(
    "settings", [Settings(load_fixtures=False, validate_responses=True, rate_limit=1, retry_after=False)]
)
def test_retry_after_is_left_out_when_the_instance_says_so(app: Any, live: httpx.Client) -> None:
    _limited(app, rate=1)
    assert live.get(FAMILIES).status_code == 401
    refused = live.get(FAMILIES)
    assert (refused.status_code, refused.json()) == (429, TOO_MANY)
    assert "retry-after" not in refused.headers


@pytest.mark.parametrize("settings", [Settings(load_fixtures=False, validate_responses=True, max_concurrency=1)])
def test_above_max_concurrency_the_mock_answers_429_while_a_request_is_in_flight(app: Any, live: httpx.Client) -> None:
    assert app.mock_traffic.limits.max_concurrency == 1  # from the settings
    gate = Gate()
    app.mock_traffic.sleep = gate
    bearer = {"Authorization": f"Bearer {access_token(live)}"}
    held, results = in_thread(lambda: live.get(FAMILIES, headers={**bearer, "X-Mock-Delay-Ms": "5000"}))
    assert gate.entered.wait(30), "the delayed request never reached the mock's sleep"

    refused = live.get(FAMILIES, headers=bearer)  # MAX-CONCURRENCY
    exempt = live.get(REQUESTS)

    gate.opened.set()
    held.join(30)
    assert (refused.status_code, refused.json(), refused.headers["retry-after"]) == (429, TOO_MANY, "1")
    assert exempt.status_code == 200  # served while the other request waits: the delay does not block the loop
    assert results[0].status_code == 200
    assert live.get(FAMILIES, headers=bearer).status_code == 200  # the slot is free again
    assert [e["injected_by"] for e in journal(live, status=429)] == ["max_concurrency"]
