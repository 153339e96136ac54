"""The naming convention on asset creation: the source string (the asset code or the main media's original file
name at its locale and channel), the values it extracts, abort_asset_creation_on_error, and its time budget."""

from __future__ import annotations

import time
from typing import Any

import pytest
from starlette.testclient import TestClient

from mock_server.domain.asset_manager import asset as asset_domain
from mock_server.domain.automation.naming_convention import compile_pattern
from mock_server.services.pattern_matching import MatchTimedOut, captures
from mock_server.settings import Settings
from tests.automation.conftest import (
    FAMILIES,
    data_of,
    events,
    get_asset,
    kinds,
    patch_asset,
    patch_attribute,
    patch_family,
    upload,
    value,
)

BY_CODE = r"/^(?P<product_ref>[a-z]+)_(?P<main_color>[a-z]+)_(?P<model_is_wearing_size>[a-zA-Z]+)_model_picture$/"
# /((a|a)+)+$/: overlapping alternatives under nested quantifiers backtrack without end (the regex engine's guards
# answer the textbook /(a+)+$/ at once), its group named after an attribute to fill
CATASTROPHIC = "/(?P<product_ref>(?:a|a)+)+$/"
CATASTROPHIC_SUBJECT = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"


def by_code(client: TestClient, abort: bool, pattern: str = BY_CODE) -> None:
    """model_pictures (main_image, product_ref, main_color, model_is_wearing_size) split by asset code."""
    patch_family(
        client,
        "model_pictures",
        naming_convention={
            "source": {"property": "code", "locale": None, "channel": None},
            "pattern": pattern,
            "abort_asset_creation_on_error": abort,
        },
    )


def naming_events(client: TestClient, asset_code: str) -> list[dict[str, Any]]:
    return kinds(events(client, asset_code=asset_code), "naming_convention")


def test_naming_convention_fills_attributes_from_the_asset_code(api: TestClient) -> None:
    by_code(api, abort=True)
    patch_asset(api, "model_pictures", "amor_red_s_model_picture", {})
    found = get_asset(api, "model_pictures", "amor_red_s_model_picture")
    assert data_of(found, "product_ref") == "amor"
    assert data_of(found, "main_color") == "red"
    assert data_of(found, "model_is_wearing_size") == "s"  # a single option: the option code
    [event] = naming_events(api, "amor_red_s_model_picture")
    assert (event["outcome"], event["reason"]) == ("success", None)


def test_naming_convention_fills_attributes_from_the_main_media_original_filename(api: TestClient) -> None:
    # packshots (default catalog): source main_image, pattern /(?P<product_ref>.*)\.(jpg|jpeg|png)/
    code = upload(api, "allie_jean.png")
    patch_asset(api, "packshots", "allie_jean_front", {"main_image": value(code)})
    assert data_of(get_asset(api, "packshots", "allie_jean_front"), "product_ref") == "allie_jean"


def test_naming_convention_reads_the_main_media_at_its_source_locale_and_channel(api: TestClient) -> None:
    patch_family(api, "guides", labels={"en_US": "Guides"})
    patch_attribute(api, "guides", "document", type="media_file", media_type="image", value_per_locale=True)
    patch_attribute(api, "guides", "product_ref", type="text")
    patch_attribute(api, "guides", "pages", type="number")
    patch_family(
        api,
        "guides",
        attribute_as_main_media="document",  # the source must be the main media (the code is the other choice)
        naming_convention={
            "source": {"property": "document", "locale": "fr_FR", "channel": None},
            "pattern": r"/^(?P<product_ref>[A-Z0-9]+)_(?P<pages>\d+)p_/",
            "abort_asset_creation_on_error": True,
        },
    )
    english, french = upload(api, "ENGLISH_1p_guide.png"), upload(api, "XMLD500_12p_guide.png")
    patch_asset(api, "guides", "xmld500", {"document": value(english, "en_US") + value(french, "fr_FR")})
    found = get_asset(api, "guides", "xmld500")
    assert (data_of(found, "product_ref"), data_of(found, "pages")) == ("XMLD500", "12")  # numbers as strings


