"""The product side's collection PATCH media type, `application/vnd.akeneo.collection+json`: one JSON object per
line in the request (at most 100 lines of at most 1,000,000 characters, else 413) and one result per line in the
200 answer.

`NDJSONRequestBodyValidator` only measures the body: it leaves the bytes untouched for the handler, which reads
them with `read_lines()` (every line is then judged on its own: a line that is not JSON gets its own 400).
`NDJSONResponseBodyValidator` checks each answer line against the operation's `x-ndjson-line-schema` when the app
validates its responses (Connexion's JSON validator would choke on several JSON documents).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import connexion
from connexion.exceptions import NonConformingResponseBody
from connexion.lifecycle import ConnexionResponse
from connexion.validators import AbstractRequestBodyValidator, AbstractResponseBodyValidator
from jsonschema import ValidationError

from mock_server.api.http.wire import render_json
from mock_server.app_spec import contract_validator
from mock_server.domain.errors import BadRequest, PayloadTooLarge
from mock_server.domain.request_format.body import INVALID_JSON

MEDIA_TYPE = "application/vnd.akeneo.collection+json"
MAX_LINES = 100
MAX_LINE_LENGTH = 1_000_000
TOO_MANY_LINES = f"Too many resources to process, {MAX_LINES} is the maximum allowed."
LINE_TOO_LONG = "Line is too long."


def split_lines(raw: bytes | str) -> list[tuple[int, str]]:
    """(line number from 1, text) of each non-blank line; a trailing newline adds no line."""
    text = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    return [(number, line) for number, line in enumerate(text.split("\n"), start=1) if line.strip()]


def check_size(lines: list[tuple[int, str]]) -> None:
    if len(lines) > MAX_LINES:
        raise PayloadTooLarge(TOO_MANY_LINES)
    if any(len(line) > MAX_LINE_LENGTH for _, line in lines):
        raise PayloadTooLarge(LINE_TOO_LONG)


def decode_lines(raw: bytes | str) -> list[tuple[int, Any]]:
    """(line number, decoded JSON) per line, or the BadRequest of a line that is not JSON."""
    lines = split_lines(raw)
    check_size(lines)
    decoded: list[tuple[int, Any]] = []
    for number, line in lines:
        try:
            decoded.append((number, json.loads(line)))
        except (ValueError, RecursionError):  # RecursionError: absurdly deep nesting
            decoded.append((number, BadRequest(INVALID_JSON)))
    return decoded


async def read_lines() -> list[tuple[int, Any]]:
    """The current request's body, line by line (the handler's way to the body the validator left untouched)."""
    return decode_lines(await connexion.request.body())


def response(results: Iterable[dict[str, Any]]) -> ConnexionResponse:
    """200 with one JSON object per line, in the collection media type: the vendor's StreamResourceResponse writes
    plain `json_encode` lines joined by a newline, none after the last (WIRE-JSON-COMPACT)."""
    body = "\n".join(render_json(result, hex_flags=False) for result in results)
    return ConnexionResponse(status_code=200, body=body, content_type=MEDIA_TYPE)


class NDJSONRequestBodyValidator(AbstractRequestBodyValidator):
    """Refuses oversized collection bodies (413) and passes the raw bytes on; lines are judged by the handler."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # NDJSON-EMPTY-BATCH: the vendor's StreamResourceResponse answers each line it reads, so an empty body is a
        # batch of no line (200, empty answer), not the 400 Connexion gives a required body that is missing
        self._required = False

    async def _parse(self, stream: Any, scope: Any) -> Any:
        raw = b"".join([message async for message in stream])
        check_size(split_lines(raw))
        return raw

    def _validate(self, body: Any) -> dict | None:
        return None


class NDJSONResponseBodyValidator(AbstractResponseBodyValidator):
    """Each line of a collection answer must be a JSON object matching the operation's line schema."""

    def _parse(self, stream: Any) -> Any:
        text = b"".join(stream).decode(self._encoding or "utf-8")
        try:
            return [json.loads(line) for line in text.split("\n") if line.strip()]
        except ValueError as exc:
            raise NonConformingResponseBody(f"A line of the collection answer is not JSON: {exc}") from exc

    def _validate(self, body: Any) -> dict | None:
        line_schema = self._schema.get("x-ndjson-line-schema") if isinstance(self._schema, dict) else None
        if not line_schema:
            return None
        validator = contract_validator(line_schema)
        for number, line in enumerate(body or [], start=1):
            try:
                validator.validate(line)
            except ValidationError as exc:
                raise NonConformingResponseBody(
                    detail=f"Line {number} of the collection answer does not conform to the specification: "
                    f"{exc.message}"
                ) from exc
        return None
