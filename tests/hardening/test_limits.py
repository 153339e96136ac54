"""Issue #13, request limits, through the real HTTP server (uvicorn on a loopback port): the body limits
(BODY-LIMIT-JSON, BODY-LIMIT-UPLOAD: api/http/body_limits.py), JSON nesting and number size (FORMAT-JSON-DEPTH,
FORMAT-JSON-HUGE-NUMBER: api/http/json_body.py) on every JSON entry point, the attribute's max_file_size, and image
decoding bounded (domain/asset_manager/image_safety.py)."""

from __future__ import annotations

import json
import socket
import struct
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.e2e.conftest import MOCK_PASSWORD, running_mock
from tests.support import BASIC, FAMILIES, MEDIA, PASSWORD_GRANT, TOKEN, serving

SMALL_BODY, SMALL_UPLOAD = 2_000, 400_000  # the limits of the `small` server: fast to pass, in bytes
JSON = "application/json"
NDJSON = "application/vnd.akeneo.collection+json"
TOO_LARGE = "Request Entity Too Large: the request body exceeds the limit of {limit} bytes ({flag})."


def token(http: httpx.Client, password: str | None = None) -> dict[str, str]:
    grant = {**PASSWORD_GRANT, "password": password or PASSWORD_GRANT["password"]}
    answer = http.post(TOKEN, headers={"Authorization": BASIC}, json=grant)
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


@contextmanager
def client(settings: Settings | None = None) -> Iterator[httpx.Client]:
    """A fresh mock (default catalog) behind uvicorn, and an httpx client holding a token for it."""
    with (
        serving(create_app(settings=settings, start_catalog=load_start)) as url,
        httpx.Client(base_url=url, timeout=60) as http,
    ):
        http.headers.update(token(http))
        yield http


@pytest.fixture(scope="module")
def small() -> Iterator[httpx.Client]:
    with client(Settings(max_body_size=SMALL_BODY, max_upload_size=SMALL_UPLOAD)) as http:
        yield http


@pytest.fixture(scope="module")
def default() -> Iterator[httpx.Client]:
    with client() as http:
        yield http


def create_family(http: httpx.Client, code: str) -> None:
    assert http.patch(f"{FAMILIES}/{code}", json={"code": code, "labels": {"en_US": "Before"}}).status_code == 201


def assert_too_large(answer: httpx.Response, limit: int, flag: str) -> None:
    assert answer.status_code == 413, answer.text
    assert answer.headers["content-type"] == JSON
    assert answer.json() == {"code": 413, "message": TOO_LARGE.format(limit=limit, flag=flag)}


