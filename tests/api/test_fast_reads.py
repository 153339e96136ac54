"""FAST-READS (api/http/hot_reads.py): the shortcut for plain asset GETs answers exactly what Connexion's whole stack
answers, and stored answers (api/http/rendered_assets.py) never outlive a change that shows in them.

Two apps start from the same catalog and clock, one with the shortcut and one without; every request goes to both
and the answers must be equal byte for byte (status, headers, body): the requests the shortcut takes and those it
must leave to Connexion (refusals, filters, odd headers)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from fixtures.catalog import load_start
from mock_server.app import create_app
from mock_server.settings import Settings
from tests.support import BASIC, FAMILIES, PASSWORD_GRANT, TOKEN, ApiClient, FakeClock

PACKSHOTS = f"{FAMILIES}/packshots/assets"
READER = ["pim_api_overall_access", "pim_api_asset_family_list"]  # no pim_api_asset_list: a 403 on asset reads


class Twins:
    """The same calls to an app with the shortcut and one without; `both` asserts equal answers."""

    def __init__(self, clock: FakeClock) -> None:
        self.clients = [
            ApiClient(
                create_app(
                    settings=Settings(validate_responses=True, fast_reads=fast), clock=clock, start_catalog=load_start
                )
            )
            for fast in (True, False)
        ]

    def tokens(self, *user: str) -> list[str]:
        """Each app's access token for the admin, or for `user` (username, password)."""
        grant = {**PASSWORD_GRANT, **dict(zip(("username", "password"), user, strict=False))}
        return [
            c.post(TOKEN, json=grant, headers={"Authorization": BASIC}).json()["access_token"] for c in self.clients
        ]

    def tokens_in(self, tenant: str) -> list[str]:
        return [
            c.post(f"/t/{tenant}{TOKEN}", json=PASSWORD_GRANT, headers={"Authorization": BASIC}).json()["access_token"]
            for c in self.clients
        ]

    def both(self, method: str, url: str, tokens: list[str] | None = None, **kwargs: Any) -> Any:
        answers = []
        for index, client in enumerate(self.clients):
            headers = dict(kwargs.pop("headers", {}) if index == 1 else kwargs.get("headers", {}))
            if tokens is not None:
                headers.setdefault("Authorization", f"Bearer {tokens[index]}")
            answers.append(client.request(method, url, **{**kwargs, "headers": headers}))
        fast, full = answers
        assert (fast.status_code, fast.headers.raw, fast.content) == (full.status_code, full.headers.raw, full.content)
        return fast


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def twins(clock: FakeClock) -> Iterator[Twins]:
    pair = Twins(clock)
    for client in pair.clients:
        client.__enter__()
    yield pair
    for client in pair.clients:
        client.__exit__(None, None, None)


def test_fast_reads_answer_the_taken_requests_as_connexion_does(twins: Twins) -> None:
    tokens = twins.tokens()
    one = twins.both("GET", f"{PACKSHOTS}/allie_jean_packshot", tokens)
    assert one.status_code == 200 and one.json()["code"] == "allie_jean_packshot"
    assert twins.both("GET", f"{PACKSHOTS}/ALLIE_JEAN_PACKSHOT", tokens).status_code == 200  # case aside
    page = twins.both("GET", PACKSHOTS, tokens)
    assert [item["code"] for item in page.json()["_embedded"]["items"]] == ["allie_jean_packshot", "amor_packshot"]
    after = twins.both("GET", f"{PACKSHOTS}?search_after=allie_jean_packshot", tokens)
    assert [item["code"] for item in after.json()["_embedded"]["items"]] == ["amor_packshot"]
    for headers in ({"Accept": "application/json"}, {"Accept": "*/*"}, {"X-Forwarded-Host": "pim.example.com"}):
        assert twins.both("GET", PACKSHOTS, tokens, headers=headers).status_code == 200
    assert twins.both("GET", f"/t/other{FAMILIES}/packshots/assets", twins.tokens_in("other")).status_code == 200


