"""akeneo-mock proxy --upstream URL: the validating, recording proxy in front of a real PIM (issue #11).

Every request goes to the upstream PIM and its answer back to the client, with the upstream's base URL in links and
Location replaced by the proxy's. Each exchange is checked against the vendor contract and the vendor's stateless
rules; violations are logged (one line each), summed up at shutdown, and written to --report as JSON. --record
writes a cassette (JSON lines, secrets scrubbed) that `akeneo-conformance replay` sends to another server.
Exit statuses: 0 after a normal shutdown, 2 for a bad option (one line).
"""

from __future__ import annotations

import argparse
import sys
import warnings
from typing import NoReturn

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8081  # the mock's default is 8080: both can run side by side


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message}\n")


def _port(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"must be between 1 and 65535, {port} given")
    return port


def _seconds(text: str) -> float:
    value = float(text)
    if not value > 0:
        raise argparse.ArgumentTypeError("must be positive")
    return value


def parser() -> _Parser:
    cli = _Parser(prog="akeneo-mock proxy", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    cli.add_argument(
        "--upstream", required=True, help="base URL of the PIM to forward to, e.g. https://pim.example.com"
    )
    cli.add_argument("--host", default=DEFAULT_HOST, help=f"address to listen on (default {DEFAULT_HOST})")
    cli.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"port to listen on (default {DEFAULT_PORT})")
    cli.add_argument("--record", metavar="PATH", help="write every exchange to this cassette (JSON lines)")
    cli.add_argument("--report", metavar="PATH", help="write the violations found to this JSON file at shutdown")
    cli.add_argument(
        "--public-url", help="the proxy's base URL in rewritten links (default: the Host the client called)"
    )
    cli.add_argument("--timeout", type=_seconds, default=30.0, help="seconds to wait for the upstream (default 30)")
    cli.add_argument("--log-level", default="info", choices=("critical", "error", "warning", "info", "debug"))
    return cli


def main(argv: list[str] | None = None) -> int:
    cli = parser()
    args = cli.parse_args(argv)
    try:
        import uvicorn
        from starlette.exceptions import StarletteDeprecationWarning

        # importing connexion warns about its TestClient, which the proxy never uses (as mock_server/__main__.py)
        warnings.filterwarnings(
            "ignore", message=r"Using `httpx` with `starlette\.testclient`", category=StarletteDeprecationWarning
        )
        from mock_server import logs
        from mock_server.proxy.app import ProxyApp, ProxyConfig, upstream_problem
    except ModuleNotFoundError as exc:
        cli.error(
            f"{exc}: the mock's dependencies are not installed (pip install 'akeneo-asset-manager-toolkit[mock]')"
        )
    problem = upstream_problem(args.upstream)
    if problem:
        cli.error(problem)
    for option in ("record", "report"):
        path = getattr(args, option)
        if path:
            try:
                open(path, "a").close()  # fail now, in one line, rather than at the first exchange or at shutdown
            except OSError as exc:
                cli.error(f"--{option} {path}: {exc.strerror}")
    config = ProxyConfig(args.upstream, args.public_url, args.record, args.report, args.timeout)
    app = ProxyApp(config)
    print(f"akeneo-mock proxy: http://{args.host}:{args.port} -> {config.upstream_base}", file=sys.stderr)
    log_config = logs.log_config("text", args.log_level)
    log_config["loggers"]["httpx"] = {"level": "WARNING"}  # a line per forwarded request says nothing new
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level=args.log_level,
        log_config=log_config,
        access_log=False,
        lifespan="on",
    )
    return 0
