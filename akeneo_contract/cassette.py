"""The cassette: the exchanges `akeneo-mock proxy --record` saw, which `akeneo-conformance replay` sends again.

JSON lines. The first line is the header, `{"cassette": "akeneo-exchanges", "version": 1, "upstream": ORIGIN, ...}`;
every other line is one exchange:
  {"seq": 1, "request": {"method", "path", "query", "headers", "body"}, "response": {"status", "headers", "body"},
   "violations": [...]}
A body is `{"text": "..."}` (UTF-8 text: JSON, NDJSON, forms), `{"base64": "..."}` (anything else, multipart uploads
and downloads, kept byte for byte) or null (empty). Header names are lowercase; only the relevant ones are kept.

Secrets never reach the file (`Scrubber`): the Authorization header keeps its scheme only, the token request keeps
its grant_type only, the token answer's tokens become placeholders, and any secret seen once is replaced wherever it
shows up later. The proxy (mock_server) writes cassettes and replay (conformance) reads them; both import this
module, which is why it lives here and uses the standard library only.
"""

from __future__ import annotations

import base64
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import parse_qsl, urlencode

KIND = "akeneo-exchanges"
VERSION = 1
TOKEN_PATH = "/api/oauth/v1/token"  # noqa: S105 - a route, not a secret

# Headers worth keeping: what shapes the vendor's answer, and what a client reads back.
REQUEST_HEADERS = ("content-type", "accept", "authorization")  # a tenant header is the replay target's to choose
RESPONSE_HEADERS = ("content-type", "location", "asset-media-file-code", "content-disposition", "retry-after")
TEXT_TYPES = ("application/json", "application/vnd.akeneo.collection+json", "application/x-www-form-urlencoded")

# Placeholders standing in for secrets (replay recognises them).
ACCESS_TOKEN = "<access-token>"  # noqa: S105 - a placeholder
REFRESH_TOKEN = "<refresh-token>"  # noqa: S105 - a placeholder
SCRUBBED = "<scrubbed>"
# Fields of a token request or answer that hold secrets; grant_type is kept so replay knows which grant to use.
REQUEST_SECRET_FIELDS = {
    "username": SCRUBBED,
    "password": SCRUBBED,
    "client_id": SCRUBBED,
    "client_secret": SCRUBBED,
    "refresh_token": REFRESH_TOKEN,
}
RESPONSE_SECRET_FIELDS = {"access_token": ACCESS_TOKEN, "refresh_token": REFRESH_TOKEN}
QUERY_SECRET_FIELDS = {**RESPONSE_SECRET_FIELDS, "password": SCRUBBED, "client_secret": SCRUBBED}
# Values of these fields are replaced wherever they show up later too; a username is personal, not a secret, and a
# short value (the mock's default password "admin") would turn ordinary text into placeholders.
REMEMBERED_FIELDS = frozenset({"password", "client_secret", "refresh_token", "access_token"})
MIN_SECRET_LENGTH = 8


class CassetteError(ValueError):
    """The file is not a cassette this version reads; the message is one line saying why."""


# --- bodies ----------------------------------------------------------------------------------------------------------


