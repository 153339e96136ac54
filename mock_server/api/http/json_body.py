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
from itertools import accumulate
from typing import Any

from mock_server.domain.errors import BadRequest
from mock_server.domain.request_format.body import INVALID_JSON

MAX_DEPTH = 512  # json_decode's default $depth
_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")  # where a decoded string may hold one (over-approximated)
_LONG_DIGITS = re.compile(rb"[0-9]{19}")  # 19 digits may pass 2**63; fewer never do
_NOT_BRACKETS = bytes(byte for byte in range(256) if byte not in b"[]{}")
_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and -1 once read as signed bytes
_INT64 = range(-(2**63), 2**63)


def parse_json(raw: bytes) -> Any:
    """The body as PHP decodes it; BadRequest (400) where PHP's json_decode gives up.

    A body within the size limit (api/http/body_limits.py) may still be hostile: millions of tiny items, long numbers,
    deep nesting. Each check costs C-speed passes over the bytes, not a Python step per decoded item: only a body
    holding a 19-digit number pays a Python call per integer, and only one with a surrogate escape a walk of its
    strings (FORMAT-JSON-DEPTH, FORMAT-JSON-HUGE-NUMBER, FORMAT-JSON-ENCODING)."""
    try:
        text = raw.decode("utf-8")  # strict: invalid UTF-8 is refused, as json_decode refuses it
        skeleton = _skeleton(raw)
        big = {"parse_int": _php_int} if _LONG_DIGITS.search(skeleton) else {}
        body = json.loads(text, parse_constant=_refuse, **big)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise BadRequest(INVALID_JSON) from exc  # a RecursionError: far deeper than PHP's 512 levels anyway
    if body is None or _too_deep(skeleton) or (_SURROGATE_ESCAPE.search(raw) and _lone_surrogate(body)):
        raise BadRequest(INVALID_JSON)
    return body


def _refuse(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def _php_int(digits: str) -> int | float:
    """An integer beyond 64 bits is a float in PHP (and a float beyond the double range is infinite)."""
    if len(digits) <= 20 and int(digits) in _INT64:
        return int(digits)
    return float(digits)


def _skeleton(raw: bytes) -> bytes:
    """The body without its strings' contents, for a valid JSON text: escaped backslashes and quotes go first (left to
    right, as a JSON reader pairs them), then every other quote delimits a string. Only brackets, numbers and
    literals are left outside the `""` of each string (keys included), so a bracket or a digit in a string counts
    for nothing. An invalid text gives some skeleton, which does not matter: json.loads refuses it."""
    unescaped = raw.replace(b"\\\\", b"").replace(b'\\"', b"")
    return b'""'.join(unescaped.split(b'"')[::2])


def _too_deep(skeleton: bytes) -> bool:
    """Nesting deeper than json_decode's 512 levels of arrays and objects."""
    brackets = skeleton.translate(None, _NOT_BRACKETS)
    if brackets.count(b"[") + brackets.count(b"{") <= MAX_DEPTH:  # a body of few brackets cannot be that deep
        return False
    return max(accumulate(memoryview(brackets.translate(_STEPS)).cast("b"))) > MAX_DEPTH  # the deepest prefix


def _lone_surrogate(body: Any) -> bool:
    """An unpaired UTF-16 surrogate in a string or key ("\\ud800" alone: JSON_ERROR_UTF16); iterative."""
    stack: list[Any] = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
