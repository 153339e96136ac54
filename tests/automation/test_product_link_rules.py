"""The product link rules run once after each asset creation, after the naming convention filled the values they
extrapolate; what they could not do, or a crash, is recorded and never undoes the asset."""

from __future__ import annotations

from typing import Any

from starlette.testclient import TestClient

from mock_server.services.context import Context
from tests.automation.conftest import (
    LinkRules,
    events,
    get_asset,
    kinds,
    patch_asset,
    patch_family,
    upload,
    value,
)


def link_events(client: TestClient, asset_code: str) -> list[dict[str, Any]]:
    return kinds(events(client, asset_code=asset_code), "product_link_rules")


def test_link_rules_run_once_after_creation(api: TestClient, link_rules: LinkRules) -> None:
    patch_asset(api, "model_pictures", "amor_red_model_picture_2", {"product_ref": value("amor")})
    patch_asset(api, "model_pictures", "amor_red_model_picture_2", {"main_color": value("red")}, status=204)
    assert link_rules.calls == [("model_pictures", "amor_red_model_picture_2")]  # not on the update
    [event] = link_events(api, "amor_red_model_picture_2")
    assert (event["rule"], event["outcome"], event["reason"]) == ("product_link_rules", "success", None)


def test_link_rules_see_the_values_of_the_naming_convention_and_run_after_the_transformations(
    api: TestClient, ctx: Context, link_rules: LinkRules, monkeypatch: Any
) -> None:
    seen: list[dict[str, Any]] = []

    def run_for_asset(context: Context, family_code: str, asset_code: str) -> list[str]:
        seen.append(context.store.assets[family_code][asset_code])
        return link_rules(context, family_code, asset_code)

    monkeypatch.setattr("mock_server.services.automation.product_link_rules.run_for_asset", run_for_asset)
    main_image = upload(api, "allie_jean.png")  # packshots: product_ref from the file name, then a thumbnail
    patch_asset(api, "packshots", "allie_jean_front", {"main_image": value(main_image)})
    [asset] = seen
    assert asset["values"]["product_ref"][0]["data"] == "allie_jean"
    assert asset["values"]["thumbnail"][0]["data"]
    assert [e["kind"] for e in events(api, asset_code="allie_jean_front")] == [
        "naming_convention",
        "transformation",
        "transformation",
        "transformation",
        "product_link_rules",
    ]


def test_link_rule_failures_are_recorded_with_their_reasons(api: TestClient, link_rules: LinkRules) -> None:
    link_rules.reasons = ['No product "sku_amor_red" matches.', 'The product "x" refused the asset.']
    patch_asset(api, "model_pictures", "amor_red_model_picture_2", {})
    [event] = link_events(api, "amor_red_model_picture_2")
    assert event["outcome"] == "failure"
    assert event["reason"] == 'No product "sku_amor_red" matches. The product "x" refused the asset.'


def test_a_crashing_link_rule_run_never_breaks_the_asset(api: TestClient, link_rules: LinkRules) -> None:
    link_rules.error = RuntimeError("boom")
    patch_asset(api, "model_pictures", "amor_red_model_picture_2", {"product_ref": value("amor")})
    assert get_asset(api, "model_pictures", "amor_red_model_picture_2")["values"]["product_ref"][0]["data"] == "amor"
    [event] = link_events(api, "amor_red_model_picture_2")
    assert (event["outcome"], event["reason"]) == (
        "failure",
        "The product link rules could not run: unexpected RuntimeError: boom.",
    )


def test_link_rules_do_not_run_for_a_family_without_rules(api: TestClient, link_rules: LinkRules) -> None:
    patch_family(api, "plain", labels={"en_US": "Plain"})
    patch_asset(api, "plain", "nothing_to_link", {})
    assert link_rules.calls == []
    assert events(api, asset_family_code="plain") == []
