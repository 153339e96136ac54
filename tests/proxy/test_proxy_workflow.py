"""The proxy in front of a faithful upstream (the mock on a socket): the client gets the upstream's answers with
links on the proxy, the cassette holds every exchange without a secret, and no violation is reported."""

from __future__ import annotations

import base64
import json

from akeneo_contract.cassette import decode_body, read_cassette
from tests.proxy.conftest import IMAGE, UPLOAD, Recording

EXPECTED_STATUSES = {
    "token": 200,
    "refresh": 200,
    "family": 201,
    "attribute": 201,
    "upload": 201,
    "download": 200,
    "asset": 201,
    "batch": 200,
    "page1": 200,
    "page2": 200,
    "family_get": 200,
    "refused": 422,
    "delete": 204,
    "products": 200,
}


def _escaped(url: str) -> bytes:
    return url.replace("/", "\\/").encode()


def test_proxy_forward_client_gets_the_upstreams_answers(recording: Recording) -> None:
    # PROXY-FORWARD: every step answered as the upstream answers it
    assert {step: answer.status_code for step, answer in recording.answers.items()} == EXPECTED_STATUSES
    for step in ("page1", "family_get"):
        through_proxy = recording.answers[step].content
        direct = recording.direct[step].content
        assert through_proxy.replace(_escaped(recording.proxy), _escaped(recording.upstream)) == direct, step
    assert recording.answers["download"].content == recording.direct["download"].content == IMAGE
    assert recording.answers["products"].headers["content-type"] == "application/vnd.akeneo.collection+json"
    assert len(recording.answers["products"].text.split("\n")) == 2


def test_proxy_rewrite_links_and_location_point_at_the_proxy(recording: Recording) -> None:
    # PROXY-REWRITE: a client following links stays on the proxy
    for step in ("family", "attribute", "asset", "upload"):
        assert recording.answers[step].headers["location"].startswith(recording.proxy + "/api/rest/v1/"), step
    page1 = recording.answers["page1"]
    assert recording.upstream.encode() not in page1.content and _escaped(recording.upstream) not in page1.content
    next_link = page1.json()["_links"]["next"]["href"]
    assert next_link.startswith(recording.proxy)
    assert str(recording.answers["page2"].request.url) == next_link
    assert recording.answers["page2"].json()["_embedded"]["items"]  # the second page, fetched through the proxy


def test_proxy_record_cassette_has_every_exchange_in_order(recording: Recording) -> None:
    # PROXY-RECORD: one line per exchange, request and answer as they went
    cassette = read_cassette(recording.cassette)
    assert cassette.upstream == recording.upstream
    answers = list(recording.answers.values())
    assert [e["seq"] for e in cassette.exchanges] == list(range(1, len(answers) + 1))
    for exchange, answer in zip(cassette.exchanges, answers, strict=True):
        assert exchange["request"]["method"] == answer.request.method
        assert exchange["request"]["path"] == answer.request.url.path
        assert exchange["response"]["status"] == answer.status_code
    by_step = dict(zip(recording.answers, cassette.exchanges, strict=True))
    upload = by_step["upload"]
    assert "base64" in upload["request"]["body"]  # multipart kept byte for byte
    assert decode_body(upload["request"]["body"]) == UPLOAD
    assert upload["response"]["headers"]["asset-media-file-code"].endswith("_proxy.png")
    assert decode_body(by_step["download"]["response"]["body"]) == IMAGE
    assert by_step["page2"]["request"]["query"] == "search_after=proxy_one"
    # the upstream's own links are recorded (the header names that origin), not the proxy's
    assert by_step["family"]["response"]["headers"]["location"].startswith(recording.upstream)
    products = by_step["products"]
    assert products["request"]["headers"]["content-type"] == "application/vnd.akeneo.collection+json"
    assert decode_body(products["response"]["body"]) == recording.answers["products"].content


def test_proxy_record_no_secret_anywhere_in_the_cassette(recording: Recording) -> None:
    # PROXY-RECORD-SCRUB: Authorization, the token request's credentials and the tokens never reach the file
    text = recording.cassette.read_text(encoding="utf-8")
    assert recording.secrets
    for secret in recording.secrets:
        assert secret not in text, secret
        assert secret.replace("/", "\\/") not in text
    cassette = read_cassette(recording.cassette)
    grants = [e for e in cassette.exchanges if e["request"]["path"] == "/api/oauth/v1/token"]
    assert json.loads(decode_body(grants[0]["request"]["body"]))["grant_type"] == "password"
    assert decode_body(grants[1]["request"]["body"]).startswith(b"grant_type=refresh_token&")
    for exchange in cassette.exchanges:
        auth = exchange["request"]["headers"].get("authorization", "")
        assert auth.split(" ")[-1] == "<scrubbed>"
    for grant in grants:
        answer = json.loads(decode_body(grant["response"]["body"]))
        assert (answer["access_token"], answer["refresh_token"]) == ("<access-token>", "<refresh-token>")
    assert base64.b64encode(b"client:secret").decode() not in text


def test_proxy_validate_faithful_upstream_has_no_violation(recording: Recording) -> None:
    # PROXY-VALIDATE: the mock keeps the contract, so nothing is reported; the summary and the report say so
    report = json.loads(recording.report.read_text(encoding="utf-8"))
    assert report["violations"] == []
    assert report["exchanges"] == len(EXPECTED_STATUSES)
    assert all(e["violations"] == [] for e in read_cassette(recording.cassette).exchanges)
    assert f"proxy summary: {len(EXPECTED_STATUSES)} exchanges, 0 violations" in recording.stderr
    assert "Traceback" not in recording.stderr
