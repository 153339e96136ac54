"""The Dockerfile builds an image whose mock serves on 8080 as a non-root user (only where a docker daemon answers)."""

from __future__ import annotations

import secrets
import shutil
import subprocess
import time
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
TOKEN_PATH = "/api/oauth/v1/token"
DOCKER = shutil.which("docker") or "docker"  # a full path when installed
BUILD_TIMEOUT = 900  # seconds: the first build pulls python:3.11-slim and installs the mock's dependencies


def docker_unavailable() -> str | None:
    """Why the image cannot be built here, or None."""
    if shutil.which("docker") is None:
        return "docker is not installed on this machine"
    info = subprocess.run([DOCKER, "info"], capture_output=True, timeout=60)
    if info.returncode != 0:
        return "the docker daemon does not answer (docker info failed), so no image can be built here"
    return None


UNAVAILABLE = docker_unavailable()
pytestmark = pytest.mark.skipif(UNAVAILABLE is not None, reason=UNAVAILABLE or "")


def docker(*arguments: str, timeout: float = 120) -> str:
    result = subprocess.run([DOCKER, *arguments], capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"docker {' '.join(arguments)}: {result.stderr[-3000:]}"
    return result.stdout.strip()


def container_output(container: str) -> str:
    """What the container printed, stdout and stderr (docker logs replays each on its own stream)."""
    result = subprocess.run([DOCKER, "logs", container], capture_output=True, text=True, timeout=60)
    return result.stdout + result.stderr


def wait_for_http(url: str, container: str, deadline_s: float = 60.0) -> None:
    end = time.monotonic() + deadline_s
    while time.monotonic() < end:
        if docker("inspect", "--format", "{{.State.Running}}", container) != "true":
            raise AssertionError(f"the container stopped: {container_output(container)}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)  # between attempts, not in place of the readiness check
    raise TimeoutError(f"{url} did not answer within {deadline_s}s")


def test_the_image_serves_the_mock_on_8080_as_a_non_root_user() -> None:
    tag = f"akeneo-mock-test:{secrets.token_hex(4)}"
    docker("build", "--tag", tag, str(ROOT), timeout=BUILD_TIMEOUT)
    try:
        container = docker("run", "--detach", "--publish", "127.0.0.1::8080", tag)
        try:
            port = docker("port", container, "8080/tcp").splitlines()[0].rsplit(":", 1)[1]
            url = f"http://127.0.0.1:{port}"
            wait_for_http(url + "/api/rest/v1", container)
            token = httpx.post(
                url + TOKEN_PATH,
                auth=("client", "secret"),
                json={"grant_type": "password", "username": "admin", "password": "admin"},
                timeout=10,
            )
            assert token.status_code == 200
            assert docker("exec", container, "id", "-u") != "0"
            assert container_output(container).startswith("Akeneo Asset Manager mock")  # the banner, first
        finally:
            docker("rm", "--force", container)
    finally:
        docker("rmi", "--force", tag)
