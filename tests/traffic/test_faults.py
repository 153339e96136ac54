"""Faults armed with POST /mock/faults (status, body, headers, times, probability with seeded draws, delay only,
method and path), their listing and deletion, the X-Mock-Status / X-Mock-Delay-Ms headers, per tenant, and the
control plane never faulted. Delays go through a recorder standing in for the mock's sleep."""

from __future__ import annotations

import asyncio
import random
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.support import FAMILIES, ApiClient
from tests.traffic.conftest import FAULTS, REQUESTS, SleepRecorder, arm, journal, with_tenant_header

UNAVAILABLE = {"code": 503, "message": "Service Unavailable"}


def test_a_fault_answers_its_status_with_the_vendor_body_times_times(api: TestClient) -> None:  # FAULT-TIMES
    fault = arm(api, method="GET", path="^/api/rest/v1/asset-families$", status=503, times=2)

    answers = [api.get(FAMILIES) for _ in range(3)]

    assert [a.status_code for a in answers] == [503, 503, 200]
    assert answers[0].json() == UNAVAILABLE  # FAULT-VENDOR-BODY
    assert answers[0].headers["content-type"] == "application/json"
    assert api.get(FAULTS).json() == []  # spent
    assert [e["injected_by"] for e in journal(api, path=FAMILIES)] == [f"fault {fault}", f"fault {fault}", None]


def test_a_fault_without_times_stays_until_deleted(api: TestClient) -> None:
    fault = arm(api, status=500)
    assert [api.get(FAMILIES).status_code for _ in range(3)] == [500, 500, 500]
    assert api.get(FAULTS).json()[0]["times"] is None
    assert api.delete(f"{FAULTS}/{fault}").status_code == 204
    assert api.get(FAMILIES).status_code == 200


def test_a_fault_answers_its_own_body_and_headers(api: TestClient) -> None:
    arm(api, status=418, body={"teapot": True}, headers={"Retry-After": "7", "X-Trace": "abc"})
    answer = api.get(FAMILIES)
    assert (answer.status_code, answer.json()) == (418, {"teapot": True})
    assert (answer.headers["retry-after"], answer.headers["x-trace"]) == ("7", "abc")


def test_a_fault_matches_its_method_and_searches_its_path(api: TestClient) -> None:
    arm(api, method="PATCH", path="/assets/", status=503)
    assert api.get(FAMILIES).status_code == 200  # another path
    assert api.get(f"{FAMILIES}/x/assets/y").status_code == 404  # another method
    assert api.patch(f"{FAMILIES}/x/assets/y", json={"values": {}}).status_code == 503  # searched, not anchored


def test_faults_are_tried_in_order_and_only_the_first_that_matches_applies(api: TestClient) -> None:
    arm(api, path="families$", status=503, times=1)
    second = arm(api, status=500, times=1)
    assert api.get(FAMILIES).status_code == 503
    assert [(f["id"], f["times"]) for f in api.get(FAULTS).json()] == [(second, 1)]  # the first spent, not the second
    assert api.get(FAMILIES).status_code == 500


def test_a_fault_without_status_only_delays_then_serves(api: TestClient, slept: SleepRecorder) -> None:
    arm(api, path="families$", delay_ms=250, times=1)  # FAULT-DELAY
    answer = api.get(FAMILIES)
    assert answer.status_code == 200 and "_embedded" in answer.json()
    assert slept.delays == [0.25]
    assert journal(api, path=FAMILIES)[0]["injected_by"].startswith("fault ")


def test_a_delayed_status_waits_then_answers(api: TestClient, slept: SleepRecorder) -> None:
    arm(api, status=503, delay_ms=1500)
    assert api.get(FAMILIES).status_code == 503
    assert slept.delays == [1.5]


def test_the_draws_of_a_seeded_fault_repeat(api: TestClient) -> None:  # FAULT-PROBABILITY
    arm(api, status=503, probability=0.5, seed=42)
    statuses = [api.get(FAMILIES).status_code for _ in range(20)]
    draws = random.Random(42)
    assert statuses == [503 if draws.random() < 0.5 else 200 for _ in range(20)]
    assert 0 < statuses.count(503) < 20


