"""rules_execution "background": the PATCH answers first, the transformations and product link rules run after it
on the app's event loop (as the PIM's jobs do); `drain` makes them visible deterministically."""

from __future__ import annotations

import asyncio

import pytest
from starlette.testclient import TestClient

from fixtures.images import picture
from mock_server.services.automation import scheduling
from mock_server.services.context import Context
from mock_server.settings import Settings
from tests.automation.conftest import (
    FAMILIES,
    LinkRules,
    data_of,
    download,
    drain,
    events,
    get_asset,
    kinds,
    patch_asset,
    upload,
    value,
)


@pytest.fixture
def settings() -> Settings:
    return Settings(load_fixtures=False, validate_responses=True, rules_execution="background")


def test_the_patch_answers_before_the_rules_ran_and_drain_makes_them_visible(
    api: TestClient, ctx: Context, link_rules: LinkRules
) -> None:
    scheduling.pause(ctx)  # the loop would otherwise run them as soon as it is free: hold them to look
    main_image = upload(api, "allie_jean.png")
    patch_asset(api, "packshots", "allie_jean_front", {"main_image": value(main_image)})
    found = get_asset(api, "packshots", "allie_jean_front")
    assert data_of(found, "product_ref") == "allie_jean"  # the naming convention is part of the creation
    assert data_of(found, "thumbnail") is None
    assert link_rules.calls == []
    assert [e["kind"] for e in events(api)] == ["naming_convention"]
    assert drain(api, ctx) == 1
    assert data_of(get_asset(api, "packshots", "allie_jean_front"), "thumbnail") is not None
    assert link_rules.calls == [("packshots", "allie_jean_front")]
    assert [e["kind"] for e in events(api)] == ["naming_convention", *["transformation"] * 3, "product_link_rules"]
    assert ctx.store.automation_jobs == []


def test_background_jobs_run_on_the_event_loop_by_themselves(api: TestClient, ctx: Context) -> None:
    main_image = upload(api, "allie_jean.png")
    patch_asset(api, "packshots", "allie_jean_front", {"main_image": value(main_image)})
    assert api.portal is not None
    api.portal.call(scheduling.settle)  # waits for the tasks already scheduled: runs nothing itself
    assert ctx.store.automation_jobs == []
    assert data_of(get_asset(api, "packshots", "allie_jean_front"), "thumbnail") is not None


def test_background_jobs_run_in_the_order_of_the_saves(api: TestClient, ctx: Context) -> None:
    scheduling.pause(ctx)
    red = upload(api, "red.png", picture(64, 48, (200, 30, 60)))
    blue = upload(api, "blue.png", picture(64, 48, (20, 20, 210)))
    patch_asset(api, "packshots", "p", {"main_image": value(red)})
    patch_asset(api, "packshots", "p", {"main_image": value(blue)}, status=204)
    assert drain(api, ctx) == 2
    assert download(api, data_of(get_asset(api, "packshots", "p"), "thumbnail"))[1] == "blue_thumbnailBW.png"


def test_the_naming_convention_still_refuses_a_creation_at_once(api: TestClient, ctx: Context) -> None:
    api.patch(
        f"{FAMILIES}/model_pictures",
        json={
            "naming_convention": {
                "source": {"property": "code", "locale": None, "channel": None},
                "pattern": "/^(?P<product_ref>sku_[0-9]+)$/",
                "abort_asset_creation_on_error": True,
            }
        },
    )
    patch_asset(api, "model_pictures", "not_a_sku", {}, status=422)
    assert ctx.store.automation_jobs == []


def test_a_job_whose_asset_was_deleted_meanwhile_does_nothing(
    api: TestClient, ctx: Context, link_rules: LinkRules
) -> None:
    scheduling.pause(ctx)
    patch_asset(api, "packshots", "gone", {"main_image": value(upload(api, "gone.png"))})
    assert api.delete(f"{FAMILIES}/packshots/assets/gone").status_code == 204
    assert drain(api, ctx) == 1
    assert kinds(events(api, asset_code="gone"), "transformation") == []
    assert link_rules.calls == []


def test_without_a_running_loop_the_jobs_wait_for_drain(ctx: Context, link_rules: LinkRules) -> None:
    from mock_server.services.asset_manager import asset_media_files, assets

    media_file = asset_media_files.upload(ctx, "amor.png", picture(64, 48), "image/png")
    assets.upsert(ctx, "packshots", "amor_front", {"values": {"main_image": value(media_file.code)}})
    assert len(ctx.store.automation_jobs) == 1
    assert asyncio.run(scheduling.drain(ctx)) == 1
    assert ctx.store.assets["packshots"]["amor_front"]["values"]["thumbnail"][0]["data"]
    assert link_rules.calls == [("packshots", "amor_front")]
