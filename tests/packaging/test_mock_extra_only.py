"""`pip install '.[mock]'` (the README's first line) must be enough to run the mock: nothing it imports may come
from the conformance or test extras. Those packages are installed here, so a child process hides them
(sys.modules[name] = None makes their import fail) and then serves requests the way the mock does."""

from __future__ import annotations

import subprocess
import sys
import textwrap

# Top-level modules of the packages only the `conformance` and `test` extras install.
OTHER_EXTRAS = (
    "schemathesis",
    "hypothesis",
    "pytest",
    "_pytest",
    "xdist",
    "tox",
    "ruff",
    "openapi_spec_validator",
    "openapi_schema_validator",
    "akeneo_api_client",
)

PROGRAM = textwrap.dedent(
    """
    import sys
    for name in {hidden!r}:
        sys.modules[name] = None
    from starlette.testclient import TestClient
    import mock_server.__main__
    import mock_server.proxy
    from fixtures.catalog import load_start
    from mock_server.app import create_app
    with TestClient(create_app(start_catalog=load_start)) as client:
        document = client.get("/mock/snapshot")
        restored = client.put("/mock/snapshot", json=document.json())
        listed = client.get("/api/rest/v1")
    print(document.status_code, restored.status_code, listed.status_code)
    """
)


def test_the_mock_and_its_proxy_need_nothing_beyond_the_mock_extra() -> None:
    program = PROGRAM.format(hidden=OTHER_EXTRAS)
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["200", "204", "200"]
