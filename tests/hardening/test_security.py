"""Issue #13, security: tokens, their expiry and rotation, secrets kept out of every log, journal, cassette and report,
the loopback default and the control plane switched off; each proved over a real socket against `python -m
mock_server` in its own process (or the suite's uvicorn LoopbackServer), as a client and an operator meet them."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from conformance.exchanges import ExchangeRecorder
from conformance.report import Failure, TestRecord, build_scorecard, write_reports
from conformance.rules import load_rules
from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.e2e.conftest import free_port, wait_until_listening
from tests.proxy.conftest import running_proxy
from tests.support import PASSWORD_GRANT, serving

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "/api/oauth/v1/token"
FAMILIES = "/api/rest/v1/asset-families"
CLIENT_ID, CLIENT_SECRET = "hardening-client", "cl1ent-S3cret-hardening"
PASSWORD = "pa55word-Hardening-S3cret"  # the test's own credentials, to look for
WRONG_PASSWORD = "wr0ng-Guess-Passw0rd"  # a failed attempt is a secret too
ACCESS_TTL, REFRESH_TTL = 3600, 1_209_600  # the vendor's lifetimes (Settings' defaults)
EXPIRED = "The access token provided has expired."
BAD_REFRESH = "Refresh token is invalid or has expired"
TOKEN_FIELDS = ("access_token", "refresh_token")


def settings_env(**variables: str) -> dict[str, str]:
    """This process's environment without MOCK_* (the developer's must not decide a test), plus `variables`."""
    return {**{k: v for k, v in os.environ.items() if not k.startswith("MOCK_")}, **variables}


CREDENTIALS = {"MOCK_CLIENT_ID": CLIENT_ID, "MOCK_CLIENT_SECRET": CLIENT_SECRET, "MOCK_PASSWORD": PASSWORD}


@dataclass
class Mock:
    url: str
    process: subprocess.Popen
    log_path: Path
    port: int

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


@contextmanager
def mock_process(tmp: Path, *flags: str, host: str | None = "127.0.0.1", **variables: str) -> Iterator[Mock]:
    """`python -m mock_server` on a free port, stderr (the banner and the logs) into a file; `host=None` passes no
    --host, so the default applies."""
    port = free_port()
    command = [sys.executable, "-m", "mock_server", "--port", str(port), *flags]
    if host is not None:
        command += ["--host", host]
    log_path = tmp / f"mock-{port}.log"
    with log_path.open("wb") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, env=settings_env(**variables), stderr=stderr)
    mock = Mock(f"http://127.0.0.1:{port}", process, log_path, port)
    try:
        wait_until_listening(port, process)
        yield mock
    finally:
        process.terminate()
        process.wait(timeout=15)


def basic(client_id: str = CLIENT_ID, secret: str = CLIENT_SECRET) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()


def password_grant(client: httpx.Client, form: bool = False, password: str = PASSWORD) -> httpx.Response:
    grant = {"grant_type": "password", "username": "admin", "password": password}
    sent = {"data": grant} if form else {"json": grant}
    return client.post(TOKEN, headers={"Authorization": basic()}, **sent)  # type: ignore[arg-type]


def refresh_grant(client: httpx.Client, refresh_token: str, form: bool = False) -> httpx.Response:
    grant = {"grant_type": "refresh_token", "refresh_token": refresh_token}
    sent = {"data": grant} if form else {"json": grant}
    return client.post(TOKEN, headers={"Authorization": basic()}, **sent)  # type: ignore[arg-type]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def advance(client: httpx.Client, seconds: float) -> None:
    assert client.post("/mock/clock/advance", json={"seconds": seconds}).status_code == 200


@pytest.fixture(scope="module")
def mock(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Mock]:
    with mock_process(tmp_path_factory.mktemp("security"), "--empty", **CREDENTIALS) as running:
        yield running


@pytest.fixture
def client(mock: Mock) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock.url, timeout=30) as http:
        http.post("/mock/reset")  # a fresh clock and no tokens from another test
        yield http


# --- tokens ----------------------------------------------------------------------------------------------------------


def test_auth_tokens_are_long_random_and_never_repeat(client: httpx.Client) -> None:
    # AUTH-TOKEN-RANDOM: secrets.token_urlsafe(48), 64 URL-safe characters each; any two differ.
    pairs = [password_grant(client).json() for _ in range(10)]
    tokens = [pair[name] for pair in pairs for name in ("access_token", "refresh_token")]
    assert len(set(tokens)) == len(tokens)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{64}", token) for token in tokens)


def test_auth_token_digest_keys_the_store_holds_no_token_only_its_digest() -> None:
    # AUTH-TOKEN-DIGEST-KEYS: the grants are keyed by SHA-256(token), so nothing in memory (a snapshot, a debugger, a
    # dump) holds a usable token, and no look-up compares a sent string with a stored token.
    app = create_app(settings=Settings(load_fixtures=False), start_catalog=load_start)
    with serving(app) as url, httpx.Client(base_url=url, timeout=30) as client:
        pair = client.post(TOKEN, headers={"Authorization": basic("client", "secret")}, json=PASSWORD_GRANT).json()
        assert client.get(FAMILIES, headers=bearer(pair["access_token"])).status_code == 200
    tokens = app.mock_context.store.tokens
    keys = [*tokens.access, *tokens.refresh]
    assert len(keys) == 2
    assert {key for key in keys} == {hashlib.sha256(pair[name].encode()).digest() for name in TOKEN_FIELDS}
    assert not any(pair[name] in repr(tokens) for name in TOKEN_FIELDS)


def test_auth_token_answer_is_not_cacheable(client: httpx.Client) -> None:
    # AUTH-TOKEN-NO-STORE: oauth2-php's token answer carries Cache-Control: no-store and Pragma: no-cache.
    answer = password_grant(client)
    assert answer.status_code == 200
    assert (answer.headers["cache-control"], answer.headers["pragma"]) == ("no-store", "no-cache")


def test_auth_a_forged_token_or_a_tampered_one_is_refused(client: httpx.Client) -> None:
    token = password_grant(client).json()["access_token"]
    assert client.get(FAMILIES, headers=bearer(token)).status_code == 200
    for forged in (token[:-1] + ("A" if token[-1] != "A" else "B"), token[:32], token + "x", "x" * 64):
        answer = client.get(FAMILIES, headers=bearer(forged))
        assert answer.status_code == 401
        assert answer.json() == {"code": 401, "message": "The access token provided is invalid."}


def test_auth_token_expires_an_access_token_past_its_lifetime_is_refused(client: httpx.Client) -> None:
    # AUTH-TOKEN-EXPIRES: valid one second before its lifetime ends, the vendor's 401 from then on.
    token = password_grant(client).json()["access_token"]
    advance(client, ACCESS_TTL - 1)
    assert client.get(FAMILIES, headers=bearer(token)).status_code == 200
    advance(client, 1)
    answer = client.get(FAMILIES, headers=bearer(token))
    assert answer.status_code == 401
    assert answer.json() == {"code": 401, "message": EXPIRED}


def test_auth_refresh_expires_a_refresh_token_past_its_lifetime_is_refused(client: httpx.Client) -> None:
    # AUTH-REFRESH-EXPIRES: usable one second before its 14 days end, the vendor's 422 from then on.
    first, second = password_grant(client).json(), password_grant(client).json()
    advance(client, REFRESH_TTL - 1)
    assert refresh_grant(client, first["refresh_token"]).status_code == 200
    advance(client, 1)
    answer = refresh_grant(client, second["refresh_token"])
    assert answer.status_code == 422
    assert answer.json() == {"code": 422, "message": BAD_REFRESH}


def test_auth_refresh_rotation_the_old_refresh_token_dies_the_old_access_token_lives_on(client: httpx.Client) -> None:
    # AUTH-REFRESH-ROTATION: oauth2-php unsets the refresh token it was given and keeps the access tokens.
    first = password_grant(client).json()
    second = refresh_grant(client, first["refresh_token"], form=True)
    assert second.status_code == 200
    renewed = second.json()
    assert {renewed["access_token"], renewed["refresh_token"]}.isdisjoint(first.values())
    reused = refresh_grant(client, first["refresh_token"])
    assert (reused.status_code, reused.json()) == (422, {"code": 422, "message": BAD_REFRESH})
    assert client.get(FAMILIES, headers=bearer(first["access_token"])).status_code == 200  # until it expires
    assert client.get(FAMILIES, headers=bearer(renewed["access_token"])).status_code == 200
    assert refresh_grant(client, renewed["refresh_token"]).status_code == 200  # the new one serves, once
    assert refresh_grant(client, renewed["refresh_token"]).status_code == 422


def test_auth_tenants_a_token_serves_only_the_tenant_that_issued_it(client: httpx.Client) -> None:
    # TENANT-TOKENS: each tenant has its own token store (services/tenants.py); a token is no key to another PIM.
    token = password_grant(client).json()["access_token"]
    assert client.get(FAMILIES, headers=bearer(token)).status_code == 200
    other = client.get(FAMILIES, headers={**bearer(token), "X-Mock-Tenant": "security-other"})
    assert (other.status_code, other.json()["message"]) == (401, "The access token provided is invalid.")
    assert client.get(f"/t/security-other{FAMILIES}", headers=bearer(token)).status_code == 401
    client.delete("/mock/tenants/security-other")


@pytest.mark.parametrize(
    ("grant", "message"),
    [
        (
            {"grant_type": "password", "username": "admin"},
            'Parameter "grant_type", "username" or "password" is missing',
        ),
        (
            {"grant_type": "password", "password": PASSWORD},
            'Parameter "grant_type", "username" or "password" is missing',
        ),
        ({"grant_type": "refresh_token"}, 'Parameter "grant_type" or "refresh_token" is missing or empty'),
        ({"grant_type": "refresh_token", "refresh_token": ""}, 'Parameter "grant_type" or "refresh_token" is missing'),
    ],
)
def test_auth_grant_fields_a_missing_field_gets_the_vendors_message(
    client: httpx.Client, grant: dict[str, str], message: str
) -> None:
    # AUTH-GRANT-FIELDS: TokenController::getErrorMessage words oauth2-php's invalid_request per grant type.
    answer = client.post(TOKEN, headers={"Authorization": basic()}, json=grant)
    assert answer.status_code == 422
    assert answer.json()["message"].startswith(message)


def test_auth_client_a_wrong_client_id_or_secret_is_refused_alike(client: httpx.Client) -> None:
    grant = {"grant_type": "password", "username": "admin", "password": PASSWORD}
    answers = [
        client.post(TOKEN, headers={"Authorization": credentials}, json=grant)
        for credentials in (basic(secret="nope"), basic(client_id="nope"), basic(CLIENT_ID, CLIENT_SECRET + "x"))
    ]
    assert {(answer.status_code, answer.json()["message"]) for answer in answers} == {
        (422, 'Parameter "client_id" is missing or does not match any client, or secret is invalid')
    }


# --- secrets never written -------------------------------------------------------------------------------------------


def exercise(client: httpx.Client) -> list[str]:
    """Every way a secret reaches the mock (Basic header, password grant as JSON and form, a wrong password, Bearer
    header, access_token in the query, refresh grants as JSON and form, the token answers); returns those secrets."""
    first, second = password_grant(client).json(), password_grant(client, form=True).json()
    assert password_grant(client, password=WRONG_PASSWORD).status_code == 422
    assert client.get(FAMILIES, headers=bearer(first["access_token"])).status_code == 200
    assert client.get(f"{FAMILIES}?access_token={second['access_token']}&limit=1").status_code == 401
    third = refresh_grant(client, first["refresh_token"]).json()
    fourth = refresh_grant(client, second["refresh_token"], form=True).json()
    tokens = [pair[name] for pair in (first, second, third, fourth) for name in ("access_token", "refresh_token")]
    basic_credentials = basic().split(" ", 1)[1]
    return [CLIENT_SECRET, PASSWORD, WRONG_PASSWORD, basic_credentials, *tokens]


def leaked(text: str, secrets: list[str]) -> list[str]:
    return [secret for secret in secrets if secret in text]


@pytest.mark.parametrize(("log_format", "level"), [("text", "info"), ("json", "info"), ("text", "trace")])
def test_log_no_secrets_the_access_log_and_banner_hold_no_credential_or_token(
    tmp_path: Path, log_format: str, level: str
) -> None:
    # LOG-NO-SECRETS: --log-requests in both formats, and uvicorn's most verbose level (it logs each ASGI message);
    # the banner shows only the documented default credentials.
    flags = ("--empty", "--log-requests", "--log-format", log_format, "--log-level", level)
    with mock_process(tmp_path, *flags, **CREDENTIALS) as running, httpx.Client(base_url=running.url) as client:
        secrets = exercise(client)
        running.process.terminate()
        running.process.wait(timeout=15)
        log = running.log()
    assert leaked(log, secrets) == []
    assert f"{TOKEN} HTTP/1.1" in log or f'"path": "{TOKEN}"' in log  # the token calls were logged, secrets aside
    assert "access_token=***&limit=1" in log  # the query's token masked, the rest of the line kept
    assert "<MOCK_CLIENT_SECRET, not shown>" in log and "<MOCK_PASSWORD, not shown>" in log


def test_journal_no_secrets_the_request_journal_holds_no_credential_or_token(client: httpx.Client) -> None:
    # JOURNAL-NO-SECRETS, over HTTP: every exchange above is in the journal, none of its secrets.
    assert client.delete("/mock/requests").status_code == 204  # this test's exchanges only
    secrets = exercise(client)
    journal = client.get("/mock/requests")
    assert journal.status_code == 200
    entries = journal.json()["items"] if isinstance(journal.json(), dict) else journal.json()
    assert len([entry for entry in entries if entry["path"] == TOKEN]) == 5
    assert leaked(json.dumps(entries, ensure_ascii=False), secrets) == []
    assert leaked(journal.text, secrets) == []


def test_proxy_no_secrets_cassette_report_and_log_hold_no_credential_or_token(tmp_path: Path) -> None:
    # PROXY-RECORD-SCRUB, end to end: client -> akeneo-mock proxy -> python -m mock_server, each in its process.
    cassette, report = tmp_path / "exchanges.jsonl", tmp_path / "report.json"
    with mock_process(tmp_path, "--empty", **CREDENTIALS) as upstream:
        recording = running_proxy(upstream.url, "--record", str(cassette), "--report", str(report))
        with recording as (proxy, output), httpx.Client(base_url=proxy, timeout=30) as client:
            secrets = exercise(client)
            with httpx.Client(base_url=upstream.url, timeout=30) as direct:  # a token the proxy never saw issued
                unseen = password_grant(direct).json()["access_token"]
            assert client.get(f"{FAMILIES}?access_token={unseen}").status_code == 401
            secrets.append(unseen)
        upstream_log = upstream.log()
    written = {"cassette": cassette.read_text(), "report": report.read_text(), "proxy log": output["stderr"]}
    assert written["cassette"].count(TOKEN) == 5
    assert {name: leaked(text, secrets) for name, text in written.items()} == {name: [] for name in written}
    assert leaked(upstream_log, secrets) == []


def test_report_no_secrets_conformance_reports_and_curl_lines_hold_no_credential_or_token(
    mock: Mock, tmp_path: Path
) -> None:
    # REPORT-NO-SECRETS: the suite's recorder over real exchanges, then scorecard.json and .html as a failure shows
    # them (each exchange with its curl line): credentials stay shell variables, tokens and passwords masked.
    recorder = ExchangeRecorder()

    def record(answer: httpx.Response) -> None:
        answer.read()
        recorder.add_httpx(answer)

    with httpx.Client(base_url=mock.url, timeout=30) as client:
        client.post("/mock/reset")
        client.event_hooks["response"] = [record]
        secrets = exercise(client)
    exchanges = recorder.since(0)
    assert len(exchanges) == 7
    grant = exchanges[0]
    assert '-u "$AKENEO_CLIENT_ID:$AKENEO_CLIENT_SECRET"' in grant.curl and '"$AKENEO_PASSWORD"' in grant.curl
    assert '-H "Authorization: Bearer $AKENEO_TOKEN"' in exchanges[3].curl
    rule = next(iter(load_rules())).id
    message = recorder.scrub(f"AssertionError: {exchanges[-1].response_body} {secrets[4:]}")  # a traceback's text
    failure = Failure(where="call", message=message, exchanges=[exchange.to_dict() for exchange in exchanges])
    record_ = TestRecord(nodeid="tests::leak", rules=[rule], outcome="failed", failures=[failure])
    paths = write_reports(build_scorecard(load_rules(), [record_], target=mock.url, run={}), tmp_path)
    for path in paths.values():
        text = path.read_text()
        assert "$AKENEO_CLIENT_SECRET" in text and "access_token=***" in text
        assert leaked(text, secrets) == [], path.name


# --- where it listens, what it serves --------------------------------------------------------------------------------


def listening_addresses(port: int) -> set[str]:
    """The local addresses of the sockets listening on `port` (Linux's /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if state == "0A" and int(hex_port, 16) == port and len(address) == width:  # 0A: LISTEN
                packed = bytes.fromhex(address)
                words = b"".join(packed[i : i + 4][::-1] for i in range(0, len(packed), 4))  # little-endian words
                family = socket.AF_INET if width == 8 else socket.AF_INET6
                found.add(socket.inet_ntop(family, words))
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from Linux's /proc")
def test_bind_loopback_by_default_without_host_flag_or_variable(tmp_path: Path) -> None:
    # BIND-LOOPBACK-DEFAULT: no --host and no MOCK_HOST: 127.0.0.1 only; the banner says where.
    with mock_process(tmp_path, "--empty", host=None) as running:
        assert listening_addresses(running.port) == {"127.0.0.1"}
        assert httpx.get(running.url + "/api/rest/v1", timeout=10).status_code == 200
    banner = running.log().splitlines()[0]
    assert f"at http://127.0.0.1:{running.port}" in banner and "all interfaces" not in banner


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads the listening sockets from Linux's /proc")
def test_bind_all_interfaces_only_when_told_and_the_banner_says_so(tmp_path: Path) -> None:
    with mock_process(tmp_path, "--empty", host=None, MOCK_HOST="0.0.0.0") as running:  # noqa: S104 - the test
        assert listening_addresses(running.port) == {"0.0.0.0"}  # noqa: S104
    assert "(listening on all interfaces)" in running.log().splitlines()[0]


@dataclass
class Switch:
    flags: tuple[str, ...] = ()
    variables: dict[str, str] = field(default_factory=dict)


@pytest.mark.parametrize(
    "switch",
    [Switch(flags=("--no-control-plane",)), Switch(variables={"MOCK_CONTROL_PLANE": "0"})],
    ids=["flag", "variable"],
)
def test_control_plane_off_answers_404_under_mock_and_the_api_still_works(tmp_path: Path, switch: Switch) -> None:
    # CONTROL-PLANE-OFF: nothing under /mock is served (no clock to move, no journal, no reset, no users).
    process = mock_process(tmp_path, "--empty", *switch.flags, **CREDENTIALS, **switch.variables)
    with process as running, httpx.Client(base_url=running.url, timeout=30) as client:
        token = password_grant(client).json()["access_token"]
        refused = [
            client.post("/mock/clock/advance", json={"seconds": ACCESS_TTL}),
            client.get("/mock/requests"),
            client.post("/mock/reset"),
            client.post("/mock/users", json={"username": "x", "password": "y" * 8, "permissions": []}),
            client.get("/mock/ui/"),
        ]
        assert [answer.status_code for answer in refused] == [404] * len(refused)
        assert all(answer.json()["code"] == 404 for answer in refused[:4])
        assert client.get(FAMILIES, headers=bearer(token)).status_code == 200  # the clock did not move
    assert "control plane  off" in running.log()
