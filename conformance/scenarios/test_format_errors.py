"""The format stage of the asset-manager writes: bodies PHP's json_decode refuses (400), bodies of the wrong shape
(422 "The <resource> has an invalid format." with the Opis errors of the vendor's JSON schemas), and the asset
batch that is not a list of objects (400).

The exact error lists are the vendor's recorded answers (rules_format.yaml names each file). Families and
attributes cannot be deleted through the API: they carry the run prefix; every refused request is checked to have
written nothing.
"""

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
    patch,
    text_attribute,
    value,
)

JSON = {"Content-Type": "application/json"}
LABELS_AS_LIST = [
    {"property": "", "message": "The properties must match schema: labels"},
    {"property": "labels", "message": "The data (array) must match the type: object"},
]

# The family the refused-body tests write to: nothing they send is stored, so one serves them all (the vendor
# allows 100 asset families, and none can be deleted).
REFUSALS = "refusals"


def _refused(response: httpx.Response, status: int) -> dict[str, Any]:
    """The Akeneo envelope of a refusal: the status, the same `code`, a message; returns the body."""
    assert response.status_code == status, f"expected {status}, got {response.status_code}: {response.text}"
    body = response.json()
    assert body.get("code") == status and isinstance(body.get("message"), str) and body["message"], body
    return body


def _nested(levels: int, family: str) -> bytes:
    """A family body (with its code) whose arrays and objects nest `levels` deep, the root object included."""
    return b'{"code": "' + family.encode() + b'", "labels": ' + b"[" * (levels - 1) + b"]" * (levels - 1) + b"}"


def _patch_raw(api: httpx.Client, path: str, content: bytes) -> httpx.Response:
    return api.patch(path, content=content, headers=JSON)


def _family_with_options(family_with: Callable[..., str], name: str) -> str:
    size = {"code": "size", "type": "single_option", "value_per_locale": False, "value_per_channel": False}
    return family_path(family_with, name, text_attribute("name"), size)


def _transformation(**changes: Any) -> dict[str, Any]:
    return {
        "label": "thumbnail",
        "source": {"attribute": "main_image", "channel": None, "locale": None},
        "target": {"attribute": "thumbnail", "channel": None, "locale": None},
        "operations": [{"type": "thumbnail", "parameters": {"width": 100, "height": 80}}],
        "filename_suffix": "_thumb",
        **changes,
    }


# --- bodies that are not JSON -------------------------------------------------------------------------------------


@pytest.mark.rule("FORMAT-JSON-DEPTH")
@pytest.mark.writes
def test_json_nested_deeper_than_512_is_400(api: httpx.Client, code: Callable[[str], str]) -> None:
    family = code("deep_json")
    path = f"{FAMILIES}/{family}"
    for levels in (513, 600):  # deeper bodies would overflow the recorder's own json.loads (conformance/exchanges.py)
        _refused(_patch_raw(api, path, _nested(levels, family)), 400)
    shallow = _patch_raw(api, path, _nested(512, family))  # still JSON: judged, and refused for its shape
    assert shallow.status_code == 422, shallow.text
    assert api.get(path).status_code == 404


@pytest.mark.rule("FORMAT-JSON-ENCODING")
@pytest.mark.writes
@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b'{"labels": {"en_US": "\xff\xfe"}}', id="not-utf8"),
        pytest.param(b'{"labels": {"en_US": "\\udc00"}}', id="unpaired-surrogate"),
        pytest.param(b'{"labels": {"en_US": NaN}}', id="nan"),
        pytest.param(b'{"labels": {"en_US": Infinity}}', id="infinity"),
    ],
)
def test_json_php_cannot_decode_is_400(
    api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str], content: bytes
) -> None:
    family = family_with(name=REFUSALS)
    for path in (f"{FAMILIES}/{code('encoding_new')}", asset_path(family, "refused"), assets_path(family)):
        _refused(_patch_raw(api, path, content), 400)
    assert api.get(f"{FAMILIES}/{code('encoding_new')}").status_code == 404
    assert api.get(asset_path(family, "refused")).status_code == 404