def test_abort_true_refuses_the_creation_with_a_422_that_says_why_and_stores_nothing(api: TestClient) -> None:
    by_code(api, abort=True)
    response = patch_asset(api, "model_pictures", "not_a_model_pic", {}, status=422)
    body = response.json()
    assert body["code"] == 422
    assert body["message"].startswith('The asset "not_a_model_pic" was not created: the naming convention')
    assert f'does not match the naming convention pattern "{BY_CODE}"' in body["message"]
    [error] = body["errors"]
    assert error["property"] == "code"
    assert error["message"] == (
        f'The asset code "not_a_model_pic" does not match the naming convention pattern "{BY_CODE}".'
    )
    assert api.get(f"{FAMILIES}/model_pictures/assets/not_a_model_pic").status_code == 404
    [event] = naming_events(api, "not_a_model_pic")
    assert (event["outcome"], event["reason"]) == ("aborted", error["message"])


def test_abort_true_refuses_a_value_the_attribute_refuses(api: TestClient) -> None:
    by_code(api, abort=True)
    response = patch_asset(api, "model_pictures", "amor_red_xl_model_picture", {}, status=422)
    [error] = response.json()["errors"]
    assert (error["property"], error["attribute"], error["locale"], error["channel"]) == (
        "values.model_is_wearing_size",
        "model_is_wearing_size",
        None,
        None,
    )
    assert error["message"] == (
        'The naming convention extracted "xl" for "model_is_wearing_size": '
        'The option with code "xl" does not exist for this attribute'
    )
    assert api.get(f"{FAMILIES}/model_pictures/assets/amor_red_xl_model_picture").status_code == 404


def test_abort_false_creates_the_asset_without_the_extracted_values(api: TestClient) -> None:
    patch_family(
        api,
        "packshots",
        naming_convention={
            "source": {"property": "main_image", "locale": None, "channel": None},
            "pattern": r"/^(?P<product_ref>sku_\d+)/",
            "abort_asset_creation_on_error": False,
        },
    )
    code = upload(api, "amor.png")
    patch_asset(api, "packshots", "amor_front", {"main_image": value(code)})
    assert data_of(get_asset(api, "packshots", "amor_front"), "product_ref") is None
    [event] = naming_events(api, "amor_front")
    assert event["outcome"] == "failure"
    assert (
        event["reason"]
        == r'The file name "amor.png" does not match the naming convention pattern "/^(?P<product_ref>sku_\d+)/".'
    )


def test_abort_false_keeps_the_values_an_attribute_accepts(api: TestClient) -> None:
    by_code(api, abort=False)
    patch_asset(api, "model_pictures", "amor_red_xl_model_picture", {})
    found = get_asset(api, "model_pictures", "amor_red_xl_model_picture")
    assert (data_of(found, "product_ref"), data_of(found, "main_color")) == ("amor", "red")
    assert data_of(found, "model_is_wearing_size") is None
    [event] = naming_events(api, "amor_red_xl_model_picture")
    assert event["outcome"] == "failure" and 'extracted "xl"' in event["reason"]


def test_a_creation_without_the_main_media_value_is_left_to_itself(api: TestClient) -> None:
    """NAMING-SOURCE-NOT-SENT: as the vendor's connector, no values, no failure, no run of the convention."""
    patch_asset(api, "packshots", "no_image_yet", {})  # packshots reads main_image; abort is false
    assert naming_events(api, "no_image_yet") == []
    assert get_asset(api, "packshots", "no_image_yet")["values"] == {}


def test_client_values_win_over_extracted_values(api: TestClient) -> None:
    by_code(api, abort=True)
    patch_asset(api, "model_pictures", "amor_red_s_model_picture", {"main_color": value("burgundy")})
    found = get_asset(api, "model_pictures", "amor_red_s_model_picture")
    assert data_of(found, "main_color") == "burgundy"
    assert data_of(found, "product_ref") == "amor"


