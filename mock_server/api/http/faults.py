"""Faults a client arms on the mock (POST /mock/faults): answer a status, delay, or downgrade links, on the vendor
paths a regular expression finds, a number of times, with a probability; and the presets that name common ones.

Faults are kept per tenant (`scope["mock_tenant"]`, None for the default tenant) and tried in creation order: the
first that matches the request and wins its draw applies, and only it. The draw uses a `random.Random` (the
registry's, or the fault's own when the body gives a `seed`), so tests and clients get repeatable runs.
"""

from __future__ import annotations

import itertools
import random
import re
from dataclasses import dataclass, field
from typing import Any

from mock_server.api.http.errors import vendor_error_body
from mock_server.domain.errors import NotFound, ValidationFailed

MAX_DELAY_MS = 60_000  # FAULT-DELAY-CAP: one request never holds a worker longer than a minute
TIMEOUT_DELAY_MS = 30_000  # past the 10-30 s most HTTP clients wait by default


@dataclass(frozen=True)
class Preset:
    """What a preset arms unless the body says otherwise. `times` None: until deleted."""

    status: int | None = None
    path: str = ""
    times: int | None = None
    delay_ms: int = 0
    http_links: bool = False


# FAULT-PRESETS: the defaults documented in openapi/mock-control.yaml (FaultRequest.preset).
PRESETS: dict[str, Preset] = {
    "rate_limit": Preset(status=429),
    # The vendor's 401 once (a client refreshes its token and retries); never on the token endpoint itself.
    "token_expired": Preset(status=401, path=r"^/api/rest/", times=1),
    "http_links": Preset(http_links=True),
    "server_error": Preset(status=500),
    "timeout": Preset(delay_ms=TIMEOUT_DELAY_MS, times=1),
}


@dataclass
class Fault:
    id: int
    path: re.Pattern[str]
    method: str | None = None
    status: int | None = None
    times: int | None = None  # left to apply; None: until deleted
    probability: float = 1.0
    delay_ms: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    http_links: bool = False
    preset: str | None = None
    seed: int | None = None
    rng: random.Random | None = None  # its own draws when seeded

    def matches(self, method: str, path: str) -> bool:
        return (self.method is None or self.method == method) and self.path.search(path) is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "preset": self.preset,
            "method": self.method,
            "path": self.path.pattern,
            "status": self.status,
            "times": self.times,
            "probability": self.probability,
            "delay_ms": self.delay_ms,
            "headers": dict(self.headers),
            "body": self.body,
            "http_links": self.http_links,
            "seed": self.seed,
        }


def build_fault(fault_id: int, body: dict[str, Any], retry_after: bool = True) -> Fault:
    """A fault from a POST body the contract already checked (types, ranges); the regular expression and the
    preset-only options are checked here. `retry_after`: the instance's setting, the rate_limit preset's default."""
    preset_name = body.get("preset")
    preset = PRESETS[preset_name] if preset_name else Preset()
    if "retry_after" in body and preset_name != "rate_limit":
        raise ValidationFailed.single("retry_after", 'Property "retry_after" only applies to the "rate_limit" preset.')
    pattern = body.get("path", preset.path)
    try:
        compiled = re.compile(pattern)
    except (re.error, RecursionError, OverflowError) as exc:  # FAULT-PATH-REGEX: refused at POST, never at match time
        raise ValidationFailed.single("path", f'Property "path" is not a valid regular expression: {exc}.') from None
    status = body.get("status", preset.status)
    headers = dict(body.get("headers") or {})
    if preset_name == "rate_limit" and body.get("retry_after", retry_after):
        headers.setdefault("Retry-After", "1")
    fault_body = body.get("body")
    if status is not None and "body" not in body:
        fault_body = vendor_error_body(status)  # FAULT-VENDOR-BODY (401: the expired token's, token_expired's)
    seed = body.get("seed")
    return Fault(
        id=fault_id,
        path=compiled,
        method=body.get("method"),  # the contract's enum: upper case
        status=status,
        times=body.get("times", preset.times),
        probability=float(body.get("probability", 1.0)),
        delay_ms=int(body.get("delay_ms", preset.delay_ms)),
        headers=headers,
        body=fault_body,
        http_links=bool(body.get("http_links", preset.http_links)),
        preset=preset_name,
        seed=seed,
        rng=random.Random(seed) if seed is not None else None,  # noqa: S311 - repeatable draws, not secrets
    )


class Faults:
    """The armed faults of one app, per tenant."""

    def __init__(self, rng: random.Random | None = None) -> None:
        self.rng = rng or random.Random()  # noqa: S311 - fault draws, not secrets
        self._by_tenant: dict[str | None, list[Fault]] = {}
        self._ids = itertools.count(1)

    def add(self, tenant: str | None, body: dict[str, Any], retry_after: bool = True) -> Fault:
        fault = build_fault(0, body, retry_after)
        fault.id = next(self._ids)  # numbered once valid: a refused body takes no id
        self._by_tenant.setdefault(tenant, []).append(fault)
        return fault

    def list(self, tenant: str | None) -> list[Fault]:
        return list(self._by_tenant.get(tenant, []))

    def delete(self, tenant: str | None, fault_id: int) -> None:
        faults = self._by_tenant.get(tenant, [])
        for index, fault in enumerate(faults):
            if fault.id == fault_id:
                del faults[index]
                return
        raise NotFound(f'The fault "{fault_id}" does not exist.')

    def clear(self, tenant: str | None) -> None:
        self._by_tenant.pop(tenant, None)

    def take(self, tenant: str | None, method: str, path: str) -> Fault | None:
        """The fault that applies to this request, counted down (FAULT-TIMES), or None."""
        faults = self._by_tenant.get(tenant, [])
        for fault in faults:
            if not fault.matches(method, path):
                continue
            if fault.probability < 1.0 and (fault.rng or self.rng).random() >= fault.probability:
                continue  # FAULT-PROBABILITY: lost its draw; neither applied nor counted
            if fault.times is not None:
                fault.times -= 1
                if fault.times <= 0:
                    faults.remove(fault)  # spent
            return fault
        return None
