"""Request bodies read as the vendor's `json_decode($content, true)` reads them (rules FORMAT-JSON-DEPTH,
FORMAT-JSON-ENCODING, FORMAT-JSON-HUGE-NUMBER).

What PHP refuses (it returns null, and the connector answers 400 "Invalid json message received"): anything that is
not JSON, `null` itself, bytes that are not UTF-8 (a byte-order mark included), an unpaired UTF-16 surrogate in a
`\\u` escape, the non-JSON constants NaN and Infinity that Python accepts, and nesting deeper than json_decode's
default depth of 512 arrays or objects. Python would crash on deep nesting (RecursionError, a 500) and on integers
of more than 4,300 digits; PHP reads an integer too large for 64 bits as a float, and so do we.
"""

from __future__ import annotations

import json
import re
from typing import Any

from mock_server.domain.errors import BadRequest
from mock_server.domain.request_body import INVALID_JSON

MAX_DEPTH = 512  # json_decode's default $depth
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_INT64 = range(-(2**63), 2**63)


def parse_json(raw: bytes) -> Any:
    """The body as PHP decodes it; BadRequest (400) where PHP's json_decode gives up."""
    try:
        text = raw.decode("utf-8")  # strict: invalid UTF-8 is refused, as json_decode refuses it
        if _too_deep(text):
            raise ValueError("nesting deeper than json_decode's default depth")
        body = json.loads(text, parse_constant=_refuse, parse_int=_php_int)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise BadRequest(INVALID_JSON) from exc
    if body is None or _has_lone_surrogate(body):
        raise BadRequest(INVALID_JSON)
    return body


def _too_deep(text: str) -> bool:
    depth = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        if depth > MAX_DEPTH:
            return True
    return False


def _refuse(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _php_int(digits: str) -> int | float:
    """An integer beyond 64 bits is a float in PHP (and a float beyond the double range is infinite)."""
    if len(digits) <= 20 and int(digits) in _INT64:
        return int(digits)
    return float(digits)


def _has_lone_surrogate(body: Any) -> bool:
    """Python decodes "\\ud800" alone; PHP refuses it (JSON_ERROR_UTF16). Iterative: bodies may nest 512 deep."""
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
