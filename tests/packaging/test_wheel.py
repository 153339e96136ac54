"""The built wheel works on its own (issue #11): installed in a fresh venv, its akeneo-mock serves and its
akeneo-conformance checks a rule against it, from a directory outside the checkout.

The venv gets the wheel alone; the dependencies come from the environment running this test, through a .pth line
added after the install. A .pth line only extends sys.path (the .pth files of that directory, such as an editable
install's finder, are not run), and the test checks that every package it imports is the venv's copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import httpx

from akeneo_contract import CHECKOUT_PATHS
from tests.e2e.conftest import free_port, wait_until_listening

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("mock_server", "conformance", "fixtures", "akeneo_contract")
NOT_SOURCE = shutil.ignore_patterns(
    ".git", ".tox", ".venv", "build", "dist", "*.egg-info", "__pycache__", "reports", "node_modules", ".*_cache"
)
RULE = "AUTH-TOKEN-REQUIRED"  # its tests are built from the contract the wheel carries, one per documented GET


def clean_environment() -> dict[str, str]:
    """This process's environment without what would steer the children: pytest's, the mock's and the suite's."""
    prefixes = ("PYTEST_", "MOCK_", "AKENEO_", "PYTHONPATH", "COV_")
    return {name: value for name, value in os.environ.items() if not name.startswith(prefixes)}


def run_status(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 240) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = 240) -> subprocess.CompletedProcess:
    """`command`, which must succeed."""
    result = run_status(command, cwd, env, timeout)
    assert result.returncode == 0, (
        f"{command} exited {result.returncode}\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
    )
    return result


def build_and_install(tmp_path: Path, env: dict[str, str]) -> Path:
    """The wheel of a copy of the checkout (no stale build/ of ours), installed alone in a new venv; returns it."""
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    dist = tmp_path / "dist"
    run([sys.executable, "-m", "pip", "wheel", ".", "--no-deps", "-w", str(dist)], cwd=source, env=env)
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=tmp_path, env=env)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", str(wheel)], tmp_path, env)
    return venv


def add_our_dependencies(venv: Path, env: dict[str, str]) -> None:
    """The venv reaches the packages of the environment running this test, after its own (a .pth line)."""
    python = venv / "bin" / "python"
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], venv, env)
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib.stdout.strip()) / "dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")


def test_the_wheel_installs_and_its_mock_passes_a_conformance_rule(tmp_path: Path) -> None:
    env = clean_environment()
    venv = build_and_install(tmp_path, env)
    # the wheel alone, without the mock extra: one line that says what to install
    alone = run_status([str(venv / "bin" / "akeneo-mock")], tmp_path, env)
    assert (alone.returncode, alone.stderr.count("\n")) == (2, 1), alone.stderr
    assert "pip install 'akeneo-asset-manager-toolkit[mock]'" in alone.stderr
    add_our_dependencies(venv, env)
    outside = tmp_path / "elsewhere"  # cwd outside the checkout: nothing is found through the working directory
    outside.mkdir()

    # every package, and every shared file, is the venv's own copy
    probe = "import json, " + ", ".join(PACKAGES) + "; import akeneo_contract as c; print(json.dumps("
    probe += "[m.__file__ for m in (" + ", ".join(PACKAGES) + ")] + [str(c.locate(n)) for n in c.CHECKOUT_PATHS]))"
    files = json.loads(run([str(venv / "bin" / "python"), "-c", probe], outside, env).stdout)
    assert len(files) == len(PACKAGES) + len(CHECKOUT_PATHS)
    for file in files:
        assert Path(file).resolve().is_relative_to(venv.resolve()), f"{file} is not the installed copy"

    version = run([str(venv / "bin" / "akeneo-mock"), "--version"], outside, env).stdout
    assert version.startswith("akeneo-mock ")

    port = free_port()
    mock = subprocess.Popen(
        [str(venv / "bin" / "akeneo-mock"), "--port", str(port), "--log-level", "warning"],
        cwd=outside,
        env=env,
        stderr=subprocess.PIPE,
    )
    try:
        wait_until_listening(port, mock)
        url = f"http://127.0.0.1:{port}"
        assert httpx.get(url + "/api/rest/v1", timeout=10).status_code == 200
        reports = tmp_path / "reports"
        summary_before = httpx.get(url + "/mock/summary", timeout=10).json()
        suite = [str(venv / "bin" / "akeneo-conformance"), "--target", url, "--layer", "scenarios"]
        run([*suite, "--select", f"{RULE},AUTH-TOKEN-EXPIRES", "--report-dir", str(reports)], outside, env)
        # TENANT-ISOLATION: the run (its token, its clock travel) happened in a tenant of its own, now dropped
        assert [tenant["name"] for tenant in httpx.get(url + "/mock/tenants", timeout=10).json()] == ["default"]
        assert httpx.get(url + "/mock/clock", timeout=10).json()["offset_seconds"] == 0
        assert httpx.get(url + "/mock/summary", timeout=10).json()["counts"] == summary_before["counts"]
    finally:
        mock.terminate()
        mock.wait(timeout=10)
    scorecard = json.loads((reports / "scorecard.json").read_text())
    (entry,) = (rule for rule in scorecard["rules"] if rule["id"] == RULE)
    assert entry["status"] == "pass"
    assert len(entry["tests"]) > 10  # one per documented GET route: the packaged contract was read
