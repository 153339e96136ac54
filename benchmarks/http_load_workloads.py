"""The requests of benchmarks/http_load.py: the workloads, the family and image the mock is given first, and the
mock's answers captured for the ceiling. Plain urllib: the benchmark needs nothing the mock does not."""

from __future__ import annotations

import base64
import io
import json
import random
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from benchmarks import ceiling_app

API = "/api/rest/v1"
FAMILY = "bench_http"
FAMILY_SIZE = 1000
BATCH = 100  # the batch PATCH's limit
IMAGE_NAME = "bench_1mb.png"
IMAGE_BYTES = 1_000_000  # at least this many: a PNG of noise barely compresses
CLIENT, SECRET, USER, PASSWORD = "client", "secret", "admin", "admin"  # the mock's documented defaults
CAPTURED_HEADERS = ("content-type", "location", "asset-media-file-code", "content-disposition")


def png_of_noise(min_bytes: int = IMAGE_BYTES, seed: int = 12) -> bytes:
    """A PNG of random pixels (it barely compresses) of at least `min_bytes`, the same bytes on every run."""
    from PIL import Image  # the mock's own dependency

    side = int((min_bytes / 3) ** 0.5) + 2
    pixels = random.Random(seed).randbytes(side * side * 3)  # noqa: S311 - test data, not a secret
    buffer = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(buffer, "PNG")
    return buffer.getvalue()


def multipart(filename: str, content: bytes, boundary: str = "bench-http-load-boundary") -> tuple[bytes, str]:
    """The upload's body and Content-Type: one part named `file`, as clients send it."""
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    return head + content + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


@dataclass(frozen=True)
class Call:
    """One request of a workload, the same on every server."""

    method: str
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None


def send(base: str, call: Call, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(base + call.path, data=call.body, headers=call.headers, method=call.method)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - our own loopback URL
            return response.status, {k.lower(): v for k, v in response.headers.items()}, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}, exc.read()


def send_json(base: str, method: str, path: str, token: str, payload: Any) -> tuple[int, bytes]:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json", "Accept": "application/json"}
    status, _, body = send(base, Call(method, path, headers, json.dumps(payload).encode()))
    if not 200 <= status < 300:
        raise RuntimeError(f"{method} {path} answered {status}: {body[:300]!r}")
    return status, body


def token_call() -> Call:
    basic = base64.b64encode(f"{CLIENT}:{SECRET}".encode()).decode()
    body = json.dumps({"grant_type": "password", "username": USER, "password": PASSWORD}).encode()
    headers = {"Authorization": f"Basic {basic}", "Content-Type": "application/json", "Accept": "application/json"}
    return Call("POST", "/api/oauth/v1/token", headers, body)


def asset_payload(number: int) -> dict[str, Any]:
    """Three values per asset, as issue #12's catalog: two localized labels and one media link."""
    code = f"asset_{number:04d}"
    return {
        "code": code,
        "values": {
            "label": [
                {"locale": "en_US", "channel": None, "data": f"Asset {number}"},
                {"locale": "fr_FR", "channel": None, "data": f"Ressource {number}"},
            ],
            "preview": [{"locale": None, "channel": None, "data": f"pictures/{code}.jpg"}],
        },
    }


def access_token(base: str) -> str:
    """A token of the mock's default credentials."""
    status, _, body = send(base, token_call())
    if status != 200:
        raise RuntimeError(f"the token request answered {status}: {body[:300]!r}")
    return json.loads(body)["access_token"]


def family_for_assets(base: str, token: str, code: str, label: str) -> str:
    """An asset family that takes asset_payload's values (the vendor's default `label`, a `preview` media link);
    answers its path."""
    family = f"{API}/asset-families/{code}"
    send_json(base, "PATCH", family, token, {"code": code, "labels": {"en_US": label}})
    preview = {"code": "preview", "type": "media_link", "media_type": "image", "prefix": "https://dam.example.com/"}
    send_json(base, "PATCH", f"{family}/attributes/preview", token, preview)
    return family


def seed_mock(base: str, upload: Call) -> tuple[str, str]:
    """A family of FAMILY_SIZE assets through the public API and the media file uploaded once: (token, media code)."""
    token = access_token(base)
    family = family_for_assets(base, token, FAMILY, "HTTP load")
    for start in range(0, FAMILY_SIZE, BATCH):
        _, answer = send_json(
            base, "PATCH", f"{family}/assets", token, [asset_payload(n) for n in range(start, start + BATCH)]
        )
        refused = [item for item in json.loads(answer) if item.get("status_code") not in (201, 204)]
        if refused:
            raise RuntimeError(f"the batch PATCH refused assets: {refused[:2]}")
    status, headers, body = send(base, Call(upload.method, upload.path, _bearer(upload.headers, token), upload.body))
    if status != 201 or "asset-media-file-code" not in headers:
        raise RuntimeError(f"the media upload answered {status}: {body[:300]!r}")
    return token, headers["asset-media-file-code"]


def _bearer(headers: dict[str, str], token: str) -> dict[str, str]:
    return {**headers, "Authorization": f"Bearer {token}"}


def workload_calls(token: str, media_code: str, upload: Call) -> dict[str, Call]:
    """Each workload's request. The download names the file with %2F, which the spec allows and Prism routes."""
    json_headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
    family = f"{API}/asset-families/{FAMILY}"
    patched = asset_payload(FAMILY_SIZE // 2)
    return {
        "asset": Call("GET", f"{family}/assets/asset_0001", json_headers),
        "page": Call("GET", f"{family}/assets", json_headers),
        "token": token_call(),
        "patch": Call(
            "PATCH",
            f"{family}/assets/{patched['code']}",
            {**json_headers, "Content-Type": "application/json"},
            json.dumps(patched).encode(),
        ),
        "upload": Call(upload.method, upload.path, _bearer(upload.headers, token), upload.body),
        "download": Call(
            "GET", f"{API}/asset-media-files/{quote(media_code, safe='')}", _bearer({"Accept": "*/*"}, token)
        ),
    }


def capture(base: str, calls: dict[str, Call]) -> list[ceiling_app.Captured]:
    """The mock's answer to each workload's request, for the ceiling to replay, and to GET /api/rest/v1 (readiness)."""
    captured = []
    for key, call in {**calls, "readiness": Call("GET", API, {"Accept": "application/json"})}.items():
        status, headers, body = send(base, call)
        if not 200 <= status < 300:
            raise RuntimeError(f"the mock answered {status} to the {key} workload: {body[:300]!r}")
        kept = {name: headers[name] for name in CAPTURED_HEADERS if name in headers}
        captured.append(ceiling_app.Captured(call.method, call.path, status, kept, body))
    return captured
