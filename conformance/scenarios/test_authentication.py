"""Authentication: the token endpoint's grants and refusals, and the 401 every other route answers without a token.

These tests talk to the token endpoint with a client that sends no token (`anonymous`); they never change data.
Each token they obtain is their own: the run's shared token pair (used by `api`) is left alone.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest
import yaml

from akeneo_contract import VENDOR_CONTRACT
from conformance.exchanges import TOKEN_PATH, excerpt
from conformance.preparation import ROOT
from conformance.target import Credentials, Target

FAMILIES = f"{ROOT}/asset-families"
BAD_CLIENT = 'Parameter "client_id" is missing or does not match any client, or secret is invalid'
AUTHENTICATION_REQUIRED = "Authentication is required"
SPEC = VENDOR_CONTRACT
PLACEHOLDER_CODE = "conformance_probe"
TOKEN_FIELDS = ("access_token", "refresh_token")  # any code: a route must ask for the token before it looks anything up


def read_routes() -> list[str]:
    """Every GET path of the contract that needs a token, with a placeholder in each path parameter."""
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    routes = []
    for path, item in spec["paths"].items():
        operation = item.get("get")
        if operation is None or operation.get("security") == []:
            continue
        routes.append(re.sub(r"\{[^}]+\}", PLACEHOLDER_CODE, path))
    return routes


def password_grant(credentials: Credentials) -> dict[str, str]:
    return {"grant_type": "password", "username": credentials.username, "password": credentials.password}


def token_request(anonymous: httpx.Client, body: Any, *, basic: str | None, **kwargs: Any) -> httpx.Response:
    headers = {"Authorization": basic} if basic is not None else {}
    headers.update(kwargs.pop("headers", {}))
    if isinstance(body, dict) and "data" not in kwargs and "content" not in kwargs:
        return anonymous.post(TOKEN_PATH, json=body, headers=headers, **kwargs)
    return anonymous.post(TOKEN_PATH, headers=headers, **kwargs)


def shown(response: httpx.Response) -> str:
    """The body for a failure message, tokens masked: reports must not carry credentials."""
    return excerpt(response.content, response.headers.get("content-type", ""), dict.fromkeys(TOKEN_FIELDS, ""))


def tokens(response: httpx.Response) -> dict[str, Any]:
    """The token pair of a 200, with the fields the docs promise (failure messages never show a token)."""
    assert response.status_code == 200, f"expected 200, got {response.status_code}: {shown(response)}"
    assert response.headers.get("content-type", "").startswith("application/json"), response.headers
    body = response.json()
    for name in TOKEN_FIELDS:
        present = isinstance(body.get(name), str) and bool(body[name])
        assert present, f"{name} missing, empty or not a string: {shown(response)}"
    lifetime_ok = isinstance(body.get("expires_in"), int) and body["expires_in"] > 0
    assert lifetime_ok, f"expires_in is not a positive integer: {shown(response)}"
    bearer = str(body.get("token_type", "")).lower() == "bearer"
    assert bearer, f"token_type is not bearer: {shown(response)}"
    return body


def refused(response: httpx.Response, status: int, message: str | None = None) -> dict[str, Any]:
    """The Akeneo error envelope: the status, `code` equal to it, a non-empty `message` (this one if given)."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {shown(response)}"
    assert response.headers.get("content-type", "").startswith("application/json"), response.headers
    body = response.json()
    assert body.get("code") == status, body
    assert isinstance(body.get("message"), str), body
    assert body["message"], body
    if message is not None:
        assert body["message"] == message, body
    no_token = "access_token" not in body
    assert no_token, f"a refusal carries a token: {shown(response)}"
    return body


def authenticated_get(anonymous: httpx.Client, token: str, path: str = FAMILIES) -> httpx.Response:
    return anonymous.get(path, headers={"Authorization": f"Bearer {token}"})


def authenticates(anonymous: httpx.Client, token: str) -> None:
    """The token opens the asset family list (asserted on the response alone: a report must not show tokens)."""
    response = authenticated_get(anonymous, token)
    assert response.status_code == 200, f"GET {FAMILIES} with the new token: {response.status_code} {shown(response)}"


