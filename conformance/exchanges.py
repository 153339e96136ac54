"""What the suite saw: every request and answer of a target, kept for the reports (secrets masked, bodies cut), and
the curl line that replays each one with the credentials left as shell variables."""

from __future__ import annotations

import collections
import json
import shlex
import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import httpx

TOKEN_PATH = "/api/oauth/v1/token"  # noqa: S105 - a route, not a secret
BODY_EXCERPT = 4000  # characters of a body kept in a recorded exchange
SECRET_FIELDS = {
    "password": "AKENEO_PASSWORD",
    "refresh_token": "AKENEO_REFRESH_TOKEN",
    "client_secret": "AKENEO_CLIENT_SECRET",  # oauth2-php also reads the client's credentials from the body
}
MASKED_RESPONSE_FIELDS = ("access_token", "refresh_token")
QUERY_SECRETS = frozenset({"access_token", "refresh_token", "password", "client_secret"})
MIN_SECRET_LENGTH = 8
SKIPPED_CURL_HEADERS = frozenset({"host", "content-length", "accept-encoding", "connection", "user-agent"})


@dataclass(frozen=True)
class Exchange:
    """One request and its answer, as a report shows them (no Authorization header, secrets masked)."""

    seq: int
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str
    status: int | None
    response_headers: dict[str, str]
    response_body: str
    curl: str
    elapsed_ms: float | None = None
    note: str = ""  # e.g. the Schemathesis check that failed on this exchange

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def summary(self) -> str:
        status = self.status if self.status is not None else "no answer"
        note = f"  [{self.note}]" if self.note else ""
        return f"{self.method} {self.url} -> {status}{note}"


class ExchangeRecorder:
    """A bounded, thread-safe list of the last exchanges; `position()` and `since()` cut out one test's share.

    It also learns the secrets that pass by (tokens answered by the token route, passwords and refresh tokens sent
    to it) so that `scrub()` can mask them in any text a report keeps, such as a traceback."""

    def __init__(self, maxlen: int = 200) -> None:
        self._items: collections.deque[Exchange] = collections.deque(maxlen=maxlen)
        self._seq = 0
        self._lock = threading.Lock()
        self._secrets: set[str] = set()

    def add_secret(self, value: object) -> None:
        # Short values are left alone: the mock's public defaults ("admin", "secret") are words in messages too.
        if isinstance(value, str) and len(value) >= MIN_SECRET_LENGTH:
            with self._lock:
                self._secrets.add(value)

    def scrub(self, text: str) -> str:
        with self._lock:
            secrets_known = sorted(self._secrets, key=len, reverse=True)
        for secret in secrets_known:
            if secret in text:
                text = text.replace(secret, "***")
        return text

    def position(self) -> int:
        return self._seq

    def since(self, position: int) -> list[Exchange]:
        with self._lock:
            return [exchange for exchange in self._items if exchange.seq > position]

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def add(self, **fields: Any) -> Exchange:
        with self._lock:
            self._seq += 1
            exchange = Exchange(seq=self._seq, **fields)
            self._items.append(exchange)
            return exchange

    def add_httpx(self, response: httpx.Response, note: str = "") -> Exchange:
        request = response.request
        try:
            body = request.content
        except httpx.RequestNotRead:
            body = b"<streamed body>"
        try:
            response_body = response.content
        except httpx.ResponseNotRead:
            response_body = b"<streamed body>"
        elapsed = response.elapsed.total_seconds() * 1000 if _has_elapsed(response) else None
        return self.record(
            method=request.method,
            url=str(request.url),
            request_headers=dict(request.headers),
            request_body=body,
            status=response.status_code,
            response_headers=dict(response.headers),
            response_body=response_body,
            elapsed_ms=elapsed,
            note=note,
        )

    def record(
        self,
        *,
        method: str,
        url: str,
        request_headers: Mapping[str, str],
        request_body: bytes | str | None,
        status: int | None,
        response_headers: Mapping[str, str],
        response_body: bytes | str | None,
        elapsed_ms: float | None = None,
        note: str = "",
    ) -> Exchange:
        """Records an exchange from raw parts (any HTTP library): masks secrets, cuts bodies, writes the curl line."""
        url = mask_query(url)
        request_type = _header(request_headers, "content-type")
        response_type = _header(response_headers, "content-type")
        if urlsplit(url).path.rstrip("/").endswith(TOKEN_PATH):
            sent = _fields(request_body, request_type, SECRET_FIELDS)
            answered = _fields(response_body, response_type, MASKED_RESPONSE_FIELDS)
            for value in (*sent, *answered):
                self.add_secret(value)
        return self.add(
            method=method.upper(),
            url=url,
            request_headers={k: v for k, v in request_headers.items() if k.lower() != "authorization"},
            request_body=excerpt(request_body, request_type, mask=SECRET_FIELDS),
            status=status,
            response_headers=dict(response_headers),
            response_body=excerpt(response_body, response_type, mask=dict.fromkeys(MASKED_RESPONSE_FIELDS, "")),
            curl=curl_line(method, url, request_headers, request_body),
            elapsed_ms=elapsed_ms,
            note=note,
        )


