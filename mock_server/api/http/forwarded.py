"""WIRE-FORWARDED-LINKS: the public URL a client called, behind a proxy, as Symfony computes it from trusted proxies.

Symfony builds `_links` hrefs and `Location` from `X-Forwarded-Proto` (https when "https", "on", "ssl" or "1"),
`X-Forwarded-Host` (its first value; may carry a port) and `X-Forwarded-Port`, and leaves the port out when it is the
scheme's default. It honours them only from trusted proxies. The mock trusts them from anyone unless
`Settings.trust_forwarded_headers` is off: it runs on a developer's machine or in CI, often behind a TLS terminator or a
container proxy, and has no security boundary to protect; a wrong `http://` next link would break those clients.

The middleware rewrites the ASGI scope (scheme and Host) before anything reads it, so every URL the mock writes
(links, Location, the root listing's host, the 404 texts) agrees.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Receive, Scope, Send

_SECURE = {"https", "on", "ssl", "1"}
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _first(value: str | None) -> str | None:
    first = (value or "").split(",")[0].strip()
    return first or None


def _split_host(host: str) -> tuple[str, int | None]:
    """('name', port or None); bracketed IPv6 literals keep their brackets."""
    colon = host.rfind(":")
    if colon > host.rfind("]"):
        port = host[colon + 1 :]
        return host[:colon], int(port) if port.isdigit() else None
    return host, None


def public_netloc(headers: Headers, scheme: str, fallback_host: str) -> tuple[str, str]:
    """(scheme, host[:port]) the client called, from the forwarded headers when present."""
    proto = _first(headers.get("x-forwarded-proto"))
    if proto:
        scheme = "https" if proto.lower() in _SECURE else "http"
    forwarded_host = _first(headers.get("x-forwarded-host"))
    name, port = _split_host(forwarded_host or headers.get("host") or fallback_host)
    forwarded_port = _first(headers.get("x-forwarded-port"))
    if forwarded_port is not None:
        port = int(forwarded_port) if forwarded_port.isdigit() else None
    if port is None or port == _DEFAULT_PORTS.get(scheme):
        return scheme, name
    return scheme, f"{name}:{port}"


class ForwardedHeaders:
    """Outermost middleware: applies the forwarded scheme, host and port to the scope when a client sends them."""

    def __init__(self, app: ASGIApp, trust: bool = True) -> None:
        self.app = app
        self.trust = trust

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.trust and scope["type"] == "http":
            headers = Headers(scope=scope)
            if any(name in headers for name in ("x-forwarded-proto", "x-forwarded-host", "x-forwarded-port")):
                server = scope.get("server") or ("localhost", None)
                fallback = f"{server[0]}:{server[1]}" if server[1] else str(server[0])
                scheme, netloc = public_netloc(headers, scope.get("scheme", "http"), fallback)
                raw = [(k, v) for k, v in scope["headers"] if k != b"host"]
                scope = {**scope, "scheme": scheme, "headers": [(b"host", netloc.encode("latin-1")), *raw]}
        await self.app(scope, receive, send)