@pytest.fixture
def credentials(target: Target) -> Credentials:
    return target.credentials


@pytest.mark.rule("AUTH-PASSWORD-GRANT")
def test_password_grant_answers_a_token_pair(anonymous: httpx.Client, credentials: Credentials) -> None:
    body = tokens(token_request(anonymous, password_grant(credentials), basic=credentials.basic))
    distinct = body["access_token"] != body["refresh_token"]
    assert distinct, "the access and refresh tokens are the same"
    authenticates(anonymous, body["access_token"])


@pytest.mark.rule("AUTH-FORM-BODY")
def test_token_endpoint_takes_a_form_encoded_grant(anonymous: httpx.Client, credentials: Credentials) -> None:
    response = token_request(anonymous, None, basic=credentials.basic, data=password_grant(credentials))
    assert response.request.headers["content-type"].startswith("application/x-www-form-urlencoded")
    body = tokens(response)
    authenticates(anonymous, body["access_token"])


@pytest.mark.rule("AUTH-REFRESH-GRANT")
def test_refresh_grant_answers_a_new_pair_that_authenticates(anonymous: httpx.Client, credentials: Credentials) -> None:
    first = tokens(token_request(anonymous, password_grant(credentials), basic=credentials.basic))
    refresh = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    second = tokens(token_request(anonymous, refresh, basic=credentials.basic))
    new_access = second["access_token"] != first["access_token"]
    assert new_access, "the refresh grant answered the same access token"
    new_refresh = second["refresh_token"] != first["refresh_token"]
    assert new_refresh, "the refresh grant answered the same refresh token"
    authenticates(anonymous, second["access_token"])


@pytest.mark.rule("AUTH-REFRESH-GRANT")
def test_a_client_refused_with_401_recovers_by_refreshing(anonymous: httpx.Client, credentials: Credentials) -> None:
    """The official client's recovery (facts 6, A2): a 401, one refresh, one retry that succeeds."""
    pair = tokens(token_request(anonymous, password_grant(credentials), basic=credentials.basic))
    refused(authenticated_get(anonymous, pair["access_token"] + "_stale"), 401)
    refresh = {"grant_type": "refresh_token", "refresh_token": pair["refresh_token"]}
    renewed = tokens(token_request(anonymous, refresh, basic=credentials.basic))
    authenticates(anonymous, renewed["access_token"])


@pytest.mark.rule("AUTH-TOKEN-EXPIRES")
def test_an_access_token_is_refused_once_its_lifetime_has_passed(
    anonymous: httpx.Client, credentials: Credentials, target: Target, eventually: Any
) -> None:
    """Time travel on the mock (its clock moves forward); on another server, a real wait within --token-wait."""
    pair = tokens(token_request(anonymous, password_grant(credentials), basic=credentials.basic))
    authenticates(anonymous, pair["access_token"])
    lifetime = pair["expires_in"]
    if not target.travel(lifetime + 1):
        if lifetime > target.token_wait:
            pytest.skip(
                f"this target's access tokens live {lifetime} s and its clock cannot be moved: waiting needs "
                f"--token-wait {lifetime + 60} or more (it is {target.token_wait:g})"
            )
        eventually(lambda: refused(authenticated_get(anonymous, pair["access_token"]), 401), lifetime + 60)
    refused(authenticated_get(anonymous, pair["access_token"]), 401)
    refresh = {"grant_type": "refresh_token", "refresh_token": pair["refresh_token"]}
    authenticates(anonymous, tokens(token_request(anonymous, refresh, basic=credentials.basic))["access_token"])


