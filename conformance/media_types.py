"""Teach Schemathesis the product side's NDJSON batch format (application/vnd.akeneo.collection+json).

The contract describes those bodies as `type: string` (OpenAPI cannot describe one JSON object per line): requests
are sent as the string itself, and responses are read back as text so the string schema applies; each line's own
schema (x-ndjson-line-schema) is checked by the scenario tests. Importing this module registers both hooks.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis

NDJSON = "application/vnd.akeneo.collection+json"


@schemathesis.serializer(NDJSON)
def serialize_ndjson(ctx: Any, value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    text = value if isinstance(value, str) else json.dumps(value)
    return text.encode("utf-8")


@schemathesis.deserializer(NDJSON)
def deserialize_ndjson(ctx: Any, response: Any) -> Any:
    # Schemathesis offers every JSON-family type to this function once it is first in line: JSON stays JSON.
    content_types = response.headers.get("content-type") or [""]  # Schemathesis keeps header values as lists
    if NDJSON in str(content_types[0]).lower():
        return response.content.decode("utf-8", errors="replace")
    return response.json()


def _prefer_ndjson_deserializer() -> None:
    """Schemathesis tries deserializers in registration order and its JSON one claims every `+json` type; ours
    must come first for the NDJSON type (a private table: Schemathesis is pinned below 5 in pyproject.toml)."""
    from schemathesis.core import deserialization

    table = deserialization._DESERIALIZERS
    table[NDJSON] = table.pop(NDJSON)
    ordered = {NDJSON: table[NDJSON], **{k: v for k, v in table.items() if k != NDJSON}}
    table.clear()
    table.update(ordered)


_prefer_ndjson_deserializer()