@pytest.mark.rule("FORMAT-JSON-HUGE-NUMBER")
@pytest.mark.writes
@pytest.mark.parametrize("number", [b"9" * 5000, b"99999999999999999999", b"1e400"])
def test_json_huge_numbers_are_numbers(api: httpx.Client, code: Callable[[str], str], number: bytes) -> None:
    family = code("huge_number")
    path = f"{FAMILIES}/{family}"
    body = b'{"code": "' + family.encode() + b'", "labels": {"en_US": ' + number + b"}}"
    _refused(_patch_raw(api, path, body), 422)
    assert api.get(path).status_code == 404


# --- the format stage, one resource each --------------------------------------------------------------------------


def _bad_shapes(api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]) -> dict[str, Any]:
    """One request of the wrong shape per resource: {resource: (path, response)}; none of them may write."""
    family = _family_with_options(family_with, "bad_shapes")
    requests = {
        "asset family": (f"{FAMILIES}/{code('bad_shape')}", {"labels": ["x"], "unknown_property": "michel"}),
        "attribute": (f"{family}/attributes/other", {"code": "other", "type": "text", "labels": ["x"]}),
        "attribute option": (f"{family}/attributes/size/options/small", {"code": "small", "labels": ["x"]}),
        "asset": (asset_path(family.rsplit("/", 1)[1], "house"), {"values": {"name": [{"locale": None, "data": "x"}]}}),
    }
    answers = {resource: (path, patch(api, path, body)) for resource, (path, body) in requests.items()}
    for path, _ in answers.values():
        assert api.get(path).status_code == 404, path  # nothing was written
    return answers


@pytest.mark.rule("FORMAT-422-PER-RESOURCE")
@pytest.mark.writes
def test_format_fault_is_422_on_each_write(
    api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]
) -> None:
    for resource, (_, response) in _bad_shapes(api, family_with, code).items():
        body = _refused(response, 422)
        assert body.get("errors"), (resource, body)


@pytest.mark.rule("FORMAT-MESSAGE-PER-RESOURCE")
@pytest.mark.writes
def test_format_fault_message_names_the_resource(
    api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]
) -> None:
    for resource, (_, response) in _bad_shapes(api, family_with, code).items():
        assert _refused(response, 422)["message"] == f"The {resource} has an invalid format."


@pytest.mark.rule("FORMAT-OPIS-FIRST-FAULT")
@pytest.mark.writes
def test_opis_stops_at_the_first_failing_keyword(
    api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]
) -> None:
    answers = _bad_shapes(api, family_with, code)
    for resource in ("asset family", "attribute", "attribute option"):
        assert _refused(answers[resource][1], 422)["errors"] == LABELS_AS_LIST, resource


@pytest.mark.rule("FORMAT-OPIS-FLAT-LIST")
@pytest.mark.writes
def test_opis_errors_are_listed_depth_first(api: httpx.Client, family_with: Callable[..., str]) -> None:
    family = family_with(attributes=[text_attribute("name")], name="flat_list")
    path = asset_path(family, "house")
    body = {"code": "house", "values": {"name": [{**value(None), "locale": 42}, {"locale": "en_AU", "data": "x"}]}}
    answer = _refused(patch(api, path, body), 422)
    assert answer["message"] == "The asset has an invalid format."
    assert answer["errors"] == [
        {"property": "", "message": "The properties must match schema: values"},
        {"property": "values", "message": "Object properties that match pattern '.+' must also match pattern's schema"},
        {"property": "values.name", "message": "All array items must match schema"},
        {"property": "values.name[0]", "message": "The properties must match schema: locale"},
        {"property": "values.name[0].locale", "message": "The data (integer) must match the type: string, null"},
        {"property": "values.name[1]", "message": "The required properties (channel) are missing"},
    ]
    assert api.get(path).status_code == 404


@pytest.mark.rule("FORMAT-OPIS-ITEM-PATHS")
@pytest.mark.writes
def test_opis_paths_name_list_indexes(api: httpx.Client, family_with: Callable[..., str]) -> None:
    media = [{"code": c, "type": "media_file", "media_type": "image"} for c in ("main_image", "thumbnail")]
    path = family_path(family_with, "item_paths", *media)
    before = api.get(path).json()
    bad = _transformation(operations=[{"type": "thumbnail", "parameters": {"width": 100, "height": 80}, "foo": "bar"}])
    transformations = [_transformation(label=f"t{i}", filename_suffix=f"_{i}") for i in range(10)] + [bad]
    answer = _refused(patch(api, path, {"transformations": transformations}), 422)
    assert answer["errors"] == [
        {"property": "", "message": "The properties must match schema: transformations"},
        {"property": "transformations", "message": "All array items must match schema"},
        {"property": "transformations[10]", "message": "The properties must match schema: operations"},
        {"property": "transformations[10].operations", "message": "All array items must match schema"},
        {
            "property": "transformations[10].operations[0]",
            "message": "Additional object properties are not allowed: foo",
        },
    ]
    assert api.get(path).json() == before


