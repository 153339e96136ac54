"""python -m mutation [--only NAME ...] [--report PATH] [--jobs N]: run the conformance suite against every mutant.

Exit status 0 only when the clean mock passes the suite and every mutant is caught; 1 when a mutant survives or
the clean mock fails; 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from mutation import SuiteOptions, format_table, run, to_markdown, worker_main


def parser() -> argparse.ArgumentParser:
    defaults = SuiteOptions()
    cli = argparse.ArgumentParser(prog="python -m mutation", description=__doc__.split("\n\n")[0])
    cli.add_argument("--only", nargs="+", metavar="NAME", help="run only these mutants (the clean run always runs)")
    cli.add_argument("--report", type=Path, metavar="PATH", help="write the whole result as JSON to PATH")
    cli.add_argument("--markdown", type=Path, metavar="PATH", help="write the result table as Markdown to PATH")
    cli.add_argument(
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="mutants run N at a time, each in its own process (default 1: one after the other, in this process)",
    )
    cli.add_argument("--list", action="store_true", help="list the mutants and exit")
    cli.add_argument(
        "--keep-going",
        action="store_true",
        help="run the mutants even if the clean mock fails the suite (its failing tests are then ignored; the exit "
        "status stays 1)",
    )
    cli.add_argument("--seed", type=int, default=defaults.seed, help=f"suite seed (default {defaults.seed})")
    cli.add_argument(
        "--max-examples",
        type=int,
        default=defaults.max_examples,
        help=f"Schemathesis examples per operation (default {defaults.max_examples})",
    )
    cli.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="RULES_OR_EXPRESSION",
        help="run only part of the suite, the same part for every run (conformance's --select: rule ids, area "
        "prefixes, globs or a pytest -k expression; repeatable). The default, the whole suite, is the real measure",
    )
    cli.add_argument(
        "--layer",
        choices=("all", "contract", "scenarios", "differential"),
        default=defaults.layer,
        help="the suite's layer(s); differential: the differential layer alone (messages compared, no shrinking)",
    )
    cli.add_argument(
        "--differential",
        action="store_true",
        help="add the differential layer to the layer(s) chosen; the table says which layer(s) caught each mutant",
    )
    cli.add_argument(
        "--differential-examples",
        type=int,
        default=defaults.differential_examples,
        help=f"sequences the differential layer may try per run (default {defaults.differential_examples})",
    )
    cli.add_argument(
        "--poll-timeout",
        type=float,
        default=defaults.poll_timeout,
        help=f"seconds the suite waits for asynchronous effects (default {defaults.poll_timeout:g})",
    )
    cli.add_argument("--timeout", type=float, default=1800, help="seconds one mutant may run with --jobs > 1")
    cli.add_argument("--work-dir", type=Path, help="keep every run's scorecard under this directory")
    cli.add_argument("--worker", metavar="NAME", help=argparse.SUPPRESS)  # internal: one mutant, for --jobs
    return cli


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    options = SuiteOptions(
        seed=args.seed,
        max_examples=args.max_examples,
        layer=args.layer,
        select=tuple(args.select),
        poll_timeout=args.poll_timeout,
        differential=args.differential,
        differential_examples=args.differential_examples,
    )
    if args.worker:
        return worker_main(args.worker, options, args.work_dir)

    from mutation.mutants import MUTANTS, by_name

    if args.list:
        for mutant in MUTANTS:
            print(f"{mutant.name:<40} {mutant.kind:<9} {mutant.description}")
        return 0
    try:
        by_name(args.only)
    except KeyError as error:
        print(f"python -m mutation: {error.args[0]}", file=sys.stderr)
        return 2
    if args.jobs < 1:
        print("python -m mutation: --jobs must be at least 1", file=sys.stderr)
        return 2

    report = run(
        args.only,
        options=options,
        jobs=args.jobs,
        work_dir=args.work_dir,
        timeout=args.timeout,
        keep_going=args.keep_going,
        progress=lambda line: print(line, flush=True),
    )
    print()
    print(format_table(report))
    command = ["python -m mutation", *(argv if argv is not None else sys.argv[1:])]
    if args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        args.report.write_text(json.dumps(report.to_json(), indent=2) + "\n", encoding="utf-8")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(to_markdown(report, command), encoding="utf-8")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    sys.exit(main())
