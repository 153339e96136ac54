"""The spec describes exactly the vendor operations of openapi/vendor-operations.tsv: nothing missing, nothing extra."""

import csv
from pathlib import Path
from typing import Any

from spec_lint import operations

TABLE = Path(__file__).resolve().parents[2] / "openapi" / "vendor-operations.tsv"


def _vendor_table() -> set[tuple[str, str, str, str]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t")
    return {(row["method"], row["path"], row["operationId"], row["tag"]) for row in rows}


def _spec_table(spec: dict[str, Any]) -> set[tuple[str, str, str, str]]:
    return {
        (method.upper(), path, op.get("operationId", ""), (op.get("tags") or [""])[0])
        for path, method, op in operations(spec)
    }


def test_every_vendor_operation_is_in_the_spec(spec: dict[str, Any]) -> None:
    missing = _vendor_table() - _spec_table(spec)
    assert not missing, f"operations of the vendor table missing from the spec: {sorted(missing)}"


def test_the_spec_has_no_operation_outside_the_vendor_table(spec: dict[str, Any]) -> None:
    extra = _spec_table(spec) - _vendor_table()
    assert not extra, f"operations in the spec but not in the vendor table: {sorted(extra)}"


def test_the_asset_manager_has_its_seventeen_operations(spec: dict[str, Any]) -> None:
    asset_manager = {row for row in _spec_table(spec) if row[3].startswith("Asset")}
    assert len(asset_manager) == 17


def test_unroutable_codes_every_operation_with_a_path_code_documents_404(spec: dict[str, Any]) -> None:
    """ERRATA "Unroutable codes": a code holding a line break answers 404 `No route found` on any such path."""
    undocumented = [
        f"{method.upper()} {path}"
        for path, method, op in operations(spec)
        if "{" in path and "404" not in op.get("responses", {})
    ]
    assert not undocumented, f"operations with a path code but no documented 404: {undocumented}"
