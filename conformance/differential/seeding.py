"""What each sequence's reference tenant starts from: the mock's default catalog with the target's channels and
locales, and in a read-only run a copy of the target's first asset families (their attributes and options), made
through the reference's own API in a probe tenant and saved as one snapshot (`GET /mock/snapshot`), which each
sequence's tenant is restored from (`PUT /mock/snapshot`)."""

from __future__ import annotations

from typing import Any

import httpx

from conformance.differential.sides import Side
from conformance.target import Credentials

SNAPSHOT = "/mock/snapshot"
API = "/api/rest/v1"
COPIED_FAMILIES = 3  # read-only runs: the target's first families, copied into the reference


def _items(client: httpx.Client, path: str, pages: int = 20) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    url: str | None = path
    while url and pages:
        answer = client.get(url)
        if answer.status_code != 200:
            break
        body = answer.json()
        found = body.get("_embedded", {}).get("items", []) if isinstance(body, dict) else body
        items += [{k: v for k, v in item.items() if k != "_links"} for item in found]
        url = body.get("_links", {}).get("next", {}).get("href") if isinstance(body, dict) else None
        pages -= 1
    return items


def _catalog_differs(document: dict[str, Any], channels: list[dict[str, Any]], locales: list[str]) -> bool:
    catalog = document["catalog"]
    mine = {entry["key"]: sorted(entry["value"].get("locales", [])) for entry in catalog["channels"]}
    theirs = {channel["code"]: sorted(channel.get("locales", [])) for channel in channels}
    return mine != theirs or not set(locales) <= {entry["key"] for entry in catalog["locales"]}


def _copy_family(target: httpx.Client, probe: Side, family: dict[str, Any]) -> bool:
    """The family, its attributes and their options PATCHed into the probe tenant; True when all were accepted."""
    code = family["code"]
    writes = [(f"{API}/asset-families/{code}", {"code": code})]
    for attribute in _items(target, f"{API}/asset-families/{code}/attributes"):
        path = f"{API}/asset-families/{code}/attributes/{attribute['code']}"
        writes.append((path, attribute))
        if attribute.get("type") in ("single_option", "multiple_options"):
            writes += [(f"{path}/options/{o['code']}", o) for o in _items(target, f"{path}/options")]
    writes.append((f"{API}/asset-families/{code}", family))
    return all(probe.http.patch(path, json=body).status_code in (201, 204) for path, body in writes)


def seed(
    reference_url: str, target: httpx.Client, run_prefix: str, *, copy_families: bool
) -> tuple[dict[str, Any] | None, tuple[str, ...]]:
    """The snapshot each sequence's reference tenant is restored from (None: the mock's default catalog serves as it
    is) and the codes of the target's families copied into it (read-only runs only)."""
    channels = _items(target, f"{API}/channels?limit=100")
    locales = [str(item["code"]) for item in _items(target, f"{API}/locales?limit=100") if "code" in item]
    probe = Side.open("reference", reference_url, Credentials(), f"differential-{run_prefix}-seed")
    try:
        document = probe.http.get(SNAPSHOT).json()
        changed = bool(channels) and _catalog_differs(document, channels, locales)
        if changed:
            catalog = document["catalog"]
            catalog["channels"] = [{"key": channel["code"], "value": channel} for channel in channels]
            known = {entry["key"] for entry in catalog["locales"]} | set(locales)
            catalog["locales"] = [{"key": code, "value": {"code": code}} for code in sorted(known)]
            restored = probe.http.put(SNAPSHOT, json=document)
            if restored.status_code != 204:
                raise RuntimeError(f"the reference refused the target's catalog: {restored.text[:300]}")
        held: list[str] = []
        if copy_families:
            families = _items(target, f"{API}/asset-families", pages=1)[:COPIED_FAMILIES]
            held = [family["code"] for family in families if _copy_family(target, probe, family)]
        if not (changed or held):
            return None, ()
        return probe.http.get(SNAPSHOT).json(), tuple(held)
    finally:
        probe.close()
