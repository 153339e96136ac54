"""The requests and checks the asset scenarios (test_assets.py) share: attribute bodies, set-up and judged upserts,
the 422 that names a value, the target's locales and channels, small pictures. The suite imports nothing from the
mock or the fixtures: a scenario learns the target's catalog through the API."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from PIL import Image

from conformance.preparation import ROOT, prepared
from conformance.scenarios.helpers import asset_path, locales, prepare_upload

ANY = object()


def attribute(code: str, kind: str, *, per_locale: bool = False, per_channel: bool = False, **extra: Any) -> dict:
    """An asset attribute body with every common property spelled out, as a strict server may require."""
    return {
        "code": code,
        "type": kind,
        "labels": {},
        "value_per_locale": per_locale,
        "value_per_channel": per_channel,
        "is_required_for_completeness": False,
        **extra,
    }


def upsert(api: httpx.Client, cleanup: Any, family: str, asset: str, values: dict[str, list]) -> httpx.Response:
    """PATCH one asset and register its deletion; the caller asserts the answer."""
    cleanup.add(asset_path(family, asset))
    return api.patch(asset_path(family, asset), json={"code": asset, "values": values})


def create(api: httpx.Client, cleanup: Any, family: str, asset: str, values: dict[str, list]) -> None:
    """A set-up create: any 2xx will do (SetupFailed otherwise); the create's status is ASSET-UPSERT-CREATE's."""
    prepared(upsert(api, cleanup, family, asset, values))


def accepted(api: httpx.Client, cleanup: Any, family: str, asset: str, values: dict[str, list]) -> None:
    """A create whose values the rule allows: judged, but only on being accepted (2xx), not on its status."""
    response = upsert(api, cleanup, family, asset, values)
    assert 200 <= response.status_code < 300, f"{response.request.method} {response.request.url}: {response.text}"


def fetch(api: httpx.Client, family: str, asset: str) -> dict[str, Any]:
    response = api.get(asset_path(family, asset))
    assert response.status_code == 200, response.text
    return response.json()


def entries(asset: dict[str, Any], code: str) -> list[tuple[Any, Any, Any]]:
    """The (locale, channel, data) entries of one attribute, sorted, read-only enrichments left out."""
    found = asset.get("values", {}).get(code, [])
    return sorted(((e["locale"], e["channel"], e["data"]) for e in found), key=lambda e: (str(e[0]), str(e[1])))


def value_error(response: httpx.Response, attribute_code: str, locale: Any = ANY, channel: Any = ANY) -> dict:
    """The 422 error that names `attribute_code` under `values` (and the given locale/channel)."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == 422 and body["message"], body
    matching = [e for e in body.get("errors", []) if e.get("attribute") == attribute_code]
    assert matching, f"no error names the attribute {attribute_code!r}: {body}"
    error = matching[0]
    # the attribute's path (the vendor's `values.<code>`) or the whole `values`: the exact path is a vendor-messages rule
    assert error["property"] in ("values", f"values.{attribute_code}"), error
    assert error["message"], error
    if locale is not ANY:
        assert error.get("locale") == locale, error
    if channel is not ANY:
        assert error.get("channel") == channel, error
    return error


def activated_locales(api: httpx.Client) -> list[str]:
    activated = locales(api, enabled=True)
    if not activated:
        pytest.skip("the target lists no activated locale (GET /locales)")
    return activated


def deactivated_locale(api: httpx.Client) -> str:
    """An existing locale no channel activates, else zz_ZZ: well formed, never installed, not activated either."""
    return next(iter(locales(api, enabled=False, limit=1)), "zz_ZZ")


def two_locales(api: httpx.Client) -> tuple[str, str]:
    activated = activated_locales(api)
    if len(activated) < 2:
        pytest.skip("the target has fewer than two activated locales")
    return activated[0], activated[1]


def channels(api: httpx.Client) -> dict[str, list[str]]:
    """The target's channels and the locales each activates."""
    response = api.get(f"{ROOT}/channels", params={"limit": 100})
    if response.status_code != 200:
        pytest.skip(f"the target does not list its channels (GET /channels answered {response.status_code})")
    return {item["code"]: list(item.get("locales") or []) for item in response.json()["_embedded"]["items"]}


def channel_with_two_locales(api: httpx.Client) -> tuple[str, str, str]:
    """A channel and two of the locales it activates (values per locale and channel need both)."""
    for channel, activated in channels(api).items():
        if len(activated) >= 2:
            return channel, activated[0], activated[1]
    pytest.skip("the target has no channel activating two locales")


def picture(width: int, height: int, image_format: str = "PNG") -> bytes:
    """A small image encoded in `image_format` (PNG, JPEG), built here: the suite ships no fixture files."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(buffer, format=image_format)
    return buffer.getvalue()


upload = prepare_upload  # a set-up step: MEDIA-UPLOAD owns the upload's answer
