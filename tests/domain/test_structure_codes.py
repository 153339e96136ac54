"""The vendor's value objects for structure codes (mock_server.domain.asset_manager.structure_codes)."""

from __future__ import annotations

import pytest

from mock_server.domain.asset_manager.structure_codes import (
    case_twin,
    code_fault,
    ensure_body_code,
    ensure_code,
    reserved_code_error,
)
from mock_server.domain.errors import Unprocessable, ValidationFailed


@pytest.mark.parametrize("code", ["brand", "Brand_2", "x" * 255, "0"])
def test_structure_code_format_accepts_letters_digits_and_underscores(code: str) -> None:
    assert code_fault("family", code) is None


@pytest.mark.parametrize(
    ("kind", "code", "message"),
    [
        ("family", "my-photo.jpg", 'Asset family identifier may contain only letters, numbers and underscores. '
                                   '"my-photo.jpg" given'),
        ("family", "a b", 'Asset family identifier may contain only letters, numbers and underscores. "a b" given'),
        ("attribute", "é", 'Attribute code may contain only letters, numbers and underscores. "é" given'),
        ("option", "x.l", 'Option code may contain only letters, numbers and underscores. "x.l" given'),
        ("family", "x" * 256, "Asset family identifier cannot be longer than 255 characters, 256 string long given"),
        ("attribute", "é" * 256, "Attribute code cannot be longer than 255 characters, 512 string long given"),
        ("option", "", "Option code cannot be empty"),
    ],
)  # fmt: skip
def test_structure_code_format_refusals_are_plain_422(kind: str, code: str, message: str) -> None:
    with pytest.raises(Unprocessable) as caught:
        ensure_code(kind, code)
    assert caught.value.message == message
    assert not isinstance(caught.value, ValidationFailed)  # no `errors`


def test_structure_code_mismatch_sentences() -> None:
    ensure_body_code("family", "brand", {"labels": {}})  # absent: left to the contract
    ensure_body_code("family", "brand", {"code": "brand"})
    for kind, resource in (("family", "asset family"), ("attribute", "asset family"), ("option", "attribute option")):
        with pytest.raises(Unprocessable) as caught:
            ensure_body_code(kind, "brand", {"code": "Brand"})
        assert caught.value.message == (
            f"The code of the {resource} provided in the URI must be the same as the one provided in the request body."
        )


def test_structure_attribute_reserved_code() -> None:
    assert reserved_code_error("labels") is None
    error = reserved_code_error("IMAGE")
    assert error is not None and error.to_json() == {
        "property": "code",
        "message": 'The code cannot be any of those values: "{{ code, label, image }}"',
    }


def test_structure_family_case_twin() -> None:
    assert case_twin("BranD", ["brand", "other"]) == "brand"
    assert case_twin("brand", ["brand"]) is None
    assert case_twin("new", ["brand"]) is None
