"""python -m conformance --target URL: check a server against the contract and the rules; exit 0 only if all pass.

Credentials come from AKENEO_CLIENT_ID, AKENEO_CLIENT_SECRET, AKENEO_USERNAME and AKENEO_PASSWORD, the target from
--target or AKENEO_BASE_URL (the defaults match the mock: http://127.0.0.1:8080, client, secret, admin, admin).
Arguments after `--` go to pytest as they are (-x, -v, --lf ...).

Before running, the suite checks its target (conformance/preflight.py): a server that cannot be reached, refuses the
credentials or is not an Akeneo API stops the run with one line and exit status 2. Exit statuses: 0 every selected
check passed; 1 a check failed (or none was selected); 2 not run (unusable target, bad option, a --select id that
names no rule); 4 a bad configuration (the rule catalogue, the target's settings).

--differential (or --layer differential alone): random sequences of vendor calls sent to the target and to the
reference model (the mock, started for the run), every answer compared; a divergence is shrunk and replayable.

python -m conformance replay CASSETTE [--target URL]: replay what `akeneo-mock proxy --record` recorded against a
target and list every difference (python -m conformance replay --help).
"""

from __future__ import annotations

import argparse
import difflib
import os
import sys
from collections.abc import Callable, Sequence
from importlib import metadata
from typing import Any

from conformance.differential.reference import not_installed
from conformance.differential.settings import DEFAULT_EXAMPLES, DEFAULT_STEPS, DifferentialSettings
from conformance.preflight import TargetUnusable, check_target
from conformance.rules import RuleCatalogue, RulesError, load_rules
from conformance.run_options import DEFAULT_MAX_EXAMPLES, DEFAULT_REPORT_DIR, LAYERS, split_select
from conformance.runner import run
from conformance.target import DEFAULT_BASE_URL, RUN_PREFIX_RE, Target, TargetError

NOT_RUN = 2  # as argparse's usage errors: nothing was checked
BAD_CONFIGURATION = 4  # pytest's usage error status, which run() answers for a malformed rule catalogue


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
    cli.add_argument(
        "--layer",
        choices=tuple(LAYERS),
        default="all",
        help="contract (Schemathesis), scenarios, differential, or all (contract and scenarios)",
    )
    group = cli.add_argument_group("differential layer (conformance/differential; rule DIFFERENTIAL)")
    group.add_argument(
        "--differential",
        action="store_true",
        help="also run the differential layer: random sequences of vendor calls sent to the target and to the "
        "reference model (the mock, started for the run), every answer compared (--layer differential: it alone)",
    )
    group.add_argument(
        "--differential-examples",
        type=positive(int),
        default=DEFAULT_EXAMPLES,
        help="sequences Hypothesis tries (default %(default)s)",
    )
    group.add_argument(
        "--differential-steps",
        type=positive(int),
        default=DEFAULT_STEPS,
        help="calls per sequence (default %(default)s)",
    )
    group.add_argument(
        "--differential-messages",
        action="store_true",
        help="compare error message texts too (default: statuses, codes and property paths only)",
    )
    group.add_argument(
        "--differential-reference",
        metavar="URL",
        help="a running mock to compare with (python -m mock_server), instead of starting one for the run",
    )
    cli.add_argument(
        "--run-prefix", type=_run_prefix, default=None, help="prefix of every code created (default cf+hex)"
    )
    cli.add_argument(
        "--keep-tenant",
        action="store_true",
        help="on the mock, keep the tenant the run worked in (conformance-PREFIX) instead of dropping it at the end",
    )
    cli.add_argument(
        "--no-target-check",
        dest="check_target",
        action="store_false",
        help="run without first checking that the target is a reachable Akeneo API accepting the credentials",
    )
    cli.add_argument(
        "--list-rules",
        action="store_true",
        help="print the rule catalogue (id, level, rule; the rules --select picks, if given) and exit",
    )
    cli.add_argument("--version", action=_Version, help="print the version of the toolkit and exit")
    return cli


class _Version(argparse.Action):
    """--version, looked up only when asked (reading the installed metadata costs a scan of site-packages)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, cli: argparse.ArgumentParser, *_: Any) -> None:
        print(f"{DISTRIBUTION} {package_version()}")
        cli.exit()


DISTRIBUTION = "akeneo-asset-manager-toolkit"


def package_version() -> str:
    """The installed version of the distribution that ships this package."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # installed under another name: ask which distribution ships us
        for name in metadata.packages_distributions().get(__package__ or "conformance", []):
            return metadata.version(name)
    return "(version unknown: the package is not installed)"


