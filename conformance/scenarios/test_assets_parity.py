"""Assets, asset lists and media files answered as the vendor's controllers answer them (rules_assets_parity.yaml):
per-entry batch results, asset codes, values, search filters, paging and media files."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.preparation import prepared
from conformance.scenarios.assets_parity_steps import (
    MEDIA,
    a_channel,
    absent,
    attribute,
    entries,
    family_of,
    listed,
    one_activated_locale,
    post_file,
)
from conformance.scenarios.helpers import (
    ROOT,
    asset_path,
    assets_path,
    not_found,
    patch,
    prepare,
    refused,
    text_attribute,
    upsert,
    value,
)

INVALID_FORMAT = "The asset has an invalid format."
BUSINESS_RULES = "The asset has data that does not comply with the business rules."
NOT_JSON = "The search query parameter must be a valid JSON."


# -- the batch, entry by entry ----------------------------------------------------------------------------------


def mixed_batch(api: httpx.Client, code: Callable[[str], str], cleanup: Any, family_with: Any) -> tuple:
    locale = one_activated_locale(api)
    family = family_with(attributes=[attribute("label", "text", value_per_locale=True)])
    good, bad_locale = code("good"), code("bad_locale")
    for asset in (good, bad_locale):
        cleanup.add(asset_path(family, asset))
    items = [
        {"values": {}},
        {"code": 42, "values": {"label": {"locale": locale, "channel": None, "data": "x"}}},
        {"code": f"{good}-dash"},
        {"code": bad_locale, "values": {"label": [value("Nope", "zz_ZZ")]}},
        {"code": good, "values": {"label": [value("Yes", locale)]}},
    ]
    return family, good, bad_locale, entries(api.patch(assets_path(family), json=items))


@pytest.mark.rule("BATCH-ITEM-WITHOUT-CODE")
@pytest.mark.writes
def test_batch_entry_without_code_is_a_422_entry(api, code, cleanup, family_with) -> None:
    _, good, _, answered = mixed_batch(api, code, cleanup, family_with)
    assert len(answered) == 5, answered
    assert answered[0]["status_code"] == 422 and answered[0]["code"] in ("", None), answered[0]
    assert (answered[4]["code"], answered[4]["status_code"]) == (good, 201)


@pytest.mark.rule("BATCH-ITEM-INVALID-FORMAT")
@pytest.mark.writes
def test_batch_entry_of_an_invalid_format_is_a_422_entry_with_errors(api, code, cleanup, family_with) -> None:
    _, _, _, answered = mixed_batch(api, code, cleanup, family_with)
    assert (answered[1]["code"], answered[1]["status_code"]) == (42, 422), answered[1]
    assert answered[1].get("errors"), answered[1]


@pytest.mark.rule("BATCH-ITEM-BUSINESS-RULES")
@pytest.mark.writes
def test_batch_entry_breaking_a_rule_is_a_422_entry_on_values(api, code, cleanup, family_with) -> None:
    family, _, bad_locale, answered = mixed_batch(api, code, cleanup, family_with)
    assert (answered[3]["code"], answered[3]["status_code"]) == (bad_locale, 422), answered[3]
    assert any(str(e.get("property", "")).startswith("values") for e in answered[3].get("errors", [])), answered[3]
    absent(api, family, bad_locale)


@pytest.mark.rule("BATCH-ITEM-INVALID-CODE")
@pytest.mark.writes
def test_batch_entry_with_an_invalid_code_is_a_422_entry(api, code, cleanup, family_with) -> None:
    family, good, _, answered = mixed_batch(api, code, cleanup, family_with)
    assert (answered[2]["code"], answered[2]["status_code"]) == (f"{good}-dash", 422), answered[2]
    absent(api, family, f"{good}-dash")


@pytest.mark.rule("BATCH-ITEM-MESSAGES")
@pytest.mark.writes
def test_batch_entry_messages_are_the_vendors(api, code, cleanup, family_with) -> None:
    _, good, _, answered = mixed_batch(api, code, cleanup, family_with)
    assert answered[0]["code"] == "" and answered[0]["message"] == INVALID_FORMAT, answered[0]
    assert any("code" in f"{e['property']} {e['message']}" for e in answered[0]["errors"]), answered[0]
    assert answered[1]["message"] == INVALID_FORMAT, answered[1]
    assert answered[2]["message"] == (
        f'Asset code may contain only letters, numbers and underscores. "{good}-dash" given'
    ), answered[2]
    assert answered[3]["message"] == BUSINESS_RULES, answered[3]
    assert [(e["property"], e["message"]) for e in answered[3]["errors"]] == [
        ("values.label", 'The locale "zz_ZZ" is not activated.')
    ], answered[3]


# -- asset codes --------------------------------------------------------------------------------------------------


@pytest.mark.rule("ASSET-CODE-FORMAT")
@pytest.mark.writes
@pytest.mark.parametrize("suffix", ["-dash", " space", "_" + "x" * 260])
def test_asset_code_format(api, code, family_with, suffix: str) -> None:
    family = family_with(attributes=[text_attribute("title")])
    asset = code("format") + suffix  # never created: nothing to clean up
    response = patch(api, asset_path(family, asset), {})
    assert response.status_code == 422, response.text
    assert response.json()["code"] == 422
    assert api.get(asset_path(family, asset)).status_code == 422
    assert asset not in listed(api, family)


@pytest.mark.rule("ASSET-CODE-UNIQUE")
@pytest.mark.writes
def test_asset_code_unique_across_families(api, code, cleanup, family_with) -> None:
    first, second = family_with(name="unique_a"), family_with(name="unique_b")
    asset = code("shared")
    cleanup.add(asset_path(first, asset))
    cleanup.add(asset_path(second, asset))
    prepare(api, asset_path(first, asset), {})
    refused(patch(api, asset_path(second, asset), {}), "code", asset)
    not_found(api.get(asset_path(second, asset)))


@pytest.mark.rule("ASSET-CODE-CASE-INSENSITIVE")
@pytest.mark.writes
def test_asset_code_case_variant_names_the_same_asset(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    asset = code("cased")
    cleanup.add(asset_path(family, asset))
    prepare(api, asset_path(family, asset), {})
    variant = asset.upper()
    upsert(api, asset_path(family, variant), {"code": variant, "values": {"title": [value("T")]}})
    response = api.get(asset_path(family, variant))
    assert response.status_code == 200, response.text
    assert response.json()["code"] == asset
    assert response.json()["values"]["title"] == [value("T")]
    assert listed(api, family) == [asset]


@pytest.mark.rule("ASSET-CODE-MESSAGES")
@pytest.mark.writes
def test_asset_code_messages(api, code, cleanup, family_with) -> None:
    first, second = family_with(name="messages_a"), family_with(name="messages_b")
    asset = code("taken")
    cleanup.add(asset_path(first, asset))
    prepare(api, asset_path(first, asset), {})
    taken = patch(api, asset_path(second, asset), {}).json()
    assert taken["message"] == BUSINESS_RULES, taken
    assert taken["errors"] == [{"property": "code", "message": f'An asset already exists with code "{asset}"'}]
    bad = patch(api, asset_path(first, f"{asset}-x"), {}).json()
    assert bad == {
        "code": 422,
        "message": f'Asset code may contain only letters, numbers and underscores. "{asset}-x" given',
    }


@pytest.mark.rule("ASSET-NOT-FOUND-MESSAGES")
@pytest.mark.writes
def test_asset_not_found_messages(api, code, family_with) -> None:
    family, asset = family_with(name="not_found"), code("ghost")
    assert api.get(asset_path(family, asset)).json() == {
        "code": 404,
        "message": f'Asset "{asset}" does not exist for the asset family "{family}".',
    }
    assert api.delete(asset_path(family, asset)).json() == {
        "code": 404,
        "message": f"Resource `{asset}` does not exist.",
    }


# -- values -------------------------------------------------------------------------------------------------------


@pytest.mark.rule("ASSET-DELETED-OPTIONS-DROPPED")
@pytest.mark.writes
def test_asset_deleted_options_are_dropped_and_what_was_read_patches_back(api, code, cleanup, family_with) -> None:
    family = family_with(
        attributes=[
            attribute("size", "single_option", options=["s", "m"]),
            attribute("colors", "multiple_options", options=["red", "blue"]),
        ]
    )
    asset = code("options")
    cleanup.add(asset_path(family, asset))
    upsert(api, asset_path(family, asset), {"values": {"size": [value("s")], "colors": [value(["red", "blue"])]}})
    listed = f"{ROOT}/asset-families/{family}/assets"
    before = api.get(asset_path(family, asset)).json()  # read first: a server that keeps answers must drop them
    assert before["values"]["size"][0]["data"] == "s", before
    assert api.get(listed).status_code == 200
    for path in ("size/options/s", "colors/options/red"):
        prepared(api.delete(f"{ROOT}/asset-families/{family}/attributes/{path}"))  # OPT-DELETE owns its answer
    read = api.get(asset_path(family, asset)).json()
    assert "size" not in read["values"], read
    assert [e["data"] for e in read["values"]["colors"]] == [["blue"]], read
    item = next(i for i in api.get(listed).json()["_embedded"]["items"] if i["code"] == read["code"])
    assert "size" not in item["values"] and [e["data"] for e in item["values"]["colors"]] == [["blue"]], item
    upsert(api, asset_path(family, asset), read)


@pytest.mark.rule("ASSET-TARGET-READ-ONLY")
@pytest.mark.writes
def test_asset_transformation_target_cannot_be_written(api, code, cleanup, family_with) -> None:
    media = {"media_type": "image", "allowed_extensions": [], "max_file_size": None}
    transformation = {
        "label": "thumbnail",
        "source": {"attribute": "main", "locale": None, "channel": None},
        "target": {"attribute": "thumb", "locale": None, "channel": None},
        "operations": [{"type": "thumbnail", "parameters": {"width": 8, "height": 8}}],
        "filename_suffix": "_thumb",
    }
    family = family_with(
        attributes=[attribute("main", "media_file", **media), attribute("thumb", "media_file", **media)],
        transformations=[transformation],
    )
    uploaded = prepared(post_file(api, "file", f"{code('target')}.png"))
    asset = code("target")
    cleanup.add(asset_path(family, asset))
    data = uploaded.headers["asset-media-file-code"]
    refused(patch(api, asset_path(family, asset), {"values": {"thumb": [value(data)]}}), "values", "thumb")
    not_found(api.get(asset_path(family, asset)))


@pytest.mark.rule("ASSET-VALUE-ERROR-PATH")
@pytest.mark.writes
def test_asset_value_error_path_and_text(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[attribute("label", "text", value_per_locale=True)])
    asset = code("error_path")
    cleanup.add(asset_path(family, asset))
    body = patch(api, asset_path(family, asset), {"values": {"label": [value("x", "zz_ZZ")]}}).json()
    assert body["message"] == BUSINESS_RULES, body
    assert [(e["property"], e["message"]) for e in body["errors"]] == [
        ("values.label", 'The locale "zz_ZZ" is not activated.')
    ]


@pytest.mark.rule("ASSET-MEDIA-LINK-FULL-URL")
@pytest.mark.writes
def test_asset_youtube_and_vimeo_links_get_a_full_url(api, code, cleanup, family_with) -> None:
    family = family_with(
        attributes=[
            attribute("video", "media_link", media_type="youtube", prefix=None, suffix=None),
            attribute("clip", "media_link", media_type="vimeo", prefix=None, suffix=None),
        ]
    )
    asset = code("videos")
    cleanup.add(asset_path(family, asset))
    upsert(api, asset_path(family, asset), {"values": {"video": [value("dQw4w9WgXcQ")], "clip": [value("76979871")]}})
    values = api.get(asset_path(family, asset)).json()["values"]
    assert values["video"][0]["linked_data"]["full_url"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert values["clip"][0]["linked_data"]["full_url"] == "https://vimeo.com/76979871"


# -- lists and search ---------------------------------------------------------------------------------------------


@pytest.mark.rule("LIST-SEARCH-AFTER-CODE")
@pytest.mark.writes
def test_list_search_after_is_an_asset_code(api, code, cleanup, family_with) -> None:
    family = family_of(api, code, cleanup, family_with, "p_a", "p_b", "p_c")
    assert listed(api, family, search_after=code("p_a")) == [code("p_b"), code("p_c")]
    assert api.get(assets_path(family), params={"search_after": "not a code"}).status_code == 422


@pytest.mark.rule("LIST-UNKNOWN-CHANNEL-LOCALES")
@pytest.mark.writes
def test_list_unknown_channel_or_locale_is_422(api, code, cleanup, family_with) -> None:
    family = family_of(api, code, cleanup, family_with)
    for params in ({"channel": "zz_nowhere"}, {"locales": "zz_ZZ"}):
        response = api.get(assets_path(family), params=params)
        assert response.status_code == 422, response.text
        assert response.json()["code"] == 422


@pytest.mark.rule("LIST-LINKS-SEARCH-UNESCAPED")
@pytest.mark.writes
def test_list_links_keep_colons_and_commas(api, code, cleanup, family_with) -> None:
    family = family_of(api, code, cleanup, family_with, "link")
    search = json.dumps({"code": [{"operator": "IN", "value": [code("link"), "x"]}]}, separators=(",", ":"))
    href = api.get(assets_path(family), params={"search": search}).json()["_links"]["self"]["href"]
    query = href.split("?", 1)[1]
    assert "search=%7B%22code%22:%5B%7B%22operator%22:%22IN%22,%22value%22:" in query, href


@pytest.mark.rule("SEARCH-NOT-JSON-400")
@pytest.mark.writes
@pytest.mark.parametrize("search", ["{not json", '"text"', "42"])
def test_search_that_is_not_a_json_object_or_array_is_400(api, code, cleanup, family_with, search: str) -> None:
    family = family_of(api, code, cleanup, family_with)
    response = api.get(assets_path(family), params={"search": search})
    assert response.status_code == 400, response.text
    assert response.json()["code"] == 400


@pytest.mark.rule("SEARCH-DEEP-NESTING-400")
@pytest.mark.writes
def test_search_nested_1000_levels_is_400(api, code, cleanup, family_with) -> None:
    family = family_of(api, code, cleanup, family_with)
    response = api.get(assets_path(family), params={"search": "[" * 1000 + "]" * 1000})
    assert response.status_code == 400, response.text


@pytest.mark.rule("SEARCH-SINCE-DAYS-RANGE")
@pytest.mark.writes
def test_search_since_last_n_days_beyond_the_calendar_is_4xx(api, code, cleanup, family_with) -> None:
    family = family_of(api, code, cleanup, family_with)
    search = json.dumps({"updated": [{"operator": "SINCE LAST N DAYS", "value": 740_000}]})
    response = api.get(assets_path(family), params={"search": search})
    assert 400 <= response.status_code < 500, response.text


@pytest.mark.rule("SEARCH-COMPLETE")
@pytest.mark.writes
def test_search_complete_filter(api, code, cleanup, family_with) -> None:
    channel, locale = a_channel(api)
    family = family_with(
        attributes=[attribute("note", "text", value_per_channel=True, is_required_for_completeness=True)]
    )
    done, todo = code("complete"), code("incomplete")
    for asset in (done, todo):
        cleanup.add(asset_path(family, asset))
    prepare(api, asset_path(family, done), {"values": {"note": [value("ok", None, channel)]}})
    prepare(api, asset_path(family, todo), {})
    complete = {"operator": "=", "value": True, "channel": channel, "locales": [locale]}
    assert listed(api, family, search=json.dumps({"complete": complete})) == [done]
    assert listed(api, family, search=json.dumps({"complete": {**complete, "value": False}})) == [todo]
    unknown = api.get(assets_path(family), params={"search": json.dumps({"complete": {**complete, "channel": "zz"}})})
    assert unknown.status_code == 422, unknown.text


@pytest.mark.rule("SEARCH-MESSAGES")
@pytest.mark.writes
def test_search_messages(api, code, cleanup, family_with) -> None:
    _, locale = a_channel(api)
    family = family_of(api, code, cleanup, family_with)
    assert api.get(assets_path(family), params={"search": "{x"}).json() == {"code": 400, "message": NOT_JSON}
    bad = json.dumps({"updated": [{"operator": "LIKE", "value": "x"}]})
    assert api.get(assets_path(family), params={"search": bad}).json()["message"] == (
        "The search filters have an invalid format."
    )
    complete = {"operator": "=", "value": True, "channel": "zz_nowhere", "locales": [locale]}
    body = api.get(assets_path(family), params={"search": json.dumps({"complete": complete})}).json()
    assert body == {
        "code": 422,
        "message": "Invalid query parameters",
        "errors": [{"property": "complete.channel", "message": 'Channel "zz_nowhere" does not exist.'}],
    }


@pytest.mark.rule("SEARCH-ATTRIBUTE-VALUES")
@pytest.mark.writes
def test_search_on_attribute_values(api, code, cleanup, family_with) -> None:
    family = family_with(attributes=[text_attribute("title")])
    summer, winter = code("summer"), code("winter")
    for asset, title in ((summer, "Summer sale"), (winter, "Winter")):
        cleanup.add(asset_path(family, asset))
        prepare(api, asset_path(family, asset), {"values": {"title": [value(title)]}})
    search = {"title": {"operator": "CONTAINS", "value": "sale"}}
    assert listed(api, family, search=json.dumps(search)) == [summer]


@pytest.mark.rule("SEARCH-AND-OR")
@pytest.mark.writes
def test_search_and_or(api, code, cleanup, family_with) -> None:
    family = family_of(api, code, cleanup, family_with, "or_a", "or_b", "or_c")
    a, b = ({"code": {"operator": "IN", "value": [code(name)]}} for name in ("or_a", "or_b"))
    assert listed(api, family, search=json.dumps({"or": [a, b]})) == [code("or_a"), code("or_b")]
    assert listed(api, family, search=json.dumps({"and": [a, b]})) == []


# -- media files --------------------------------------------------------------------------------------------------


@pytest.mark.rule("MEDIA-UPLOAD-FILE-PART")
@pytest.mark.writes
def test_media_upload_reads_only_the_part_named_file(api, code) -> None:
    response = post_file(api, "upload", f"{code('other_part')}.png")
    assert response.status_code == 422, response.text


@pytest.mark.rule("MEDIA-DOWNLOAD-FILENAME")
@pytest.mark.writes
def test_media_download_filename_has_no_directory(api, code) -> None:
    name = f"{code('traversal')}.png"
    uploaded = post_file(api, "file", f"../../etc/{name}")
    assert 200 <= uploaded.status_code < 300, uploaded.text  # accepted; its 201 is MEDIA-UPLOAD's subject
    download = api.get(f"{MEDIA}/{uploaded.headers['asset-media-file-code']}")
    assert download.status_code == 200, download.text
    assert download.headers["content-disposition"] == f'attachment; filename="{name}"'


@pytest.mark.rule("MEDIA-MESSAGES")
@pytest.mark.writes
def test_media_upload_without_file_message(api, code) -> None:
    response = post_file(api, "upload", f"{code('message')}.png")
    assert response.json() == {"code": 422, "message": 'Property "file" is required.'}
