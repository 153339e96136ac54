"""akeneo-mock (or python -m mock_server): serve the Akeneo Asset Manager mock, with the default catalog, --empty, or
--fixtures PATH (a catalog file `python -m fixtures generate` writes; its automation rules are not run on load).

Every setting can also come from its MOCK_* environment variable (MOCK_HOST, MOCK_PORT, MOCK_LOG_LEVEL, and those of
mock_server/settings.py); a flag wins over its variable.

akeneo-mock proxy --upstream URL [--record PATH] [--report PATH]: forward to a real PIM instead, check every exchange
against the contract and record it (akeneo-mock proxy --help).
"""

# DIFFERENTIAL-MODEL: this server is the reference model itself: python -m conformance --differential starts it (same
# interpreter) and gives each call sequence a tenant of its own; a target must answer each call as it does.

from __future__ import annotations

import argparse
import importlib.util
import itertools
import logging
import os
import sys
import warnings
from collections.abc import Callable
from importlib import metadata
from typing import Any, NoReturn

from mock_server import logs
from mock_server.settings import LOG_FORMATS, RULES_EXECUTION_MODES, Settings

try:
    import uvicorn
except ModuleNotFoundError:  # installed without the mock extra: _app_factory() says what to install
    uvicorn = None  # type: ignore[assignment]

