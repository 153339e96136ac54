"""Authentication, content negotiation and error envelopes, as the vendor answers them."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from tests.api.conftest import BASIC, PASSWORD_GRANT, FakeClock, token_pair
from tests.support import FAMILIES


def test_root_lists_routes_without_a_token(anonymous: TestClient) -> None:
    response = anonymous.get("/api/rest/v1")
    assert response.status_code == 200
    body = response.json()
    assert body["authentication"]["fos_oauth_server_token"]["route"] == "/api/oauth/v1/token"
    assert {"route": "/api/rest/v1/asset-families", "methods": ["GET"]} in body["routes"].values()


def test_calls_without_a_token_get_401_in_the_akeneo_envelope(anonymous: TestClient) -> None:
    response = anonymous.get(FAMILIES)
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "Authentication is required"}


def test_an_unknown_token_is_refused(anonymous: TestClient) -> None:
    response = anonymous.get(FAMILIES, headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response.json() == {"code": 401, "message": "The access token provided is invalid."}


def test_password_grant_answers_tokens_valid_one_hour(anonymous: TestClient) -> None:
    tokens = token_pair(anonymous)
    assert tokens["expires_in"] == 3600
    assert tokens["token_type"] == "bearer"
    assert tokens["scope"] is None
    assert tokens["access_token"] and tokens["refresh_token"]


def test_wrong_client_credentials_get_the_documented_422(anonymous: TestClient) -> None:
    response = anonymous.post("/api/oauth/v1/token", json=PASSWORD_GRANT, headers={"Authorization": "Basic eDp5"})
    assert response.status_code == 422
    assert response.json()["message"] == (
        'Parameter "client_id" is missing or does not match any client, or secret is invalid'
    )


def test_wrong_user_credentials_get_422(anonymous: TestClient) -> None:
    body = {**PASSWORD_GRANT, "password": "wrong"}
    response = anonymous.post("/api/oauth/v1/token", json=body, headers={"Authorization": BASIC})
    assert response.status_code == 422
    assert response.json()["code"] == 422


def test_the_token_endpoint_takes_form_encoded_bodies(anonymous: TestClient) -> None:
    response = anonymous.post("/api/oauth/v1/token", data=PASSWORD_GRANT, headers={"Authorization": BASIC})
    assert response.status_code == 200
    assert "access_token" in response.json()


def test_an_access_token_expires_after_an_hour(anonymous: TestClient, clock: FakeClock) -> None:
    access = token_pair(anonymous)["access_token"]
    clock.advance(seconds=3601)
    response = anonymous.get(FAMILIES, headers={"Authorization": f"Bearer {access}"})
    assert response.status_code == 401
    assert response.json()["message"] == "The access token provided has expired."


def test_refresh_rotates_both_tokens_and_the_old_refresh_token_dies(anonymous: TestClient) -> None:
    first = token_pair(anonymous)
    refresh = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    second = anonymous.post("/api/oauth/v1/token", json=refresh, headers={"Authorization": BASIC})
    assert second.status_code == 200
    assert second.json()["access_token"] != first["access_token"]
    assert second.json()["refresh_token"] != first["refresh_token"]
    again = anonymous.post("/api/oauth/v1/token", json=refresh, headers={"Authorization": BASIC})
    assert again.status_code == 422


def test_a_refresh_token_expires_after_fourteen_days(anonymous: TestClient, clock: FakeClock) -> None:
    refresh = {"grant_type": "refresh_token", "refresh_token": token_pair(anonymous)["refresh_token"]}
    clock.advance(days=14, seconds=1)
    response = anonymous.post("/api/oauth/v1/token", json=refresh, headers={"Authorization": BASIC})
    assert response.status_code == 422


def test_missing_content_type_is_415_with_the_vendor_message(api: TestClient) -> None:
    response = api.patch(f"{FAMILIES}/packshots", content=b'{"code": "packshots"}')
    assert response.status_code == 415
    assert response.json() == {
        "code": 415,
        "message": "The 'Content-type' header is missing. 'application/json' has to specified as value.",
    }


def test_wrong_content_type_is_415_with_the_vendor_message(api: TestClient) -> None:
    headers = {"Content-Type": "text/plain"}
    response = api.patch(f"{FAMILIES}/packshots", content=b'{"code": "packshots"}', headers=headers)
    assert response.status_code == 415
    assert response.json()["message"] == (
        "'text/plain' in 'Content-type' header is not valid.  Only 'application/json' is allowed."
    )


def test_an_accept_header_without_json_is_406(api: TestClient) -> None:
    response = api.get(FAMILIES, headers={"Accept": "application/xml"})
    assert response.status_code == 406
    assert response.json() == {
        "code": 406,
        "message": "'application/xml' in 'Accept' header is not valid. Only 'application/json' is allowed.",
    }


def test_malformed_json_is_400(api: TestClient) -> None:
    headers = {"Content-Type": "application/json"}
    response = api.patch(f"{FAMILIES}/packshots", content=b'{"code": ', headers=headers)
    assert response.status_code == 400
    assert response.json() == {"code": 400, "message": "Invalid json message received"}


def test_a_wrong_method_is_405_with_allow(api: TestClient) -> None:
    response = api.post(FAMILIES, json={"code": "x"})
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET"
    assert response.json()["code"] == 405


def test_an_unknown_route_is_404_in_the_envelope(api: TestClient) -> None:
    response = api.get("/api/rest/v2/asset-families")
    assert response.status_code == 404
    assert response.json()["code"] == 404


def test_schema_violations_are_422_naming_the_property(api: TestClient) -> None:
    response = api.patch(f"{FAMILIES}/packshots", json={"labels": "not an object"})
    assert response.status_code == 422
    body: dict[str, Any] = response.json()
    assert body["message"] == "The asset family has an invalid format."
    assert body["errors"] == [
        {"property": "", "message": "The properties must match schema: labels"},
        {"property": "labels", "message": "The data (string) must match the type: object"},
    ]


def test_unknown_properties_are_422(api: TestClient) -> None:
    response = api.patch(f"{FAMILIES}/packshots", json={"extra_property": 1})
    assert response.status_code == 422
    assert response.json() == {
        "code": 422,
        "message": "The asset family has an invalid format.",
        "errors": [{"property": "", "message": "Additional object properties are not allowed: extra_property"}],
    }


def test_unknown_query_parameters_such_as_limit_do_not_break_lists(api: TestClient) -> None:
    response = api.get(FAMILIES, params={"limit": 10, "with_count": "true"})
    assert response.status_code == 200
    assert response.json()["_embedded"]["items"] == []
