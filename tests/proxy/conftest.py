"""The proxy in front of a real mock, over real sockets: `python -m mock_server` upstream (tests/e2e/conftest.py), the
proxy (`python -m mock_server proxy`) in a process of its own, and a client workflow driven through it once per session (recorded)."""

from __future__ import annotations

import base64
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from fixtures.images import picture
from tests.e2e.conftest import MOCK_PASSWORD, free_port, running_mock, wait_until_listening

PAGE_SIZE = "2"  # small pages: the workflow follows a next link
FAMILY = "/api/rest/v1/asset-families/proxy_family"
IMAGE = picture(24, 16)
BOUNDARY = "proxy-boundary"
UPLOAD = (
    (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="proxy.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    + IMAGE
    + f"\r\n--{BOUNDARY}--\r\n".encode()
)


@contextmanager
def running_proxy(upstream: str, *flags: str) -> Iterator[tuple[str, dict[str, str]]]:
    """`akeneo-mock proxy` (python -m mock_server proxy) in its own process; yields its base URL and, after it stopped, its stderr."""
    port = free_port()
    command = [sys.executable, "-m", "mock_server", "proxy", "--upstream", upstream, "--port", str(port), *flags]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, env=dict(os.environ))
    output: dict[str, str] = {}
    try:
        wait_until_listening(port, process)
        yield f"http://127.0.0.1:{port}", output
    finally:
        process.send_signal(signal.SIGINT)  # uvicorn's graceful shutdown: the lifespan writes the report
        _, stderr = process.communicate(timeout=15)
        output["stderr"] = stderr.decode()
        output["returncode"] = str(process.returncode)


@dataclass
class Recording:
    upstream: str
    proxy: str
    cassette: Path
    report: Path
    stderr: str = ""
    answers: dict[str, httpx.Response] = field(default_factory=dict)  # step name -> the proxy's answer
    direct: dict[str, httpx.Response] = field(default_factory=dict)  # step name -> the upstream's, asked directly
    secrets: list[str] = field(default_factory=list)  # every secret the workflow used or was given


def _json(client: httpx.Client, method: str, path: str, body: object, **headers: str) -> httpx.Response:
    return client.request(
        method, path, content=json.dumps(body), headers={"Content-Type": "application/json", **headers}
    )


def drive_workflow(proxy: str, upstream: str, record: Recording) -> None:
    """A client's day through the proxy: token, refresh, family, attribute, upload, download, assets single and
    batch, a paged list, a 422, a delete, a product NDJSON batch. GETs are also asked of the upstream directly."""
    basic = "Basic " + base64.b64encode(b"client:secret").decode()
    record.secrets += [MOCK_PASSWORD, "secret", base64.b64encode(b"client:secret").decode()]
    answers = record.answers
    with httpx.Client(base_url=proxy, timeout=20) as client, httpx.Client(base_url=upstream, timeout=20) as direct:
        grant = {"grant_type": "password", "username": "admin", "password": MOCK_PASSWORD}
        answers["token"] = _json(client, "POST", "/api/oauth/v1/token", grant, Authorization=basic)
        first = answers["token"].json()
        form = {"grant_type": "refresh_token", "refresh_token": first["refresh_token"]}
        answers["refresh"] = client.post("/api/oauth/v1/token", data=form, headers={"Authorization": basic})
        tokens = answers["refresh"].json()
        record.secrets += [
            first["access_token"],
            first["refresh_token"],
            tokens["access_token"],
            tokens["refresh_token"],
        ]
        bearer = {"Authorization": f"Bearer {tokens['access_token']}"}
        client.headers.update(bearer)
        direct.headers.update(bearer)

        answers["family"] = _json(client, "PATCH", FAMILY, {"code": "proxy_family", "labels": {"en_US": "Proxy"}})
        attribute = {"code": "picture", "type": "media_file", "media_type": "image", "allowed_extensions": ["png"]}
        answers["attribute"] = _json(client, "PATCH", f"{FAMILY}/attributes/picture", attribute)
        multipart = {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}"}
        answers["upload"] = client.post("/api/rest/v1/asset-media-files", content=UPLOAD, headers=multipart)
        answers["download"] = client.get(answers["upload"].headers["location"])
        record.direct["download"] = direct.get(answers["download"].request.url.path)
        media = answers["upload"].headers["asset-media-file-code"]
        values = {"picture": [{"locale": None, "channel": None, "data": media}]}
        answers["asset"] = _json(client, "PATCH", f"{FAMILY}/assets/proxy_one", {"code": "proxy_one", "values": values})
        batch = [{"code": "proxy_two", "values": values}, {"code": "proxy_three"}, {"code": "proxy_four"}]
        answers["batch"] = _json(client, "PATCH", f"{FAMILY}/assets", batch)
        answers["page1"] = client.get(f"{FAMILY}/assets")
        record.direct["page1"] = direct.get(f"{FAMILY}/assets")
        answers["page2"] = client.get(answers["page1"].json()["_links"]["next"]["href"])
        answers["family_get"] = client.get(FAMILY)
        record.direct["family_get"] = direct.get(FAMILY)
        unknown = {
            "code": "proxy_one",
            "values": {"no_such_attribute": [{"locale": None, "channel": None, "data": "x"}]},
        }
        answers["refused"] = _json(client, "PATCH", f"{FAMILY}/assets/proxy_one", unknown)
        answers["delete"] = client.delete(f"{FAMILY}/assets/proxy_four")
        lines = "\n".join(json.dumps({"identifier": code}) for code in ("proxy_sku_1", "proxy_sku_2"))
        ndjson = {"Content-Type": "application/vnd.akeneo.collection+json"}
        answers["products"] = client.patch("/api/rest/v1/products", content=lines, headers=ndjson)


@pytest.fixture(scope="session")
def recording(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Recording]:
    """The workflow through a recording proxy in front of a fresh mock (pages of 2); the proxy stopped after it."""
    folder = tmp_path_factory.mktemp("proxy")
    cassette, report = folder / "workflow.cassette", folder / "report.json"
    with running_mock(MOCK_PAGE_SIZE=PAGE_SIZE) as upstream:
        with running_proxy(upstream, "--record", str(cassette), "--report", str(report)) as (proxy, output):
            record = Recording(upstream, proxy, cassette, report)
            drive_workflow(proxy, upstream, record)
        record.stderr = output["stderr"]
        yield record
