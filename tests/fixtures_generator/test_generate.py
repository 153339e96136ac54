"""python -m fixtures generate (fixtures/generate.py): the same seed gives the same bytes, and what it writes loads
into the mock and passes the mock's own rules (issue #12)."""

from __future__ import annotations

import gzip
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from fixtures.catalog import load_start
from fixtures.generate import MEDIA_EVERY, asset_code, family_code, generate, product_count
from mock_server import __main__ as mock_main
from mock_server.app import create_app
from mock_server.settings import Settings
from mock_server.store.catalog_lines import open_text, read_lines
from tests.fixtures_generator.conftest import ASSETS, FAMILY_COUNT, SEED
from tests.support import BASIC, FAMILIES, PASSWORD_GRANT, ApiClient


@pytest.fixture(scope="module")
def api(catalog_file: Path) -> Iterator[ApiClient]:
    """The mock loaded from the generated file, validating its own responses, with a token."""
    with open_text(str(catalog_file)) as lines:
        store = read_lines(lines)
    app = create_app(store, settings=Settings(validate_responses=True), start_catalog=load_start)
    with ApiClient(app, raise_server_exceptions=False) as client:
        _log_in(client)
        yield client


def _log_in(client: ApiClient) -> None:
    token = client.post("/api/oauth/v1/token", json=PASSWORD_GRANT, headers={"Authorization": BASIC})
    client.headers["Authorization"] = f"Bearer {token.json()['access_token']}"


def test_catalog_gen_seed_the_same_seed_writes_the_same_bytes(catalog_file: Path, tmp_path: Path) -> None:
    # CATALOG-GEN-SEED: every draw is seeded, every date fixed
    again = tmp_path / "again.jsonl"
    generate(str(again), ASSETS, SEED, FAMILY_COUNT, progress=False)
    assert again.read_bytes() == catalog_file.read_bytes()


def test_catalog_gen_seed_gzip_is_the_same_bytes_too_and_the_same_lines(catalog_file: Path, tmp_path: Path) -> None:
    # CATALOG-GEN-SEED: the gzip header carries no name and no time
    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    generate(str(first), ASSETS, SEED, FAMILY_COUNT, progress=False)
    generate(str(second), ASSETS, SEED, FAMILY_COUNT, progress=False)
    assert first.read_bytes() == second.read_bytes()
    assert gzip.decompress(first.read_bytes()) == catalog_file.read_bytes()


