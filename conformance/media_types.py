"""Teach Schemathesis the product side's NDJSON batch format (application/vnd.akeneo.collection+json).

The contract describes those bodies as `type: string` (OpenAPI 3.0 cannot describe one JSON object per line):
requests are sent as the string itself, and responses are read back as text so the string schema applies; the
`ndjson_lines_conform` check then holds each answer line to the operation's `x-ndjson-line-schema`. Importing this
module registers all three; schemathesis.toml names it under `hooks`, so `st run` from the repository root loads it.
"""

from __future__ import annotations

import json
from typing import Any

import schemathesis
from jsonschema import Draft4Validator
from jsonschema.exceptions import best_match
from jsonschema.validators import extend

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


def _first(table: dict[str, Any]) -> None:
    """Move the NDJSON entry to the front of a media-type table, in place."""
    ordered = {NDJSON: table[NDJSON], **{key: value for key, value in table.items() if key != NDJSON}}
    table.clear()
    table.update(ordered)


def _prefer_ndjson() -> None:
    """Schemathesis tries serializers and deserializers in registration order and its JSON ones claim every
    `+json` type: without this, a string body left JSON-quoted (one line holding a JSON string, answered 400) and
    a one-line answer parsed as an object. Ours must come first for the NDJSON type, in each transport's table
    (private tables: Schemathesis is pinned below 5 in pyproject.toml)."""
    from schemathesis.core import deserialization
    from schemathesis.transport.asgi import ASGI_TRANSPORT
    from schemathesis.transport.requests import REQUESTS_TRANSPORT
    from schemathesis.transport.wsgi import WSGI_TRANSPORT

    _first(deserialization._DESERIALIZERS)
    for transport in (REQUESTS_TRANSPORT, ASGI_TRANSPORT, WSGI_TRANSPORT):
        _first(transport._serializers)


_prefer_ndjson()


def _type_or_null(validator: Any, types: Any, instance: Any, schema: dict[str, Any]) -> Any:
    # OpenAPI 3.0's `nullable`: Schemathesis translates it in the schemas it knows, not inside an x- extension
    # (a schema loaded from a server's /openapi.json arrives with its $refs already inlined, untranslated)
    if instance is None and schema.get("nullable") is True:
        return
    yield from Draft4Validator.VALIDATORS["type"](validator, types, instance, schema)


LineValidator = extend(Draft4Validator, {"type": _type_or_null})


@schemathesis.check
def ndjson_lines_conform(ctx: Any, response: Any, case: Any) -> bool | None:
    """Each line of an NDJSON answer is a JSON object matching the operation's `x-ndjson-line-schema`."""
    content_types = response.headers.get("content-type") or [""]
    if NDJSON not in str(content_types[0]).lower():
        return None
    definition = case.operation.responses.find_by_status_code(response.status_code)
    schema = definition.get_schema(NDJSON).schema if definition is not None else None
    if not isinstance(schema, dict) or "x-ndjson-line-schema" not in schema:
        return None
    # A schema loaded from a file has its $refs bundled under the response schema (x-bundled): validating against
    # a reference into that document keeps them resolvable.
    validator = LineValidator({**schema, "type": "object", "allOf": [{"$ref": "#/x-ndjson-line-schema"}]})
    for number, line in enumerate(response.content.decode("utf-8", errors="replace").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except ValueError as exc:
            raise AssertionError(f"Line {number} of the NDJSON answer is not JSON: {exc}") from exc
        error = best_match(validator.iter_errors(data))
        if error is not None:
            raise AssertionError(f"Line {number} of the NDJSON answer does not match its line schema: {error.message}")
    return True
