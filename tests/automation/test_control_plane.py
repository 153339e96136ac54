"""The mock's control plane (openapi/mock-control.yaml): a valid OpenAPI 3.0.3 document served by the same app,
listing the automation runs newest last, filtered by family and asset, and moving the clock forward, without
authentication."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate
from spec_lint import lint
from starlette.testclient import TestClient

from mock_server.api.control import plane as control
from mock_server.app_spec import SPEC_PATH
from tests.automation.conftest import EVENTS, patch_asset, upload, value
from tests.support import BASIC, PASSWORD_GRANT, ApiClient


def test_the_control_plane_spec_is_a_valid_openapi_3_0_3_document() -> None:
    spec = yaml.safe_load(control.SPEC_PATH.read_text(encoding="utf-8"))
    validate(spec)
    assert spec["openapi"] == "3.0.3"
    assert spec["servers"] == [{"url": "/mock"}]  # served under /mock, its spec at /mock/openapi.json
    assert [str(problem) for problem in lint(spec) if not problem.warning] == []  # the contract's conventions


def test_every_control_plane_operation_resolves_to_a_handler() -> None:
    spec = control.load_control_spec()
    ids = [op["operationId"] for item in spec["paths"].values() for op in item.values() if isinstance(op, dict)]
    assert ids and all(callable(control.handler_for(op_id)) for op_id in ids)


def test_the_vendor_contract_does_not_describe_the_control_plane() -> None:
    assert "/mock/" not in SPEC_PATH.read_text(encoding="utf-8")


def test_the_control_plane_lists_the_runs_newest_last_with_filters(api: TestClient, app: Any) -> None:
    patch_asset(api, "model_pictures", "first", {})
    patch_asset(api, "packshots", "second", {"main_image": value(upload(api, "second.png"))})
    with ApiClient(app) as anonymous:  # no token: the control plane needs none
        response = anonymous.get(EVENTS)
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/json")
        listed = response.json()
        assert [e["id"] for e in listed] == list(range(1, len(listed) + 1))  # oldest first, newest last
        assert [(e["asset_code"], e["kind"]) for e in listed] == [
            ("first", "product_link_rules"),
            ("second", "naming_convention"),
            ("second", "transformation"),
            ("second", "transformation"),
            ("second", "transformation"),
            ("second", "product_link_rules"),
        ]
        assert set(listed[0]) == {
            "id",
            "created",
            "asset_family_code",
            "asset_code",
            "kind",
            "rule",
            "outcome",
            "reason",
        }
        by_family = anonymous.get(EVENTS, params={"asset_family_code": "model_pictures"}).json()
        assert [e["asset_code"] for e in by_family] == ["first"]
        by_asset = anonymous.get(EVENTS, params={"asset_family_code": "packshots", "asset_code": "second"}).json()
        assert len(by_asset) == 5
        assert anonymous.get(EVENTS, params={"asset_code": "none"}).json() == []


def test_an_unknown_control_plane_path_is_a_404_in_the_vendor_envelope(anonymous: TestClient) -> None:
    response = anonymous.get("/mock/nothing-here")
    assert response.status_code == 404
    assert response.json()["code"] == 404


def test_the_control_plane_answers_406_in_the_vendor_envelope_when_json_is_not_accepted(anonymous: TestClient) -> None:
    response = anonymous.get(EVENTS, headers={"Accept": "text/html"})
    assert response.status_code == 406
    assert response.json() == {
        "code": 406,
        "message": "'text/html' in 'Accept' header is not valid. Only 'application/json' is allowed.",
    }


def test_moving_the_clock_forward_expires_the_access_tokens_issued_before(app: Any, clock: Any) -> None:
    with ApiClient(app) as anonymous:
        tokens = anonymous.post("/api/oauth/v1/token", json=PASSWORD_GRANT, headers={"Authorization": BASIC}).json()
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        assert anonymous.get("/api/rest/v1/asset-families", headers=bearer).status_code == 200

        moved = anonymous.post("/mock/clock/advance", json={"seconds": tokens["expires_in"]})

        assert moved.status_code == 200
        assert moved.json() == {"now": (clock() + timedelta(seconds=3600)).isoformat(), "offset_seconds": 3600}
        assert anonymous.get("/mock/clock").json() == moved.json()
        expired = anonymous.get("/api/rest/v1/asset-families", headers=bearer)
        assert expired.status_code == 401
        assert expired.json() == {"code": 401, "message": "The access token provided has expired."}
        refresh = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
        renewed = anonymous.post("/api/oauth/v1/token", json=refresh, headers={"Authorization": BASIC})
        assert renewed.status_code == 200  # the refresh token lives 14 days: a client recovers as from any expiry


def test_new_updated_stamps_follow_the_moved_clock(api: TestClient, app: Any, clock: Any) -> None:
    with ApiClient(app) as anonymous:
        assert anonymous.post("/mock/clock/advance", json={"seconds": 1800}).status_code == 200
    patch_asset(api, "model_pictures", "later", {})
    asset = api.get("/api/rest/v1/asset-families/model_pictures/assets/later").json()
    assert datetime.fromisoformat(asset["updated"]) == clock() + timedelta(seconds=1800)


@pytest.mark.parametrize(
    ("body", "status", "fault"),
    [
        ({"seconds": -1}, 422, "seconds"),  # the clock never moves back
        ({"seconds": 316224001}, 422, "seconds"),
        ({"seconds": "3600"}, 422, "seconds"),
        ({}, 422, "seconds"),
        ({"seconds": 1, "minutes": 1}, 422, "minutes"),
    ],
)
def test_a_bad_clock_move_is_refused_and_the_clock_stays(app: Any, body: Any, status: int, fault: str) -> None:
    with ApiClient(app) as anonymous:
        response = anonymous.post("/mock/clock/advance", json=body)
        assert response.status_code == status
        assert response.json()["code"] == status
        assert fault in [error["property"] for error in response.json()["errors"]]
        assert anonymous.get("/mock/clock").json()["offset_seconds"] == 0


def test_unparsable_clock_move_is_400(app: Any) -> None:
    with ApiClient(app) as anonymous:
        headers = {"Content-Type": "application/json"}
        response = anonymous.post("/mock/clock/advance", content=b"{seconds", headers=headers)
        assert response.status_code == 400
        assert response.json() == {"code": 400, "message": "Invalid json message received"}
