"""What the product-side API tests share: the API root, the test server's base URL, and NDJSON bodies written and read."""

from __future__ import annotations

import json
from typing import Any

import httpx

ROOT = "/api/rest/v1"
BASE = "http://testserver"
NDJSON = {"Content-Type": "application/vnd.akeneo.collection+json"}


def lines(response: httpx.Response) -> list[dict[str, Any]]:
    return [json.loads(line) for line in response.text.splitlines()]


def ndjson(*entries: Any) -> str:
    return "\n".join(entry if isinstance(entry, str) else json.dumps(entry) for entry in entries)
