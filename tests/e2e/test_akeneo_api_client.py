"""The published Python client `akeneo-api-client` (PyPI), unchanged, against `python -m mock_server` on a socket.

It has no media file API: uploads and downloads are covered by the SDK's test (test_akeneo_python_sdk.py) and the
PHP client's. Its batch call splits the answer on newlines and decodes every piece (WIRE-JSON-COMPACT), and it
follows `_links.next.href` verbatim (absolute links)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from akeneo_api_client.akeneo_client import AkeneoClient
from akeneo_api_client.client.akeneo_api_error import AkeneoApiError
from akeneo_api_client.client.http_client import HttpClient
from akeneo_api_client.client_builder import ClientBuilder

from tests.e2e.conftest import MOCK_PASSWORD, running_mock

FAMILY = "e2e_py_client"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with running_mock("--empty", MOCK_PAGE_SIZE="2") as url:  # two assets a page: the cursor must follow links
        yield url


@pytest.fixture(scope="module")
def client(base_url: str) -> AkeneoClient:
    return ClientBuilder(base_url).build_authenticated_by_password("admin", MOCK_PASSWORD, "client", "secret")


def test_family_attributes_and_options(client: AkeneoClient) -> None:
    assert client.asset_family_api.upsert(FAMILY, {"code": FAMILY}).status_code == 201
    assert client.asset_family_api.upsert(FAMILY, {"code": FAMILY}).status_code == 204
    assert client.asset_family_api.get(FAMILY)["code"] == FAMILY
    families = [item["code"] for page in client.asset_family_api.all() for item in page]
    assert FAMILY in families

    size = {"code": "size", "type": "single_option", "value_per_locale": False, "value_per_channel": False}
    assert client.asset_attribute_api.upsert(FAMILY, "size", size).status_code == 201
    assert client.asset_attribute_api.get(FAMILY, "size")["type"] == "single_option"
    assert "size" in [attribute["code"] for attribute in client.asset_attribute_api.all(FAMILY)]

    option = client.asset_attribute_option_api
    assert option.upsert(FAMILY, "size", "xl", {"code": "xl"}).status_code == 201
    assert option.get(FAMILY, "size", "xl")["code"] == "xl"
    assert [found["code"] for found in option.all(FAMILY, "size")] == ["xl"]


def test_assets_single_batch_list_and_delete(client: AkeneoClient) -> None:
    # Its own set-up (upserts: created here, or already by the test above on the same mock): tests may run apart.
    size = {"code": "size", "type": "single_option", "value_per_locale": False, "value_per_channel": False}
    for saved in (
        client.asset_family_api.upsert(FAMILY, {"code": FAMILY}),
        client.asset_attribute_api.upsert(FAMILY, "size", size),
        client.asset_attribute_option_api.upsert(FAMILY, "size", "xl", {"code": "xl"}),
    ):
        if saved.status_code not in (201, 204):
            pytest.fail(f"the set-up could not be saved: {saved.status_code}")
    values = {"size": [{"locale": None, "channel": None, "data": "xl"}]}
    assert client.asset_api.upsert(FAMILY, "unicorn", {"code": "unicorn", "values": values}).status_code == 201

    lines = client.asset_api.upsert_list(
        FAMILY,
        [
            {"code": "unicorn", "values": values},
            {"code": "pegasus"},
            {"code": "griffin"},
            {"code": "bad code!"},
            {"values": values},
        ],
    )
    # The vendor writes the whole batch answer as one JSON array on one line: the client gets it as one "line".
    assert len(lines) == 1
    results = lines[0]
    assert [(r["code"], r["status_code"]) for r in results] == [
        ("unicorn", 204),
        ("pegasus", 201),
        ("griffin", 201),
        ("bad code!", 422),
        ("", 422),
    ]
    assert results[3]["message"] and results[4]["message"] == "The asset has an invalid format."

    pages = list(client.asset_api.all(FAMILY))
    assert [len(page) for page in pages] == [2, 1]
    assert sorted(item["code"] for page in pages for item in page) == ["griffin", "pegasus", "unicorn"]
    assert client.asset_api.get(FAMILY, "unicorn")["values"]["size"][0]["data"] == "xl"

    assert client.asset_api.delete(FAMILY, "pegasus").status_code == 204
    assert sorted(item["code"] for page in client.asset_api.all(FAMILY) for item in page) == ["griffin", "unicorn"]


def test_errors_reach_the_client_in_the_akeneo_envelope(client: AkeneoClient, base_url: str) -> None:
    """The client's HTTP layer raises AkeneoApiError with the envelope's `message`. (Its authenticated layer then
    swallows every status but 401 and returns None: the client's behaviour, the same against the real PIM.)"""
    client.asset_family_api.upsert(
        FAMILY, {"code": FAMILY}
    )  # its token comes with its first call; the 404 is the asset's
    headers = {"Authorization": f"Bearer {client.authentication.access_token}"}
    with pytest.raises(AkeneoApiError) as missing:
        HttpClient().send_request("GET", f"{base_url}/api/rest/v1/asset-families/{FAMILY}/assets/nope", headers)
    assert missing.value.response.status_code == 404
    assert missing.value.response_body == {"code": 404, "message": missing.value.message}
    assert missing.value.message.startswith('Asset "nope" does not exist')  # the wording is the assets area's