# -- raw HTTP/1.1 over a socket: what httpx cannot do (declare a body and never send it, stop a chunked body) ----
def raw_request(url: str, head: str, parts: Iterable[bytes] = ()) -> tuple[int, dict[str, str], bytes]:
    """Send `head` (request line and headers, without the blank line) and `parts`, then read one response; the
    socket's timeout is the deadline: a server waiting for the rest of the body fails the test, it does not hang."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode() + b"\r\n\r\n")
        for part in parts:
            sock.sendall(part)
        reply = b""
        while b"\r\n\r\n" not in reply:
            reply += _recv(sock)
        raw_head, body = reply.split(b"\r\n\r\n", 1)
        status_line, *lines = raw_head.decode("latin-1").split("\r\n")
        headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in lines)}
        while len(body) < int(headers["content-length"]):
            body += _recv(sock)
        return int(status_line.split()[1]), headers, body


def _recv(sock: socket.socket) -> bytes:
    data = sock.recv(65536)
    assert data, "the server closed the connection without an answer"
    return data


def chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


# -- BODY-LIMIT-JSON ---------------------------------------------------------------------------------------------
def test_body_limit_json_a_declared_length_over_the_limit_is_413_before_any_byte_is_read(small: httpx.Client) -> None:
    # BODY-LIMIT-JSON: 1 GiB declared and none of it sent: the answer cannot wait for the body
    head = (
        f"PATCH {FAMILIES}/unread HTTP/1.1\r\nHost: mock\r\nAuthorization: {small.headers['Authorization']}\r\n"
        f"Content-Type: {JSON}\r\nContent-Length: {2**30}"
    )
    status, headers, body = raw_request(str(small.base_url), head)
    assert status == 413
    assert headers["content-type"] == JSON
    assert json.loads(body) == {"code": 413, "message": TOO_LARGE.format(limit=SMALL_BODY, flag="--max-body-size")}
    assert small.get(f"{FAMILIES}/unread").status_code == 404


def test_body_limit_json_a_chunked_body_is_refused_once_its_count_passes_the_limit(small: httpx.Client) -> None:
    # BODY-LIMIT-JSON: no Content-Length; the server counts as the chunks stream and answers at the limit, without
    # the rest of the body (the final chunk is never sent)
    create_family(small, "chunked")
    head = (
        f"PATCH {FAMILIES}/chunked HTTP/1.1\r\nHost: mock\r\nAuthorization: {small.headers['Authorization']}\r\n"
        f"Content-Type: {JSON}\r\nTransfer-Encoding: chunked"
    )
    body = json.dumps({"code": "chunked", "labels": {"en_US": "x" * SMALL_BODY}}).encode()
    parts = [chunk(body[start : start + 500]) for start in range(0, len(body), 500)]
    status, _, answer = raw_request(str(small.base_url), head, parts)
    assert status == 413
    assert json.loads(answer)["message"] == TOO_LARGE.format(limit=SMALL_BODY, flag="--max-body-size")
    assert small.get(f"{FAMILIES}/chunked").json()["labels"] == {"en_US": "Before"}


def test_body_limit_json_a_valid_write_over_the_limit_changes_nothing_and_is_journaled(small: httpx.Client) -> None:
    # BODY-LIMIT-JSON: a body the API would take, one byte over the limit: 413, the stored family unchanged
    create_family(small, "unchanged")
    body = {"code": "unchanged", "labels": {"en_US": "After"}}
    filler = SMALL_BODY + 1 - len(json.dumps(body).encode()) - len(', "fr_FR": ""')
    body["labels"]["fr_FR"] = "y" * filler
    content = json.dumps(body).encode()
    assert len(content) == SMALL_BODY + 1
    answer = small.patch(f"{FAMILIES}/unchanged", content=content, headers={"Content-Type": JSON})
    assert_too_large(answer, SMALL_BODY, "--max-body-size")
    assert small.get(f"{FAMILIES}/unchanged").json()["labels"] == {"en_US": "Before"}
    journaled = small.get("/mock/requests", params={"status": 413, "path": f"{FAMILIES}/unchanged"}).json()
    assert [entry["method"] for entry in journaled] == ["PATCH"]
    at_the_limit = json.dumps({"code": "unchanged", "labels": {"en_US": "z" * (SMALL_BODY - 100)}}).encode()
    assert len(at_the_limit) <= SMALL_BODY
    assert small.patch(f"{FAMILIES}/unchanged", content=at_the_limit, headers={"Content-Type": JSON}).status_code == 204


def test_body_limit_json_covers_the_product_side(small: httpx.Client) -> None:
    # BODY-LIMIT-JSON: every JSON and NDJSON body of the API, not only the Asset Manager's writes
    big = b" " * (SMALL_BODY + 1)
    for path, content_type in (("/api/rest/v1/products", NDJSON), ("/api/rest/v1/products/p1", JSON)):
        answer = small.patch(path, content=big, headers={"Content-Type": content_type})
        assert_too_large(answer, SMALL_BODY, "--max-body-size")


@pytest.mark.parametrize("path", [TOKEN, f"/t/other{TOKEN}"])
def test_token_body_limit_is_the_vendors_300_bytes_whatever_the_settings(small: httpx.Client, path: str) -> None:
    # AUTH-TOKEN-BODY-LIMIT: CheckRequestContentSizeSubscriber, before the credentials are read
    grant = json.dumps(PASSWORD_GRANT).encode()
    at_limit = grant[:-1] + b" " * (300 - len(grant)) + b"}"  # insignificant whitespace up to 300 bytes
    headers = {"Content-Type": JSON, "Authorization": BASIC}
    assert len(at_limit) == 300 and small.post(path, content=at_limit, headers=headers).status_code == 200
    over = small.post(path, content=at_limit + b" ", headers=headers)
    assert (over.status_code, over.json()) == (
        413,
        {"code": 413, "message": "Request content exceeded the maximum allowed size of 300 bytes"},
    )


def test_body_limit_json_default_refuses_12_mb_and_holds_100_assets_with_long_texts(default: httpx.Client) -> None:
    # BODY-LIMIT-JSON: the default 10 MB (10,485,760 bytes) refuses the 12 MB body and takes a full batch
    # of 100 assets, each with a 100,000-character text
    create_family(default, "long_texts")
    attribute = {"code": "notes", "type": "text", "value_per_locale": False, "value_per_channel": False}
    attribute["is_textarea"] = True
    assert default.patch(f"{FAMILIES}/long_texts/attributes/notes", json=attribute).status_code == 201
    text = "Lorem ipsum " * 8_333 + "dolor"  # 100,001 characters
    batch = [
        {"code": f"asset_{number:03}", "values": {"notes": [{"locale": None, "channel": None, "data": text}]}}
        for number in range(100)
    ]
    content = json.dumps(batch).encode()
    assert 10_000_000 < len(content) <= Settings().max_body_size == 10_485_760
    answer = default.patch(f"{FAMILIES}/long_texts/assets", content=content, headers={"Content-Type": JSON})
    assert answer.status_code == 200, answer.text[:500]
    assert [result["status_code"] for result in answer.json()] == [201] * 100
    stored = default.get(f"{FAMILIES}/long_texts/assets/asset_099").json()
    assert stored["values"]["notes"][0]["data"] == text

    twelve_mb = json.dumps({"code": "long_texts", "labels": {"en_US": "x" * 12_000_000}}).encode()
    answer = default.patch(f"{FAMILIES}/long_texts", content=twelve_mb, headers={"Content-Type": JSON})
    assert_too_large(answer, 10_485_760, "--max-body-size")
    assert default.get(f"{FAMILIES}/long_texts").json()["labels"] == {"en_US": "Before"}


# -- BODY-LIMIT-UPLOAD -------------------------------------------------------------------------------------------
def test_body_limit_upload_takes_uploads_over_the_json_limit_up_to_its_own_cap(small: httpx.Client) -> None:
    # BODY-LIMIT-UPLOAD: a media upload is bound by max_upload_size, not by the JSON limit
    content = b"\x00" * (SMALL_BODY * 10)
    answer = small.post(MEDIA, files={"file": ("scan.bin", content, "application/octet-stream")})
    assert answer.status_code == 201, answer.text
    code = answer.headers["Asset-media-file-code"]
    assert small.get(f"{MEDIA}/{code}").content == content

    answer = small.post(MEDIA, files={"file": ("huge.bin", b"\x00" * SMALL_UPLOAD, "application/octet-stream")})
    assert_too_large(answer, SMALL_UPLOAD, "--max-upload-size")


def test_body_limit_upload_a_declared_length_over_the_cap_is_413_before_any_byte_is_read(small: httpx.Client) -> None:
    # BODY-LIMIT-UPLOAD: 1 GiB declared, nothing sent, answered at once; no media file is stored
    files_before = len(small.get("/mock/snapshot").json()["media_files"])
    head = (
        f"POST {MEDIA} HTTP/1.1\r\nHost: mock\r\nAuthorization: {small.headers['Authorization']}\r\n"
        f"Content-Type: multipart/form-data; boundary=b\r\nContent-Length: {2**30}"
    )
    status, _, body = raw_request(str(small.base_url), head)
    assert status == 413
    assert json.loads(body)["message"] == TOO_LARGE.format(limit=SMALL_UPLOAD, flag="--max-upload-size")
    assert len(small.get("/mock/snapshot").json()["media_files"]) == files_before


def test_body_limit_upload_bounds_the_control_plane_whose_snapshots_carry_media(small: httpx.Client) -> None:
    # BODY-LIMIT-UPLOAD: PUT /mock/snapshot (media bytes in base64) is bound by the upload cap, not the JSON limit
    small.headers.update({"X-Mock-Tenant": "snapshots"})
    try:
        document = small.get("/mock/snapshot").content
        assert SMALL_BODY < len(document) <= SMALL_UPLOAD
        assert small.put("/mock/snapshot", content=document, headers={"Content-Type": JSON}).status_code == 204
        padded = document + b" " * (SMALL_UPLOAD + 1 - len(document))
        answer = small.put("/mock/snapshot", content=padded, headers={"Content-Type": JSON})
        assert_too_large(answer, SMALL_UPLOAD, "--max-upload-size")
    finally:
        del small.headers["X-Mock-Tenant"]


def test_body_limits_come_from_the_flags_and_the_environment_of_python_m_mock_server() -> None:
    # BODY-LIMIT-JSON, BODY-LIMIT-UPLOAD: --max-body-size wins over MOCK_MAX_BODY_SIZE; MOCK_MAX_UPLOAD_SIZE alone
    with (
        running_mock("--max-body-size", "3000", MOCK_MAX_BODY_SIZE="100", MOCK_MAX_UPLOAD_SIZE="4000") as url,
        httpx.Client(base_url=url, timeout=30) as http,
    ):
        http.headers.update(token(http, MOCK_PASSWORD))
        fits = json.dumps({"code": "flags", "labels": {"en_US": "x" * 2_000}}).encode()
        assert http.patch(f"{FAMILIES}/flags", content=fits, headers={"Content-Type": JSON}).status_code == 201
        over = http.patch(f"{FAMILIES}/flags", content=b" " * 3_001, headers={"Content-Type": JSON})
        assert_too_large(over, 3_000, "--max-body-size")
        upload = http.post(MEDIA, files={"file": ("big.bin", b"\x00" * 4_000, "application/octet-stream")})
        assert_too_large(upload, 4_000, "--max-upload-size")


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MOCK_MAX_BODY_SIZE": "0"}, "max_body_size must be at least 1, 0 given"),
        ({"MOCK_MAX_UPLOAD_SIZE": "-5"}, "max_upload_size must be at least 1, -5 given"),
        ({"MOCK_MAX_BODY_SIZE": "10MB"}, 'MOCK_MAX_BODY_SIZE must be an integer, "10MB" given'),
    ],
)
def test_body_limits_refuse_a_setting_that_is_not_a_positive_byte_count(environ: dict[str, str], message: str) -> None:
    # BODY-LIMIT-JSON, BODY-LIMIT-UPLOAD: a limit of 0 would refuse every body; the CLI prints this one line
    with pytest.raises(ValueError, match=message):
        Settings.from_env(environ)


# -- FORMAT-JSON-DEPTH, FORMAT-JSON-HUGE-NUMBER on every JSON entry point ----------------------------------------
DEEP_ARRAY = b"[" * 10_000 + b"]" * 10_000
DEEP_OBJECT = b'{"a":' * 10_000 + b"1" + b"}" * 10_000
PRODUCTS = ("/api/rest/v1/products/p1", "/api/rest/v1/products")
HUGE = "9" * 5_000  # a 5,000-digit number: beyond Python's int-from-text limit, a float (INF) in PHP


def huge(template: str) -> bytes:
    return (template % HUGE).encode()


def hostile_requests() -> list[tuple[str, str, str, bytes, str, int]]:
    """(name, method, path, body, content type, the status the vendor's stack answers)."""
    family, asset, product, products = f"{FAMILIES}/hostile", f"{FAMILIES}/hostile/assets/target", *PRODUCTS
    value = '{"code":"target","values":{"notes":[{"locale":null,"channel":null,"data":%s}]}}'
    return [
        ("family, 10,000 nested arrays", "PATCH", family, DEEP_ARRAY, JSON, 400),
        ("family, 10,000 nested objects", "PATCH", family, DEEP_OBJECT, JSON, 400),
        ("family, a 5,000-digit label", "PATCH", family, huge('{"code":"hostile","labels":{"en_US":%s}}'), JSON, 422),
        ("attribute, deep", "PATCH", f"{family}/attributes/notes", DEEP_OBJECT, JSON, 400),
        ("option, deep", "PATCH", f"{family}/attributes/kind/options/a", DEEP_OBJECT, JSON, 400),
        ("asset, deep", "PATCH", asset, DEEP_OBJECT, JSON, 400),
        ("asset, a 5,000-digit value", "PATCH", asset, huge(value), JSON, 422),
        ("asset batch, deep item", "PATCH", f"{family}/assets", b"[" + DEEP_OBJECT + b"]", JSON, 400),
        ("asset batch, deep list", "PATCH", f"{family}/assets", DEEP_ARRAY, JSON, 400),
        ("product, deep", "PATCH", product, DEEP_OBJECT, JSON, 400),
        ("product, a 5,000-digit field", "PATCH", product, huge('{"identifier":"p1","n":%s}'), JSON, 422),
        ("product batch, a deep line", "PATCH", products, DEEP_OBJECT, NDJSON, 200),
        ("product batch, a 5,000-digit line", "PATCH", products, huge('{"identifier":"p1","n":%s}'), NDJSON, 200),
        # the token endpoint refuses any body over 300 bytes first (AUTH-TOKEN-BODY-LIMIT), as the vendor's subscriber does
        ("token, deep", "POST", TOKEN, DEEP_OBJECT, JSON, 413),
        ("token, a 5,000-digit username", "POST", TOKEN, huge('{"grant_type":"password","username":%s}'), JSON, 413),
        ("snapshot, deep", "PUT", "/mock/snapshot", DEEP_OBJECT, JSON, 400),
        ("snapshot, a 5,000-digit field", "PUT", "/mock/snapshot", huge('{"x":%s}'), JSON, 422),
        ("reset, deep", "POST", "/mock/reset", DEEP_OBJECT, JSON, 400),
        ("users, deep", "POST", "/mock/users", DEEP_OBJECT, JSON, 400),
        ("users, a 5,000-digit name", "POST", "/mock/users", huge('{"username":%s}'), JSON, 422),
        ("faults, deep", "POST", "/mock/faults", DEEP_ARRAY, JSON, 400),
        ("faults, a 5,000-digit status", "POST", "/mock/faults", huge('{"status":%s}'), JSON, 422),
        ("clock, deep", "POST", "/mock/clock/advance", DEEP_OBJECT, JSON, 400),
        ("clock, a 5,000-digit advance", "POST", "/mock/clock/advance", huge('{"seconds":%s}'), JSON, 422),
    ]


@pytest.fixture(scope="module")
def hostile(default: httpx.Client) -> httpx.Client:
    create_family(default, "hostile")
    attribute = {"code": "notes", "type": "text", "value_per_locale": False, "value_per_channel": False}
    assert default.patch(f"{FAMILIES}/hostile/attributes/notes", json=attribute).status_code == 201
    kind = {"code": "kind", "type": "single_option", "value_per_locale": False, "value_per_channel": False}
    assert default.patch(f"{FAMILIES}/hostile/attributes/kind", json=kind).status_code == 201
    assert default.patch(f"{FAMILIES}/hostile/assets/target", json={"code": "target"}).status_code == 201
    return default


@pytest.mark.parametrize(
    ("method", "path", "body", "content_type", "status"),
    [case[1:] for case in hostile_requests()],
    ids=[case[0] for case in hostile_requests()],
)
def test_format_json_depth_and_huge_numbers_are_4xx_in_the_envelope_never_500(
    hostile: httpx.Client, method: str, path: str, body: bytes, content_type: str, status: int
) -> None:
    # FORMAT-JSON-DEPTH, FORMAT-JSON-HUGE-NUMBER: nesting past PHP's 512 levels is the vendor's 400 "Invalid json
    # message received"; a number too large is a float that breaks the schema (422); a batch line judges its own
    before = hostile.get(f"{FAMILIES}/hostile/assets/target").json()
    headers = {"Content-Type": content_type, **({"Authorization": BASIC} if path == TOKEN else {})}
    answer = hostile.request(method, path, content=body, headers=headers)
    assert answer.status_code == status, answer.text[:300]
    if content_type == NDJSON:  # one result line, refused on its own
        assert 400 <= json.loads(answer.text)["status_code"] < 500
    else:
        refusal = answer.json()
        assert refusal["code"] == status
        if status == 400:
            assert refusal["message"] == "Invalid json message received"
    assert hostile.get(f"{FAMILIES}/hostile/assets/target").json() == before
    assert hostile.get(f"{FAMILIES}/hostile").json()["labels"] == {"en_US": "Before"}


LABELS_OF_BRACKETS = [  # JSON texts of labels: brackets, quotes and backslashes inside strings are no nesting
    '{"en_US":"%s"}' % ("[" * 600),
    '{"en_US":"x\\\\","fr_FR":"%s"}' % ("{" * 600),  # an escaped backslash, then the string's end
    '{"en_US":"\\"%s\\""}' % ("[" * 600),  # escaped quotes around the brackets
    '{"%s":"x"}' % ("[" * 3),  # a key of brackets (an unknown locale: refused by the rules, not as JSON)
]


@pytest.mark.parametrize("labels", LABELS_OF_BRACKETS, ids=["brackets", "backslash-end", "escaped-quotes", "key"])
def test_format_json_depth_counts_only_the_brackets_outside_strings(hostile: httpx.Client, labels: str) -> None:
    # FORMAT-JSON-DEPTH: api/http/json_body.py measures nesting on the body without its strings
    body = ('{"code":"hostile","labels":' + labels + "}").encode()
    answer = hostile.patch(f"{FAMILIES}/hostile", content=body, headers={"Content-Type": JSON})
    assert answer.status_code in (204, 422), answer.text
    assert answer.status_code == 204 or answer.json()["message"] != "Invalid json message received"
    for arrays, read in ((511, True), (512, False)):  # the body's object is the first level: 512 deep, then 513
        deep = b'{"code":"hostile","labels":%s,"x":%s}' % (labels.encode(), b"[" * arrays + b"]" * arrays)
        answer = hostile.patch(f"{FAMILIES}/hostile", content=deep, headers={"Content-Type": JSON})
        assert (answer.json()["message"] != "Invalid json message received") is read, (arrays, answer.text)
    restored = {"code": "hostile", "labels": {"en_US": "Before"}}
    assert hostile.patch(f"{FAMILIES}/hostile", json=restored).status_code == 204


# -- the attribute's max_file_size, and image decoding bounded ----------------------------------------------------
def test_an_upload_over_the_attributes_max_file_size_cannot_be_linked(default: httpx.Client) -> None:
    # the vendor's EditMediaFileValueCommandValidator: max_file_size is in MB of 1,000,000 bytes, judged when an
    # asset's media_file value links the file (the upload itself names no attribute)
    create_family(default, "scans")
    attribute = {"code": "scan", "type": "media_file", "media_type": "other", "max_file_size": "0.01"}
    attribute.update(value_per_locale=False, value_per_channel=False)
    assert default.patch(f"{FAMILIES}/scans/attributes/scan", json=attribute).status_code == 201

    def linked(size: int) -> httpx.Response:
        upload = default.post(MEDIA, files={"file": ("scan.bin", b"\x00" * size, "application/octet-stream")})
        assert upload.status_code == 201
        value = {"locale": None, "channel": None, "data": upload.headers["Asset-media-file-code"]}
        return default.patch(f"{FAMILIES}/scans/assets/page", json={"code": "page", "values": {"scan": [value]}})

    assert linked(10_000).status_code == 201  # 0.01 MB exactly
    refused = linked(10_001)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["message"] == "The file exceeds the max file size set for the attribute."
    assert refused.json()["errors"][0]["property"] == "values.scan"
    stored = default.get(f"{FAMILIES}/scans/assets/page").json()["values"]["scan"][0]
    assert stored["linked_data"]["size"] == 10_000


def png_bomb() -> bytes:
    """A 90-byte PNG that declares 100,000 x 100,000 pixels (30 GB once decoded)."""

    def png_chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 100_000, 100_000, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")


def test_an_image_upload_that_is_a_decompression_bomb_is_a_422_over_http(default: httpx.Client) -> None:
    # domain/asset_manager/image_safety.py: the header's size is judged before a pixel is decoded; the server keeps answering
    answer = default.post(MEDIA, files={"file": ("bomb.png", png_bomb(), "image/png")})
    assert answer.status_code == 422
    error: dict[str, Any] = answer.json()["errors"][0]
    assert error["property"] == "file"
    assert "decompression bomb" in error["message"]
    assert default.get(FAMILIES).status_code == 200
