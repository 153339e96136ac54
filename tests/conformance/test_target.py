"""Target: serving an app, the token client (one refresh and one retry on 401), the read-only guard, the exchanges."""

from __future__ import annotations

import shlex
import socket
from typing import Any

import httpx
import pytest

from conformance.exchanges import curl_line, excerpt
from conformance.target import Credentials, ReadOnlyViolation, Target, TargetError
from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.conformance.asgi_wrappers import answering_500
from tests.support import FAMILIES


def mock(**settings: Any) -> Any:
    return create_app(settings=Settings(load_fixtures=False, **settings), start_catalog=load_start)


def test_an_app_is_served_on_a_loopback_port_while_the_target_is_open() -> None:
    target = Target(app=mock())
    with pytest.raises(TargetError):
        _ = target.base_url
    with target:
        url = target.base_url
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(f"{url}/api/rest/v1").status_code == 200
    port = int(url.rsplit(":", 1)[1])
    with socket.socket() as probe:
        assert probe.connect_ex(("127.0.0.1", port)) != 0, "the port still answers after close()"


def test_the_client_gets_a_token_with_the_password_grant_and_basic_client_auth() -> None:
    with Target(app=mock()) as target:
        response = target.client().get(FAMILIES)
        assert response.status_code == 200, response.text
        token_call = target.recorder.since(0)[0]
        assert token_call.method == "POST"
        assert token_call.url.endswith("/api/oauth/v1/token")
        assert token_call.request_headers["content-type"] == "application/json"
        assert '"grant_type": "password"' in token_call.request_body
        assert '-u "$AKENEO_CLIENT_ID:$AKENEO_CLIENT_SECRET"' in token_call.curl


def test_the_client_refreshes_once_on_401_then_retries_the_request_once() -> None:
    app = mock()
    with Target(app=app) as target:
        client = target.client()
        assert client.get(FAMILIES).status_code == 200
        in_tenant(app, target).store.tokens.access.clear()  # every access token dies; the refresh token still works
        start = target.recorder.position()
        assert client.get(FAMILIES).status_code == 200
        exchanges = target.recorder.since(start)
        assert [(e.method, e.status) for e in exchanges] == [("GET", 401), ("POST", 200), ("GET", 200)]
        assert '"grant_type": "refresh_token"' in exchanges[1].request_body


def test_the_client_gives_up_after_one_failed_refresh() -> None:
    app = mock()
    with Target(app=app) as target:
        client = target.client()
        assert client.get(FAMILIES).status_code == 200
        in_tenant(app, target).store.tokens.access.clear()
        in_tenant(app, target).store.tokens.refresh.clear()
        start = target.recorder.position()
        assert client.get(FAMILIES).status_code == 401
        assert [(e.method, e.status) for e in target.recorder.since(start)] == [("GET", 401), ("POST", 422)]


def test_wrong_credentials_stop_the_client_with_a_clear_error() -> None:
    with (
        Target(app=mock(), credentials=Credentials(password="wrong")) as target,
        pytest.raises(TargetError, match="AKENEO_PASSWORD"),
    ):
        target.client().get(FAMILIES)


def test_a_read_only_target_refuses_to_send_writes() -> None:
    with Target(app=mock(), read_only=True) as target:
        client = target.client()
        assert client.get(FAMILIES).status_code == 200  # the token request is not a write
        for method in ("PATCH", "POST", "PUT", "DELETE"):
            with pytest.raises(ReadOnlyViolation):
                client.request(method, f"{FAMILIES}/{target.run_prefix}_x", json={})
        with pytest.raises(ReadOnlyViolation):
            target.anonymous_client().delete(f"{FAMILIES}/x/assets/y")


def test_secrets_are_masked_in_exchanges_and_curl_lines_use_shell_variables() -> None:
    secret = "pw-5ecret-value"
    with Target(app=mock(password=secret), credentials=Credentials(password=secret)) as target:
        target.client().get(FAMILIES)
        token = target.tokens.access_token()
        for exchange in target.recorder.since(0):
            text = repr(exchange.to_dict())
            assert secret not in text
            assert token not in text
        grant = target.recorder.since(0)[0]
        assert '"password": "***"' in grant.request_body
        assert '"access_token": "***"' in grant.response_body
        words = shlex.split(grant.curl)
        assert words[-1] == '{"grant_type": "password", "username": "admin", "password": "$AKENEO_PASSWORD"}'
        assert '"Authorization: Bearer $AKENEO_TOKEN"' in target.recorder.since(0)[1].curl


