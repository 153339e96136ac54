"""THE one JSON renderer of the mock: every JSON body (resources, lists, errors, batch results, the token answer,
the collection lines) leaves as the vendor's PHP writes it.

WIRE-JSON-COMPACT: the vendor answers through Symfony's `JsonResponse`, i.e. `json_encode($data, JSON_HEX_TAG |
JSON_HEX_APOS | JSON_HEX_AMP | JSON_HEX_QUOT)`: compact (no spaces), no trailing newline, `/` written `\\/`,
non-ASCII as `\\uXXXX` (lowercase hex), and `<`, `>`, `&`, `'`, `"` inside strings as `\\u003C`, `\\u003E`, `\\u0026`,
`\\u0027`, `\\u0022`. The product side's collection lines are plain `json_encode($line)` (no JSON_HEX_* flags).
Every escape is plain JSON: any JSON parser reads the same values as from Python's default output.
"""

from __future__ import annotations

import json
import re
from typing import Any

from connexion.jsonifier import Jsonifier
from connexion.lifecycle import ConnexionResponse

JSON_MEDIA_TYPE = "application/json"  # WIRE-CONTENT-TYPE: JsonResponse's exact header value, no charset

# json.dumps(ensure_ascii=True) output holds `/<>&'` only inside strings, and a backslash only as the start of an
# escape: one pass that skips escapes (`\\.`) and rewrites the bare characters is exact.
_TOKENS = re.compile(r"""\\.|[/<>&']""")
_PLAIN = {"/": "\\/"}  # json_encode without flags
_HEX = {**_PLAIN, "<": "\\u003C", ">": "\\u003E", "&": "\\u0026", "'": "\\u0027", '\\"': "\\u0022"}
# For the (usual) text with no escaped quote, the same rewrites as plain replacements (str.replace is C speed; a
# regex callback per `/` cost half a page's time): a backslash written before `/` or in place of `<>&'` can never
# merge with a neighbouring escape, since json.dumps escapes every backslash.
_PLAIN_REPLACEMENTS = (("/", "\\/"),)
_HEX_REPLACEMENTS = (*_PLAIN_REPLACEMENTS, ("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"), ("'", "\\u0027"))


def render_json(data: Any, *, hex_flags: bool = True) -> str:
    """`data` as PHP encodes it: JsonResponse's flags by default, plain `json_encode` with hex_flags=False."""
    text = json.dumps(data, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    if '\\"' not in text:  # no escaped quote: `/<>&'` never start or end an escape, so plain replacements do
        for bare, escaped in _HEX_REPLACEMENTS if hex_flags else _PLAIN_REPLACEMENTS:
            text = text.replace(bare, escaped)
        return text
    table = _HEX if hex_flags else _PLAIN
    return _TOKENS.sub(lambda match: table.get(match.group(0), match.group(0)), text)


def with_items(envelope: str, items: list[str]) -> str:
    """A list's JSON text: `envelope` rendered with an empty `_embedded.items` (its last member), and the items'
    own texts put in it, so items already written (api/http/rendered_assets.py) are not encoded again."""
    if not envelope.endswith(_EMPTY_ITEMS_END):
        raise ValueError("the envelope must end with an empty _embedded.items")
    return f"{envelope[: -len(_EMPTY_ITEMS_END)]}[{','.join(items)}]}}}}"


_EMPTY_ITEMS_END = "[]}}"


def json_answer(text: str, status: int = 200) -> ConnexionResponse:
    """A JSON answer whose text is already written by `render_json` (or `with_items`)."""
    return ConnexionResponse(status_code=status, body=text, content_type=JSON_MEDIA_TYPE, mimetype=JSON_MEDIA_TYPE)


class WireJsonifier(Jsonifier):
    """Connexion's serializer for the handlers' JSON answers, bound to `render_json` (Connexion's own adds `\\n`)."""

    def dumps(self, data: Any, **kwargs: Any) -> str:
        return render_json(data)
