"""Asset media file rules: upload answers the code in a header and a Location, download gives back the exact bytes.

Media files cannot be deleted through the API: each uploaded file is a small generated image whose name carries the
run prefix. Images are drawn here with Pillow; conformance never reads the project's fixtures.
"""

from __future__ import annotations

import io
import secrets
from typing import Any

import httpx
import pytest
from PIL import Image

from conformance.preparation import prepared

MEDIA = "/api/rest/v1/asset-media-files"


# --- helpers ---------------------------------------------------------------------------------------------------------


def png(width: int = 24, height: int = 16) -> bytes:
    """A small PNG of a random colour: its bytes are this test's own."""
    colour = tuple(secrets.randbelow(256) for _ in range(3))
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buffer, "PNG")
    return buffer.getvalue()


def upload(api: httpx.Client, filename: str, content: bytes) -> httpx.Response:
    """POST one `file` part; the body is built here so no client default header can stand in for its type."""
    boundary = secrets.token_hex(12)
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    return api.post(MEDIA, content=multipart(boundary, ("file", filename, content)), headers=headers)


def uploaded_code(response: httpx.Response) -> str:
    """The code of an upload the rule is about: accepted (2xx; that it is a 201 is MEDIA-UPLOAD's subject alone)."""
    assert 200 <= response.status_code < 300, f"upload: {response.status_code} {response.text}"
    # Clients look the header up case-insensitively (httpx does too) and fail without it.
    assert "asset-media-file-code" in response.headers, dict(response.headers)
    return response.headers["asset-media-file-code"]


def multipart(boundary: str, *parts: tuple[str, str | None, bytes]) -> bytes:
    """A multipart/form-data body built by hand from (name, filename or None for a text field, data) parts."""
    chunks = []
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename is not None else "")
        content_type = "\r\nContent-Type: image/png" if filename is not None else ""
        chunks.append(f"--{boundary}\r\nContent-Disposition: {disposition}{content_type}\r\n\r\n".encode() + data)
    return b"\r\n".join(chunks) + (b"\r\n" if chunks else b"") + f"--{boundary}--\r\n".encode()


def said(body: dict[str, Any]) -> str:
    return " ".join(
        [str(body.get("message")), *(f"{e.get('property')} {e.get('message')}" for e in body.get("errors", []))]
    )


# --- rules -----------------------------------------------------------------------------------------------------------


@pytest.mark.rule("MEDIA-UPLOAD")
@pytest.mark.writes
def test_media_upload_returns_code_and_location(api: httpx.Client, code: Any) -> None:
    filename = f"{code('upload')}.png"
    response = upload(api, filename, png())
    assert response.status_code == 201, f"upload: {response.status_code} {response.text}"
    media_code = uploaded_code(response)
    assert response.content == b""
    assert response.headers["Location"].endswith(f"{MEDIA}/{media_code}")
    # The code is the stored file's path, ending with the uploaded name (0/0/9/d/<sha1>_<name>.png in the docs).
    assert media_code.endswith(".png") and filename.lower().removesuffix(".png") in media_code.lower(), media_code


@pytest.mark.rule("MEDIA-DOWNLOAD")
@pytest.mark.writes
@pytest.mark.parametrize("slashes", ["raw", "percent-encoded"])
def test_media_download_returns_exact_bytes(api: httpx.Client, code: Any, slashes: str) -> None:
    content = png(40, 30)
    media_code = uploaded_code(prepared(upload(api, f"{code('download')}.png", content)))  # set-up: MEDIA-UPLOAD's
    # Clients send the "/" inside a code either as is or as %2F: both name the same file.
    path = media_code if slashes == "raw" else media_code.replace("/", "%2F")
    response = api.get(f"{MEDIA}/{path}")
    assert response.status_code == 200, response.text
    assert response.content == content
    assert response.headers["content-type"].split(";")[0].strip() == "image/png"  # the file's own mime type


@pytest.mark.rule("MEDIA-UNKNOWN-404")
def test_unknown_media_file_is_404(api: httpx.Client, code: Any) -> None:
    missing = f"0/0/0/0/{code('missing')}.png"
    response = api.get(f"{MEDIA}/{missing}")
    assert response.status_code == 404, response.text
    body = response.json()
    assert body["code"] == 404 and code("missing") in body["message"], body


@pytest.mark.rule("MEDIA-UPLOAD-NO-FILE")
@pytest.mark.writes
@pytest.mark.parametrize(
    "parts",
    [
        pytest.param([("note", None, b"hello")], id="only-a-text-field"),
        pytest.param([("file", None, b"hello")], id="file-part-without-a-filename"),
        pytest.param([], id="no-part"),
    ],
)
def test_upload_without_file_is_422(api: httpx.Client, parts: list[tuple[str, str | None, bytes]]) -> None:
    boundary = secrets.token_hex(12)
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    response = api.post(MEDIA, content=multipart(boundary, *parts), headers=headers)
    assert response.status_code == 422, f"{response.status_code} {response.text}"
    body = response.json()
    assert body["code"] == 422
    assert "file" in said(body).lower(), body  # the missing part is named


@pytest.mark.rule("MEDIA-UPLOAD-MULTIPART")
@pytest.mark.writes
@pytest.mark.parametrize(
    ("content_type", "content"),
    [
        pytest.param(None, b"", id="no-content-type-empty-body"),
        pytest.param("application/json", b'{"file": "amor.png"}', id="json"),
        pytest.param("image/png", None, id="raw-image"),
    ],
)
def test_upload_needs_multipart_is_415(api: httpx.Client, content_type: str | None, content: bytes | None) -> None:
    request = api.build_request("POST", MEDIA, content=png() if content is None else content)
    request.headers.pop("Content-Type", None)
    if content_type is not None:
        request.headers["Content-Type"] = content_type
    response = api.send(request)
    assert response.status_code == 415, f"{response.status_code} {response.text}"
    body = response.json()
    assert body["code"] == 415 and "multipart/form-data" in body["message"], body


@pytest.mark.rule("MEDIA-QUOTED-BOUNDARY")
@pytest.mark.writes
def test_upload_accepts_a_quoted_boundary(api: httpx.Client, code: Any) -> None:
    # The official PHP client sends boundary="..." (RFC 2046 allows the quotes).
    boundary, content = secrets.token_hex(12), png()
    body = multipart(boundary, ("file", f"{code('quoted')}.png", content))
    headers = {"Content-Type": f'multipart/form-data; boundary="{boundary}"'}
    media_code = uploaded_code(api.post(MEDIA, content=body, headers=headers))
    assert api.get(f"{MEDIA}/{media_code}").content == content


@pytest.mark.rule("MEDIA-EXTRA-FIELDS")
@pytest.mark.writes
def test_upload_ignores_text_fields_beside_the_file(api: httpx.Client, code: Any) -> None:
    boundary, content = secrets.token_hex(12), png()
    parts = [("note", None, b"hello"), ("file", f"{code('with_fields')}.png", content), ("tags", None, b"a,b")]
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    media_code = uploaded_code(api.post(MEDIA, content=multipart(boundary, *parts), headers=headers))
    assert api.get(f"{MEDIA}/{media_code}").content == content