def test_unseeded_faults_draw_from_the_app_generator(app: Any, api: TestClient) -> None:
    app.mock_traffic.faults.rng = random.Random(7)
    arm(api, status=503, probability=0.3, times=3)
    statuses = [api.get(FAMILIES).status_code for _ in range(12)]
    draws = random.Random(7)
    expected, left = [], 3
    for _ in range(12):
        hit = left > 0 and draws.random() < 0.3
        left -= hit
        expected.append(503 if hit else 200)
    assert statuses == expected  # a lost draw is not counted down


def test_probability_zero_never_and_one_always(api: TestClient) -> None:
    arm(api, status=503, probability=0)
    assert api.get(FAMILIES).status_code == 200
    arm(api, status=500, probability=1)
    assert api.get(FAMILIES).status_code == 500


def test_the_listing_shows_each_fault_with_its_defaults(api: TestClient) -> None:
    fault = arm(api, method="GET", path="x", status=503)
    assert api.get(FAULTS).json() == [
        {
            "id": fault,
            "preset": None,
            "method": "GET",
            "path": "x",
            "status": 503,
            "times": None,
            "probability": 1.0,
            "delay_ms": 0,
            "headers": {},
            "body": UNAVAILABLE,
            "http_links": False,
            "seed": None,
        }
    ]


def test_deleting_every_fault_and_an_unknown_one(api: TestClient) -> None:
    arm(api, status=503)
    arm(api, status=500)
    assert api.delete(FAULTS).status_code == 204
    assert api.get(FAULTS).json() == []
    assert api.get(FAMILIES).status_code == 200
    missing = api.delete(f"{FAULTS}/99")
    assert (missing.status_code, missing.json()) == (404, {"code": 404, "message": 'The fault "99" does not exist.'})
    assert api.delete(f"{FAULTS}/abc").json()["code"] == 404


@pytest.mark.parametrize(
    ("body", "fault"),
    [
        ({"path": "(", "status": 503}, "path"),  # FAULT-PATH-REGEX
        ({"status": 200}, "status"),
        ({"status": 600}, "status"),
        ({"times": 0, "status": 503}, "times"),
        ({"probability": 1.5}, "probability"),
        ({"delay_ms": 60001}, "delay_ms"),  # FAULT-DELAY-CAP
        ({"method": "FETCH"}, "method"),
        ({"preset": "chaos"}, "preset"),
        ({"status": 503, "colour": "red"}, "colour"),
        ({"headers": {"Retry-After": 1}}, "headers.Retry-After"),
        ({"status": 503, "retry_after": False}, "retry_after"),
    ],
)
def test_a_bad_fault_is_a_422_naming_the_property_and_nothing_is_armed(
    api: TestClient, body: dict[str, Any], fault: str
) -> None:
    response = api.post(FAULTS, json=body)
    assert response.status_code == 422
    assert response.json()["code"] == 422
    assert fault in [error["property"] for error in response.json()["errors"]]
    assert api.get(FAULTS).json() == []
    assert api.get(FAMILIES).status_code == 200


def test_an_unparsable_fault_is_a_400(api: TestClient) -> None:
    response = api.post(FAULTS, content=b"{status", headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()) == (400, {"code": 400, "message": "Invalid json message received"})


def test_the_control_plane_is_never_faulted(api: TestClient) -> None:
    arm(api, status=503)
    arm(api, delay_ms=60000)
    assert api.get(FAULTS).status_code == 200
    assert api.get(REQUESTS).status_code == 200
    assert api.get(FAMILIES, headers={"X-Mock-Status": "200"}).status_code == 400  # a vendor path: the header is read
    assert api.get(REQUESTS, headers={"X-Mock-Status": "503"}).status_code == 200  # the control plane ignores it
    assert api.delete(FAULTS).status_code == 204