@pytest.mark.rule("FORMAT-SHAPE-ONLY")
@pytest.mark.writes
def test_limits_and_allowed_values_are_business_rules(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = family_path(family_with, "shape_only", text_attribute("name"))
    rules = [
        {
            "product_selections": [{"field": "family", "operator": "LIKE", "value": ["x"]}],
            "assign_assets_to": [{"attribute": "pictures", "mode": "merge"}],
        }
    ]
    refusals = [
        patch(api, path, {"product_link_rules": rules}),
        patch(api, f"{path}/attributes/name", {"max_characters": 0}),
        patch(api, f"{path}/attributes/name", {"validation_rule": "phone"}),
    ]
    for response in refusals:
        message = _refused(response, 422)["message"]
        assert message.endswith("has data that does not comply with the business rules."), message


def _without_code(
    api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]
) -> list[tuple[str, httpx.Response]]:
    """Bodies without `code`, a creation and an update per resource: [(resource, response)], each checked to have
    written nothing (a creation is still absent, an update left the resource as it was)."""
    family = _family_with_options(family_with, "bad_shapes")
    requests = [
        ("asset family", f"{FAMILIES}/{code('no_code')}", {"labels": {}}),
        ("asset family", family, {"labels": {}}),
        ("attribute", f"{family}/attributes/no_code", {"type": "text"}),
        ("attribute", f"{family}/attributes/name", {"is_required_for_completeness": True}),
        ("attribute option", f"{family}/attributes/size/options/no_code", {"labels": {}}),
        ("asset", asset_path(family.rsplit("/", 1)[1], code("no_code")), {"values": {}}),
    ]
    answers = []
    for resource, path, body in requests:
        before = api.get(path)
        response = api.patch(path, json=body)  # not `patch`: it would send the path's code
        after = api.get(path)
        assert (after.status_code, after.content) == (before.status_code, before.content), path  # nothing written
        answers.append((resource, response))
    return answers


@pytest.mark.rule("FORMAT-CODE-REQUIRED")
@pytest.mark.writes
def test_body_without_code_is_422(
    api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]
) -> None:
    for resource, response in _without_code(api, family_with, code):
        assert _refused(response, 422), resource


@pytest.mark.rule("FORMAT-CODE-REQUIRED-MESSAGES")
@pytest.mark.writes
def test_body_without_code_messages(
    api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]
) -> None:
    for resource, response in _without_code(api, family_with, code):
        if resource in _MISMATCH_FIRST:  # their controllers compare `body['code'] ?? null` before the schema
            assert _refused(response, 422) == {"code": 422, "message": _MISMATCH_FIRST[resource]}, resource
            continue
        assert _refused(response, 422) == {
            "code": 422,
            "message": f"The {resource} has an invalid format.",
            "errors": [{"property": "", "message": "The required properties (code) are missing"}],
        }, resource


_MISMATCH_FIRST = {
    # sic: the vendor's attribute controller names the asset family
    "attribute": "The code of the asset family provided in the URI must be the same as the one provided in the "
    "request body.",
    "asset": "The code of the asset provided in the URI must be the same as the one provided in the request body.",
}


# --- asset values judged by their attribute's type ---------------------------------------------------------------
TYPED_ATTRIBUTES = (
    text_attribute("name"),
    {"code": "colors", "type": "multiple_options", "value_per_locale": False, "value_per_channel": False},
    {"code": "weight", "type": "number", "value_per_locale": False, "value_per_channel": False},
)
# attribute, data of the wrong type for it, Opis' name of that data's type, the types its schema takes
WRONG_DATA = (
    ("name", ["a", "b"], "array", "string, null"),
    ("colors", "red", "string", "array"),
    ("weight", {"kg": "1"}, "object", "string, null"),
    ("weight", 12, "integer", "string, null"),
)