@pytest.mark.rule("AUTH-BAD-CLIENT")
@pytest.mark.parametrize("client", ["wrong_secret", "unknown_client", "no_basic_header", "not_basic"])
def test_wrong_client_credentials_are_refused_with_422(
    anonymous: httpx.Client, credentials: Credentials, client: str
) -> None:
    basic = {
        "wrong_secret": Credentials(credentials.client_id, credentials.client_secret + "_wrong").basic,
        "unknown_client": Credentials(credentials.client_id + "_unknown", credentials.client_secret).basic,
        "no_basic_header": None,
        "not_basic": "Bearer " + credentials.client_secret,
    }[client]
    refused(token_request(anonymous, password_grant(credentials), basic=basic), 422, BAD_CLIENT)


@pytest.mark.rule("AUTH-BAD-USER")
@pytest.mark.parametrize("wrong", ["password", "username"])
def test_wrong_user_credentials_are_refused_with_422(
    anonymous: httpx.Client, credentials: Credentials, wrong: str
) -> None:
    grant = password_grant(credentials)
    grant[wrong] += "_wrong"
    refused(token_request(anonymous, grant, basic=credentials.basic), 422)


@pytest.mark.rule("AUTH-MISSING-FIELD")
@pytest.mark.parametrize("fault", ["no_grant_type", "unsupported_grant_type", "no_username", "no_password"])
def test_grant_without_its_fields_is_refused_with_422(
    anonymous: httpx.Client, credentials: Credentials, fault: str
) -> None:
    grant: dict[str, str] = password_grant(credentials)
    if fault == "no_grant_type":
        del grant["grant_type"]
    elif fault == "unsupported_grant_type":
        grant["grant_type"] = "client_credentials"
    else:
        del grant[fault.removeprefix("no_")]
    refused(token_request(anonymous, grant, basic=credentials.basic), 422)


@pytest.mark.rule("AUTH-REFRESH-ROTATION")
def test_refresh_rotation_a_used_refresh_token_is_refused(anonymous: httpx.Client, credentials: Credentials) -> None:
    first = tokens(token_request(anonymous, password_grant(credentials), basic=credentials.basic))
    refresh = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    tokens(token_request(anonymous, refresh, basic=credentials.basic))
    refused(token_request(anonymous, refresh, basic=credentials.basic), 422)


@pytest.mark.rule("AUTH-REFRESH-KEEPS-ACCESS")
def test_refresh_keeps_access_the_earlier_access_token_still_authenticates(
    anonymous: httpx.Client, credentials: Credentials
) -> None:
    first = tokens(token_request(anonymous, password_grant(credentials), basic=credentials.basic))
    refresh = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
    tokens(token_request(anonymous, refresh, basic=credentials.basic))
    authenticates(anonymous, first["access_token"])


@pytest.mark.rule("AUTH-TOKEN-NO-STORE")
def test_token_answer_is_not_cacheable(anonymous: httpx.Client, credentials: Credentials) -> None:
    response = token_request(anonymous, password_grant(credentials), basic=credentials.basic)
    tokens(response)
    cache = (response.headers.get("cache-control"), response.headers.get("pragma"))
    assert cache == ("no-store", "no-cache"), f"Cache-Control and Pragma: {cache}"


@pytest.mark.rule("AUTH-MISSING-FIELD-MESSAGE")
@pytest.mark.parametrize("missing", ["username", "password", "refresh_token"])
def test_missing_field_message_is_the_vendors(anonymous: httpx.Client, credentials: Credentials, missing: str) -> None:
    if missing == "refresh_token":
        grant, message = (
            {"grant_type": "refresh_token"},
            'Parameter "grant_type" or "refresh_token" is missing or empty',
        )
    else:
        grant = {k: v for k, v in password_grant(credentials).items() if k != missing}
        message = 'Parameter "grant_type", "username" or "password" is missing, empty or invalid'
    refused(token_request(anonymous, grant, basic=credentials.basic), 422, message)


@pytest.mark.rule("AUTH-BAD-REFRESH-TOKEN")
def test_unknown_refresh_token_is_refused_with_422(anonymous: httpx.Client, credentials: Credentials) -> None:
    grant = {"grant_type": "refresh_token", "refresh_token": "conformance_" + "0" * 40}
    refused(token_request(anonymous, grant, basic=credentials.basic), 422)


