"""Loading a catalog file (store/catalog_lines.py, python -m mock_server --fixtures): a good file serves its assets
over a socket; a bad one is one error line naming the line at fault and exit status 2, never a traceback."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest

from fixtures.generate import asset_code, family_code
from mock_server.store.catalog_lines import CatalogFileError, read_lines
from tests.e2e.conftest import MOCK_PASSWORD, running_mock
from tests.fixtures_generator.conftest import ASSETS

ROOT = Path(__file__).resolve().parents[2]


def _first_asset_line(lines: list[str]) -> int:
    return next(number for number, text in enumerate(lines) if text.startswith('{"kind":"asset",'))


def _edit(lines: list[str], number: int, change: Callable[[dict], None]) -> None:
    entry = json.loads(lines[number])
    change(entry)
    lines[number] = json.dumps(entry) + "\n"


def _broken(catalog_file: Path, how: str) -> tuple[str, int]:
    """The catalog's text broken `how`, and the (1-based) line the error must name."""
    lines = catalog_file.read_text().splitlines(keepends=True)
    at = _first_asset_line(lines)
    if how == "truncated line":
        return "".join(lines[: at + 1])[:-40], at + 1
    if how == "truncated at a line's end":
        return "".join(lines[:-1]), len(lines) - 1
    if how == "unknown family":
        _edit(lines, at, lambda entry: entry.update(key=["nowhere", entry["key"][1]]))
    elif how == "bad JSON":
        lines[at] = '{"kind": "asset", "key": \n'
    elif how == "asset twice":
        lines.insert(at + 1, lines[at])
        return "".join(lines), at + 2
    elif how == "code unlike its key":
        _edit(lines, at, lambda entry: entry["value"].update(code="someone_else"))
    elif how == "value not an object":
        _edit(lines, at, lambda entry: entry.update(value=[]))
    elif how == "unknown kind":
        _edit(lines, at, lambda entry: entry.update(kind="gadget"))
    elif how == "no header":
        return "".join(lines[1:]), 1
    return "".join(lines), at + 1


BROKEN = {  # how -> what the error says
    "truncated line": "the line has no end (the file is cut short)",
    "truncated at a line's end": "lines, the file has",
    "unknown family": 'the asset family "nowhere" is not on an earlier asset_family line',
    "bad JSON": "not JSON",
    "asset twice": "appears twice",
    "code unlike its key": '"value.code" and "value.asset_family_code" must match "key"',
    "value not an object": '"value" must be an object',
    "unknown kind": '"kind" must be one of',
    "no header": "not a catalog file",
}


@pytest.mark.parametrize("how", list(BROKEN))
def test_catalog_file_error_names_the_line_at_fault(catalog_file: Path, how: str) -> None:
    # CATALOG-FILE-ERROR: structure checked as the snapshot reader checks it; the first fault, by its line
    text, number = _broken(catalog_file, how)
    with pytest.raises(CatalogFileError) as raised:
        read_lines(text.splitlines(keepends=True))
    assert str(raised.value).startswith(f"line {number}: ")
    assert BROKEN[how] in str(raised.value)


def _mock_fails(*flags: str, **variables: str) -> subprocess.CompletedProcess:
    environment = {"PATH": "/usr/bin:/bin", **variables}
    return subprocess.run(
        [sys.executable, "-m", "mock_server", *flags], cwd=ROOT, env=environment, capture_output=True, text=True
    )


def _one_error_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines() == [result.stderr.strip()], "one line, no traceback"
    assert result.stderr.startswith("akeneo-mock: error: ")
    return result.stderr


@pytest.mark.parametrize("how", ["truncated line", "unknown family", "bad JSON"])
def test_catalog_file_error_the_mock_says_one_line_and_exits_2(catalog_file: Path, tmp_path: Path, how: str) -> None:
    # CATALOG-FILE-ERROR through `python -m mock_server --fixtures PATH`
    text, number = _broken(catalog_file, how)
    path = tmp_path / "broken.jsonl"
    path.write_text(text)
    error = _one_error_line(_mock_fails("--fixtures", str(path)))
    assert f"{path}: line {number}: {BROKEN[how]}" in error


def test_catalog_file_error_a_cut_gzip_stream_is_one_line(catalog_file: Path, tmp_path: Path) -> None:
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(gzip.compress(catalog_file.read_bytes())[:-200])
    error = _one_error_line(_mock_fails("--fixtures", str(path)))
    assert f"{path}: " in error


def test_catalog_file_error_a_missing_file_is_one_line(tmp_path: Path) -> None:
    error = _one_error_line(_mock_fails(MOCK_FIXTURES=str(tmp_path / "absent.jsonl")))
    assert "No such file or directory" in error


def test_fixtures_and_empty_exclude_each_other(catalog_file: Path) -> None:
    assert "not allowed with argument" in _one_error_line(_mock_fails("--empty", "--fixtures", str(catalog_file)))
    assert "exclude each other" in _one_error_line(_mock_fails("--empty", MOCK_FIXTURES=str(catalog_file)))


def test_catalog_gen_load_over_a_socket_from_mock_fixtures(catalog_file: Path) -> None:
    # CATALOG-GEN-LOAD: MOCK_FIXTURES (the variable of --fixtures) serves the file's assets, in order
    with running_mock(MOCK_FIXTURES=str(catalog_file)) as url:
        grant = {"grant_type": "password", "username": "admin", "password": MOCK_PASSWORD}
        token = httpx.post(f"{url}/api/oauth/v1/token", json=grant, auth=("client", "secret")).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        page = httpx.get(f"{url}/api/rest/v1/asset-families/{family_code(1)}/assets", headers=headers)
        default_catalog = httpx.get(f"{url}/api/rest/v1/asset-families/packshots", headers=headers)
    assert page.status_code == 200
    codes = [item["code"] for item in page.json()["_embedded"]["items"]]
    assert codes == [asset_code(n) for n in range(1, ASSETS, 3)]
    assert default_catalog.status_code == 404  # the file's catalog instead of the default one
