"""The contract is one valid OpenAPI 3.0 document, bundled from its parts and up to date with them."""

from pathlib import Path
from typing import Any

import bundle
import pytest
from openapi_spec_validator import validate


def test_committed_bundle_is_fresh_from_the_parts() -> None:
    assert bundle.main(["--check"]) == 0, "run: python openapi/bundle.py"


def test_bundle_is_a_valid_openapi_3_0_document(spec: dict[str, Any]) -> None:
    assert spec["openapi"].startswith("3.0.")
    validate(spec)


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_every_reference_resolves_inside_the_one_document(spec: dict[str, Any]) -> None:
    refs = set(_refs(spec))
    assert refs, "the contract shares components through $ref"
    for ref in refs:
        assert ref.startswith("#/components/"), f"{ref} points outside the bundled document"
        node: Any = spec
        for part in ref[2:].split("/"):
            assert part in node, f"{ref} does not resolve"
            node = node[part]


def test_a_leaf_defined_in_two_parts_is_refused(tmp_path: Path) -> None:
    into = bundle.load_part(bundle.PARTS_DIR / "00-root.yaml")
    with pytest.raises(bundle.BundleError, match=r"extra\.yaml: components/schemas/Error is defined twice"):
        bundle.merge(into, {"components": {"schemas": {"Error": {"type": "object"}}}}, "extra.yaml")


def test_a_duplicate_key_inside_one_part_is_refused(tmp_path: Path) -> None:
    part = tmp_path / "dup.yaml"
    part.write_text("paths:\n  /a: {}\n  /a: {}\n")
    with pytest.raises(bundle.BundleError, match="duplicate key '/a'"):
        bundle.load_part(part)
