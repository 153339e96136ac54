"""The request journal (GET/DELETE /mock/requests): entries newest last with their bodies, filters, bounds, cuts,
binary summaries, no secrets, the control plane left out, and one journal per tenant."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from starlette.testclient import TestClient

from fixtures.images import picture
from mock_server.settings import Settings
from tests.support import BASIC, FAMILIES, MEDIA, TOKEN, ApiClient, FakeClock
from tests.traffic.conftest import REQUESTS, access_token, journal, with_tenant_header


def test_each_vendor_request_is_journaled_with_its_answer_newest_last(api: TestClient) -> None:  # JOURNAL-ENTRY
    created = api.patch(f"{FAMILIES}/shoes", json={})
    refused = api.get(f"{FAMILIES}/nothing", params={"with_count": "true"})
    assert (created.status_code, refused.status_code) == (201, 404)

    entries = journal(api)

    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", TOKEN, 200),
        ("PATCH", f"{FAMILIES}/shoes", 201),
        ("GET", f"{FAMILIES}/nothing", 404),
    ]
    assert [e["id"] for e in entries] == sorted(e["id"] for e in entries)
    patch, get = entries[1], entries[2]
    assert patch["request"]["body"] == created.request.content.decode()
    assert patch["request"]["content_type"] == "application/json"
    assert patch["response"]["headers"]["location"].endswith(f"{FAMILIES}/shoes")
    assert patch["response"]["body"] == "" and patch["response"]["size"] == 0
    assert get["query"] == "with_count=true"
    assert get["response"]["body"] == refused.text and get["response"]["truncated"] is False
    assert get["duration_ms"] >= 0 and get["tenant"] is None and get["injected_by"] is None


def test_the_journal_filters_by_method_path_prefix_status_and_arrival(api: TestClient, clock: FakeClock) -> None:
    api.patch(f"{FAMILIES}/shoes", json={})
    clock.advance(minutes=1)
    api.get(f"{FAMILIES}/shoes")
    api.get(f"{FAMILIES}/nothing")

    assert [e["path"] for e in journal(api, method="patch")] == [f"{FAMILIES}/shoes"]  # any case
    assert [e["method"] for e in journal(api, path=f"{FAMILIES}/sh")] == ["PATCH", "GET"]  # a prefix
    assert [e["path"] for e in journal(api, status=404)] == [f"{FAMILIES}/nothing"]
    later = (clock() - timedelta(seconds=1)).isoformat()
    assert [e["path"] for e in journal(api, since=later)] == [f"{FAMILIES}/shoes", f"{FAMILIES}/nothing"]
    at = journal(api, method="GET")[0]["timestamp"]
    assert len(journal(api, since=at)) == 2  # at or after
    naive = clock().replace(tzinfo=None).isoformat()  # a time without offset is UTC
    assert len(journal(api, since=naive)) == 2


@pytest.mark.parametrize("since", ["yesterday", "2026-13-01T00:00:00"])
def test_a_bad_since_is_a_422_in_the_vendor_envelope(api: TestClient, since: str) -> None:
    response = api.get(REQUESTS, params={"since": since})
    assert response.status_code == 422
    assert response.json() == {
        "code": 422,
        "message": f'The "since" parameter must be an ISO 8601 date and time, "{since}" given.',
    }


def test_a_status_filter_that_is_not_an_integer_is_a_422(api: TestClient) -> None:
    response = api.get(REQUESTS, params={"status": "ok"})
    assert response.status_code == 422
    assert response.json()["code"] == 422


@pytest.mark.parametrize("settings", [Settings(load_fixtures=False, validate_responses=True, journal_size=3)])
def test_the_journal_keeps_the_last_journal_size_requests(api: TestClient) -> None:  # JOURNAL-BOUND
    for code in ("a", "b", "c", "d"):
        api.get(f"{FAMILIES}/{code}")
    assert [e["path"] for e in journal(api)] == [f"{FAMILIES}/{code}" for code in ("b", "c", "d")]


@pytest.mark.parametrize("settings", [Settings(load_fixtures=False, validate_responses=True, journal_body_limit=20)])
def test_bodies_are_cut_at_the_limit_and_flagged_while_the_client_gets_all(api: TestClient) -> None:  # JOURNAL-BODY-CUT
    sent = {"labels": {"xx_XX": "é" * 40}}
    refused = api.patch(f"{FAMILIES}/long", json=sent)
    assert refused.status_code == 422 and len(refused.text) > 20  # the answer itself is whole

    entry = journal(api, method="PATCH")[0]
    assert entry["request"]["body"] == refused.request.content.decode()[:20]
    assert entry["request"]["truncated"] is True
    assert entry["response"]["body"] == refused.text[:20]
    assert entry["response"]["truncated"] is True
    assert entry["response"]["size"] == len(refused.content)
    short = journal(api, method="POST")[0]["request"]
    assert short["truncated"] is True  # the token request's body is longer than 20 characters too
    api.get(f"{FAMILIES}/x")
    whole = journal(api, method="GET")[0]["request"]
    assert (whole["body"], whole["truncated"]) == ("", False)


def test_uploads_and_downloads_pass_intact_and_are_summarised(api: TestClient) -> None:  # JOURNAL-BINARY
    image = picture()
    uploaded = api.post(MEDIA, files={"file": ("shoe.png", image, "image/png")})
    assert uploaded.status_code == 201
    downloaded = api.get(f"{MEDIA}/{uploaded.headers['Asset-media-file-code']}")
    assert downloaded.status_code == 200 and downloaded.content == image

    upload, download = journal(api, path=MEDIA)
    assert upload["request"]["binary"] is True and upload["request"]["body"] is None
    assert upload["request"]["content_type"].startswith("multipart/form-data; boundary=")
    assert upload["request"]["size"] == int(upload["request"]["headers"]["content-length"]) > len(image)
    assert download["response"] == {
        "headers": download["response"]["headers"],
        "content_type": "image/png",
        "size": len(image),
        "binary": True,
        "body": None,
        "truncated": False,
    }


def test_no_token_password_or_secret_is_journaled(anonymous: TestClient) -> None:  # JOURNAL-NO-SECRETS
    tokens = anonymous.post(
        TOKEN,
        data={"grant_type": "password", "username": "admin", "password": "admin"},
        headers={"Authorization": BASIC},
    ).json()
    refresh = {"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"]}
    renewed = anonymous.post(TOKEN, json=refresh, headers={"Authorization": BASIC}).json()
    bearer = {"Authorization": f"Bearer {renewed['access_token']}"}
    anonymous.get(FAMILIES, headers=bearer, params={"access_token": renewed["access_token"]})
    anonymous.post(TOKEN, content=b"not json", headers={"Authorization": BASIC, "Content-Type": "application/json"})
    deep = b"[" * 5000 + b"]" * 5000
    assert anonymous.post(TOKEN, content=deep, headers={"Content-Type": "application/json"}).status_code == 413

    entries = journal(anonymous)
    text = str(entries)
    secrets = [tokens["access_token"], tokens["refresh_token"], renewed["access_token"], renewed["refresh_token"]]
    assert not [secret for secret in secrets if secret in text]
    assert BASIC.split()[1] not in text and "password=admin" not in text
    form, refreshed, listed, unparsable, nested = entries
    assert form["request"]["body"] == "grant_type=password&username=admin&password=%2A%2A%2A"
    assert form["request"]["headers"]["authorization"] == "Basic ***"
    assert '"access_token": "***"' in form["response"]["body"] and '"expires_in": 3600' in form["response"]["body"]
    assert '"refresh_token": "***"' in refreshed["request"]["body"]
    assert listed["request"]["headers"]["authorization"] == "Bearer ***"
    assert listed["query"] == "access_token=%2A%2A%2A"
    assert unparsable["request"]["body"] == "***"  # withheld whole
    # over the token endpoint's 300 bytes (AUTH-TOKEN-BODY-LIMIT): refused before a byte of it is read, so none is kept
    assert nested["status"] == 413 and nested["request"]["body"] in ("", "***")


def test_the_control_plane_is_not_journaled(api: TestClient) -> None:
    api.get("/mock/clock")
    api.get(REQUESTS)
    api.get("/mock/nothing-here")
    assert [e["path"] for e in journal(api)] == [TOKEN]


def test_delete_empties_the_journal(api: TestClient) -> None:
    api.get(FAMILIES)
    response = api.delete(REQUESTS)
    assert (response.status_code, response.content) == (204, b"")
    assert journal(api) == []
    api.get(FAMILIES)
    assert [e["path"] for e in journal(api)] == [FAMILIES]


def test_each_tenant_sees_and_clears_its_own_requests(app: Any) -> None:  # JOURNAL-PER-TENANT
    with ApiClient(with_tenant_header(app)) as client:
        acme = {"X-Mock-Tenant": "acme"}
        token = access_token(client)
        client.get(FAMILIES, headers={"Authorization": f"Bearer {token}"})
        client.get(f"{FAMILIES}/x", headers=acme)

        assert [e["path"] for e in journal(client)] == [TOKEN, FAMILIES]
        only_acme = client.get(REQUESTS, headers=acme).json()
        assert [(e["path"], e["tenant"]) for e in only_acme] == [(f"{FAMILIES}/x", "acme")]
        assert client.delete(REQUESTS, headers=acme).status_code == 204
        assert client.get(REQUESTS, headers=acme).json() == []
        assert len(journal(client)) == 2  # the default tenant's are kept


def test_forgetting_a_tenant_drops_its_journal_and_faults_only(app: Any) -> None:
    with ApiClient(with_tenant_header(app)) as client:
        acme = {"X-Mock-Tenant": "acme"}
        client.get(FAMILIES, headers=acme)
        client.get(FAMILIES)
        assert client.post("/mock/faults", json={"status": 503}, headers=acme).status_code == 201
        app.mock_traffic.forget("acme")
        assert client.get(REQUESTS, headers=acme).json() == []
        assert client.get("/mock/faults", headers=acme).json() == []
        assert [e["path"] for e in journal(client)] == [FAMILIES]
