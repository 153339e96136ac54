"""Before a run: is the target an Akeneo API the suite can use? One clear reason when it is not (issue #11).

Against a stopped server, a wrong URL or wrong credentials every rule would fail, each with its traceback. This
check says why in one line instead, and the CLI exits 2 without running anything. Three steps, each with a short
timeout and a client of its own (nothing is recorded, the suite's token pair is left alone):
1. the server answers HTTP at all (connection refused, DNS, TLS, timeouts are named as such);
2. POST /api/oauth/v1/token grants a token with the AKENEO_* credentials; an Akeneo-format refusal names the
   credentials at fault (the API client's or the user's), anything else means it is not an Akeneo API;
3. an authenticated GET /api/rest/v1/asset-families answers the Akeneo list shape, or an error in the Akeneo format
   (403: a permission is missing; 404: no Asset Manager; 5xx: a broken server): those run, with a note, since the
   scorecard is where a server that is an Akeneo API but fails its rules belongs.
"""

from __future__ import annotations

from typing import Any

import httpx

from conformance.exchanges import TOKEN_PATH
from conformance.target import Credentials, Target, TargetError

FAMILIES_PATH = "/api/rest/v1/asset-families"
CHECK_TIMEOUT = httpx.Timeout(10.0, connect=5.0)  # seconds: a server that answers at all answers this fast
ALL_VARIABLES = "AKENEO_CLIENT_ID, AKENEO_CLIENT_SECRET, AKENEO_USERNAME and AKENEO_PASSWORD"


class TargetUnusable(TargetError):
    """The target failed the check before a run; the message is one line that says why."""


def check_target(target: Target, timeout: httpx.Timeout | float = CHECK_TIMEOUT) -> list[str]:
    """Raises TargetUnusable unless `target` (open) is an Akeneo API that grants its credentials a token.

    Returns notes: what the run will meet but that does not stop it (a 403 or 404 on the asset families list)."""
    where = target.label
    try:
        with httpx.Client(
            base_url=target.base_url, headers=target.headers, timeout=timeout, follow_redirects=False
        ) as http:
            token = _token(http, target.credentials, where)
            return _families(http, token, where)
    except httpx.TimeoutException as exc:
        raise TargetUnusable(f"{where}: no answer within the check's timeout ({type(exc).__name__})") from exc
    except httpx.ConnectError as exc:
        raise TargetUnusable(
            f"{where}: cannot connect ({_one_line(exc)}): is the server running at this address?"
        ) from exc
    except httpx.HTTPError as exc:
        raise TargetUnusable(f"{where}: no HTTP answer ({type(exc).__name__}: {_one_line(exc)})") from exc


def _token(http: httpx.Client, credentials: Credentials, where: str) -> str:
    grant = {"grant_type": "password", "username": credentials.username, "password": credentials.password}
    response = http.post(TOKEN_PATH, json=grant, headers={"Authorization": credentials.basic})
    asked = f"POST {TOKEN_PATH} answered {_describe(response)}"
    _refuse_redirect(response, asked, where)
    body = _json(response)
    if response.status_code == 200:
        if isinstance(body, dict) and isinstance(body.get("access_token"), str) and body["access_token"]:
            return body["access_token"]
        raise TargetUnusable(f"{where}: {asked} without an access token: not an Akeneo API{_url_hint(where)}")
    message = _error_message(body)
    if message is None or response.status_code not in (400, 401, 403, 422):
        raise TargetUnusable(f"{where}: {asked}: not an Akeneo API token endpoint{_url_hint(where)}")
    lowered = message.lower()
    if "client" in lowered:
        fault = "wrong API client credentials: check AKENEO_CLIENT_ID and AKENEO_CLIENT_SECRET"
    elif "user" in lowered or "password" in lowered:
        fault = "wrong user credentials: check AKENEO_USERNAME and AKENEO_PASSWORD"
    else:
        fault = f"the token request was refused: check {ALL_VARIABLES}"
    raise TargetUnusable(f"{where}: {fault} ({asked})")


def _families(http: httpx.Client, token: str, where: str) -> list[str]:
    response = http.get(FAMILIES_PATH, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    asked = f"GET {FAMILIES_PATH} answered {_describe(response)}"
    _refuse_redirect(response, asked, where)
    body = _json(response)
    status = response.status_code
    if status == 200:
        embedded = body.get("_embedded") if isinstance(body, dict) else None
        if isinstance(embedded, dict) and isinstance(embedded.get("items"), list):
            return []
        raise TargetUnusable(f"{where}: {asked} without the Akeneo list shape (_embedded.items): not an Akeneo API")
    if status == 401:
        raise TargetUnusable(f"{where}: the token the server just granted is refused ({asked})")
    if _error_message(body) is None or not (status in (403, 404) or status >= 500):
        raise TargetUnusable(f"{where}: {asked}: not an Akeneo API")
    meaning = {403: "the user lacks a permission", 404: "the server has no Asset Manager"}.get(status, "a server error")
    return [f"{asked} ({meaning}): the rules that need it will fail"]


def _refuse_redirect(response: httpx.Response, asked: str, where: str) -> None:
    if response.is_redirect:
        location = response.headers.get("location", "?")
        raise TargetUnusable(f"{where}: {asked}, redirected to {location}: give the address it redirects to")


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:  # not JSON, or not UTF-8
        return None


def _error_message(body: Any) -> str | None:
    """The message of an Akeneo-format error body ({"code": int, "message": str}), or of an OAuth2 one."""
    if not isinstance(body, dict):
        return None
    if isinstance(body.get("code"), int) and isinstance(body.get("message"), str):
        return body["message"]
    if isinstance(body.get("error"), str):  # RFC 6749 section 5.2, as FOSOAuthServerBundle answers it
        return str(body.get("error_description") or body["error"])
    return None


def _describe(response: httpx.Response) -> str:
    """'422 "the message"' for an Akeneo-format error, else the status and the content type."""
    message = _error_message(_json(response))
    if message is not None:
        return f"{response.status_code} {_one_line(message)[:200]!r}"
    content_type = response.headers.get("content-type", "").split(";")[0].strip() or "no content type"
    return f"{response.status_code} ({content_type})"


def _url_hint(where: str) -> str:
    return " (the target is the PIM's base address, without /api/...)" if "/api/" in f"{where}/" else ""


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) or type(value).__name__
