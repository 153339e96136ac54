"""Helpers the scenario modules share, so that each check is written once and reads the same everywhere.

Plain functions over an `httpx.Client` (the `api` fixture): like the scenarios, they import nothing from the mock or
the fixtures and assert only what every conforming server must answer.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx

from conformance.preparation import ROOT, SetupFailed, prepared

FAMILIES = f"{ROOT}/asset-families"


def family_path(family_with: Callable[..., str], name: str, *attributes: dict[str, Any]) -> str:
    """A new family of this run with these attributes, created in this order; returns the family's URL path.

    Families and attributes cannot be deleted through the API: `family_with` names them with the run prefix."""
    return f"{FAMILIES}/{family_with(attributes=list(attributes), name=name)}"


# The Asset Manager's single upserts (a family, an attribute, an option, an asset; not the asset batch).
_UPSERT = re.compile(rf"{FAMILIES}/[^/?]+(?:/attributes/[^/?]+(?:/options/[^/?]+)?|/assets/[^/?]+)?")


def with_code(path: str, body: Any) -> Any:
    """The body a client must send to an Asset Manager upsert: the vendor's schemas require `code` in it though the
    path gives it (FORMAT-CODE-REQUIRED), so a dict without one gets the path's last segment; others are unchanged."""
    if isinstance(body, dict) and "code" not in body and _UPSERT.fullmatch(path):
        return {"code": path.rsplit("/", 1)[1], **body}
    return body


def patch(api: httpx.Client, path: str, body: Any) -> httpx.Response:
    """PATCH `path` with `body` and the path's code in it (with_code): the request a valid client sends, so that a
    refusal is for the rule the scenario names. A scenario about a body without `code` calls `api.patch` itself."""
    return api.patch(path, json=with_code(path, body))


def upsert(api: httpx.Client, path: str, body: dict[str, Any], *expected: int) -> httpx.Response:
    """PATCH `path` (with its code: `patch`) and assert its status is one of `expected` (default any 2xx: the write
    was accepted); a scenario states the status only when it is the rule's subject (FAM-UPSERT, ASSET-UPSERT-UPDATE,
    ...), so that a server wrong about statuses fails those rules alone. Data a scenario only needs: `prepare`."""
    expected = expected or tuple(range(200, 300))
    response = patch(api, path, body)
    assert response.status_code in expected, (
        f"PATCH {path}: expected {' or '.join(map(str, expected)) if len(expected) < 5 else '2xx'}, "
        f"got {response.status_code} {response.text}"
    )
    return response


def prepare(api: httpx.Client, path: str, body: dict[str, Any]) -> httpx.Response:
    """A set-up upsert (data the scenario needs, not its subject): PATCH `path` with its code (`patch`); any 2xx will
    do, anything else is SetupFailed naming the rule that owns the operation (conformance/preparation.py), so the
    test reads "not run: set-up failed (rule X)" instead of failing a rule that is not at fault."""
    return prepared(patch(api, path, body))


def prepare_upload(api: httpx.Client, filename: str, content: bytes, mime_type: str = "image/png") -> str:
    """A set-up media upload: the media file code (Asset-media-file-code), or SetupFailed (MEDIA-UPLOAD owns it)."""
    response = prepared(api.post(f"{ROOT}/asset-media-files", files={"file": (filename, content, mime_type)}))
    code = response.headers.get("asset-media-file-code")
    if not code:
        raise SetupFailed("MEDIA-UPLOAD", f"POST {ROOT}/asset-media-files", response, " (no Asset-media-file-code)")
    return code


def get_json(api: httpx.Client, path: str) -> Any:
    """The JSON body of a GET that must succeed: reading back what a scenario wrote (or kept) is part of its rule."""
    response = api.get(path)
    assert response.status_code == 200, f"GET {path}: {response.status_code} {response.text}"
    return response.json()


def field_of(api: httpx.Client, path: str, key: str) -> Any:
    """`key` of the JSON object GET `path` answers; its absence fails naming the request and the answer."""
    body = get_json(api, path)
    assert isinstance(body, dict) and key in body, f"GET {path}: the answer has no {key!r}: {str(body)[:300]}"
    return body[key]


def refused(response: httpx.Response, prop: str | tuple[str, ...], *gists: str, status: int = 422) -> dict[str, Any]:
    """Asserts the Akeneo error envelope and returns the error on `prop` (or a path under it) naming every gist.

    `prop` may list several properties when the rule ties them and either may carry the error.

    Gists are looked for in the error's property and message together, case-insensitively: the wording of a
    message is each server's own, the status, the code, the property and the offending value are the rule's.
    """
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    body = response.json()
    assert body.get("code") == status, body
    assert isinstance(body.get("message"), str) and body["message"], body
    errors = [e for e in body.get("errors", []) if under(e.get("property"), prop)]
    assert errors, f"no error on {prop!r} in {body}"
    for error in errors:
        said = f"{error.get('property')} {error.get('message')}".lower()
        if all(gist.lower() in said for gist in gists):
            return error
    raise AssertionError(f"no error on {prop!r} names {gists}: {errors}")


