"""The fault presets (POST /mock/faults {"preset": ...}): rate_limit, token_expired, http_links, server_error,
timeout, with their documented defaults (openapi/mock-control.yaml FaultRequest); token_expired and http_links are
checked over a real socket, as a client behind a TLS proxy meets them."""

from __future__ import annotations

import httpx
import pytest
from starlette.testclient import TestClient

from mock_server.settings import Settings
from tests.support import BASIC, FAMILIES, PASSWORD_GRANT, TOKEN
from tests.traffic.conftest import FAULTS, SleepRecorder, access_token, arm, journal

TOO_MANY = {"code": 429, "message": "Too Many Requests"}
EXPIRED = {"code": 401, "message": "The access token provided has expired."}


def test_rate_limit_answers_the_saas_429_with_retry_after_until_deleted(api: TestClient) -> None:  # FAULT-PRESETS
    fault = arm(api, preset="rate_limit")
    answers = [api.get(FAMILIES) for _ in range(3)]
    assert [(a.status_code, a.json(), a.headers.get("retry-after")) for a in answers] == [(429, TOO_MANY, "1")] * 3
    assert api.delete(f"{FAULTS}/{fault}").status_code == 204
    assert api.get(FAMILIES).status_code == 200


def test_rate_limit_without_retry_after(api: TestClient) -> None:
    arm(api, preset="rate_limit", retry_after=False, times=1)
    answer = api.get(FAMILIES)
    assert (answer.status_code, answer.json()) == (429, TOO_MANY)
    assert "retry-after" not in answer.headers


@pytest.mark.parametrize("settings", [Settings(load_fixtures=False, validate_responses=True, retry_after=False)])
def test_rate_limit_follows_the_instance_retry_after_setting(api: TestClient) -> None:
    arm(api, preset="rate_limit", times=1)
    assert "retry-after" not in api.get(FAMILIES).headers


def test_server_error_answers_the_vendor_500_until_deleted(api: TestClient) -> None:
    arm(api, preset="server_error")
    answers = [api.get(FAMILIES) for _ in range(2)]
    assert [(a.status_code, a.json()) for a in answers] == [
        (500, {"code": 500, "message": "Internal Server Error"})
    ] * 2


def test_timeout_holds_one_request_30_seconds_then_serves_it(api: TestClient, slept: SleepRecorder) -> None:
    arm(api, preset="timeout")
    created = api.patch(f"{FAMILIES}/late", json={})
    assert created.status_code == 201  # served after the wait: the write happens, as when a client gave up
    assert api.get(f"{FAMILIES}/late").status_code == 200
    assert slept.delays == [30.0]  # once only
    arm(api, preset="timeout", delay_ms=45000)
    api.get(FAMILIES)
    assert slept.delays == [30.0, 45.0]


def test_a_preset_takes_times_method_and_path(api: TestClient) -> None:
    arm(api, preset="server_error", method="PATCH", path="/late$", times=2)
    assert api.get(f"{FAMILIES}/late").status_code == 404
    assert [api.patch(f"{FAMILIES}/late", json={}).status_code for _ in range(3)] == [500, 500, 201]


def test_token_expired_answers_the_vendor_401_once_then_normal_answers(live: httpx.Client) -> None:
    bearer = {"Authorization": f"Bearer {access_token(live)}"}
    arm(live, preset="token_expired")
    assert live.get(FAULTS).json()[0]["times"] == 1

    renewed = live.post(TOKEN, json=PASSWORD_GRANT, headers={"Authorization": BASIC})
    assert renewed.status_code == 200  # never on the token endpoint
    expired = live.get(FAMILIES, headers=bearer)
    assert (expired.status_code, expired.json()) == (401, EXPIRED)
    assert expired.headers["content-type"] == "application/json"
    assert live.get(FAMILIES, headers=bearer).status_code == 200  # the token itself stays valid
    assert live.get(FAULTS).json() == []
    assert journal(live, status=401)[0]["injected_by"].startswith("fault ")


def test_http_links_downgrades_links_and_location_behind_an_https_proxy(live: httpx.Client) -> None:
    proxy = {"Authorization": f"Bearer {access_token(live)}", "X-Forwarded-Proto": "https", "Host": "pim.example"}
    assert live.get(FAMILIES, headers=proxy).json()["_links"]["self"]["href"] == f"https://pim.example{FAMILIES}"

    fault = arm(live, preset="http_links")
    listed = live.get(FAMILIES, headers=proxy).json()
    created = live.patch(f"{FAMILIES}/shoes", json={"code": "shoes"}, headers=proxy)

    assert listed["_links"]["self"]["href"] == f"http://pim.example{FAMILIES}"
    assert (created.status_code, created.headers["location"]) == (201, f"http://pim.example{FAMILIES}/shoes")
    assert live.delete(f"{FAULTS}/{fault}").status_code == 204
    assert live.get(FAMILIES, headers=proxy).json()["_links"]["self"]["href"].startswith("https://")
