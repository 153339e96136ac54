"""The naming convention applied to a new asset (mock_server.domain.automation.naming_convention.name_new_asset): pure, it
returns the values to add to the asset's save and the faults, which refuse the creation only when it aborts."""

from __future__ import annotations

from typing import Any

import pytest

from mock_server.domain.asset_manager.asset_values import ValueContext
from mock_server.domain.asset_manager.media_file import MediaFile
from mock_server.domain.automation.naming_convention import apply, name_new_asset
from mock_server.domain.user_patterns import MatchTimedOut

BY_CODE = r"/^(?P<product_ref>[a-z]+)_(?P<main_color>[a-z]+)_(?P<size>[a-z]+)$/"
ATTRIBUTES = {
    "main_image": {"type": "media_file"},
    "product_ref": {"type": "text"},
    "main_color": {"type": "text"},
    "size": {"type": "single_option"},
    "pages": {"type": "number"},
    "caption": {"type": "text", "value_per_locale": True},
}
PICTURE = MediaFile(
    code="a/b/c/amor_red_s.png", original_filename="amor_red_s.png", content=b"x", mime_type="image/png"
)
CONTEXT = ValueContext(
    "model_pictures",
    ATTRIBUTES,
    options={"size": frozenset({"s", "m"})},
    activated_locales=frozenset({"en_US"}),
    channels={"ecommerce": frozenset({"en_US"})},
    media_files={PICTURE.code: PICTURE}.get,
)


def convention(pattern: str = BY_CODE, prop: str = "code", abort: bool = True) -> dict[str, Any]:
    source = {"property": prop, "locale": None, "channel": None}
    return {"source": source, "pattern": pattern, "abort_asset_creation_on_error": abort}


def value(data: Any) -> list[dict[str, Any]]:
    return [{"locale": None, "channel": None, "data": data}]


def test_a_family_without_naming_convention_names_nothing() -> None:
    assert name_new_asset({}, "amor_red_s", {}, CONTEXT, apply) is None
    assert name_new_asset(None, "amor_red_s", {}, CONTEXT, apply) is None


def test_naming_from_code_returns_the_values_to_add() -> None:
    naming = name_new_asset(convention(), "amor_red_s", {}, CONTEXT, apply)
    assert naming is not None
    assert naming.values == {"product_ref": value("amor"), "main_color": value("red"), "size": value("s")}
    assert (naming.errors, naming.aborts, naming.reasons) == ((), False, None)


def test_naming_from_main_media_splits_the_original_file_name_sent() -> None:
    patch = {"values": {"main_image": value(PICTURE.code)}}
    naming = name_new_asset(convention(r"/^(?P<product_ref>[a-z]+)_/", "main_image"), "x", patch, CONTEXT, apply)
    assert naming is not None and naming.values["product_ref"] == value("amor")


def test_the_client_values_win_over_the_extracted_ones() -> None:
    naming = name_new_asset(convention(), "amor_red_s", {"values": {"main_color": value("blue")}}, CONTEXT, apply)
    assert naming is not None and "main_color" not in naming.values


def test_naming_abort_true_a_code_that_does_not_match_refuses_the_creation() -> None:
    naming = name_new_asset(convention(), "nope", {}, CONTEXT, apply)
    assert naming is not None and naming.aborts and naming.values == {}
    [error] = naming.errors
    assert error.property == "code"
    refusal = naming.refusal("model_pictures", "nope")
    assert refusal.message.startswith('The asset "nope" was not created: the naming convention of the asset family')
    assert refusal.errors == [error]


def test_naming_abort_false_keeps_the_values_an_attribute_accepts() -> None:
    naming = name_new_asset(convention(abort=False), "amor_red_xl", {}, CONTEXT, apply)
    assert naming is not None and not naming.aborts
    assert naming.values == {"product_ref": value("amor"), "main_color": value("red")}
    [error] = naming.errors
    assert error.property == "values.size"
    assert error.message.startswith('The naming convention extracted "xl" for "size": ')


@pytest.mark.parametrize("name", ["caption", "main_image"])
def test_a_group_naming_an_attribute_it_cannot_fill_is_a_fault(name: str) -> None:
    naming = name_new_asset(convention(f"/^(?P<{name}>.+)$/"), "amor", {}, CONTEXT, apply)
    assert naming is not None and naming.values == {}
    assert "which is not a text, single option or number attribute" in naming.errors[0].message


@pytest.mark.parametrize("abort", [True, False])
def test_a_creation_without_the_main_media_value_is_not_named(abort: bool) -> None:
    """NAMING-SOURCE-NOT-SENT: no values and no fault, even when the convention aborts on error."""
    assert name_new_asset(convention(prop="main_image", abort=abort), "x", {}, CONTEXT, apply) is None
    sent_elsewhere = {"values": {"main_image": [{"locale": "en_US", "channel": None, "data": "a.png"}]}}
    assert name_new_asset(convention(prop="main_image", abort=abort), "x", sent_elsewhere, CONTEXT, apply) is None


def test_a_match_stopped_by_its_time_budget_is_a_fault_that_names_the_budget() -> None:
    def stopped(pattern: Any, text: str) -> None:
        raise MatchTimedOut(0.5)

    naming = name_new_asset(convention(), "amor_red_s", {}, CONTEXT, stopped)
    assert naming is not None and naming.aborts
    assert 'ran for more than 0.5 seconds on the asset code "amor_red_s"' in str(naming.reasons)
