"""Two answers to one call, normalised for what must vary between two servers, compared; the divergence report.

Normalised: the base URL (host) in links and Location, `created`/`updated` timestamps, tokens, and the target's
media file codes (mapped to the reference's by upload order). By default error `message` texts are left out (the
`code`, `property` paths and statuses are compared); DifferentialSettings.messages compares them too.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from typing import Any
from urllib.parse import quote

from conformance.differential.sides import MEDIA_CODE_HEADER, Answer, Side

COMPARED_HEADERS = ("location", "content-type", MEDIA_CODE_HEADER)
TIMESTAMPS = frozenset({"created", "updated"})
TOKENS = frozenset({"access_token", "refresh_token"})


class Normaliser:
    """What one side's answer becomes before comparing: its base URL as <base>, its media codes as the
    reference's, timestamps and tokens as placeholders, messages dropped unless compared."""

    def __init__(self, side: Side, reference: Side, messages: bool) -> None:
        self._base = side.base_url
        self._messages = messages
        self._codes: list[tuple[str, str]] = []
        for mine, theirs in zip(side.media, reference.media, strict=False):
            if mine != theirs:
                self._codes += [(mine, theirs), (quote(mine, safe=""), quote(theirs, safe=""))]
                self._codes += [(quote(mine), quote(theirs))]
        self._codes.sort(key=lambda pair: len(pair[0]), reverse=True)

    def text(self, value: str) -> str:
        value = value.replace(self._base, "<base>")
        for mine, theirs in self._codes:
            value = value.replace(mine, theirs)
        return value

    def data(self, value: Any, key: str | None = None) -> Any:
        if isinstance(value, dict):
            out = {}
            for name, item in value.items():
                if name == "message" and not self._messages:
                    continue
                out[name] = self.data(item, name)
            return out
        if isinstance(value, list):
            return [self.data(item) for item in value]
        if isinstance(value, str):
            if key in TIMESTAMPS:
                return "<time>"
            if key in TOKENS:
                return "<token>"
            return self.text(value)
        return value

    def answer(self, answer: Answer) -> dict[str, Any]:
        """The parts compared: status, the headers that matter, and the body (JSON, text, or a digest)."""
        headers = {name: self.text(answer.headers[name]) for name in COMPARED_HEADERS if name in answer.headers}
        return {"status": answer.status, "headers": headers, "body": self.body(answer), "layout": layout(answer)}

    def body(self, answer: Answer) -> Any:
        if not answer.content:
            return None
        try:
            return self.data(json.loads(answer.content))
        except ValueError:
            pass
        if answer.headers.get("content-type", "").startswith("image/"):
            return f"<{len(answer.content)} bytes, sha256 {hashlib.sha256(answer.content).hexdigest()[:16]}>"
        return self.text(answer.content.decode("utf-8", "replace"))


def differences(target: dict[str, Any], reference: dict[str, Any]) -> list[str]:
    """What differs between two normalised answers: 'status', 'header location', 'body'..."""
    found = ["status"] if target["status"] != reference["status"] else []
    for name in COMPARED_HEADERS:
        if target["headers"].get(name) != reference["headers"].get(name):
            found.append(f"header {name}")
    if target["body"] != reference["body"]:
        found.append("body")
    elif target["layout"] != reference["layout"]:
        found.append("JSON layout")
    return found


STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')


def layout(answer: Answer) -> str:
    """A JSON body's bytes with every string emptied: what is left is its whitespace and punctuation, which a
    client splitting answers on newlines reads (the bodies themselves are compared parsed)."""
    if "json" not in answer.headers.get("content-type", ""):
        return ""
    return STRING.sub(b'""', answer.content).decode("utf-8", "replace")


def _lines(value: Any) -> list[str]:
    if isinstance(value, (dict, list)):
        return json.dumps(value, indent=1, ensure_ascii=False).splitlines()
    return str(value).splitlines()


def side_by_side(target: dict[str, Any], reference: dict[str, Any], width: int = 60) -> list[str]:
    rows = [("status", str(target["status"]), str(reference["status"]))]
    for name in COMPARED_HEADERS:
        if name in target["headers"] or name in reference["headers"]:
            rows.append((name, target["headers"].get(name, "-"), reference["headers"].get(name, "-")))
    if target["layout"] != reference["layout"]:
        rows.append(("JSON layout", repr(target["layout"][-width:]), repr(reference["layout"][-width:])))
    lines = [f"  {'':<22}{'target':<{width}}  reference"]
    lines += [f"  {name:<22}{mine[:width]:<{width}}  {theirs[:width]}" for name, mine, theirs in rows]
    return lines


def body_diff(target: dict[str, Any], reference: dict[str, Any], limit: int = 80) -> list[str]:
    diff = list(
        difflib.unified_diff(
            _lines(reference["body"]),
            _lines(target["body"]),
            "reference (normalised)",
            "target (normalised)",
            lineterm="",
        )
    )
    return diff[:limit] + ([f"... {len(diff) - limit} more diff lines"] if len(diff) > limit else [])
