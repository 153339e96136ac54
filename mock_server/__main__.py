"""python -m mock_server --host H --port P: serve the mock with the default catalog (or --empty)."""

from __future__ import annotations

import argparse

import uvicorn

from mock_server.app import create_app
from mock_server.settings import RULES_EXECUTION_MODES, Settings


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m mock_server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--empty", action="store_true", help="start with an empty store instead of the default catalog")
    parser.add_argument("--log-level", default="info")
    parser.add_argument(
        "--rules-execution",
        choices=RULES_EXECUTION_MODES,
        help="run transformations and product link rules before the PATCH answers (sync, the default) or after it, "
        "in the background, as the PIM's jobs do; overrides MOCK_RULES_EXECUTION",
    )
    args = parser.parse_args(argv)
    overrides: dict[str, object] = {"load_fixtures": not args.empty}
    if args.rules_execution:
        overrides["rules_execution"] = args.rules_execution
    settings = Settings.from_env(**overrides)
    app = create_app(settings=settings)
    # The app applies X-Forwarded-* itself (api/forwarded.py); when told not to, uvicorn must not either.
    uvicorn.run(
        app, host=args.host, port=args.port, log_level=args.log_level, proxy_headers=settings.trust_forwarded_headers
    )


if __name__ == "__main__":
    main()
