"""What replay compares: a recorded answer and the target's, after normalising what must vary between servers.

Varies and is normalised: the base URL (the recording's upstream, the target's own), generated codes (media file
codes, mapped from the recording's to the target's as replay learns them), timestamps (`created`, `updated`) and
tokens. Compared: the status, Content-Type, the path of Location, Asset-media-file-code, Content-Disposition, and
the body: JSON (NDJSON line by line) value by value with a JSON pointer per difference, anything else byte for byte.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from akeneo_contract.cassette import media_type

BASE = "<base-url>"
TIMESTAMP = "<timestamp>"
TOKEN = "<token>"  # noqa: S105 - a placeholder
TIMESTAMP_KEYS = frozenset({"created", "updated"})
TOKEN_KEYS = frozenset({"access_token", "refresh_token"})
COMPARED_HEADERS = ("content-type", "location", "asset-media-file-code", "content-disposition")
NDJSON = "application/vnd.akeneo.collection+json"
MISSING = "(missing)"


@dataclass
class Normaliser:
    """Turns a recorded or a replayed value into the form both are compared in."""

    recorded_base: str
    target_base: str
    codes: dict[str, str] = field(default_factory=dict)  # the target's generated code -> the recording's

    def learn(self, recorded: str, replayed: str) -> None:
        if recorded and replayed and recorded != replayed:
            self.codes[replayed] = recorded

    def to_target(self, text: str) -> str:
        """A recorded request's path, query or body with the recording's generated codes replaced by the target's."""
        for replayed, recorded in self.codes.items():
            text = text.replace(recorded, replayed).replace(quote(recorded, safe=""), quote(replayed, safe=""))
        return text

    def text(self, text: str, *, recorded: bool) -> str:
        if recorded:
            bases = [self.recorded_base]
        else:
            target = urlsplit(self.target_base)
            bases = [self.target_base, f"{target.scheme}://{target.netloc}"]
            for replayed, original in self.codes.items():
                text = text.replace(replayed, original)
        for base in bases:
            if base:
                text = text.replace(base.rstrip("/"), BASE)
        return text

    def json(self, value: Any, *, recorded: bool, key: str | None = None) -> Any:
        if isinstance(value, dict):
            return {k: self.json(v, recorded=recorded, key=k) for k, v in value.items()}
        if isinstance(value, list):
            return [self.json(item, recorded=recorded) for item in value]
        if isinstance(value, str):
            if key in TIMESTAMP_KEYS:
                return TIMESTAMP
            if key in TOKEN_KEYS:
                return TOKEN
            return self.text(value, recorded=recorded)
        return value


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # lowercase names
    body: bytes


@dataclass(frozen=True)
class Difference:
    what: str  # "status", "header content-type", "body /pointer"
    recorded: Any
    got: Any


def compare(recorded: Answer, got: Answer, normaliser: Normaliser) -> list[Difference]:
    found: list[Difference] = []
    if recorded.status != got.status:
        found.append(Difference("status", recorded.status, got.status))
    for name in COMPARED_HEADERS:
        before, after = recorded.headers.get(name), got.headers.get(name)
        if name == "content-type":
            before, after = _content_type(before), _content_type(after)
        elif before is not None and after is not None:
            before, after = normaliser.text(before, recorded=True), normaliser.text(after, recorded=False)
            if name == "location":  # the path is what must match; the origin is the server's own
                before, after = _path(before), _path(after)
        if before != after:
            found.append(Difference(f"header {name}", _shown(before), _shown(after)))
    return found + _bodies(recorded, got, normaliser)


def _bodies(recorded: Answer, got: Answer, normaliser: Normaliser) -> list[Difference]:
    kind = media_type(recorded.headers.get("content-type"))
    if recorded.body == got.body == b"":
        return []
    before, after = _parsed(recorded.body, kind), _parsed(got.body, kind)
    if before is not None and after is not None:
        differences: list[Difference] = []
        _diff(normaliser.json(before, recorded=True), normaliser.json(after, recorded=False), "", differences)
        return differences
    if kind.startswith("text/") or (before is not None) != (after is not None):
        left = normaliser.text(recorded.body.decode("utf-8", "replace"), recorded=True)
        right = normaliser.text(got.body.decode("utf-8", "replace"), recorded=False)
        return [] if left == right else [Difference("body", _shown(left), _shown(right))]
    if recorded.body != got.body:  # binary: a download's bytes
        return [Difference("body", _digest(recorded.body), _digest(got.body))]
    return []


def _parsed(raw: bytes, kind: str) -> Any:
    """The JSON a body holds (NDJSON: the list of its lines), or None when it is not JSON."""
    if not raw or not (kind in ("application/json", NDJSON) or kind.endswith("+json")):
        return None
    try:
        if kind == NDJSON:
            return [json.loads(line) for line in raw.decode("utf-8").split("\n") if line.strip()]
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def _diff(before: Any, after: Any, pointer: str, out: list[Difference]) -> None:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            child = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if key not in after:
                out.append(Difference(f"body {child}", before[key], MISSING))
            elif key not in before:
                out.append(Difference(f"body {child}", MISSING, after[key]))
            else:
                _diff(before[key], after[key], child, out)
    elif isinstance(before, list) and isinstance(after, list):
        for index in range(max(len(before), len(after))):
            child = f"{pointer}/{index}"
            if index >= len(after):
                out.append(Difference(f"body {child}", before[index], MISSING))
            elif index >= len(before):
                out.append(Difference(f"body {child}", MISSING, after[index]))
            else:
                _diff(before[index], after[index], child, out)
    elif before != after or type(before) is not type(after):
        out.append(Difference(f"body {pointer or '/'}", before, after))


def _content_type(value: str | None) -> str | None:
    return None if value is None else value.replace(" ", "").lower()


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "") if parts.scheme else url.replace(BASE, "")


def _shown(value: Any) -> Any:
    return MISSING if value is None else value


def _digest(raw: bytes) -> str:
    return f"{len(raw)} bytes, sha256 {hashlib.sha256(raw).hexdigest()[:12]}"
