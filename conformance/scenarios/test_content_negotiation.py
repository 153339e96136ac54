"""HTTP conventions every Asset Manager operation shares: content types, Accept, malformed JSON, methods, tokens,
unknown properties, and the Akeneo error envelope each of them answers with.

The vendor's sentences are known here (responses.md, the reference's 4xx examples): they are compared after folding
the typographic quotes and runs of spaces the docs themselves mix.
"""

from __future__ import annotations

import json
import re
from typing import Any

import httpx
import pytest

FAMILIES = "/api/rest/v1/asset-families"


# --- helpers ---------------------------------------------------------------------------------------------------------


def folded(text: str) -> str:
    """The sentence with curly quotes made straight and whitespace runs made one space (the docs mix both)."""
    text = text.replace("\u2018", "'").replace("\u2019", "'").replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip()


def envelope(response: httpx.Response, status: int, message: str | None = None) -> dict[str, Any]:
    """Asserts the Akeneo error envelope: the status, the same `code` in a JSON body, and the vendor's message."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    assert response.headers.get("content-type", "").split(";")[0].strip().endswith("json"), response.headers
    body = response.json()
    assert body.get("code") == status, body
    assert isinstance(body.get("message"), str) and body["message"], body
    if message is not None:
        assert folded(body["message"]) == folded(message), body
    return body


# --- rules -----------------------------------------------------------------------------------------------------------


@pytest.mark.rule("HTTP-415")
@pytest.mark.writes
@pytest.mark.parametrize(
    ("content_type", "message"),
    [
        pytest.param(
            None, "The 'Content-type' header is missing. 'application/json' has to specified as value.", id="missing"
        ),
        pytest.param(
            "text/plain",
            "'text/plain' in 'Content-type' header is not valid.  Only 'application/json' is allowed.",
            id="wrong",
        ),
    ],
)
def test_415_missing_and_wrong_content_type(
    api: httpx.Client, code: Any, content_type: str | None, message: str
) -> None:
    family = code("content_type")
    request = api.build_request("PATCH", f"{FAMILIES}/{family}", content=f'{{"code": "{family}"}}'.encode())
    request.headers.pop("Content-Type", None)
    if content_type is not None:
        request.headers["Content-Type"] = content_type
    envelope(api.send(request), 415, message)
    assert api.get(f"{FAMILIES}/{family}").status_code == 404  # nothing was written


@pytest.mark.rule("HTTP-406")
def test_406_on_non_json_accept(api: httpx.Client) -> None:
    response = api.get(FAMILIES, headers={"Accept": "application/xml"})
    envelope(response, 406, "'application/xml' in 'Accept' header is not valid. Only 'application/json' is allowed.")
    # What clients send instead: JSON, anything (the PHP client's */*), or no preference at all.
    for accept in ("application/json", "*/*"):
        accepted = api.get(FAMILIES, headers={"Accept": accept})
        assert accepted.status_code == 200, f"Accept {accept}: {accepted.status_code} {accepted.text}"


@pytest.mark.rule("HTTP-400")
@pytest.mark.writes
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"code": ', id="cut-short"),
        pytest.param(b"code=packshots", id="form-encoded"),
        pytest.param(b'{"labels": {"en_US": "x"}', id="unclosed-object"),
        pytest.param(b"{'code': 'packshots'}", id="single-quotes"),
    ],
)
def test_400_on_malformed_json(api: httpx.Client, code: Any, content: bytes) -> None:
    family = code("malformed_json")
    response = api.patch(f"{FAMILIES}/{family}", content=content, headers={"Content-Type": "application/json"})
    envelope(response, 400, "Invalid json message received")
    assert api.get(f"{FAMILIES}/{family}").status_code == 404  # nothing was written


@pytest.mark.rule("HTTP-405")
@pytest.mark.writes  # read-only runs send no other method than GET, and a wrong server might honour these
@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        pytest.param("POST", "", {"GET"}, id="post-families"),
        pytest.param("DELETE", "/{family}", {"GET", "PATCH"}, id="delete-family"),
        pytest.param("PUT", "/{family}", {"GET", "PATCH"}, id="put-family"),
        pytest.param("DELETE", "/{family}/attributes/title", {"GET", "PATCH"}, id="delete-attribute"),
    ],
)
def test_405_with_allow_header(api: httpx.Client, code: Any, method: str, path: str, allowed: set[str]) -> None:
    family = code("method_not_allowed")
    url = FAMILIES + path.format(family=family)
    response = api.request(method, url, json={"code": family} if method != "DELETE" else None)
    body = envelope(response, 405)
    assert "Method Not Allowed" in body["message"], body
    allow = {item.strip().upper() for item in response.headers.get("Allow", "").split(",") if item.strip()}
    assert allowed <= allow and method not in allow, f"Allow: {response.headers.get('Allow')!r}"


@pytest.mark.rule("HTTP-401")
@pytest.mark.parametrize(
    ("headers", "message"),
    [
        pytest.param(None, "Authentication is required", id="no-token"),
        pytest.param({"Authorization": "Bearer not-a-token"}, None, id="unknown-token"),
        pytest.param({"Authorization": "Basic bm9ib2R5Om5vdGhpbmc="}, None, id="not-a-bearer"),
    ],
)
def test_401_envelope(anonymous: httpx.Client, headers: dict[str, str] | None, message: str | None) -> None:
    # Asset-manager routes of each kind: a list, a route below a family, a binary download.
    for path in (FAMILIES, f"{FAMILIES}/packshots/attributes", "/api/rest/v1/asset-media-files/0/0/0/0/a.png"):
        envelope(anonymous.get(path, headers=headers), 401, message)


@pytest.mark.rule("HTTP-422-UNKNOWN-PROPERTY")
@pytest.mark.writes
def test_unknown_property_is_422(api: httpx.Client, code: Any) -> None:
    family = code("unknown_property")
    body = envelope(api.patch(f"{FAMILIES}/{family}", json={"code": family, "extra_property": 1}), 422)
    assert "extra_property" in json.dumps(body.get("errors", [])) + body["message"], body
    assert api.get(f"{FAMILIES}/{family}").status_code == 404  # nothing was written


@pytest.mark.rule("HTTP-422-TYPE-MISMATCH")
@pytest.mark.writes
def test_non_object_where_an_object_is_expected_is_422(api: httpx.Client, code: Any) -> None:
    family = code("type_mismatch")
    path = f"{FAMILIES}/{family}"
    body = envelope(api.patch(path, json={"code": family, "labels": "Packshots"}), 422)
    assert any(error.get("property") == "labels" for error in body.get("errors", [])), body
    assert api.get(path).status_code == 404  # nothing was written


@pytest.mark.rule("HTTP-UNDOCUMENTED-PARAMETERS")
def test_undocumented_list_parameters_are_ignored(api: httpx.Client) -> None:
    plain = api.get(FAMILIES)
    assert plain.status_code == 200, plain.text
    response = api.get(FAMILIES, params={"limit": 10, "with_count": "true", "page": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body["_embedded"]["items"], list)
    assert "first" in body["_links"]
