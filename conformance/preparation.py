"""Set-up steps: the requests that prepare a scenario's data rather than being its subject.

A set-up step judges only "it succeeded" (any 2xx: how the vendor acknowledges a create is its own rule's subject).
When one fails, `SetupFailed` names the rule that owns the operation, and the plugin reports the test "not run:
set-up failed (rule X)" with the request and answer as evidence: one defect reads as one failing rule, not as every
rule that needed its data.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

ROOT = "/api/rest/v1"  # the API's root path, one definition for the whole suite
_FAMILY = rf"{ROOT}/asset-families/[^/?]+"

# (method, path) -> the rule whose subject is that operation's answer; the first match wins.
OWNERS: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (method, re.compile(pattern), rule)
    for method, pattern, rule in (
        ("POST", rf"{ROOT}/asset-media-files", "MEDIA-UPLOAD"),
        ("DELETE", rf"{_FAMILY}/assets/[^/?]+", "ASSET-DELETE"),
        ("DELETE", rf"{_FAMILY}/attributes/[^/?]+/options/[^/?]+", "OPT-DELETE"),
        ("PATCH", rf"{_FAMILY}/assets", "BATCH-RESULT-PER-ASSET"),
        ("PATCH", rf"{_FAMILY}/assets/[^/?]+", "ASSET-UPSERT-CREATE"),
        ("PATCH", rf"{_FAMILY}/attributes/[^/?]+/options/[^/?]+", "OPT-UPSERT"),
        ("PATCH", rf"{_FAMILY}/attributes/[^/?]+", "ATTR-UPSERT"),
        ("PATCH", _FAMILY, "FAM-UPSERT"),
        ("*", rf"{ROOT}/attribute-groups(/[^/?]+)?", "PRODUCT-GROUP-UPSERT"),
        ("*", rf"{ROOT}/families/[^/?]+/variants(/[^/?]+)?", "PRODUCT-VARIANT-UPSERT"),
    )
)


def owner_of(method: str, path: str) -> str | None:
    """The rule that owns this operation's answer, None for one no rule of the catalogue owns (the product side's
    products, attributes and families, which the suite only uses to reach the assets)."""
    for wanted, pattern, rule in OWNERS:
        if wanted in ("*", method.upper()) and pattern.fullmatch(path):
            return rule
    return None


class SetupFailed(Exception):
    """A set-up step failed: the test cannot judge its own rule. Not an AssertionError, so `eventually` lets it by."""

    def __init__(self, owner_rule: str | None, what: str, response: httpx.Response | None, detail: str = "") -> None:
        self.owner_rule = owner_rule
        self.what = what
        self.response = response
        answer = "" if response is None else f" answered {response.status_code}: {response.text[:500]}"
        super().__init__(f"{self.reason}: {what}{answer}{detail}")

    @property
    def reason(self) -> str:
        owner = f"rule {self.owner_rule}" if self.owner_rule else f"no rule of the catalogue owns {self.what}"
        return f"not run: set-up failed ({owner})"


def prepared(response: httpx.Response, *, owner: str | None = None, what: str | None = None) -> httpx.Response:
    """The answer of a set-up step, if it succeeded (2xx, and every line of a batch answer under 300); otherwise
    SetupFailed naming `owner` (default: the rule owning the request's operation, `owner_of`)."""
    request = response.request
    what = what or f"{request.method} {request.url.path}"
    owner = owner or owner_of(request.method, request.url.path)
    if not 200 <= response.status_code < 300:
        raise SetupFailed(owner, what, response)
    refused = [line for line in _batch_lines(response) if not _success(line.get("status_code"))]
    if refused:
        raise SetupFailed(owner, what, response, f" (refused lines: {refused[:3]})")
    return response


def _batch_lines(response: httpx.Response) -> list[dict[str, Any]]:
    if response.request.method != "PATCH" or "json" not in response.headers.get("content-type", ""):
        return []
    try:
        body = response.json()
    except ValueError:
        return []
    return [line for line in body if isinstance(line, dict)] if isinstance(body, list) else []


def _success(status: Any) -> bool:
    return isinstance(status, int) and 200 <= status < 300
