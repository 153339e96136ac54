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
_SURROGATE = re.compile("[\ud800-\udfff]")
_INT64 = range(-(2**63), 2**63)


def parse_json(raw: bytes) -> Any:
    """The body as PHP decodes it; BadRequest (400) where PHP's json_decode gives up."""
    try:
        text = raw.decode("utf-8")  # strict: invalid UTF-8 is refused, as json_decode refuses it
        body = json.loads(text, parse_constant=_refuse, parse_int=_php_int)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise BadRequest(INVALID_JSON) from exc  # a RecursionError: far deeper than PHP's 512 levels anyway
    if body is None or _beyond_php(body):
        raise BadRequest(INVALID_JSON)
    return body


def _refuse(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _php_int(digits: str) -> int | float:
    """An integer beyond 64 bits is a float in PHP (and a float beyond the double range is infinite)."""
    if len(digits) <= 20 and int(digits) in _INT64:
        return int(digits)
    return float(digits)


def _beyond_php(body: Any) -> bool:
    """What Python decodes and PHP does not: nesting deeper than json_decode's 512 levels, or an unpaired UTF-16
    surrogate ("\\ud800" alone: JSON_ERROR_UTF16). One walk of the decoded body, iterative (no recursion)."""
    stack: list[tuple[Any, int]] = [(body, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                return True
            if isinstance(item, dict):
                stack.extend((key, depth) for key in item)
                item = item.values()
            stack.extend((child, depth + 1) for child in item)
    return False
