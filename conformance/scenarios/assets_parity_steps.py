"""The requests and checks the vendor-parity asset scenarios (test_assets_parity.py) share: attribute bodies, batch
entries, asset lists, hand-built multipart uploads, the target's locales and channels."""

from __future__ import annotations

import io
import secrets
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from PIL import Image

from conformance.scenarios.helpers import ROOT, asset_path, assets_path, locales, prepare, text_attribute

MEDIA = f"{ROOT}/asset-media-files"


def attribute(code: str, kind: str, **fields: Any) -> dict[str, Any]:
    """An asset attribute body of any type (text_attribute's defaults, another type and extra fields)."""
    return {**text_attribute(code), "type": kind, **fields}


def entries(response: httpx.Response) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    body = response.json()
    assert isinstance(body, list), body
    return body


def absent(api: httpx.Client, family: str, asset: str) -> None:
    response = api.get(asset_path(family, asset))
    assert response.status_code in (404, 422), response.text  # 422: a code the server cannot even read


def listed(api: httpx.Client, family: str, **params: str) -> list[str]:
    response = api.get(assets_path(family), params=params)
    assert response.status_code == 200, response.text
    return [item["code"] for item in response.json()["_embedded"]["items"]]


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (12, 12), tuple(secrets.randbelow(256) for _ in range(3))).save(buffer, "PNG")
    return buffer.getvalue()


def post_file(api: httpx.Client, part: str, filename: str) -> httpx.Response:
    """One multipart part named `part` carrying `filename`, built by hand so no client default stands in."""
    boundary = secrets.token_hex(12)
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="{part}"; filename="{filename}"\r\n'
    body = head.encode() + b"Content-Type: image/png\r\n\r\n" + png() + f"\r\n--{boundary}--\r\n".encode()
    return api.post(MEDIA, content=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def one_activated_locale(api: httpx.Client) -> str:
    activated = locales(api, enabled=True, limit=1)
    if not activated:
        pytest.skip("the target lists no activated locale")
    return activated[0]


def a_channel(api: httpx.Client) -> tuple[str, str]:
    """(channel, one of its locales)."""
    response = api.get(f"{ROOT}/channels", params={"limit": 100})
    if response.status_code != 200:
        pytest.skip(f"the target does not list its channels (GET /channels answered {response.status_code})")
    for item in response.json()["_embedded"]["items"]:
        if item.get("locales"):
            return item["code"], item["locales"][0]
    pytest.skip("the target has no channel with a locale")


def family_of(api: httpx.Client, code: Callable[[str], str], cleanup: Any, family_with: Any, *names: str) -> str:
    family = family_with(attributes=[text_attribute("title")])
    for name in names:
        cleanup.add(asset_path(family, code(name)))
        prepare(api, asset_path(family, code(name)), {})
    return family
