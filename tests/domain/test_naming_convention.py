"""PCRE naming convention patterns (mock_server.domain.automation.naming_convention): compiled, named, applied."""

from __future__ import annotations

import re

import pytest

from mock_server.domain.automation.naming_convention import MAX_PATTERN_LENGTH, apply, compile_pattern, group_names

DOC_PATTERN = r"/(?P<product_ref>.*)-.*-(?P<attribute_ref>.*)\.jpg/"


def test_doc_pattern_splits_the_doc_file_name() -> None:
    pattern = compile_pattern(DOC_PATTERN)
    assert group_names(pattern) == ["product_ref", "attribute_ref"]
    # The doc applies this pattern to "allie_jean-picture-packshot.png", which its `\.jpg` cannot match (ERRATA).
    assert apply(pattern, "allie_jean-picture-packshot.jpg") == {
        "product_ref": "allie_jean",
        "attribute_ref": "packshot",
    }
    assert apply(pattern, "allie_jean-picture-packshot.png") is None


def test_family_example_pattern_compiles() -> None:
    pattern = compile_pattern(r"/(?P<product_ref>.*)\.jpg/")
    assert apply(pattern, "XMLD500.jpg") == {"product_ref": "XMLD500"}


@pytest.mark.parametrize(
    ("delimited", "subject"),
    [
        (r"#(?P<ref>\w+)\.jpg#", "abc.jpg"),
        (r"~(?P<ref>\w+)\.jpg~", "abc.jpg"),
        (r"{(?P<ref>\w{3})\.jpg}", "abc.jpg"),
        (r"((?P<ref>\w+)\.jpg)", "abc.jpg"),
        (r"  /(?P<ref>\w+)\.jpg/  ", "abc.jpg"),
    ],
)
def test_other_delimiters_are_accepted(delimited: str, subject: str) -> None:
    assert apply(compile_pattern(delimited), subject) == {"ref": "abc"}


def test_escaped_delimiter_is_part_of_the_expression() -> None:
    assert apply(compile_pattern(r"/(?P<dir>\w+)\/(?P<name>\w+)/"), "a/b") == {"dir": "a", "name": "b"}


@pytest.mark.parametrize(
    ("modifiers", "flag"),
    [("i", re.IGNORECASE), ("m", re.MULTILINE), ("s", re.DOTALL), ("x", re.VERBOSE), ("ims", re.DOTALL)],
)
def test_pcre_modifiers_map_to_python_flags(modifiers: str, flag: re.RegexFlag) -> None:
    assert compile_pattern(f"/(?P<ref>a)/{modifiers}").flags & flag


def test_case_insensitive_modifier_applies() -> None:
    assert apply(compile_pattern(r"/(?P<ref>\w+)\.JPG/i"), "amor.jpg") == {"ref": "amor"}


def test_without_u_modifier_classes_are_ascii_like_pcre() -> None:
    assert apply(compile_pattern(r"/^(?P<ref>\w+)$/"), "bohème") is None
    assert apply(compile_pattern(r"/^(?P<ref>\w+)$/u"), "bohème") == {"ref": "bohème"}


@pytest.mark.parametrize(
    "pcre",
    [r"/(?<ref>\w+)\.jpg/", r"/(?'ref'\w+)\.jpg/", r"/(?P<ref>\w+)\.jpg/"],
)
def test_pcre_named_group_spellings_become_python_groups(pcre: str) -> None:
    pattern = compile_pattern(pcre)
    assert group_names(pattern) == ["ref"]
    assert apply(pattern, "amor.jpg") == {"ref": "amor"}


def test_pcre_named_backreference_is_translated() -> None:
    pattern = compile_pattern(r"/(?<ref>\w+)-\k<ref>/")
    assert apply(pattern, "ab-ab") == {"ref": "ab"}
    assert apply(pattern, "ab-cd") is None


def test_lookbehind_is_not_taken_for_a_named_group() -> None:
    pattern = compile_pattern(r"/(?<=_)(?<ref>\d+)(?<!0)/")
    assert group_names(pattern) == ["ref"]
    assert apply(pattern, "sku_12") == {"ref": "12"}


def test_character_classes_are_left_alone() -> None:
    pattern = compile_pattern(r"/[(?<x>)](?P<ref>\w)/")
    assert group_names(pattern) == ["ref"]
    assert apply(pattern, "<a") == {"ref": "a"}


def test_pcre_end_anchors_are_translated() -> None:
    assert apply(compile_pattern(r"/(?P<ref>\w+)\z/"), "abc\n") is None
    assert apply(compile_pattern(r"/(?P<ref>\w+)\Z/"), "abc\n") == {"ref": "abc"}


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(?P<ref>.*)\.jpg", 'it goes on after its ending delimiter ")" with "\\.jpg": are its delimiters missing'),
        (r"product_(?P<ref>.*)\.jpg", "it has no delimiters"),
        (r"\(?P<ref>.*)\.jpg\\", "it has no delimiters"),
        ("", "it is empty"),
        (r"/(?P<ref>.*)\.jpg", 'it has no ending delimiter "/"'),
        (r"{(?P<ref>.*)\.jpg", 'it has no ending delimiter "}"'),
        (r"/(?P<ref>.*)/(\.jpg)/", 'with "(\\.jpg)/": are its delimiters missing, or a "/" inside it not escaped?'),
        (r"/(?P<ref>.*)\.jpg/e", 'the modifier "e" is not supported'),
        (r"/(?P<ref>.*\.jpg/", "it does not compile: missing ), unterminated subpattern"),
        (r"/(?P<ref>.*)(?P<ref>.*)/", "it does not compile: redefinition of group name"),
        (r"/(?P>ref)/", "it does not compile"),
    ],
)
def test_invalid_pattern_raises_value_error_with_reason(pattern: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        compile_pattern(pattern)


def test_pattern_length_is_bounded() -> None:
    compile_pattern("/" + "a" * (MAX_PATTERN_LENGTH - 2) + "/")
    with pytest.raises(ValueError, match=f"longer than {MAX_PATTERN_LENGTH} characters"):
        compile_pattern("/" + "a" * (MAX_PATTERN_LENGTH - 1) + "/")


def test_apply_returns_none_without_match() -> None:
    assert apply(compile_pattern(r"/^(?P<ref>\d+)$/"), "abc") is None


def test_apply_returns_none_when_no_group_captured() -> None:
    assert apply(compile_pattern(r"/(?P<ref>\d*)x/"), "x") is None
    assert apply(compile_pattern(r"/(?P<a>a)?(?P<b>b)?c/"), "c") is None


def test_apply_drops_groups_that_captured_nothing() -> None:
    assert apply(compile_pattern(r"/(?P<a>a)?(?P<b>b)c/"), "bc") == {"b": "b"}


def test_apply_searches_like_preg_match() -> None:
    assert apply(compile_pattern(r"/(?P<ref>\d+)/"), "sku_123_red") == {"ref": "123"}
