"""The published `akeneo-python-sdk` (PyPI), unchanged, against `python -m mock_server` on a socket.

The SDK pins pydantic<2 and the toolkit's tools need pydantic 2, so it cannot live in the test environment: it is
installed once into a folder of its own (sdk-requirements.txt; cached under ~/.cache, or AKENEO_SDK_SITE_CACHE) and
sdk_workflow.py runs in a child interpreter that finds it first on its path. The workflow prints what the SDK
returned; the assertions are here."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import MOCK_PASSWORD, running_mock

HERE = Path(__file__).resolve().parent
REQUIREMENTS = HERE / "sdk-requirements.txt"


def _sdk_site() -> Path:
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    cache = Path(os.environ.get("AKENEO_SDK_SITE_CACHE") or Path.home() / ".cache" / "akeneo-asset-manager-toolkit")
    site = cache / f"python-sdk-{digest}-py{sys.version_info.major}{sys.version_info.minor}"
    if (site / "akeneo").is_dir():
        return site
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=cache, prefix="staging-"))
    command = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-warn-conflicts"]
    installed = subprocess.run(
        [*command, "--target", str(staging), "-r", str(REQUIREMENTS)], capture_output=True, text=True, timeout=600
    )
    if installed.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        pytest.fail(f"could not install the SDK from PyPI:\n{installed.stdout}\n{installed.stderr}")
    try:
        staging.rename(site)
    except OSError:  # another pytest worker installed it first
        shutil.rmtree(staging, ignore_errors=True)
    return site


@pytest.fixture(scope="module")
def report() -> Iterator[dict[str, Any]]:
    site = _sdk_site()
    with running_mock("--empty", MOCK_PAGE_SIZE="2") as url:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")])}
        run = subprocess.run(
            [sys.executable, str(HERE / "sdk_workflow.py"), url, MOCK_PASSWORD],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
    assert run.returncode == 0, f"the SDK failed:\n{run.stderr}"
    yield json.loads(run.stdout)


def test_sdk_authenticates_and_reads_the_system_information(report: dict[str, Any]) -> None:
    assert (report["token_type"], report["expires_in"]) == ("bearer", 3600)
    assert report["system"]["edition"] == "serenity"


def test_sdk_family_attributes_and_options(report: dict[str, Any]) -> None:
    assert report["family_statuses"] == [201, 204]
    assert report["family"] == "e2e_sdk"
    assert report["families"] == ["e2e_sdk"]
    assert report["attribute_statuses"] == [201, 201]
    assert report["attribute"] == "image"
    assert (report["option_status"], report["option"]) == (201, "xl")


def test_sdk_media_upload_and_download(report: dict[str, Any]) -> None:
    upload = report["upload"]
    assert upload["status"] == 201
    assert upload["location"].startswith("http://127.0.0.1:")
    assert upload["location"].endswith(f"/api/rest/v1/asset-media-files/{upload['code']}")
    assert report["download_is_the_upload"] is True


def test_sdk_assets_single_batch_list_and_delete(report: dict[str, Any]) -> None:
    assert (report["asset_status"], report["asset_values_status"]) == (201, 204)
    assert [(line["code"], line["status_code"]) for line in report["batch"]] == [
        ("unicorn", 204),
        ("pegasus", 201),
        ("griffin", 201),
        ("bad code!", 422),
    ]
    assert report["batch"][3]["message"]
    assert report["pages"] == [["griffin", "pegasus"], ["unicorn"]]
    assert report["next_links"] == [report["next_links"][0]]
    assert report["next_links"][0].startswith("http://127.0.0.1:")
    assert report["asset_values"] == {"picture": [report["upload"]["code"]], "size": ["xl"]}
    assert report["delete_status"] == 204
    assert report["deleted"]["status"] == 404
    assert report["deleted"]["body"]["code"] == 404
