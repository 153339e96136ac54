"""The proxy in front of an upstream that breaks the contract (a tiny Starlette app): each fault is reported once,
as a log line naming the operation and in the --report file, with the side at fault; an upstream that cannot be
reached or does not answer in time is a 502 or 504 in the Akeneo format."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mock_server.proxy.app import ProxyApp, ProxyConfig
from tests.e2e.conftest import free_port
from tests.support import serving

FAMILIES = "/api/rest/v1/asset-families"


async def family(request: Request) -> Response:
    code = request.path_params["code"]
    if code == "broken":  # code must be a string, labels an object
        return JSONResponse({"code": 5, "labels": ["en_US"]})
    if code == "nullable":  # attribute_as_main_media is nullable: null keeps the contract
        return JSONResponse({"code": code, "labels": {}, "attribute_as_main_media": None})
    return JSONResponse({"error": "not here"}, status_code=404)  # not the Akeneo error body


async def upsert_family(request: Request) -> Response:
    return Response(status_code=201)  # no Location


async def families(request: Request) -> Response:
    return JSONResponse({"code": 418, "message": "I'm a teapot"}, status_code=418)  # undocumented status


async def products(request: Request) -> Response:
    body = '{"line":1,"identifier":"a","status_code":201}\n{"line":2,"identifier":"b"}'  # line 2: no status_code
    return Response(body, media_type="application/vnd.akeneo.collection+json")


async def hang(request: Request) -> Response:
    await asyncio.Event().wait()  # never answers: the proxy's timeout must
    return Response()


BROKEN = Starlette(
    routes=[
        Route(f"{FAMILIES}/{{code}}", family, methods=["GET"]),
        Route(f"{FAMILIES}/{{code}}", upsert_family, methods=["PATCH"]),
        Route(FAMILIES, families, methods=["GET"]),
        Route("/api/rest/v1/products", products, methods=["PATCH"]),
        Route("/api/rest/v1/locales", hang, methods=["GET"]),
    ]
)


@dataclass
class Run:
    statuses: list[int]
    violations: dict[str, list[dict]]  # rule -> the report's entries
    logged: list[str]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """Exchanges through the proxy (in-process, on a loopback port) in front of BROKEN; the proxy then stopped."""
    report = tmp_path_factory.mktemp("violations") / "report.json"
    handler = _Collect()
    logging.getLogger("akeneo_mock.proxy").addHandler(handler)
    try:
        with serving(BROKEN) as upstream:
            proxy = ProxyApp(ProxyConfig(upstream, report=str(report), timeout=1.0))
            with serving(proxy) as url, httpx.Client(base_url=url, timeout=10) as client:
                json_type = {"Content-Type": "application/json"}
                ndjson = {"Content-Type": "application/vnd.akeneo.collection+json"}
                statuses = [
                    client.get(f"{FAMILIES}/broken").status_code,
                    client.get(f"{FAMILIES}/nullable").status_code,
                    client.get(f"{FAMILIES}/missing").status_code,
                    client.patch(f"{FAMILIES}/new", content=json.dumps({"code": 5}), headers=json_type).status_code,
                    client.get(FAMILIES).status_code,
                    client.patch("/api/rest/v1/products", content='{"identifier":"a"}', headers=ndjson).status_code,
                ]
                assert not report.exists()  # written at shutdown
    finally:
        logging.getLogger("akeneo_mock.proxy").removeHandler(handler)
    found: dict[str, list[dict]] = {}
    for violation in json.loads(report.read_text(encoding="utf-8"))["violations"]:
        found.setdefault(violation["rule"], []).append(violation)
    return Run(statuses, found, handler.messages)


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_proxy_forwards_a_broken_upstreams_answers_as_they_are(run: Run) -> None:
    assert run.statuses == [200, 200, 404, 201, 418, 200]


def test_proxy_response_schema_violations_nullable_honoured(run: Run) -> None:
    # PROXY-RESPONSE-SCHEMA: wrong types reported with their pointer; NDJSON line by line; null where nullable is fine
    schema = {(v["side"], v["operation"], v["pointer"]) for v in run.violations["PROXY-RESPONSE-SCHEMA"]}
    assert schema == {
        ("server", "get_asset_family_by_code", "/code"),
        ("server", "get_asset_family_by_code", "/labels"),
        ("server", "patch_products", "line 2:"),
    }
    assert not [v for violations in run.violations.values() for v in violations if v["path"].endswith("/nullable")]


def test_proxy_error_shape_created_location_and_status(run: Run) -> None:
    # PROXY-ERROR-SHAPE, PROXY-CREATED-LOCATION, PROXY-STATUS-DOCUMENTED: the vendor's stateless rules
    shape = [(v["side"], v["status"], v["pointer"]) for v in run.violations["PROXY-ERROR-SHAPE"]]
    assert shape == [("server", 404, "/code"), ("server", 404, "/message")]
    assert [v["operation"] for v in run.violations["PROXY-CREATED-LOCATION"]] == ["patch_asset_family_by_code"]
    assert [(v["operation"], v["status"]) for v in run.violations["PROXY-STATUS-DOCUMENTED"]] == [
        ("get_asset_families", 418)
    ]


def test_proxy_request_schema_is_the_clients_violation(run: Run) -> None:
    # PROXY-REQUEST-SCHEMA: a client sending a wrong shape is reported as the client's fault, not the server's
    assert [(v["side"], v["pointer"]) for v in run.violations["PROXY-REQUEST-SCHEMA"]] == [("client", "/code")]


def test_proxy_logs_a_line_per_violation_naming_the_operation(run: Run) -> None:
    total = sum(len(violations) for violations in run.violations.values())
    violation_lines = [line for line in run.logged if " violation PROXY-" in line]
    assert len(violation_lines) == total
    assert any(
        line.startswith(
            "GET /api/rest/v1/asset-families/broken -> 200: server violation PROXY-RESPONSE-SCHEMA in "
            "get_asset_family_by_code at /code"
        )
        for line in violation_lines
    ), violation_lines


def test_proxy_upstream_unreachable_502_and_timeout_504() -> None:
    # PROXY-UPSTREAM-FAILURE: the Akeneo error format, never a traceback
    dead = ProxyApp(ProxyConfig(f"http://127.0.0.1:{free_port()}", timeout=1.0))
    with serving(dead) as url:
        answer = httpx.get(f"{url}/api/rest/v1/locales", timeout=10)
    assert answer.status_code == 502
    assert answer.json()["code"] == 502 and "cannot be reached" in answer.json()["message"]
    with serving(BROKEN) as upstream:
        slow = ProxyApp(ProxyConfig(upstream, timeout=0.5))
        with serving(slow) as url:
            answer = httpx.get(f"{url}/api/rest/v1/locales", timeout=10)
    assert answer.status_code == 504
    assert answer.json() == {"code": 504, "message": "The upstream PIM did not answer within 0.5 seconds."}