def test_the_extracted_values_are_part_of_the_one_save(api: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """The vendor builds one EditAssetCommand of the client's values and the convention's: one save, not one per
    extracted value."""
    by_code(api, abort=False)
    saves: list[dict[str, Any]] = []

    def counted(*args: Any, **kwargs: Any) -> dict[str, Any]:
        saves.append(args[2])  # (existing, code, patch, value context)
        return original(*args, **kwargs)

    original = asset_domain.upsert_asset
    monkeypatch.setattr(asset_domain, "upsert_asset", counted)
    patch_asset(api, "model_pictures", "amor_red_xl_model_picture", {"main_color": value("burgundy")})
    [patch] = saves
    assert set(patch["values"]) == {"main_color", "product_ref"}  # xl is not an option: left out, a failure event
    assert patch["values"]["main_color"] == value("burgundy")


def test_naming_convention_runs_on_creation_only(api: TestClient) -> None:
    by_code(api, abort=True)
    patch_asset(api, "model_pictures", "amor_red_s_model_picture", {})
    patch_asset(api, "model_pictures", "amor_red_s_model_picture", {"product_ref": value(None)}, status=204)
    assert data_of(get_asset(api, "model_pictures", "amor_red_s_model_picture"), "product_ref") is None
    assert len(naming_events(api, "amor_red_s_model_picture")) == 1


def test_batch_entry_refused_by_the_naming_convention_alone(api: TestClient) -> None:
    by_code(api, abort=True)
    batch = [{"code": "amor_red_s_model_picture"}, {"code": "nope"}, {"code": "allie_blue_m_model_picture"}]
    response = api.patch(f"{FAMILIES}/model_pictures/assets", json=batch)
    assert response.status_code == 200, response.text
    first, refused, last = response.json()
    assert (first, last) == (
        {"code": "amor_red_s_model_picture", "status_code": 201},
        {"code": "allie_blue_m_model_picture", "status_code": 201},
    )
    assert refused["status_code"] == 422
    assert refused["message"].startswith('The asset "nope" was not created')
    assert refused["errors"][0]["property"] == "code"
    assert api.get(f"{FAMILIES}/model_pictures/assets/nope").status_code == 404
    assert data_of(get_asset(api, "model_pictures", "allie_blue_m_model_picture"), "main_color") == "blue"


@pytest.fixture
def settings() -> Settings:
    return Settings(load_fixtures=False, validate_responses=True, naming_convention_timeout=0.3)


def test_pathological_pattern_is_stopped_within_its_time_budget(api: TestClient) -> None:
    patch_family(api, "evil", labels={"en_US": "Evil"})
    patch_attribute(api, "evil", "document", type="media_file", media_type="other")
    patch_attribute(api, "evil", "product_ref", type="text")
    patch_family(
        api,
        "evil",
        attribute_as_main_media="document",  # the source must be the main media (the code is the other choice)
        naming_convention={
            "source": {"property": "document", "locale": None, "channel": None},
            "pattern": CATASTROPHIC,
            "abort_asset_creation_on_error": True,
        },
    )
    evil = upload(api, CATASTROPHIC_SUBJECT, b"x", "application/octet-stream")
    started = time.monotonic()
    response = patch_asset(api, "evil", "evil", {"document": value(evil)}, status=422)
    assert time.monotonic() - started < 5  # 2^32 backtracking steps without the budget
    assert f'ran for more than 0.3 seconds on the file name "{CATASTROPHIC_SUBJECT}"' in response.json()["message"]
    assert api.get(f"{FAMILIES}/evil/assets/evil").status_code == 404
    sane = upload(api, "aaa", b"x", "application/octet-stream")  # the next match runs as usual
    patch_asset(api, "evil", "sane", {"document": value(sane)})
    assert data_of(get_asset(api, "evil", "sane"), "product_ref") == "aaa"


def test_an_overrunning_match_is_stopped_and_the_next_one_runs() -> None:
    assert captures(compile_pattern(r"/(?P<ref>.*)\.jpg/"), "XMLD500.jpg", 5) == {"ref": "XMLD500"}
    with pytest.raises(MatchTimedOut):
        captures(compile_pattern(CATASTROPHIC), CATASTROPHIC_SUBJECT, 0.2)
    assert captures(compile_pattern("/(?P<ref>é+)/u"), "xéé", 5) == {"ref": "éé"}
    assert captures(compile_pattern("/(?P<ref>é+)/"), "xéé", 5) == {"ref": "éé"}  # only \w and friends are ASCII
    assert captures(compile_pattern(r"/^(?P<ref>\w+)/"), "éa", 5) is None  # \w is ASCII without /u, as in PCRE