def test_curl_line_replays_method_url_headers_and_body() -> None:
    line = curl_line(
        "patch",
        "http://pim/api/rest/v1/asset-families/x?a=1&b=2",
        {"Content-Type": "application/json", "Host": "pim", "Authorization": "Bearer abc"},
        b'{"code": "it\'s"}',
    )
    words = shlex.split(line)
    assert words[:6] == ["curl", "-sS", "-i", "-X", "PATCH", "http://pim/api/rest/v1/asset-families/x?a=1&b=2"]
    assert "Content-Type: application/json" in words
    assert "Authorization: Bearer $AKENEO_TOKEN" in words
    assert words[-1] == '{"code": "it\'s"}'
    assert "abc" not in line


def test_excerpts_cut_long_bodies_and_name_binaries() -> None:
    assert excerpt(b"\x89PNG...", "image/png") == "<7 bytes of image/png>"
    long = excerpt("x" * 10_000, "text/plain")
    assert len(long) < 5000
    assert long.endswith("more characters>")


def test_the_exchange_list_is_bounded() -> None:
    with Target(app=mock(), max_exchanges=3) as target:
        client = target.anonymous_client()
        for _ in range(5):
            client.get("/api/rest/v1")
        kept = target.recorder.since(0)
        assert len(kept) == 3
        assert [e.seq for e in kept] == [3, 4, 5]


def test_run_prefix_is_cf_and_six_hex_characters_unless_given() -> None:
    generated = Target("http://pim").run_prefix
    assert len(generated) == 8
    assert generated.startswith("cf")
    int(generated[2:], 16)
    assert Target("http://pim", run_prefix="ci42").run_prefix == "ci42"
    with pytest.raises(ValueError, match="run_prefix"):
        Target("http://pim", run_prefix="Bad-Prefix")


def test_a_target_takes_exactly_one_of_url_and_app() -> None:
    with pytest.raises(ValueError):
        Target()
    with pytest.raises(ValueError):
        Target("http://pim", app=mock())
    with pytest.raises(ValueError):
        Target("ftp://pim")


def test_from_env_reads_the_akeneo_variables() -> None:
    environ = {
        "AKENEO_BASE_URL": "https://pim.example.com/",
        "AKENEO_CLIENT_ID": "id",
        "AKENEO_CLIENT_SECRET": "sec",
        "AKENEO_USERNAME": "user",
        "AKENEO_PASSWORD": "pass",
    }
    target = Target.from_env(environ)
    assert target.base_url == "https://pim.example.com"
    assert target.credentials == Credentials("id", "sec", "user", "pass")
    assert Target.from_env({}).base_url == "http://127.0.0.1:8080"
    assert Target.from_env({}).credentials == Credentials()
    assert Target.from_env(environ, base_url="http://other").base_url == "http://other"


def in_tenant(app: Any, target: Target) -> Any:
    """The mock's Context for the tenant the open target works in."""
    assert target.tenant is not None, "a target on the mock works in a tenant of its own"
    return app.mock_tenants.context(target.tenant)


def test_on_the_mock_a_target_works_in_a_tenant_of_its_own_and_drops_it_at_close() -> None:
    app = mock()
    with Target(app=app, run_prefix="cfiso") as target:
        assert target.tenant == "conformance-cfiso"
        created = target.client().patch("/api/rest/v1/asset-families/cfiso_family", json={"code": "cfiso_family"})
        assert created.status_code == 201, created.text
        assert "cfiso_family" in in_tenant(app, target).store.asset_families
        assert "cfiso_family" not in app.mock_context.store.asset_families  # TENANT-ISOLATION
        assert target.recorder.since(0)[-1].request_headers["x-mock-tenant"] == "conformance-cfiso"
    assert target.tenant is None
    assert [name for name, _ in app.mock_tenants.items()] == ["default"]


def test_a_server_without_the_mock_tenants_is_talked_to_as_it_is() -> None:
    with Target(app=answering_500(mock(), "/mock/")) as target:
        assert target.tenant is None and target.headers == {}
        assert target.client().get(FAMILIES).status_code == 200


def test_travel_moves_the_mock_clock_and_reports_a_server_without_one_or_a_read_only_run() -> None:
    app = mock()
    with Target(app=app) as target:
        assert target.travel(3601) is True
        assert in_tenant(app, target).clock.offset.total_seconds() == 3601  # the run's tenant's clock
        assert app.mock_context.clock.offset.total_seconds() == 0  # TENANT-ISOLATION: not the developer's
    with Target(app=app, read_only=True) as target:
        assert target.travel(60) is False  # a read-only run sends no POST: the clock stays
        assert in_tenant(app, target).clock.offset.total_seconds() == 0
    with Target(app=answering_500(mock(), "/mock/")) as target:
        assert target.travel(3601) is False
