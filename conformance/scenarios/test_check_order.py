"""Which check answers first on the Asset Manager writes (rules_check_order.yaml): the family's 404 before the
body's decoding, and the body code before the format stage on attributes and assets, the format stage before the
404s on options, and attribute updates judged by the stored type. Every refusal is checked to have written
nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.scenarios.helpers import (
    FAMILIES,
    asset_path,
    assets_path,
    family_path,
    get_json,
    not_found,
    patch,
    refused_code_mismatch,
    text_attribute,
)

MALFORMED = {"labels": ["not an object"], "unknown_property": 1}  # a format fault on any resource
ATTRIBUTE_MISMATCH = (  # sic: the vendor's attribute controller names the asset family
    "The code of the asset family provided in the URI must be the same as the one provided in the request body."
)
ASSET_MISMATCH = "The code of the asset provided in the URI must be the same as the one provided in the request body."
NOT_JSON = [b"{not json", b"", b"[" * 513 + b"]" * 513]  # json_decode gives null: not JSON, empty, too deep
INVALID_JSON = {"code": 400, "message": "Invalid json message received"}


def _unknown_family_answers(api: httpx.Client, family: str) -> list[httpx.Response]:
    """Malformed writes to the family `family`, which does not exist."""
    return [
        patch(api, f"{FAMILIES}/{family}/attributes/colour", {"type": "text", **MALFORMED}),
        patch(api, asset_path(family, "flat"), {"values": "not an object", "unknown_property": 1}),
        api.patch(assets_path(family), json={"code": "not a list"}),
        api.patch(assets_path(family), json=[{"code": "flat"}] * 101),
    ]


def _send(api: httpx.Client, path: str, content: bytes) -> httpx.Response:
    return api.patch(path, content=content, headers={"Content-Type": "application/json"})


def _not_json_to_unknown_family(api: httpx.Client, family: str) -> list[httpx.Response]:
    """Bodies that are not JSON, sent to the attribute, the asset and the batch of `family`, which does not exist."""
    paths = (f"{FAMILIES}/{family}/attributes/colour", asset_path(family, "flat"), assets_path(family))
    return [_send(api, path, content) for content in NOT_JSON for path in paths]


def _not_json_decoded_first(api: httpx.Client, absent: str, existing: str) -> list[httpx.Response]:
    """Bodies that are not JSON where the controller decodes before any 404: the option and family upserts of an
    absent family, the attribute, asset and batch of an existing one (`existing`: its path). Nothing is written."""
    paths = (
        f"{FAMILIES}/{absent}/attributes/size/options/small",
        f"{FAMILIES}/{absent}",
        f"{existing}/attributes/colour",
        f"{existing}/assets/flat",
        f"{existing}/assets",
    )
    answers = [_send(api, path, content) for content in NOT_JSON for path in paths]
    for path in (f"{FAMILIES}/{absent}", f"{existing}/attributes/colour", f"{existing}/assets/flat"):
        assert api.get(path).status_code == 404, path
    return answers


def _mismatched(api: httpx.Client, family: str) -> list[tuple[httpx.Response, str, str]]:
    """Malformed bodies whose code is not the path's, to an attribute and an asset: [(answer, path, text)], each
    checked to have written nothing."""
    attribute = f"{family}/attributes/name"
    asset = f"{family}/assets/mismatched"
    answers = []
    for path, body, text in (
        (attribute, {"code": "other", **MALFORMED}, ATTRIBUTE_MISMATCH),
        (asset, {"code": "other", "values": "not an object"}, ASSET_MISMATCH),
    ):
        before = api.get(path)
        response = api.patch(path, json=body)
        after = api.get(path)
        assert (after.status_code, after.content) == (before.status_code, before.content), path
        answers.append((response, path, text))
    return answers


@pytest.mark.rule("CHECK-ORDER-FAMILY-FIRST")
@pytest.mark.writes  # it sends writes (to a family that does not exist)
def test_unknown_family_is_404_before_the_body(api: httpx.Client, code: Callable[[str], str]) -> None:
    family = code("absent")
    for response in _unknown_family_answers(api, family):
        not_found(response, family)
    assert api.get(f"{FAMILIES}/{family}").status_code == 404


@pytest.mark.rule("CHECK-ORDER-DECODE")
@pytest.mark.writes  # it sends writes (most to a family that does not exist)
def test_body_decoded_where_the_controller_decodes(
    api: httpx.Client, code: Callable[[str], str], family_with: Callable[..., str]
) -> None:
    absent = code("absent")
    for response in _not_json_to_unknown_family(api, absent):
        not_found(response, absent)
    existing = family_path(family_with, "check_order", text_attribute("name"))
    for response in _not_json_decoded_first(api, absent, existing):
        assert (response.status_code, response.json().get("code")) == (400, 400), response.text
    for path in (f"{FAMILIES}/bad-code", f"{FAMILIES}/bad-code/assets", f"{existing}/attributes/bad-code/options/x"):
        for content in NOT_JSON:  # the URI codes come before json_decode on every write
            response = _send(api, path, content)
            assert (response.status_code, response.json().get("code")) == (422, 422), response.text
    assert api.get(f"{FAMILIES}/{absent}").status_code == 404


@pytest.mark.rule("CHECK-ORDER-BODY-CODE-FIRST")
@pytest.mark.writes
def test_body_code_before_the_format(api: httpx.Client, family_with: Callable[..., str]) -> None:
    family = family_path(family_with, "check_order", text_attribute("name"))
    for response, _, _ in _mismatched(api, family):
        refused_code_mismatch(response)


@pytest.mark.rule("CHECK-ORDER-OPTION-FORMAT-FIRST")
@pytest.mark.writes  # it sends writes (to a family that does not exist)
def test_option_format_before_the_404(api: httpx.Client, code: Callable[[str], str]) -> None:
    path = f"{FAMILIES}/{code('absent')}/attributes/size/options/small"
    response = patch(api, path, {"labels": ["not an object"]})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body.get("code") == 422 and body.get("errors"), body


@pytest.mark.rule("CHECK-ORDER-MESSAGES")
@pytest.mark.writes
def test_order_messages(api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]) -> None:
    family = code("absent")
    for response in _unknown_family_answers(api, family) + _not_json_to_unknown_family(api, family):
        assert response.json() == {"code": 404, "message": f'Asset family "{family}" does not exist.'}
    existing = family_path(family_with, "check_order", text_attribute("name"))
    for response in _not_json_decoded_first(api, family, existing):
        assert response.json() == INVALID_JSON
    for response, path, text in _mismatched(api, existing):
        assert (response.status_code, response.json()) == (422, {"code": 422, "message": text}), path


@pytest.mark.rule("CHECK-ORDER-EDIT-BY-STORED-TYPE")
@pytest.mark.writes
def test_update_judged_by_stored_type(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = f"{family_path(family_with, 'check_order', text_attribute('name'))}/attributes/name"
    before = get_json(api, path)
    response = patch(api, path, {"type": "media_link", "prefix": "https://"})
    answer: dict[str, Any] = response.json()
    assert (response.status_code, answer) == (
        422,
        {
            "code": 422,
            "message": "The attribute has an invalid format.",
            "errors": [{"property": "", "message": "Additional object properties are not allowed: prefix"}],
        },
    )
    assert get_json(api, path) == before
