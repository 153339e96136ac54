"""python -m conformance --target URL: check a server against the contract and the rules; exit 0 only if all pass.

Credentials come from AKENEO_CLIENT_ID, AKENEO_CLIENT_SECRET, AKENEO_USERNAME and AKENEO_PASSWORD, the target from
--target or AKENEO_BASE_URL (the defaults match the mock: http://127.0.0.1:8080, client, secret, admin, admin).
Arguments after `--` go to pytest as they are (-x, -v, --lf ...).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any

from conformance.plugin import DEFAULT_MAX_EXAMPLES, DEFAULT_REPORT_DIR, LAYERS, run
from conformance.target import DEFAULT_BASE_URL, RUN_PREFIX_RE, Target


def _run_prefix(value: str) -> str:
    if not RUN_PREFIX_RE.match(value):
        raise argparse.ArgumentTypeError("2-16 lowercase letters and digits, starting with a letter")
    return value


def positive(kind: type) -> Callable[[str], Any]:
    """An argparse type: a number of `kind` above zero (the benchmarks' command lines use it too)."""

    def parse(value: str) -> Any:
        number = kind(value)  # a ValueError is argparse's "invalid value" message
        if number <= 0:
            raise argparse.ArgumentTypeError("must be positive")
        return number

    return parse


def _not_negative(value: str) -> float:
    number = float(value)
    if number < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return number


def parser() -> argparse.ArgumentParser:
    cli = argparse.ArgumentParser(
        prog="python -m conformance",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    cli.add_argument(
        "--target",
        default=os.environ.get("AKENEO_BASE_URL") or DEFAULT_BASE_URL,
        help="base URL of the PIM (the host: the API is under /api/rest/v1); default AKENEO_BASE_URL, else %(default)s",
    )
    cli.add_argument(
        "--read-only",
        action="store_true",
        help="send no request that could change data: deselects every test marked `writes`",
    )
    cli.add_argument("--seed", type=int, default=None, help="Schemathesis/Hypothesis seed (default: random, reported)")
    cli.add_argument(
        "--max-examples",
        type=positive(int),
        default=DEFAULT_MAX_EXAMPLES,
        help="Schemathesis examples per operation in the fuzzing and stateful phases (default %(default)s)",
    )
    cli.add_argument(
        "--poll-timeout",
        type=positive(float),
        default=10.0,
        help="seconds to wait for asynchronous effects such as link rules and transformations (default %(default)s)",
    )
    cli.add_argument(
        "--token-wait",
        type=_not_negative,
        default=0.0,
        help="seconds the suite may wait for an access token to expire (AUTH-TOKEN-EXPIRES) on a server whose clock it "
        "cannot move; the vendor's tokens live 3600 s (default %(default)s: not run there; the mock needs no wait)",
    )
    cli.add_argument(
        "--report-dir",
        default=str(DEFAULT_REPORT_DIR),
        help="where scorecard.json, scorecard.html and junit.xml go (default %(default)s)",
    )
    cli.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULES_OR_EXPRESSION",
        help="rule ids, area prefixes (AUTH) or globs (FAM-*), comma-separated; anything else is a pytest -k "
        "expression (e.g. 'not product_side'); repeatable",
    )
    cli.add_argument("--layer", choices=tuple(LAYERS), default="all", help="contract (Schemathesis), scenarios, or all")
    cli.add_argument(
        "--run-prefix", type=_run_prefix, default=None, help="prefix of every code created (default cf+hex)"
    )
    return cli


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    extra: list[str] = []
    if "--" in arguments:
        index = arguments.index("--")
        arguments, extra = arguments[:index], arguments[index + 1 :]
    args = parser().parse_args(arguments)
    try:
        target = Target.from_env(
            base_url=args.target,
            read_only=args.read_only,
            run_prefix=args.run_prefix,
            poll_timeout=args.poll_timeout,
            token_wait=args.token_wait,
        )
    except ValueError as exc:
        print(f"conformance: {exc}", file=sys.stderr)
        return 4
    return run(
        target,
        layer=args.layer,
        select=args.select,
        seed=args.seed,
        max_examples=args.max_examples,
        report_dir=args.report_dir,
        pytest_extra=extra,
    )


if __name__ == "__main__":
    sys.exit(main())