def mask_query(url: str) -> str:
    """REPORT-NO-SECRETS: a token or password in the query (the vendor reads `access_token` there too) as ***."""
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    if not any(key in QUERY_SECRETS for key, _ in pairs):
        return url
    query = urlencode([(key, "***" if key in QUERY_SECRETS else value) for key, value in pairs], safe="*")
    return parts._replace(query=query).geturl()


def _has_elapsed(response: httpx.Response) -> bool:
    try:
        response.elapsed  # noqa: B018 - set only once the response is closed
    except RuntimeError:
        return False
    return True


def _header(headers: Mapping[str, str], name: str) -> str:
    for key, value in headers.items():
        if key.lower() == name:
            return value
    return ""


def _as_bytes(body: bytes | str | None) -> bytes:
    if body is None:
        return b""
    return body.encode("utf-8") if isinstance(body, str) else bytes(body)


def _fields(body: bytes | str | None, content_type: str, names: Iterable[str]) -> list[str]:
    """The values of the named fields of a JSON object or form body (to learn the secrets in token exchanges)."""
    try:
        text = _as_bytes(body).decode("utf-8")
    except UnicodeDecodeError:
        return []
    wanted = set(names)
    if "x-www-form-urlencoded" in content_type.lower():
        return [value for key, value in parse_qsl(text) if key in wanted]
    try:
        data = json.loads(text)
    except ValueError:
        return []
    return [str(data[key]) for key in wanted if isinstance(data, dict) and isinstance(data.get(key), str)]


def _mask_fields(text: str, content_type: str, mask: Mapping[str, str], replacement: Callable[[str], str]) -> str:
    """The body with each secret field's value replaced (JSON objects and form bodies); other bodies unchanged."""
    if not mask:
        return text
    if "x-www-form-urlencoded" in content_type:
        pairs = parse_qsl(text, keep_blank_values=True)
        if any(key in mask for key, _ in pairs):
            return urlencode([(k, replacement(mask[k]) if k in mask else v) for k, v in pairs], safe="@$")
        return text
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # not JSON, or nested past Python's limit: nothing to mask in it
        return text
    if isinstance(data, dict) and any(key in mask and isinstance(data[key], str) for key in data):
        masked = {k: replacement(mask[k]) if k in mask and isinstance(v, str) else v for k, v in data.items()}
        return json.dumps(masked, ensure_ascii=False)
    return text


def excerpt(body: bytes | str | None, content_type: str = "", mask: Mapping[str, str] | None = None) -> str:
    """A readable cut of a body: text up to BODY_EXCERPT characters with secrets as ***, binaries by size."""
    raw = _as_bytes(body)
    if not raw:
        return ""
    lowered = content_type.lower()
    if lowered.startswith(("image/", "application/octet-stream", "multipart/")):
        return f"<{len(raw)} bytes of {content_type.split(';')[0]}>"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return f"<{len(raw)} bytes of binary data>"
    text = _mask_fields(text, lowered, mask or {}, lambda _: "***")
    if len(text) > BODY_EXCERPT:
        return text[:BODY_EXCERPT] + f"... <{len(text) - BODY_EXCERPT} more characters>"
    return text


def curl_line(method: str, url: str, headers: Mapping[str, str], body: bytes | str | None) -> str:
    """A curl command that replays the request; credentials come from AKENEO_* shell variables, never the report.

    A bearer token becomes "$AKENEO_TOKEN", Basic client credentials "$AKENEO_CLIENT_ID:$AKENEO_CLIENT_SECRET",
    a password or refresh token in a token request "$AKENEO_PASSWORD" / "$AKENEO_REFRESH_TOKEN"."""
    parts = ["curl", "-sS", "-i", "-X", method.upper(), shlex.quote(url)]
    content_type = ""
    for name, value in headers.items():
        lowered = name.lower()
        if lowered in SKIPPED_CURL_HEADERS:
            continue
        if lowered == "content-type":
            content_type = value
        if lowered == "authorization":
            scheme = value.split(" ", 1)[0].lower()
            if scheme == "bearer":
                parts.append('-H "Authorization: Bearer $AKENEO_TOKEN"')
            elif scheme == "basic":
                parts.append('-u "$AKENEO_CLIENT_ID:$AKENEO_CLIENT_SECRET"')
            else:
                parts.append(shlex.quote("Authorization: <redacted>"))
            continue
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    raw = _as_bytes(body)
    if raw:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        if text is None or content_type.lower().startswith("multipart/"):
            parts.append(f"--data-binary @request-body.bin  # the original body: {len(raw)} bytes of {content_type}")
        else:
            # A sentinel survives shlex.quote and is then swapped for a double-quoted shell variable.
            masked = _mask_fields(text, content_type.lower(), SECRET_FIELDS, lambda var: f"@@{var}@@")
            quoted = shlex.quote(masked)
            for variable in SECRET_FIELDS.values():
                quoted = quoted.replace(f"@@{variable}@@", f"'\"${variable}\"'")
            parts += ["--data-binary", quoted]
    return " ".join(parts)