@pytest.mark.rule("AUTH-TOKEN-CONTENT-TYPE")
@pytest.mark.parametrize("content_type", ["text/plain", "application/xml"])
def test_token_request_in_another_content_type_is_refused_with_415(
    anonymous: httpx.Client, credentials: Credentials, content_type: str
) -> None:
    body = "grant_type=password&username=" + credentials.username
    response = token_request(
        anonymous, None, basic=credentials.basic, content=body.encode(), headers={"Content-Type": content_type}
    )
    refused(response, 415)


@pytest.mark.rule("AUTH-TOKEN-MALFORMED-JSON")
def test_token_request_with_malformed_json_is_refused_with_400(
    anonymous: httpx.Client, credentials: Credentials
) -> None:
    response = token_request(
        anonymous,
        None,
        basic=credentials.basic,
        content=b'{"grant_type": "password", "username": ',
        headers={"Content-Type": "application/json"},
    )
    refused(response, 400)


@pytest.mark.rule("AUTH-TOKEN-REQUIRED")
@pytest.mark.parametrize("path", read_routes())
def test_every_route_refuses_a_call_without_token_with_401(anonymous: httpx.Client, path: str) -> None:
    refused(anonymous.get(path), 401, AUTHENTICATION_REQUIRED)


@pytest.mark.rule("AUTH-INVALID-TOKEN")
@pytest.mark.parametrize("kind", ["unknown", "refresh_token_as_access_token"])
def test_unknown_bearer_token_is_refused_with_401(anonymous: httpx.Client, credentials: Credentials, kind: str) -> None:
    if kind == "refresh_token_as_access_token":
        pair = tokens(token_request(anonymous, password_grant(credentials), basic=credentials.basic))
        value = pair["refresh_token"]
    else:
        value = "conformance_" + "0" * 40
    refused(authenticated_get(anonymous, value), 401)


@pytest.mark.rule("AUTH-ROOT-OPEN")
def test_root_lists_the_routes_without_token(anonymous: httpx.Client) -> None:
    response = anonymous.get(ROOT)
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body.get("routes"), dict), body
    assert body["routes"], body
    authentication = body.get("authentication")
    assert isinstance(authentication, dict), body
    assert any(entry.get("route") == TOKEN_PATH for entry in authentication.values()), authentication


@pytest.mark.rule("AUTH-TOKEN-LIFETIME")
def test_access_token_lives_3600_seconds(anonymous: httpx.Client, credentials: Credentials) -> None:
    body = tokens(token_request(anonymous, password_grant(credentials), basic=credentials.basic))
    assert body["expires_in"] == 3600, f"expires_in is {body['expires_in']}"


def _grant_of_length(credentials: Credentials, length: int) -> bytes:
    """A valid password grant, padded with JSON's insignificant whitespace to `length` bytes."""
    grant = json.dumps(password_grant(credentials)).encode()
    assert len(grant) < length, "the target's credentials alone exceed the size to test"
    return grant[:-1] + b" " * (length - len(grant)) + b"}"


@pytest.mark.rule("AUTH-TOKEN-BODY-LIMIT")
def test_token_body_over_300_bytes_is_413(anonymous: httpx.Client, credentials: Credentials) -> None:
    json_type = {"Content-Type": "application/json"}
    served = token_request(
        anonymous, None, basic=credentials.basic, content=_grant_of_length(credentials, 300), headers=json_type
    )
    tokens(served)
    refused(
        token_request(
            anonymous,
            None,
            basic="Basic d3Jvbmc6d3Jvbmc=",
            content=_grant_of_length(credentials, 301),
            headers=json_type,
        ),
        413,
    )


@pytest.mark.rule("AUTH-TOKEN-BODY-LIMIT-MESSAGE")
def test_token_body_limit_message_is_the_vendors(anonymous: httpx.Client, credentials: Credentials) -> None:
    body = _grant_of_length(credentials, 400)
    answer = token_request(
        anonymous, None, basic=credentials.basic, content=body, headers={"Content-Type": "application/json"}
    )
    refused(answer, 413, "Request content exceeded the maximum allowed size of 300 bytes")