def test_catalog_gen_seed_another_seed_writes_another_catalog(catalog_file: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.jsonl"
    generate(str(other), ASSETS, SEED + 1, FAMILY_COUNT, progress=False)
    ours, theirs = catalog_file.read_text().splitlines(), other.read_text().splitlines()
    assert len(ours) == len(theirs)  # the same shape ...
    assert ours != theirs  # ... other texts and choices


@pytest.mark.parametrize("families", [0, 101])
def test_catalog_gen_families_stay_within_the_vendor_limit(families: int, tmp_path: Path) -> None:
    # STRUCTURE-FAMILY-LIMIT: the vendor holds at most 100 asset families
    with pytest.raises(ValueError, match="--families must be between 1 and 100"):
        generate(str(tmp_path / "x.jsonl"), 10, SEED, families, progress=False)
    assert not list(tmp_path.iterdir()), "no file, not even a partial one"


def _walk(api: ApiClient, family: str) -> list[dict[str, Any]]:
    items, url = [], f"{FAMILIES}/{family}/assets"
    while url:
        page = api.get(url)
        assert page.status_code == 200, page.text
        items += page.json()["_embedded"]["items"]
        url = page.json()["_links"].get("next", {}).get("href")
    return items


def test_catalog_gen_load_lists_every_asset_in_order_with_its_values(api: ApiClient) -> None:
    # CATALOG-GEN-LOAD: each family's assets in its ordered index, values as generated
    seen = 0
    for index in range(FAMILY_COUNT):
        items = _walk(api, family_code(index))
        codes = [item["code"] for item in items]
        assert codes == [asset_code(n) for n in range(index, ASSETS, FAMILY_COUNT)]
        for item in items:
            values = item["values"]
            assert {entry["locale"] for entry in values["label"]} == {"de_DE", "en_US", "fr_FR"}
            assert {entry["locale"] for entry in values["description"]} == {"de_DE", "en_US", "fr_FR"}
            assert values["preview"][0]["data"] == f"{item['code']}.jpg"
            assert values["kind"][0]["data"]
        seen += len(items)
    assert seen == ASSETS


def test_catalog_gen_load_the_assets_pass_the_mocks_rules(api: ApiClient) -> None:
    # CATALOG-GEN-VALID: a generated asset sent back unchanged is accepted as is (204), family and media resolve
    family = family_code(0)
    assert api.get(f"{FAMILIES}/{family}").status_code == 200
    with_media, without = asset_code(0), asset_code(FAMILY_COUNT)  # one in MEDIA_EVERY has a media file: index 0
    assert (
        FAMILY_COUNT % MEDIA_EVERY and "media" not in api.get(f"{FAMILIES}/{family}/assets/{without}").json()["values"]
    )
    for code in (with_media, without):
        asset = api.get(f"{FAMILIES}/{family}/assets/{code}").json()
        sent = {"code": asset["code"], "values": asset["values"]}
        answer = api.patch(f"{FAMILIES}/{family}/assets/{code}", json=sent)
        assert answer.status_code == 204, answer.text
    media = api.get(f"{FAMILIES}/{family}/assets/{with_media}").json()["values"]["media"][0]
    download = api.get(media["_links"]["download"]["href"])
    assert download.status_code == 200
    assert download.headers["content-type"].startswith("image/")


def test_catalog_gen_load_products_name_generated_assets(api: ApiClient) -> None:
    # CATALOG-GEN-LOAD: the products' asset collections hold generated assets of their family
    products = api.get("/api/rest/v1/products", params={"limit": 100}).json()["_embedded"]["items"]
    assert len(products) == product_count(ASSETS) > 0
    for product in products:
        ((attribute, [value]),) = [(k, v) for k, v in product["values"].items() if k.endswith("_assets")]
        family = attribute.removesuffix("_assets")
        for code in value["data"]:
            assert api.get(f"{FAMILIES}/{family}/assets/{code}").status_code == 200


def test_catalog_gen_reset_reads_the_file_again(catalog_file: Path) -> None:
    # CONTROL-RESET with a catalog file: the start state is read again, not kept as a second copy in memory
    read = mock_main._reader(str(catalog_file))  # what python -m mock_server --fixtures hands the app
    app = create_app(read(), settings=Settings(validate_responses=True), start_again=read, start_catalog=load_start)
    with ApiClient(app, raise_server_exceptions=False) as client:
        _log_in(client)
        asset = f"{FAMILIES}/{family_code(0)}/assets/{asset_code(0)}"
        assert client.delete(asset).status_code == 204
        assert client.post("/mock/reset").status_code == 204
        client.headers["Authorization"] = (
            f"Bearer {client.post('/api/oauth/v1/token', json=PASSWORD_GRANT, headers={'Authorization': BASIC}).json()['access_token']}"
        )
        assert client.get(asset).status_code == 200


@pytest.mark.parametrize("change", ["deleted", "corrupted"])
def test_control_reset_file_gone_is_a_409_and_resets_nothing(catalog_file: Path, tmp_path: Path, change: str) -> None:
    """CONTROL-RESET-FILE-GONE: the file the mock started from, removed or spoilt since, cannot be read again."""
    started_from = tmp_path / "started.jsonl"
    shutil.copy(catalog_file, started_from)
    reader = mock_main._reader(str(started_from))
    app = create_app(reader(), settings=Settings(validate_responses=True), start_again=reader, start_catalog=load_start)
    with ApiClient(app, raise_server_exceptions=False) as client:
        _log_in(client)
        asset = f"{FAMILIES}/{family_code(0)}/assets/{asset_code(0)}"
        assert client.delete(asset).status_code == 204
        if change == "deleted":
            started_from.unlink()
        else:
            started_from.write_text('{"format": "not a catalog"}\n')
        refused = client.post("/mock/reset")
        assert refused.status_code == 409, refused.text
        assert refused.json()["message"].startswith(f'The catalog file "{started_from}" the mock started from')
        assert client.get(asset).status_code == 404  # nothing was reset; the token still works