PROG = "akeneo-mock"
DISTRIBUTION = "akeneo-asset-manager-toolkit"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080
API_PATH = "/api/rest/v1"
SWAGGER_UI_PATH = "/ui/"  # Connexion's, under the contract's server URL "/"
CONTROL_PLANE_PATH = "/mock"  # openapi/mock-control.yaml's server URL; its Swagger UI at /mock/ui/
LARGE_FIXTURES_BYTES = 64 * 1024 * 1024  # a catalog file this large shows its load's progress even off a terminal
ALL_INTERFACES = ("0.0.0.0", "::", "")  # noqa: S104 - names we recognise, not an address we bind


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, no usage block: a configuration error must be read at a glance (and in a container's log)."""
        self.exit(2, f"{self.prog}: error: {message}\n")


def version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # a checkout run without installing the project
        return "unknown"


def parser() -> _Parser:
    cli = _Parser(prog=PROG, description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument("--version", action="version", version=f"{PROG} {version()}")
    cli.add_argument("--host", help=f"interface to listen on (default MOCK_HOST, else {DEFAULT_HOST})")
    cli.add_argument("--port", type=_port, help=f"port to listen on (default MOCK_PORT, else {DEFAULT_PORT})")
    catalog = cli.add_mutually_exclusive_group()
    catalog.add_argument(
        "--empty", action="store_true", help="start with an empty store instead of the default catalog"
    )
    catalog.add_argument(
        "--fixtures",
        metavar="PATH",
        help="start with the catalog file PATH (JSON lines, gzip if .gz; python -m fixtures generate writes one) "
        "instead of the default catalog; MOCK_FIXTURES",
    )
    cli.add_argument("--log-level", choices=logs.LEVELS, help="default MOCK_LOG_LEVEL, else info")
    cli.add_argument(
        "--rules-execution",
        choices=RULES_EXECUTION_MODES,
        help="run transformations and product link rules before the PATCH answers (sync, the default) or after it, "
        "in the background, as the PIM's jobs do; overrides MOCK_RULES_EXECUTION",
    )
    cli.add_argument(
        "--automation-queue-size",
        type=int,
        help="background jobs that may wait at most; a write that would queue one more answers 503 "
        "(MOCK_AUTOMATION_QUEUE_SIZE; default 10000)",
    )
    cli.add_argument(
        "--no-control-plane",
        dest="control_plane",
        action="store_false",
        default=None,
        help=f"do not serve the mock's own control plane under {CONTROL_PLANE_PATH} (MOCK_CONTROL_PLANE=0)",
    )
    cli.add_argument("--journal-size", type=int, help="requests the request journal keeps (MOCK_JOURNAL_SIZE)")
    cli.add_argument(
        "--journal-body-limit", type=int, help="characters of each body the journal keeps (MOCK_JOURNAL_BODY_LIMIT)"
    )
    cli.add_argument(
        "--rate-limit", type=float, help="requests per second, answered 429 above it (MOCK_RATE_LIMIT; default none)"
    )
    cli.add_argument(
        "--max-concurrency", type=int, help="requests in flight, answered 429 above it (MOCK_MAX_CONCURRENCY)"
    )
    cli.add_argument(
        "--no-retry-after",
        dest="retry_after",
        action="store_false",
        default=None,
        help="leave Retry-After out of the rate limits' 429, as the SaaS may (MOCK_RETRY_AFTER=0)",
    )
    cli.add_argument("--users-file", help="YAML/JSON file of API users and their permissions (MOCK_USERS_FILE)")
    cli.add_argument(
        "--log-requests",
        action="store_true",
        default=None,
        help="an access log line per request, colored on a terminal (MOCK_LOG_REQUESTS=1)",
    )
    cli.add_argument(
        "--log-format", choices=LOG_FORMATS, help="text, or json: one JSON object per log line (MOCK_LOG_FORMAT)"
    )
    cli.add_argument(
        "--max-body-size", type=int, help="bytes of a JSON request body, answered 413 above it (MOCK_MAX_BODY_SIZE)"
    )
    cli.add_argument(
        "--max-upload-size",
        type=int,
        help="bytes of a media upload or a control-plane body, answered 413 above it (MOCK_MAX_UPLOAD_SIZE)",
    )
    cli.add_argument(
        "--state-file",
        metavar="PATH",
        help="keep every tenant's state in PATH: loaded at start (instead of the catalog), written atomically on "
        "shutdown and at each flush; created when missing (MOCK_STATE_FILE)",
    )
    cli.add_argument(
        "--state-flush-seconds", type=float, help="write the state file this often when something changed (default 5)"
    )
    cli.add_argument("--state-flush-writes", type=int, help="write the state file after this many writes (default 100)")
    return cli


def _port(text: str) -> int:
    port = int(text)  # a ValueError is argparse's "invalid _port value" message
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, {port} given")
    return port


SETTING_FLAGS = (  # Settings field = argparse dest; None: the flag was not given, the variable or default applies
    "rules_execution",
    "automation_queue_size",
    "control_plane",
    "journal_size",
    "journal_body_limit",
    "rate_limit",
    "max_concurrency",
    "retry_after",
    "users_file",
    "log_requests",
    "log_format",
    "max_body_size",
    "max_upload_size",
    "state_file",
    "state_flush_seconds",
    "state_flush_writes",
)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["proxy"]:
        from mock_server.proxy import main as proxy_main

        return proxy_main(argv[1:])
    cli = parser()
    args = cli.parse_args(argv)
    host = args.host or os.environ.get("MOCK_HOST") or DEFAULT_HOST
    port = args.port or _port_from_env(cli)
    log_level = args.log_level or os.environ.get("MOCK_LOG_LEVEL", "info").lower()
    if log_level not in logs.LEVELS:
        cli.error(f'MOCK_LOG_LEVEL must be one of {", ".join(logs.LEVELS)}, "{log_level}" given')
    fixtures = args.fixtures or (None if args.empty else os.environ.get("MOCK_FIXTURES") or None)
    if args.empty and os.environ.get("MOCK_FIXTURES"):
        cli.error("--empty and MOCK_FIXTURES exclude each other")
    overrides: dict[str, Any] = {"load_fixtures": not args.empty}
    overrides.update({name: getattr(args, name) for name in SETTING_FLAGS if getattr(args, name) is not None})
    try:
        settings = Settings.from_env(**overrides)
    except ValueError as exc:
        cli.error(str(exc))
    create_app = _app_factory(cli)
    # a state file to load replaces the catalog file's content (POST /mock/reset still reads the catalog file)
    resumed = bool(settings.state_file) and os.path.exists(settings.state_file)
    store = (_empty_store() if resumed else _load_fixtures(cli, fixtures)) if fixtures else None
    from fixtures.catalog import load_start  # the entry point wires the default catalog in: the app never imports it
    from mock_server.services.state_file import StateFileError  # after _app_factory: the dependencies are there

    try:
        app = create_app(
            store, settings=settings, start_again=_reader(fixtures) if fixtures else None, start_catalog=load_start
        )
    except StateFileError as exc:  # STATE-FILE-CORRUPT: one line, exit status 2, never a traceback
        cli.error(f"{settings.state_file}: {exc}")
    except (OSError, ValueError) as exc:
        if not settings.users_file:
            raise
        cli.error(f"{settings.users_file}: {exc}")  # a users file that cannot be read or is malformed
    log_config = logs.log_config(settings.log_format, log_level)
    announce(app, settings, host, port, fixtures)
    # The app applies X-Forwarded-* itself (api/http/forwarded.py); when told not to, uvicorn must not either.
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level=log_level,
        log_config=log_config,
        access_log=settings.log_requests,
        proxy_headers=settings.trust_forwarded_headers,
    )
    return 0


def _empty_store() -> Any:
    from mock_server.store import Store

    return Store()


def _port_from_env(cli: _Parser) -> int:
    text = os.environ.get("MOCK_PORT", "").strip()
    if not text:
        return DEFAULT_PORT
    try:
        return _port(text)
    except (ValueError, argparse.ArgumentTypeError):
        cli.error(f'MOCK_PORT must be a port number between 1 and 65535, "{text}" given')


def _app_factory(cli: _Parser) -> Callable[..., Any]:
    """mock_server.app's create_app; without the mock's dependencies, one line that names the extra to install."""
    try:
        if uvicorn is None:
            import uvicorn as _  # noqa: F401 - raises the ModuleNotFoundError again, for its message
        _ignore_connexions_test_client_warning()
        from mock_server.app import create_app  # after the filter: importing connexion is what warns
    except ModuleNotFoundError as exc:
        cli.error(f"{exc}: the mock's dependencies are not installed (pip install '{DISTRIBUTION}[mock]')")
    return create_app


def _ignore_connexions_test_client_warning() -> None:
    """Connexion imports Starlette's TestClient when it is imported (for its app.test_client()), and Starlette 1.x
    warns there that the TestClient's httpx should become httpx2. The server never uses a TestClient (the tests do,
    and rely on its httpx), so the mock's start-up ignores that one warning, and no other."""
    from starlette.exceptions import StarletteDeprecationWarning

    warnings.filterwarnings(
        "ignore", message=r"Using `httpx` with `starlette\.testclient`", category=StarletteDeprecationWarning
    )


def _reader(path: str) -> Callable[[], Any]:
    """The catalog file read again, for POST /mock/reset (no copy of a million assets kept for it). A file gone or
    changed since the start is CONTROL-RESET-FILE-GONE: a 409 naming it, and nothing is reset."""

    def read() -> Any:
        import zlib

        from mock_server.domain.errors import Conflict
        from mock_server.store.catalog_lines import CatalogFileError, open_text, read_lines

        try:
            with open_text(path) as lines:
                return read_lines(lines)
        except (CatalogFileError, OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
            raise Conflict(
                f'The catalog file "{path}" the mock started from cannot be read again ({reason}): nothing was reset.'
            ) from None

    return read


def _load_fixtures(cli: _Parser, path: str) -> Any:
    """The store of a catalog file (store/catalog_lines.py), a progress bar on stderr when it is a terminal or the
    file is large; a file that cannot be read or loaded is one line naming the line at fault, exit status 2."""
    import zlib

    from tqdm import tqdm

    from mock_server.store.catalog_lines import CatalogFileError, open_text, read_header, read_lines

    try:
        show = sys.stderr.isatty() or os.path.getsize(path) > LARGE_FIXTURES_BYTES
        with open_text(path) as stream:
            first = stream.readline()
            total = read_header(first)["lines"]
            lines = tqdm(
                itertools.chain([first], stream),
                total=total,
                unit=" lines",
                unit_scale=True,
                desc=f"loading {os.path.basename(path)}",
                disable=not show,
                file=sys.stderr,
            )
            with lines:
                return read_lines(lines)
    except CatalogFileError as exc:
        cli.error(f"{path}: {exc}")
    except OSError as exc:  # gzip.BadGzipFile is one
        cli.error(f"{path}: {exc.strerror or exc}")
    except (EOFError, zlib.error, UnicodeDecodeError) as exc:  # a gzip stream cut short or corrupt, not UTF-8
        cli.error(f"{path}: cannot be read ({type(exc).__name__}: {exc})")


def banner_facts(app: Any, settings: Settings, host: str, port: int, fixtures: str | None = None) -> dict[str, Any]:
    """What the start-up banner says: where, with which credentials, what is loaded, what is on."""
    shown = ("[::1]" if ":" in host else "127.0.0.1") if host in ALL_INTERFACES else host
    shown = f"[{shown}]" if ":" in shown and not shown.startswith("[") else shown
    url = f"http://{shown}:{port}"
    store = app.mock_context.store
    return {
        "version": version(),
        "url": url,
        "listening_on": "all interfaces" if host in ALL_INTERFACES else host,
        "api": url + API_PATH,
        "swagger_ui": url + SWAGGER_UI_PATH if importlib.util.find_spec("swagger_ui_bundle") else None,
        "client_id": settings.client_id,
        "client_secret": _shown_secret(settings.client_secret, Settings.client_secret, "MOCK_CLIENT_SECRET"),
        "username": settings.username,
        "password": _shown_secret(settings.password, Settings.password, "MOCK_PASSWORD"),
        "catalog": fixtures or ("default" if settings.load_fixtures else "empty"),
        "asset_families": len(store.asset_families),
        "assets": sum(len(assets) for assets in store.assets.values()),
        "products": len(store.catalog.products),
        "control_plane": url + CONTROL_PLANE_PATH if settings.control_plane else None,
        "log_requests": settings.log_requests,
    }


def _shown_secret(value: str, default: str, variable: str) -> str:
    """LOG-NO-SECRETS: the banner shows the documented default credentials (a user needs them), never one the user
    chose: logs are collected and shared (a CI job's, a container's)."""
    return value if value == default else f"<{variable}, not shown>"


def banner_lines(facts: dict[str, Any]) -> list[str]:
    where = "" if facts["listening_on"] != "all interfaces" else " (listening on all interfaces)"
    swagger = facts["swagger_ui"] or "not installed (pip install 'connexion[swagger-ui]')"
    control = f"{facts['control_plane']} (Swagger UI {facts['control_plane']}/ui/)" if facts["control_plane"] else "off"
    return [
        f"Akeneo Asset Manager mock {facts['version']} at {facts['url']}{where}",
        f"  API            {facts['api']}   Swagger UI {swagger}",
        f"  client         id {facts['client_id']!r}, secret {facts['client_secret']!r} (HTTP Basic on the token request)",
        f"  user           username {facts['username']!r}, password {facts['password']!r}",
        f"  catalog        {facts['catalog']}: {facts['asset_families']} asset families, {facts['assets']} assets, "
        f"{facts['products']} products",
        f"  control plane  {control}",
        f"  request log    {'on' if facts['log_requests'] else 'off (--log-requests)'}",
    ]


def announce(app: Any, settings: Settings, host: str, port: int, fixtures: str | None = None) -> None:
    """The banner on stderr, whatever the log level: plain lines, or one JSON log line when the logs are JSON."""
    facts = banner_facts(app, settings, host, port, fixtures)
    if settings.log_format == "json":
        record = logging.LogRecord("mock_server", logging.INFO, __file__, 0, "mock starting", None, None)
        record.fields = facts
        print(logs.JsonFormatter().format(record), file=sys.stderr, flush=True)
    else:
        print("\n".join(banner_lines(facts)), file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
