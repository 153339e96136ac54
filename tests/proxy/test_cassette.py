"""The cassette format (akeneo_contract/cassette.py) and replay's normalisation, without a server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from akeneo_contract.cassette import CassetteError, CassetteWriter, decode_body, encode_body, read_cassette
from conformance.replay_normalise import Answer, Normaliser, compare

TOKEN_PATH = "/api/oauth/v1/token"


def _exchange(path: str, request_body: bytes, response_body: bytes, **headers: str) -> tuple[dict, dict]:
    request = {
        "method": "POST",
        "path": path,
        "query": "",
        "headers": headers,
        "body": encode_body(request_body, headers.get("content-type")),
    }
    response = {
        "status": 200,
        "headers": {"content-type": "application/json"},
        "body": encode_body(response_body, "application/json"),
    }
    return request, response


def test_cassette_bodies_round_trip_text_and_binary() -> None:
    binary = bytes(range(256))
    assert "base64" in encode_body(binary, "image/png") and decode_body(encode_body(binary, "image/png")) == binary
    assert encode_body(b'{"a":"\\u00e9"}', "application/json") == {"text": '{"a":"\\u00e9"}'}
    assert "base64" in encode_body(b"\xff\xfe", "application/json")  # not UTF-8: kept byte for byte
    assert encode_body(b"", "application/json") is None and decode_body(None) == b""


def test_cassette_scrubs_token_calls_and_every_later_occurrence(tmp_path: Path) -> None:
    # PROXY-RECORD-SCRUB: grant_type stays, the rest of the token call goes, and a token echoed later is replaced
    path = tmp_path / "c.cassette"
    writer = CassetteWriter(path, "https://pim.example.com")
    form = b"grant_type=password&username=julia&password=VeryS3cretPass&client_id=app&client_secret=AppS3cret99"
    answer = b'{"access_token":"AAAAtokenAAAA","refresh_token":"RRRRtokenRRRR","expires_in":3600}'
    request, response = _exchange(TOKEN_PATH, form, answer, **{"content-type": "application/x-www-form-urlencoded"})
    writer.write(request, response, [])
    echoed = b'{"seen":"AAAAtokenAAAA and VeryS3cretPass"}'
    request, response = _exchange("/api/rest/v1/x", b"{}", echoed, authorization="Bearer AAAAtokenAAAA")
    writer.write(request, response, [])
    writer.close()
    text = path.read_text(encoding="utf-8")
    for secret in ("VeryS3cretPass", "AppS3cret99", "AAAAtokenAAAA", "RRRRtokenRRRR", "julia"):
        assert secret not in text
    first, second = read_cassette(path).exchanges
    assert decode_body(first["request"]["body"]).startswith(b"grant_type=password&")
    assert json.loads(decode_body(first["response"]["body"]))["expires_in"] == 3600
    assert second["request"]["headers"]["authorization"] == "Bearer <scrubbed>"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("not json\n", "line 1 is not JSON"),
        ('{"hello": 1}\n', "no cassette header"),
        ('{"cassette": "akeneo-exchanges", "version": 2}\n', "cassette version 2"),
        ('{"cassette": "akeneo-exchanges", "version": 1}\n{"request": {}}\n', "line 2 is not an exchange"),
    ],
)
def test_cassette_unreadable_is_one_line(tmp_path: Path, content: str, reason: str) -> None:
    path = tmp_path / "bad.cassette"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CassetteError, match=reason) as caught:
        read_cassette(path)
    assert "\n" not in str(caught.value)


def test_replay_normalise_maps_codes_bases_and_timestamps() -> None:
    # REPLAY-NORMALISE: what must vary between servers does not count as a difference; the rest does
    normaliser = Normaliser("https://pim.example.com", "http://127.0.0.1:8080")
    normaliser.learn("a/b/c/d/abc_x.png", "1/2/3/4/xyz_x.png")
    assert normaliser.to_target("/api/rest/v1/asset-media-files/a/b/c/d/abc_x.png") == (
        "/api/rest/v1/asset-media-files/1/2/3/4/xyz_x.png"
    )
    recorded = {"href": "https://pim.example.com/api/rest/v1/a", "data": "a/b/c/d/abc_x.png", "created": "2020-01-01"}
    got = {"href": "http://127.0.0.1:8080/api/rest/v1/a", "data": "1/2/3/4/xyz_x.png", "created": "2031-05-05"}
    json_type = {"content-type": "application/json"}
    same = compare(
        Answer(200, json_type, json.dumps(recorded).encode()),
        Answer(200, json_type, json.dumps(got).encode()),
        normaliser,
    )
    assert same == []
    other = compare(
        Answer(201, {**json_type, "location": "https://pim.example.com/api/rest/v1/a"}, b'{"n":[1,2]}'),
        Answer(204, {**json_type, "location": "http://127.0.0.1:8080/api/rest/v1/b"}, b'{"n":[1,3]}'),
        normaliser,
    )
    assert [(d.what, d.recorded, d.got) for d in other] == [
        ("status", 201, 204),
        ("header location", "/api/rest/v1/a", "/api/rest/v1/b"),
        ("body /n/1", 2, 3),
    ]
