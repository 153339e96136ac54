"""Asset attribute option rules: upsert, label locales, delete (SaaS), options only on option attributes, 100 per
attribute.

Options are deleted at teardown (`cleanup`); their families and attributes cannot be deleted through the API, so
those carry the run prefix.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.scenarios.helpers import (
    check_label_locales,
    family_path,
    get_json,
    locales,
    not_found,
    prepare,
    refused_code_mismatch,
    upsert,
)

MAX_OPTIONS = 100


# --- helpers ---------------------------------------------------------------------------------------------------------


def attributes_of(family_with: Callable[..., str], name: str, **types: str) -> str:
    """A new family of this run with one attribute per keyword (code=type); returns the family's URL path."""
    attributes = [
        {"code": attribute, "type": type_, **({"media_type": "image"} if type_ in ("media_file", "media_link") else {})}
        for attribute, type_ in types.items()
    ]
    return family_path(family_with, name, *attributes)


# --- rules -----------------------------------------------------------------------------------------------------------


@pytest.mark.rule("OPT-UPSERT")
@pytest.mark.writes
def test_option_upsert_creates_then_updates(api: httpx.Client, family_with: Callable[..., str], cleanup: Any) -> None:
    family = attributes_of(family_with, "option_upsert", size="single_option")
    options = f"{family}/attributes/size/options"
    path = f"{options}/small"
    created = upsert(api, path, {"code": "small"}, 201)
    cleanup.add(path)
    assert created.headers["Location"].endswith(path)
    assert created.content == b""
    option = get_json(api, path)
    assert option["code"] == "small" and not option.get("labels"), option

    labels = {locale: "S" for locale in locales(api, enabled=True, limit=1)}  # a fresh PIM may have no activated locale
    updated = upsert(api, path, {"labels": labels}, 204)
    assert updated.headers["Location"].endswith(path)
    option = get_json(api, path)
    assert option["code"] == "small" and (option["labels"] or {}) == labels, option
    listed = get_json(api, options)
    assert [item["code"] for item in listed] == ["small"]  # a plain array, never paginated

    # The option code is immutable: a body naming another code is refused.
    refused_code_mismatch(api.patch(path, json={"code": "large"}))
    not_found(api.get(f"{options}/large"))


@pytest.mark.rule("OPT-LABEL-LOCALES")
@pytest.mark.writes
def test_option_labels_need_activated_locales(api: httpx.Client, family_with: Callable[..., str], cleanup: Any) -> None:
    family = attributes_of(family_with, "option_labels", size="single_option")
    path = cleanup.add(f"{family}/attributes/size/options/small")  # in case a refused creation stores it anyway
    check_label_locales(api, path, {"code": "small"})


@pytest.mark.rule("OPT-ONLY-OPTION-ATTRIBUTES")
@pytest.mark.writes
def test_options_only_on_option_attributes(api: httpx.Client, family_with: Callable[..., str], cleanup: Any) -> None:
    family = attributes_of(
        family_with,
        "option_attributes",
        size="single_option",
        colors="multiple_options",
        title="text",
        pages="number",
        picture="media_file",
    )
    for attribute in ("size", "colors"):
        path = f"{family}/attributes/{attribute}/options/red"
        prepare(api, path, {"code": "red"})
        cleanup.add(path)
    for attribute in ("title", "pages", "picture"):
        path = f"{family}/attributes/{attribute}/options/red"
        response = api.patch(path, json={"code": "red"})
        if response.status_code in (201, 204):
            cleanup.add(path)
        # The docs only say "only single option or multiple options attributes can have options": the status is
        # not documented; the PIM answers 404 (the attribute has no options to address), 422 would say it too.
        assert response.status_code in (404, 422), f"PATCH {path}: {response.status_code} {response.text}"
        body = response.json()
        assert body.get("code") == response.status_code, body
        said = " ".join([body.get("message", ""), *(str(e.get("message")) for e in body.get("errors", []))])
        assert attribute in said, body


@pytest.mark.rule("OPT-DELETE")
@pytest.mark.writes
def test_option_upsert_and_delete(api: httpx.Client, family_with: Callable[..., str], cleanup: Any) -> None:
    family = attributes_of(family_with, "option_delete", colors="multiple_options")
    options = f"{family}/attributes/colors/options"
    for option in ("red", "blue"):
        prepare(api, f"{options}/{option}", {"code": option})
        cleanup.add(f"{options}/{option}")

    deleted = api.delete(f"{options}/red")
    assert deleted.status_code == 204, deleted.text
    assert deleted.content == b""
    not_found(api.get(f"{options}/red"), "red")
    assert [option["code"] for option in get_json(api, options)] == ["blue"]
    not_found(api.delete(f"{options}/red"), "red")  # a second delete finds nothing
    upsert(api, f"{options}/red", {"code": "red"})  # and the code is free again


@pytest.mark.rule("OPT-UNKNOWN-404")
@pytest.mark.writes
def test_unknown_option_is_404(api: httpx.Client, family_with: Callable[..., str]) -> None:
    family = attributes_of(family_with, "option_unknown", size="single_option")
    not_found(api.get(f"{family}/attributes/size/options/xxl"), "xxl")
    not_found(api.get(f"{family}/attributes/unknown_attribute/options"), "unknown_attribute")
    not_found(api.get(f"{family}/attributes/unknown_attribute/options/xxl"))


@pytest.mark.rule("OPT-MAX-100")
@pytest.mark.writes
def test_at_most_100_options(api: httpx.Client, family_with: Callable[..., str], cleanup: Any) -> None:
    family = attributes_of(family_with, "hundred_options", size="single_option")
    options = f"{family}/attributes/size/options"
    for index in range(MAX_OPTIONS):
        prepare(api, f"{options}/size_{index}", {"code": f"size_{index}"})
        cleanup.add(f"{options}/size_{index}")
    listed = get_json(api, options)
    assert isinstance(listed, list) and len(listed) == MAX_OPTIONS  # all of them, in one plain array

    response = api.patch(f"{options}/one_too_many", json={"code": "one_too_many"})
    if response.status_code in (201, 204):
        cleanup.add(f"{options}/one_too_many")
    assert response.status_code == 422, response.text
    body = response.json()
    # The docs give no property for a limit: the answer must say which limit, wherever it says it.
    said = " ".join([body["message"], *(str(error.get("message")) for error in body.get("errors", []))])
    assert body["code"] == 422 and "100" in said, body
    upsert(api, f"{options}/size_0", {"code": "size_0"})  # a full attribute still takes updates