def refused_code_mismatch(response: httpx.Response) -> None:
    """A body code other than the URL's: a 422 in the Akeneo envelope blaming `code`, in `errors` or, as the
    vendor's controllers answer it, in a plain message ("The code of the ... provided in the URI must be the same
    as the one provided in the request body.")."""
    assert response.status_code == 422, f"expected 422, got {response.status_code}: {response.text}"
    body = response.json()
    assert body.get("code") == 422, body
    blamed = [e for e in body.get("errors", []) if under(e.get("property"), "code")]
    assert blamed or "code" in str(body.get("message", "")).lower(), body


def under(actual: Any, prop: str | tuple[str, ...]) -> bool:
    """Whether an error's property path is `prop` or below it (`labels.fr_FR`, `transformations[1]`): servers differ
    in how deep they point, not in which property they blame."""
    props = (prop,) if isinstance(prop, str) else prop
    return isinstance(actual, str) and any(actual == p or actual.startswith((f"{p}.", f"{p}[")) for p in props)


def not_found(response: httpx.Response, *gists: str) -> None:
    """Asserts a 404 in the Akeneo envelope whose message names every gist (case-sensitive: codes are)."""
    assert response.status_code == 404, f"expected 404, got {response.status_code}: {response.text}"
    body = response.json()
    assert body.get("code") == 404, body
    assert all(gist in body.get("message", "") for gist in gists), body


def locales(api: httpx.Client, *, enabled: bool, limit: int = 100) -> list[str]:
    """The target's activated (or deactivated) locales, read from the product side's locale list; [] if unlisted.

    Labels take activated locales only, and which ones a target activates is its own: scenarios ask, never assume."""
    search = json.dumps({"enabled": [{"operator": "=", "value": enabled}]})
    response = api.get("/api/rest/v1/locales", params={"search": search, "limit": limit})
    if response.status_code != 200:
        return []
    return [item["code"] for item in response.json()["_embedded"]["items"] if item.get("enabled") is enabled]


def check_label_locales(api: httpx.Client, path: str, body: dict[str, Any]) -> None:
    """The label rule every labelled resource shares, on the one at `path` that PATCHing `body` creates.

    A label on a locale that is not activated (zz_ZZ, never installed, then an existing locale no channel activates
    when the target lists one) is a 422 on `labels`, on creation and on update, and the whole PATCH is refused."""
    not_activated = ["zz_ZZ", *locales(api, enabled=False, limit=1)]
    for locale in not_activated:
        refused(patch(api, path, {**body, "labels": {locale: "Nope"}}), "labels", locale)
        not_found(api.get(path))  # a refused creation stores nothing

    activated = locales(api, enabled=True, limit=1)  # a fresh PIM may have no activated locale
    labels = {activated[0]: "Label"} if activated else {}
    upsert(api, path, {**body, "labels": labels})
    changed = {locale: "Changed" for locale in labels}  # sent beside the refused label: not stored either
    for locale in not_activated:
        refused(patch(api, path, {"labels": {**changed, locale: "Nope"}}), "labels", locale)
        assert (get_json(api, path)["labels"] or {}) == labels  # nothing changed


def assets_path(family: str) -> str:
    return f"{FAMILIES}/{family}/assets"


def asset_path(family: str, asset: str) -> str:
    return f"{assets_path(family)}/{asset}"


def value(data: Any, locale: str | None = None, channel: str | None = None) -> dict[str, Any]:
    """One entry of an asset value, in the vendor's format."""
    return {"locale": locale, "channel": channel, "data": data}


def identifier_attribute(api: httpx.Client) -> str:
    """The code of the target's main identifier attribute (the product side's `identifier`, or another name)."""
    search = json.dumps({"type": [{"operator": "IN", "value": ["pim_catalog_identifier"]}]})
    response = api.get(f"{ROOT}/attributes", params={"search": search, "limit": 100})
    assert response.status_code == 200, response.text
    items = response.json()["_embedded"]["items"]
    assert items, "the target has no identifier attribute"
    main = [item for item in items if item.get("is_main_identifier")]
    return (main or items)[0]["code"]


def text_attribute(code: str) -> dict[str, Any]:
    """A plain text asset attribute: neither localizable nor scopable."""
    return {
        "code": code,
        "type": "text",
        "labels": {},
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": False,
    }
