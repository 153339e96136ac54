"""The pytest plugin shipped with the package (issue #11): a client developer's test needs no set-up code."""

from __future__ import annotations

import pytest

pytest_plugins = ["pytester"]

CLIENT_TEST = """
import httpx


def _token(tenant):
    grant = {"grant_type": "password", "username": tenant.mock.username, "password": tenant.mock.password}
    answer = httpx.post(
        f"{tenant.base_url}/api/oauth/v1/token", json=grant, auth=(tenant.mock.client_id, tenant.mock.client_secret)
    )
    assert answer.status_code == 200, answer.text
    return answer.json()["access_token"]


def _write(tenant, family):
    headers = {"Authorization": f"Bearer {_token(tenant)}"}
    url = f"{tenant.base_url}/api/rest/v1/asset-families/{family}"
    assert httpx.patch(url, json={"code": family}, headers=headers).status_code == 201


def test_first_tenant(akeneo_tenant, akeneo_journal):
    _write(akeneo_tenant, "plugin_family")
    assert ("PATCH", "/api/rest/v1/asset-families/plugin_family") in akeneo_journal.calls()


def test_second_tenant_does_not_see_the_first(akeneo_tenant, akeneo_journal):
    assert akeneo_journal.calls() == []
    _write(akeneo_tenant, "plugin_family")  # 201 again: a fresh tenant, not the first test's
"""


def test_plugin_fixtures_give_each_test_a_fresh_tenant_and_its_journal(pytester: pytest.Pytester) -> None:
    """PLUGIN-FIXTURES: akeneo_mock starts a mock once, akeneo_tenant isolates each test, akeneo_journal reads what
    the test's client sent; the plugin is found through its pytest11 entry point (no conftest, no -p)."""
    pytester.makepyfile(test_client=CLIENT_TEST)
    result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)


def test_two_xdist_workers_writing_the_same_codes_in_their_tenants_see_no_interference(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """TENANT-ISOLATION under pytest-xdist: two workers share ONE mock (--akeneo-mock-url), run the same writes at
    the same time, each in its own tenant: every create is a 201 and each journal holds only its own calls."""
    from tests.e2e.conftest import MOCK_PASSWORD, running_mock

    same_writes = "\n".join(
        f"def test_worker_writes_{n}(akeneo_tenant, akeneo_journal):\n"
        f"    _write(akeneo_tenant, 'shared_code')\n"
        f"    assert [c for c in akeneo_journal.calls() if c[0] == 'PATCH'] == "
        f"[('PATCH', '/api/rest/v1/asset-families/shared_code')]\n"
        for n in range(6)
    )
    pytester.makepyfile(test_client=CLIENT_TEST.split("def test_first_tenant")[0] + same_writes)
    with running_mock() as url:
        monkeypatch.setenv("MOCK_PASSWORD", MOCK_PASSWORD)  # the fixture reads the mock's credentials
        result = pytester.runpytest_subprocess("-q", "-p", "no:cacheprovider", "-n", "2", f"--akeneo-mock-url={url}")
    result.assert_outcomes(passed=6)
