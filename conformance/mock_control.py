"""What a run asks of the mock's control plane (openapi/mock-control.yaml), and only when the target offers it: a
tenant of the run's own, and its clock moved forward. Any other server answers these paths with an error, and the
run talks to it as it is."""

from __future__ import annotations

from typing import Any

import httpx

from conformance.credentials import TargetError

# The mock's control plane moves its clock: time travel instead of waiting for a token to expire. A real PIM answers
# 404 and the suite waits instead; so does a read-only run, which sends no POST at all.
MOCK_CLOCK_PATH = "/mock/clock"
# TENANT-ISOLATION: on the mock (it lists its tenants under /mock/tenants), a run works in a tenant of its own, named
# after its run prefix and dropped at the end, so a developer's running mock keeps its data and its clock.
MOCK_TENANTS_PATH = "/mock/tenants"
TENANT_HEADER = "X-Mock-Tenant"
TENANT_PROBE_TIMEOUT = httpx.Timeout(10.0, connect=5.0)


def claim_tenant(base_url: str, run_prefix: str) -> str | None:
    """The tenant a run works in when the target is the mock, else None. An unreachable target gets None too: the
    preflight, or the first request, says why in its own words."""
    try:
        with httpx.Client(base_url=base_url, timeout=TENANT_PROBE_TIMEOUT, follow_redirects=False) as http:
            listed = http.get(MOCK_TENANTS_PATH, headers={"Accept": "application/json"})
    except httpx.HTTPError:
        return None
    body = _json(listed)
    is_mock = (
        listed.status_code == 200
        and isinstance(body, list)
        and bool(body)  # the default tenant is always listed
        and all(isinstance(tenant, dict) and "name" in tenant for tenant in body)
    )
    return f"conformance-{run_prefix}" if is_mock else None


def drop_tenant(base_url: str, tenant: str) -> None:
    try:
        with httpx.Client(base_url=base_url, timeout=TENANT_PROBE_TIMEOUT, follow_redirects=False) as http:
            http.delete(f"{MOCK_TENANTS_PATH}/{tenant}")  # 404 when the run never used it: nothing to drop
    except httpx.HTTPError:
        pass  # a mock stopped before the run's end has nothing left to drop


def advance_clock(client: httpx.Client, seconds: float) -> bool:
    """Moves the clock of a target that offers the mock's; False for any other server."""
    probe = client.get(MOCK_CLOCK_PATH)
    if probe.status_code != 200 or "offset_seconds" not in _json_object(probe):
        return False
    moved = client.post(f"{MOCK_CLOCK_PATH}/advance", json={"seconds": seconds})
    if moved.status_code != 200:
        raise TargetError(f"the target's clock did not move: {moved.status_code} {moved.text[:200]}")
    return True


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _json_object(response: httpx.Response) -> dict[str, Any]:
    body = _json(response)
    return body if isinstance(body, dict) else {}
