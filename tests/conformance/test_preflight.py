"""The suite checks its target before a run (issue #11): a server it cannot use stops the run with one line and exit
status 2, before any rule is scored; an Akeneo API that merely fails some rules runs, with a note."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

import conformance.__main__ as conformance_main
from conformance.preflight import TargetUnusable, check_target
from conformance.target import Credentials, Target
from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.conformance.asgi_wrappers import recording
from tests.support import FAMILIES, TOKEN

ROOT = Path(__file__).resolve().parents[2]
PREFIX = "conformance: not run: target unusable: "


def mock(**settings: Any) -> Any:
    return create_app(settings=Settings(load_fixtures=False, **settings), start_catalog=load_start)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_in_main(monkeypatch: pytest.MonkeyPatch, app: Any) -> None:
    """main() builds its target with Target.from_env; here that target serves `app` (as the in-process benchmark)."""

    def from_env(environ: Any = None, **overrides: Any) -> Target:
        overrides.pop("base_url", None)
        return Target.from_env(environ, app=app, **overrides)

    monkeypatch.setattr(conformance_main, "Target", SimpleNamespace(from_env=from_env))


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, f"expected one line, got:\n{text}"
    return lines[0]


def test_an_unreachable_target_is_one_line_and_exit_status_2_without_a_traceback(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there once the probe is closed
    command = [sys.executable, "-m", "conformance", "--target", url, "--report-dir", str(tmp_path)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2, done.stderr
    line = one_line(done.stderr)
    assert line.startswith(f"{PREFIX}{url}: cannot connect"), line
    assert "Connection refused" in line
    assert "Traceback" not in done.stderr + done.stdout
    assert list(tmp_path.iterdir()) == [], "an unusable target must not leave a scorecard of failed rules"


@pytest.mark.parametrize(
    ("credentials", "named", "not_named"),
    [
        (Credentials(password="wrong"), "AKENEO_USERNAME and AKENEO_PASSWORD", "AKENEO_CLIENT_ID"),
        (Credentials(client_secret="wrong"), "AKENEO_CLIENT_ID and AKENEO_CLIENT_SECRET", "AKENEO_PASSWORD"),
    ],
)
def test_wrong_credentials_name_the_variables_at_fault_and_nothing_else_is_sent(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    credentials: Credentials,
    named: str,
    not_named: str,
) -> None:
    for name, value in (
        ("AKENEO_CLIENT_ID", credentials.client_id),
        ("AKENEO_CLIENT_SECRET", credentials.client_secret),
        ("AKENEO_USERNAME", credentials.username),
        ("AKENEO_PASSWORD", credentials.password),
    ):
        monkeypatch.setenv(name, value)
    requests: list[tuple[str, str]] = []
    serve_in_main(monkeypatch, recording(mock(), requests))
    assert conformance_main.main(["--report-dir", "none-written"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(PREFIX) and named in line and not_named not in line, line
    assert "422" in line
    vendor_calls = [call for call in requests if not call[1].startswith("/mock/")]  # the run's tenant: set-up only
    assert vendor_calls == [("POST", TOKEN)], "the run went on after the token was refused"


def _html(request: Request) -> Response:
    return HTMLResponse("<!doctype html><title>Welcome</title>")


def _token(request: Request) -> Response:
    return JSONResponse({"access_token": "t", "token_type": "bearer", "expires_in": 3600})


NOT_AKENEO = {
    "html-everywhere": (Starlette(routes=[Route("/{path:path}", _html, methods=["GET", "POST"])]), "200 (text/html)"),
    "404-everywhere": (Starlette(), "404 (text/plain)"),
    "redirect": (
        Starlette(routes=[Route(TOKEN, lambda r: RedirectResponse("https://pim.example/x"), methods=["POST"])]),
        "redirected to https://pim.example/x",
    ),
    "token-but-no-list-shape": (
        Starlette(routes=[Route(TOKEN, _token, methods=["POST"]), Route(FAMILIES, lambda r: JSONResponse([]))]),
        "without the Akeneo list shape",
    ),
    "token-but-html-list": (
        Starlette(routes=[Route(TOKEN, _token, methods=["POST"]), Route(FAMILIES, _html)]),
        f"GET {FAMILIES} answered 200 (text/html)",
    ),
    "token-refused-on-use": (
        Starlette(
            routes=[Route(TOKEN, _token, methods=["POST"]), Route(FAMILIES, lambda r: PlainTextResponse("", 401))]
        ),
        "the token the server just granted is refused",
    ),
}


@pytest.mark.parametrize("name", NOT_AKENEO)
def test_a_server_that_is_not_an_akeneo_api_is_unusable_and_says_what_it_answered(name: str) -> None:
    app, answer = NOT_AKENEO[name]
    with Target(app=app) as target, pytest.raises(TargetUnusable) as error:
        check_target(target)
    message = str(error.value)
    assert answer in message
    assert "\n" not in message


def test_the_cli_stops_on_a_web_server_answering_html(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_in_main(monkeypatch, NOT_AKENEO["html-everywhere"][0])
    assert conformance_main.main(["--report-dir", "none-written"]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith(PREFIX) and "not an Akeneo API" in line, line


def _answering(status: int, body: Any, under: str, app: Any) -> Any:
    """`app`, except that GET `under` answers `status` with the JSON `body`."""

    async def wrapper(scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"] == under:
            await JSONResponse(body, status)(scope, receive, send)
            return
        await app(scope, receive, send)

    return wrapper


@pytest.mark.parametrize(
    ("status", "meaning"), [(403, "lacks a permission"), (404, "no Asset Manager"), (500, "a server error")]
)
def test_an_akeneo_error_on_the_family_list_runs_with_a_note(status: int, meaning: str) -> None:
    app = _answering(status, {"code": status, "message": "nope"}, FAMILIES, mock())
    with Target(app=app) as target:
        [note] = check_target(target)
    assert f"GET {FAMILIES} answered {status} 'nope'" in note and meaning in note


def test_a_family_list_error_outside_the_akeneo_format_is_unusable() -> None:
    app = _answering(404, {"detail": "Not Found"}, FAMILIES, mock())  # FastAPI's shape, say
    with Target(app=app) as target, pytest.raises(TargetUnusable, match="not an Akeneo API"):
        check_target(target)


def test_the_mock_passes_the_check_in_process_with_no_note() -> None:
    with Target(app=mock()) as target:
        assert check_target(target) == []


def test_a_base_url_ending_in_the_api_path_gets_a_hint() -> None:
    with Target(app=Starlette()) as served:
        target = Target(f"{served.base_url}/api/rest/v1")
        with pytest.raises(TargetUnusable, match=r"without /api/\.\.\."):
            check_target(target)
