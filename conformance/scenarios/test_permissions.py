"""API permissions: a user without an operation's ACL gets the vendor's 403 before anything else, and nothing changes.

A user with chosen permissions is made with the mock's control plane (POST /mock/users, deleted after the test);
a target that has no such plane (a real PIM, where a connection's role is set in its UI) does not run these rules,
nor does a read-only run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from conformance.exchanges import TOKEN_PATH
from conformance.preparation import prepared
from conformance.target import Target

FAMILIES = "/api/rest/v1/asset-families"
USERS = "/mock/users"
API_ACCESS = "pim_api_overall_access"
READER = [API_ACCESS, "pim_api_asset_family_list", "pim_api_asset_list"]
NO_API_ACCESS = "You are not allowed to access the web API."


@pytest.fixture
def user_with(target: Target, anonymous: httpx.Client) -> Iterator[Callable[[str, list[str]], httpx.Client]]:
    """user_with(name, permissions) -> a client that calls as a new user holding exactly these permissions."""
    if target.read_only:
        pytest.skip("a read-only run creates no user")
    made: list[str] = []

    def make(name: str, permissions: list[str]) -> httpx.Client:
        username = f"{target.run_prefix}_{name}"
        password = f"{target.run_prefix}-pw"
        added = anonymous.post(USERS, json={"username": username, "password": password, "permissions": permissions})
        if added.status_code == 404:
            pytest.skip("the target offers no way to create a user with chosen permissions (the mock's /mock/users)")
        assert added.status_code in (200, 201), f"POST {USERS}: {added.status_code} {added.text[:300]}"
        made.append(username)
        grant = {"grant_type": "password", "username": username, "password": password}
        token = anonymous.post(TOKEN_PATH, json=grant, headers={"Authorization": target.credentials.basic})
        assert token.status_code == 200, f"the new user's token: {token.status_code}"
        client = target.anonymous_client()
        client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"
        return client

    yield make
    for username in made:
        anonymous.delete(f"{USERS}/{username}")


def forbidden(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code == 403, f"expected 403, got {response.status_code}: {response.text[:300]}"
    assert response.headers.get("content-type", "").startswith("application/json"), response.headers
    body = response.json()
    assert body.get("code") == 403 and isinstance(body.get("message"), str) and body["message"], body
    return body


@pytest.mark.rule("ACL-REQUIRED")
@pytest.mark.writes
def test_a_reader_lists_but_cannot_change_a_family(
    api: httpx.Client, user_with: Callable[..., httpx.Client], family_with: Callable[..., str]
) -> None:
    family = family_with(own=True, labels={"en_US": "Before"})
    reader = user_with("reader", READER)
    assert reader.get(f"{FAMILIES}/{family}").status_code == 200
    forbidden(reader.patch(f"{FAMILIES}/{family}", json={"code": family, "labels": {"en_US": "After"}}))
    assert api.get(f"{FAMILIES}/{family}").json().get("labels") == {"en_US": "Before"}  # nothing written
    writer = user_with("writer", [API_ACCESS, "pim_api_asset_family_edit"])
    allowed = writer.patch(f"{FAMILIES}/{family}", json={"code": family, "labels": {"en_US": "After"}})
    assert 200 <= allowed.status_code < 300, allowed.text  # accepted; 204 is FAM-UPSERT's


@pytest.mark.rule("ACL-REQUIRED")
@pytest.mark.writes
def test_a_user_without_asset_removal_cannot_delete_an_asset(
    api: httpx.Client,
    user_with: Callable[..., httpx.Client],
    family_with: Callable[..., str],
    code: Callable[[str], str],
) -> None:
    family = family_with()
    asset = code("kept")
    prepared(api.patch(f"{FAMILIES}/{family}/assets/{asset}", json={"code": asset, "values": {}}))
    editor = user_with("editor", [*READER, "pim_api_asset_edit"])
    forbidden(editor.delete(f"{FAMILIES}/{family}/assets/{asset}"))
    assert api.get(f"{FAMILIES}/{family}/assets/{asset}").status_code == 200


@pytest.mark.rule("ACL-BEFORE-VALIDATION")
@pytest.mark.writes
def test_the_acl_answers_before_the_body_and_the_lookups(
    user_with: Callable[..., httpx.Client], code: Callable[[str], str]
) -> None:
    reader = user_with("reader", READER)
    unknown = code("unknown_family")
    forbidden(
        reader.patch(
            f"{FAMILIES}/{unknown}/assets/x", content=b"{not json", headers={"Content-Type": "application/json"}
        )
    )
    forbidden(reader.patch(f"{FAMILIES}/{unknown}/assets", json=[{"code": "x"}]))
    forbidden(reader.patch(f"{FAMILIES}/{unknown}", json={"code": 5}))


@pytest.mark.rule("ACL-API-ACCESS")
@pytest.mark.writes
def test_a_user_without_the_api_access_gets_403_everywhere(
    anonymous: httpx.Client, user_with: Callable[..., httpx.Client]
) -> None:
    outsider = user_with("outsider", ["pim_api_asset_family_list", "pim_api_asset_list"])
    forbidden(outsider.get(FAMILIES))
    forbidden(outsider.get("/api/rest/v1/system-information"))
    assert anonymous.get("/api/rest/v1").status_code == 200


@pytest.mark.rule("ACL-MESSAGES")
@pytest.mark.writes
def test_the_403_texts_are_the_vendors(user_with: Callable[..., httpx.Client], family_with: Callable[..., str]) -> None:
    family = family_with()
    assets_only = user_with("assets_only", [API_ACCESS, "pim_api_asset_list"])
    families_only = user_with("families_only", [API_ACCESS, "pim_api_asset_family_list"])
    outsider = user_with("outsider", [])
    expected = [
        (assets_only.get(FAMILIES), "Access forbidden. You are not allowed to list asset families."),
        (families_only.get(f"{FAMILIES}/{family}/assets"), "Access forbidden. You are not allowed to list assets."),
        (
            assets_only.patch(f"{FAMILIES}/{family}/assets/x", json={"code": "x"}),
            "Access forbidden. You are not allowed to create or update assets.",
        ),
        (
            assets_only.delete(f"{FAMILIES}/{family}/assets/x"),
            "Access forbidden. You are not allowed to delete assets.",
        ),
        (outsider.get(FAMILIES), NO_API_ACCESS),
    ]
    for response, message in expected:
        assert forbidden(response) == {"code": 403, "message": message}