def _wrong_data_answers(
    api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]
) -> list[tuple[tuple[str, Any, str, str], dict[str, Any]]]:
    """Each wrong datum sent in a single upsert and as the first of two batch entries: [(case, answer)], the answer
    of the single upsert (a dict with `status_code`, as a batch entry's) then of the batch entry; nothing written."""
    family = family_with(attributes=list(TYPED_ATTRIBUTES), name="typed_values")
    answers = []
    for case in WRONG_DATA:
        attribute, data = case[0], case[1]
        asset, other = code("typed"), code("typed_other")
        body = {"values": {attribute: [value(data)]}}
        single = patch(api, asset_path(family, asset), body)
        answers.append((case, {"status_code": single.status_code, **_json_or_empty(single)}))
        batch = patch(api, assets_path(family), [{"code": asset, **body}, {"code": other}])
        assert batch.status_code == 200, batch.text
        entries = batch.json()
        assert [entry.get("code") for entry in entries] == [asset, other], entries
        assert entries[1].get("status_code") in (201, 204), entries  # the other entry goes on
        answers.append((case, entries[0]))
        assert api.get(asset_path(family, asset)).status_code == 404  # nothing written
    return answers


def _json_or_empty(response: httpx.Response) -> dict[str, Any]:
    try:
        answer = response.json()
    except ValueError:
        return {}
    return answer if isinstance(answer, dict) else {}


@pytest.mark.rule("FORMAT-ASSET-VALUE-BY-TYPE")
@pytest.mark.writes
def test_asset_value_data_is_judged_by_attribute_type(
    api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]
) -> None:
    for case, answer in _wrong_data_answers(api, family_with, code):
        assert answer.get("status_code") == 422, (case, answer)
        assert answer.get("message"), (case, answer)


@pytest.mark.rule("FORMAT-ASSET-VALUE-BY-TYPE-MESSAGES")
@pytest.mark.writes
def test_asset_value_data_by_attribute_type_messages(
    api: httpx.Client, family_with: Callable[..., str], code: Callable[[str], str]
) -> None:
    for (attribute, _, given, expected), answer in _wrong_data_answers(api, family_with, code):
        assert answer.get("message") == "The asset has an invalid format.", answer
        assert answer.get("errors") == [
            {"property": "", "message": "The properties must match schema: values"},
            {
                "property": "values",
                "message": "Object properties that match pattern '.+' must also match pattern's schema",
            },
            {"property": f"values.{attribute}", "message": "All array items must match schema"},
            {"property": f"values.{attribute}[0]", "message": "The properties must match schema: data"},
            {
                "property": f"values.{attribute}[0].data",
                "message": f"The data ({given}) must match the type: {expected}",
            },
        ], (attribute, given)


# --- the asset batch as a whole -----------------------------------------------------------------------------------


@pytest.mark.rule("FORMAT-ASSET-LIST")
@pytest.mark.writes
def test_batch_not_a_list_of_objects_is_400(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = assets_path(family_with(name=REFUSALS))
    for body in ({"code": "first"}, [{"code": "first"}, "second"], [{"code": "first"}] * 100 + [1]):
        answer = _refused(patch(api, path, body), 400)  # 101 entries, one not an object: the list check first
        assert answer.get("errors"), answer
    assert api.get(f"{path}/first").status_code == 404


@pytest.mark.rule("FORMAT-ASSET-LIST-MESSAGES")
@pytest.mark.writes
def test_batch_not_a_list_of_objects_messages(api: httpx.Client, family_with: Callable[..., str]) -> None:
    path = assets_path(family_with(name=REFUSALS))
    message = "The list of assets has an invalid format."
    assert _refused(api.patch(path, json={"code": "first"}), 400) == {
        "code": 400,
        "message": message,
        "errors": [{"property": "", "message": "The data (object) must match the type: array"}],
    }
    assert _refused(api.patch(path, json=[{"code": "first"}, "second", 3]), 400) == {
        "code": 400,
        "message": message,
        "errors": [
            {"property": "", "message": "All array items must match schema"},
            {"property": "[1]", "message": "The data (string) must match the type: object"},
            {"property": "[2]", "message": "The data (integer) must match the type: object"},
        ],
    }