def media_type(content_type: str | None) -> str:
    """`application/json; charset=utf-8` -> `application/json` (lowercase, no parameters)."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def encode_body(raw: bytes, content_type: str | None) -> dict[str, str] | None:
    """A body as the cassette stores it: text when it is textual and valid UTF-8, else base64, None when empty."""
    if not raw:
        return None
    kind = media_type(content_type)
    if kind in TEXT_TYPES or kind.startswith("text/") or kind.endswith("+json"):
        try:
            return {"text": raw.decode("utf-8")}
        except UnicodeDecodeError:
            pass
    return {"base64": base64.b64encode(raw).decode("ascii")}


def decode_body(body: dict[str, str] | None) -> bytes:
    """The bytes a stored body stands for."""
    if not body:
        return b""
    if "text" in body:
        return body["text"].encode("utf-8")
    return base64.b64decode(body["base64"])


# --- secrets ---------------------------------------------------------------------------------------------------------


class Scrubber:
    """Takes the secrets out of exchanges, and remembers each one to replace it wherever it appears later."""

    def __init__(self) -> None:
        self._secrets: dict[str, str] = {}  # secret -> its placeholder

    def remember(self, secret: object, placeholder: str) -> None:
        if isinstance(secret, str) and len(secret) >= MIN_SECRET_LENGTH:
            self._secrets[secret] = placeholder
            self._secrets[json.dumps(secret, ensure_ascii=False)[1:-1]] = placeholder  # as a JSON string holds it

    def text(self, text: str) -> str:
        for secret in sorted(self._secrets, key=len, reverse=True):  # longest first: one may contain another
            text = text.replace(secret, self._secrets[secret])
        return text

    def headers(self, headers: dict[str, str]) -> dict[str, str]:
        out = {}
        for name, value in headers.items():
            if name == "authorization":
                scheme, _, credentials = value.partition(" ")
                self.remember(credentials, SCRUBBED)
                value = f"{scheme} {SCRUBBED}" if credentials else SCRUBBED
            out[name] = self.text(value)
        return out

    def query(self, query: str | None) -> str | None:
        """PROXY-RECORD-SCRUB: a token in the query (oauth2-php reads `access_token` there) as its placeholder, and
        remembered, even when the proxy never saw the token call that issued it."""
        if not query or not any(name in query for name in QUERY_SECRET_FIELDS):
            return query
        pairs = parse_qsl(query, keep_blank_values=True)
        return urlencode([(k, self._secret_field(k, v, QUERY_SECRET_FIELDS)) for k, v in pairs], safe="<>-")

    def token_request(self, body: bytes, content_type: str | None) -> bytes:
        """The token request's body with only grant_type left readable (JSON or form)."""
        if media_type(content_type) == "application/x-www-form-urlencoded":
            pairs = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
            scrubbed_pairs = [(k, self._secret_field(k, v, REQUEST_SECRET_FIELDS)) for k, v in pairs]
            return urlencode(scrubbed_pairs).encode("utf-8")
        return self._json_fields(body, REQUEST_SECRET_FIELDS)

    def token_response(self, body: bytes) -> bytes:
        return self._json_fields(body, RESPONSE_SECRET_FIELDS)

    def _secret_field(self, name: str, value: Any, fields: dict[str, str]) -> Any:
        if name in fields:
            if name in REMEMBERED_FIELDS:
                self.remember(value, fields[name])
            return fields[name]
        return value

    def _json_fields(self, body: bytes, fields: dict[str, str]) -> bytes:
        try:
            data = json.loads(body)
        except ValueError:
            return body  # not JSON: whatever secrets it holds are caught by `text` once known
        if not isinstance(data, dict):
            return body
        scrubbed = {name: self._secret_field(name, value, fields) for name, value in data.items()}
        return json.dumps(scrubbed, separators=(",", ":")).encode("utf-8")

    def exchange(self, exchange: dict[str, Any]) -> dict[str, Any]:
        """A recorded exchange with its secrets taken out (the token call's fields first, then every known value)."""
        request, response = exchange["request"], exchange["response"]
        if request["path"].rstrip("/").endswith(TOKEN_PATH):
            raw = decode_body(request["body"])
            kind = request["headers"].get("content-type")
            request = {**request, "body": encode_body(self.token_request(raw, kind), kind)}
            raw = decode_body(response["body"])
            kind = response["headers"].get("content-type")
            response = {**response, "body": encode_body(self.token_response(raw), kind)}
        request = {**request, "headers": self.headers(request["headers"]), "query": self.query(request.get("query"))}
        text = self.text(json.dumps({**exchange, "request": request, "response": response}, ensure_ascii=False))
        return json.loads(text)


# --- writing and reading ---------------------------------------------------------------------------------------------


def pick_headers(headers: Any, names: tuple[str, ...]) -> dict[str, str]:
    """The relevant headers of an (httpx, Starlette or plain) header mapping, lowercase names."""
    items = headers.items() if hasattr(headers, "items") else headers
    return {name.lower(): value for name, value in items if name.lower() in names}


class CassetteWriter:
    """Appends exchanges to a cassette file, scrubbed, one flushed line each (a crash loses at most one)."""

    def __init__(self, path: str | Path, upstream: str, **header: Any) -> None:
        self.path = Path(path)
        self._file: IO[str] = self.path.open("w", encoding="utf-8")
        self._lock = threading.Lock()
        self._seq = 0
        self.scrubber = Scrubber()
        self._line({"cassette": KIND, "version": VERSION, "upstream": upstream, **header})

    def write(self, request: dict[str, Any], response: dict[str, Any], violations: list[dict[str, Any]]) -> int:
        with self._lock:
            self._seq += 1
            exchange = {"seq": self._seq, "request": request, "response": response, "violations": violations}
            self._line(self.scrubber.exchange(exchange))
            return self._seq

    def close(self) -> None:
        with self._lock:
            self._file.close()

    def _line(self, document: dict[str, Any]) -> None:
        self._file.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")
        self._file.flush()


@dataclass
class Cassette:
    upstream: str
    exchanges: list[dict[str, Any]] = field(default_factory=list)
    header: dict[str, Any] = field(default_factory=dict)


def read_cassette(path: str | Path) -> Cassette:
    """The cassette at `path`, or CassetteError saying in one line why it is not one."""
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise CassetteError(f"{path}: cannot be read ({type(exc).__name__}: {exc})") from exc
    documents = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            documents.append(json.loads(line))
        except ValueError:
            raise CassetteError(f"{path}: line {number} is not JSON: not a cassette") from None
    if not documents or not isinstance(documents[0], dict) or documents[0].get("cassette") != KIND:
        raise CassetteError(f'{path}: no cassette header (a first line with "cassette": "{KIND}")')
    header = documents[0]
    if header.get("version") != VERSION:
        raise CassetteError(f"{path}: cassette version {header.get('version')!r}, this tool reads version {VERSION}")
    for number, exchange in enumerate(documents[1:], start=2):
        _check_exchange(path, number, exchange)
    return Cassette(upstream=str(header.get("upstream") or ""), exchanges=documents[1:], header=header)


def _check_exchange(path: str | Path, number: int, exchange: Any) -> None:
    try:
        request, response = exchange["request"], exchange["response"]
        ok = (
            isinstance(request["method"], str)
            and isinstance(request["path"], str)
            and isinstance(request.get("headers", {}), dict)
            and isinstance(response["status"], int)
            and isinstance(response.get("headers", {}), dict)
        )
        decode_body(request.get("body"))
        decode_body(response.get("body"))
    except (KeyError, TypeError, ValueError):
        ok = False
    if not ok:
        raise CassetteError(f"{path}: line {number} is not an exchange (request method/path, response status)")