def test_each_tenant_arms_its_own_faults(app: Any) -> None:  # FAULT-PER-TENANT
    with ApiClient(with_tenant_header(app)) as client:
        acme = {"X-Mock-Tenant": "acme"}
        created = client.post(FAULTS, json={"status": 503}, headers=acme)
        assert created.status_code == 201
        assert client.get(FAMILIES, headers=acme).status_code == 503
        assert client.get(FAMILIES).status_code == 401  # the default tenant is not faulted (no token: the 401)
        assert client.get(FAULTS).json() == []
        assert client.delete(f"{FAULTS}/{created.json()['id']}").status_code == 404  # not the default tenant's
        assert client.delete(FAULTS, headers=acme).status_code == 204
        assert client.get(FAMILIES, headers=acme).status_code == 401


# -- X-Mock-Status and X-Mock-Delay-Ms -----------------------------------------------------------------------------


def test_x_mock_status_answers_the_vendor_body_and_stores_nothing(api: TestClient) -> None:  # MOCK-HEADERS
    answer = api.patch(f"{FAMILIES}/shoes", json={}, headers={"X-Mock-Status": "503"})
    assert (answer.status_code, answer.json()) == (503, UNAVAILABLE)
    assert api.get(f"{FAMILIES}/shoes").status_code == 404  # nothing stored
    limited = api.get(FAMILIES, headers={"X-Mock-Status": "429"})
    assert (limited.status_code, limited.json()) == (429, {"code": 429, "message": "Too Many Requests"})
    assert limited.headers["retry-after"] == "1"
    expired = api.get(FAMILIES, headers={"X-Mock-Status": "401"})
    assert expired.json() == {"code": 401, "message": "The access token provided has expired."}
    assert api.get(FAMILIES).status_code == 200  # one request only
    injected = [(e["method"], e["status"]) for e in journal(api) if e["injected_by"] == "X-Mock-Status"]
    assert injected == [("PATCH", 503), ("GET", 429), ("GET", 401)]


def test_x_mock_delay_waits_then_serves(api: TestClient, slept: SleepRecorder) -> None:
    arm(api, status=500)  # a request with X-Mock-* headers is not faulted
    answer = api.get(FAMILIES, headers={"X-Mock-Delay-Ms": "250"})
    assert answer.status_code == 200
    both = api.get(FAMILIES, headers={"X-Mock-Delay-Ms": "60000", "X-Mock-Status": "504"})
    assert both.status_code == 504
    assert slept.delays == [0.25, 60.0]
    assert api.get(FAMILIES).status_code == 500  # the fault is still armed, not counted


@pytest.mark.parametrize(
    ("header", "value", "message"),
    [
        ("X-Mock-Status", "abc", 'The X-Mock-Status header must be an HTTP error status from 400 to 599, "abc" given.'),
        ("X-Mock-Status", "200", 'The X-Mock-Status header must be an HTTP error status from 400 to 599, "200" given.'),
        (
            "X-Mock-Delay-Ms",
            "-1",
            'The X-Mock-Delay-Ms header must be a number of milliseconds from 0 to 60000, "-1" given.',
        ),
        (
            "X-Mock-Delay-Ms",
            "60001",
            'The X-Mock-Delay-Ms header must be a number of milliseconds from 0 to 60000, "60001" given.',
        ),
        (
            "X-Mock-Delay-Ms",
            "1.5",
            'The X-Mock-Delay-Ms header must be a number of milliseconds from 0 to 60000, "1.5" given.',
        ),
        pytest.param(
            "X-Mock-Status",
            "4" * 5000,
            f'The X-Mock-Status header must be an HTTP error status from 400 to 599, "{"4" * 5000}" given.',
            id="5000-digits",
        ),
    ],
)
def test_a_bad_x_mock_header_is_a_400(
    api: TestClient, slept: SleepRecorder, header: str, value: str, message: str
) -> None:
    answer = api.patch(f"{FAMILIES}/shoes", json={}, headers={header: value})
    assert (answer.status_code, answer.json()) == (400, {"code": 400, "message": message})
    assert api.get(f"{FAMILIES}/shoes").status_code == 404
    assert slept.delays == []


def test_the_mock_really_waits_with_asyncio_sleep(app: Any, api: TestClient) -> None:
    assert app.mock_traffic.sleep is asyncio.sleep  # awaited: the event loop serves others meanwhile
    assert api.get(FAMILIES, headers={"X-Mock-Delay-Ms": "5"}).status_code == 200
