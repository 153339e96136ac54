"""The format stage remembers its answers by the data's shape (domain/request_format/opis.format_errors, issue #12): for any
data, the remembered answer is the one a fresh judgement gives, whatever was judged before."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from mock_server.domain.request_format import opis as format_opis
from mock_server.domain.request_format import schemas as format_schemas
from mock_server.domain.request_format.opis import PhpObject, flat, format_errors, validate
from mock_server.domain.request_format.schemas import (
    ASSET_FAMILY,
    ASSET_PROPERTIES,
    ATTRIBUTE_OPTION,
    asset_errors,
    value_schema,
)

SCHEMAS = [ASSET_FAMILY, ASSET_PROPERTIES, ATTRIBUTE_OPTION, value_schema("text"), value_schema("multiple_options")]
NAMES = st.sampled_from(["code", "data", "labels", "values", "locale", "en_US", "fr_FR", "0", "1", "", "x", "y"])
SCALARS = st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from([1.0, 1.5, 2e20]) | st.text(max_size=3)
JSON = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(NAMES, inner, max_size=4)
        | st.dictionaries(NAMES, inner, max_size=2).map(PhpObject)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(schema=st.sampled_from(SCHEMAS), datas=st.lists(JSON, min_size=2, max_size=25), root_as_php=st.booleans())
def test_a_remembered_answer_is_the_fresh_judgement(schema: dict, datas: list[Any], root_as_php: bool) -> None:
    format_opis._JUDGED.clear()  # each example starts from nothing remembered, then judges many data in a row
    for data in datas:
        assert format_errors(schema, data, root_as_php=root_as_php) == flat(validate(schema, data, as_php=root_as_php))


def test_data_alike_but_for_a_name_or_a_scalar_type_are_told_apart() -> None:
    for first, second in [
        ({"code": "a"}, {"data": "a"}),  # the same length, another name
        ({"code": "a", "labels": {}}, {"code": "a", "values": {}}),
        ({"code": "a", "labels": {"en_US": "x"}}, {"code": "a", "labels": {"en_US": 1}}),
        ({"code": "a", "labels": {"0": "x"}}, {"code": "a", "labels": {"1": "x"}}),  # a PHP list, or not
        ({"code": 1.0}, {"code": 1.5}),  # an Opis integer, a number
    ]:
        for data in (first, second):
            assert format_errors(ATTRIBUTE_OPTION, data) == flat(validate(ATTRIBUTE_OPTION, data))
        assert format_errors(ATTRIBUTE_OPTION, first) != format_errors(ATTRIBUTE_OPTION, second)


def test_the_same_shape_with_other_values_gets_the_same_answer_and_another_shape_its_own() -> None:
    good = {"code": "a", "values": {"title": [{"locale": "en_US", "channel": None, "data": "x"}]}}
    same_shape = {"code": "b", "values": {"title": [{"locale": "fr_FR", "channel": None, "data": "y"}]}}
    wrong = {"code": "a", "values": {"title": [{"locale": 1, "channel": None, "data": "x"}]}}
    schema = value_schema("text")
    assert format_errors(schema, good) == [] == format_errors(schema, same_shape)
    assert [e.property for e in format_errors(schema, wrong)][-1] == "values.title[0].locale"


def test_a_swapped_keyword_function_is_never_answered_from_memory() -> None:
    """A mutant replaces a keyword in OBJECT_KEYWORDS: answers remembered before must not be reused."""
    extra = {"code": "a", "unknown": 1}
    assert format_errors(ATTRIBUTE_OPTION, extra)  # additionalProperties refuses it, and it is remembered
    original = format_opis.OBJECT_KEYWORDS["additionalProperties"]
    format_opis.OBJECT_KEYWORDS["additionalProperties"] = lambda *args: None
    try:
        assert format_errors(ATTRIBUTE_OPTION, extra) == []
    finally:
        format_opis.OBJECT_KEYWORDS["additionalProperties"] = original


def test_data_too_deep_or_too_wide_is_judged_without_the_memory() -> None:
    deep: Any = "x"
    for _ in range(20):
        deep = {"labels": deep}
    wide = {"code": "a", "labels": {f"l{i}": "x" for i in range(1000)}}
    for data in (deep, wide):
        assert format_errors(ATTRIBUTE_OPTION, data) == flat(validate(ATTRIBUTE_OPTION, data))


ATTRIBUTE_TYPES = st.dictionaries(
    st.sampled_from(["data", "labels", "x", "y"]),
    st.sampled_from(["text", "media_link", "single_option", "multiple_options", "number"]),
    max_size=3,
)


@settings(max_examples=200, deadline=None)
@given(types=ATTRIBUTE_TYPES, bodies=st.lists(st.dictionaries(NAMES, JSON, max_size=4), min_size=2, max_size=20))
def test_an_asset_judgement_remembered_is_the_fresh_one(types: dict[str, str], bodies: list[dict]) -> None:
    format_opis._JUDGED.clear()
    for body in bodies:
        body = {**body, "values": body.get("values", body)}  # values shaped like the bodies drawn
        assert asset_errors(body, types) == format_schemas._asset_errors(body, types)


def test_an_asset_judged_again_for_a_family_whose_attribute_types_differ() -> None:
    body = {"code": "a", "values": {"x": [{"locale": None, "channel": None, "data": ["red"]}]}}
    assert asset_errors(body, {"x": "multiple_options"}) == []
    assert [e.property for e in asset_errors(body, {"x": "text"})][-1] == "values.x[0].data"  # a text is a string