@pytest.mark.parametrize(
    "url, headers",
    [
        (f"{PACKSHOTS}/unknown_asset", {}),  # 404
        (f"{FAMILIES}/unknown_family/assets", {}),  # 404
        (f"{FAMILIES}/unknown_family/assets/allie_jean_packshot", {}),
        (f"{PACKSHOTS}?search_after=zzz_after_every_code", {}),  # an empty page
        (f"{PACKSHOTS}?locales=en_US", {}),  # a filter: Connexion's
        (f"{PACKSHOTS}?search_after=a&search_after=b", {}),
        (f"{PACKSHOTS}?search_after=", {}),
        (f"{PACKSHOTS}?channel=unknown", {}),  # 422
        (f"{PACKSHOTS}?search=nope", {}),  # 400
        (f"{PACKSHOTS}/allie_jean_packshot?with_asset_auto_tags=maybe", {}),
        (f"{PACKSHOTS}/", {}),
        (f"{PACKSHOTS}/allie%20jean", {}),
        (PACKSHOTS, {"Accept": "text/html"}),  # 406
        (PACKSHOTS, {"Authorization": "Bearer not-a-token"}),  # 401
        (PACKSHOTS, {"Authorization": "Basic Y2xpZW50OnNlY3JldA=="}),
        (PACKSHOTS, {"Authorization": "bearer"}),
        (PACKSHOTS, {"Authorization": ""}),
    ],
)
def test_fast_reads_leave_every_other_request_to_connexion(twins: Twins, url: str, headers: dict[str, str]) -> None:
    tokens = twins.tokens()
    twins.both("GET", url, tokens, headers=headers)


def test_fast_reads_refuse_expired_tokens_and_missing_rights_as_connexion_does(twins: Twins, clock: FakeClock) -> None:
    for client in twins.clients:
        added = client.post("/mock/users", json={"username": "reader", "password": "pw", "permissions": READER})
        assert added.status_code == 201, added.text
    forbidden = twins.both("GET", PACKSHOTS, twins.tokens("reader", "pw"))
    assert forbidden.status_code == 403
    tokens = twins.tokens()
    clock.advance(hours=2)  # past the access token's hour
    assert twins.both("GET", f"{PACKSHOTS}/allie_jean_packshot", tokens).status_code == 401


def test_stored_answers_follow_every_change_that_shows_in_them(twins: Twins) -> None:
    """A change to the asset, to an option its values hold, to an attribute's media link prefix: each shows in the
    next GET, one asset or a page (a stored text is not reused)."""
    tokens = twins.tokens()
    family = f"{FAMILIES}/model_pictures"
    asset = f"{family}/assets/amor_blue_model_picture"

    def read() -> tuple[dict[str, Any], dict[str, Any]]:
        listed = twins.both("GET", f"{family}/assets", tokens).json()["_embedded"]["items"]
        return twins.both("GET", asset, tokens).json(), next(i for i in listed if i["code"] == asset.rsplit("/")[-1])

    one, listed = read()
    assert (
        one["values"]["model_is_wearing_size"][0]["data"] == "S" == listed["values"]["model_is_wearing_size"][0]["data"]
    )
    title = {
        "code": "amor_blue_model_picture",
        "values": {"main_color": [{"locale": None, "channel": None, "data": "navy"}]},
    }
    assert twins.both("PATCH", asset, tokens, json=title).status_code == 204
    one, listed = read()
    assert one["values"]["main_color"][0]["data"] == "navy" == listed["values"]["main_color"][0]["data"]
    option = f"{family}/attributes/model_is_wearing_size/options/S"
    assert twins.both("DELETE", option, tokens).status_code == 204
    one, listed = read()
    assert "model_is_wearing_size" not in one["values"] and "model_is_wearing_size" not in listed["values"]

    ambient = f"{FAMILIES}/ambient_images"
    picture = f"{ambient}/assets/children_ambient_picture"
    before = twins.both("GET", picture, tokens).json()["values"]["media_preview"][0]["linked_data"]["full_url"]
    twins.both("GET", f"{ambient}/assets", tokens)
    prefix = {"code": "media_preview", "prefix": "https://cdn.example.com/"}
    assert twins.both("PATCH", f"{ambient}/attributes/media_preview", tokens, json=prefix).status_code == 204
    after = twins.both("GET", picture, tokens).json()["values"]["media_preview"][0]["linked_data"]["full_url"]
    items = twins.both("GET", f"{ambient}/assets", tokens).json()["_embedded"]["items"]
    assert (
        before.startswith("https://dam.example.com/")
        and after == "https://cdn.example.com/children_ambient_picture.jpg"
    )
    assert {item["values"]["media_preview"][0]["linked_data"]["full_url"] for item in items} >= {after}