def list_rules(rules: RuleCatalogue, select: Sequence[str]) -> int:
    """--list-rules: one line per rule (id, level, the rule), then the count; --select's rule patterns filter."""
    patterns, expression = split_select(select)
    chosen = rules.matching(patterns) if patterns else set(rules.ids)
    listed = [rule for rule in rules if rule.id in chosen]
    width = max((len(rule.id) for rule in listed), default=0)
    level_width = max(len(rule.level) for rule in rules) if len(rules) else 0
    for rule in listed:
        print(f"{rule.id:<{width}}  {rule.level:<{level_width}}  {rule.rule}")
    levels = {level: sum(rule.level == level for rule in listed) for level in dict.fromkeys(r.level for r in rules)}
    counts = ", ".join(f"{count} {level}" for level, count in levels.items())
    total = f"{len(listed)} of {len(rules)} rules" if patterns else f"{len(rules)} rules"
    print(f"{total}: {counts}" if counts else total)
    if expression:
        print(f"conformance: --list-rules filters by rule ids only; {expression} was not applied", file=sys.stderr)
    return 0


def unknown_ids(rules: RuleCatalogue, select: Sequence[str]) -> list[str]:
    """One line per bare --select id or area that names no rule, with the close ids (a typo, most likely).

    Globs are left to the run, which warns when one matches nothing; so are pytest -k expressions."""
    patterns, _ = split_select(select)
    areas = sorted({rule_id.split("-")[0] for rule_id in rules.ids})
    lines = []
    for pattern in patterns:
        if any(char in pattern for char in "*?[") or rules.matching([pattern]):
            continue
        close = difflib.get_close_matches(pattern, [*rules.ids, *areas], n=3)
        named = f"{', '.join(close[:-1])} or {close[-1]}" if len(close) > 1 else "".join(close)
        hint = f"did you mean {named}?" if close else "see --list-rules"
        lines.append(f"--select {pattern} names no rule; {hint}")
    return lines


def differential_settings(args: argparse.Namespace) -> DifferentialSettings | None:
    """The differential layer's settings when it runs (--differential or --layer differential), else None."""
    if not (args.differential or args.layer == "differential"):
        return None
    return DifferentialSettings(
        examples=args.differential_examples,
        steps=args.differential_steps,
        messages=args.differential_messages,
        reference=args.differential_reference,
    )


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments[:1] == ["replay"]:
        from conformance.replay import main as replay_main

        return replay_main(arguments[1:])
    extra: list[str] = []
    if "--" in arguments:
        index = arguments.index("--")
        arguments, extra = arguments[:index], arguments[index + 1 :]
    args = parser().parse_args(arguments)
    if not any(word.startswith(("-v", "-q", "--verbose", "--quiet")) for word in extra):
        extra = ["-q", *extra]  # dots, not a line per file: the scorecard section is the summary (under 100 lines)
    if args.list_rules or args.select:
        try:
            rules = load_rules()
        except RulesError as exc:
            print(f"conformance: {exc}", file=sys.stderr)
            return BAD_CONFIGURATION
        if args.list_rules:
            return list_rules(rules, args.select)
        typos = unknown_ids(rules, args.select)
        if typos:
            print(f"conformance: not run: {'; '.join(typos)}", file=sys.stderr)
            return NOT_RUN
    differential = differential_settings(args)
    if differential is not None and differential.reference is None and not_installed():
        print(f"conformance: not run: {not_installed()}", file=sys.stderr)
        return NOT_RUN
    try:
        target = Target.from_env(
            base_url=args.target,
            read_only=args.read_only,
            run_prefix=args.run_prefix,
            poll_timeout=args.poll_timeout,
            token_wait=args.token_wait,
            keep_tenant=args.keep_tenant,
        )
    except ValueError as exc:
        print(f"conformance: {exc}", file=sys.stderr)
        return BAD_CONFIGURATION
    try:
        target.open()  # an in-process app is served from here; run() reuses it
    except TargetError as exc:
        print(f"conformance: not run: target unusable: {exc}", file=sys.stderr)
        return NOT_RUN
    try:
        if args.check_target:
            try:
                notes = check_target(target)
            except TargetUnusable as exc:
                print(f"conformance: not run: target unusable: {exc}", file=sys.stderr)
                return NOT_RUN
            for note in notes:
                print(f"conformance: note: {note}", file=sys.stderr)
        return run(
            target,
            layer=args.layer,
            select=args.select,
            seed=args.seed,
            max_examples=args.max_examples,
            report_dir=args.report_dir,
            pytest_extra=extra,
            differential=differential,
        )
    finally:
        target.close()


if __name__ == "__main__":
    sys.exit(main())
