"""python -m benchmarks.conformance_in_process [options of python -m conformance]: the suite, mock in-process.

`python -m conformance` checks a URL only. This runs that very command (`conformance.__main__.main`, every option
and default of it, arguments after `--` to pytest) with one change: the target is the mock built in this process,
exactly as `python -m mock_server` builds it (the default catalog, settings from the MOCK_* variables), which the
suite serves itself on a loopback port (`conformance.target.Target(app=...)`). --target is refused.
Exit status: the suite's.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any
from unittest import mock

import conformance.__main__ as conformance_main
from conformance.target import Target

NOT_IN_PROCESS = 3  # the suite's CLI built its target some other way: nothing ran in-process


def build_mock_app() -> Any:
    """The app `python -m mock_server` serves when started without flags (--empty and --rules-execution unset)."""
    from fixtures.catalog import load_start
    from mock_server.app import create_app
    from mock_server.settings import Settings

    return create_app(settings=Settings.from_env(load_fixtures=True), start_catalog=load_start)


class InProcessTarget:
    """Stands in for `Target` in the suite's CLI: the target it builds serves the mock app instead of a URL."""

    calls: list[dict[str, Any]] = []  # noqa: RUF012 - what the CLI asked for, so main() can tell it came here

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None, **overrides: Any) -> Target:
        cls.calls.append(dict(overrides))
        overrides.pop("base_url", None)
        return Target.from_env(environ, app=build_mock_app(), **overrides)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    ours = arguments[: arguments.index("--")] if "--" in arguments else arguments
    if any(word == "--target" or word.startswith("--target=") for word in ours):
        print("conformance_in_process: --target: the target is the mock, in this process", file=sys.stderr)
        return 2
    InProcessTarget.calls.clear()
    with mock.patch.object(conformance_main, "Target", InProcessTarget):
        status = conformance_main.main(arguments)
    if not InProcessTarget.calls:
        print(
            "conformance_in_process: python -m conformance no longer builds its target with Target.from_env; "
            "update benchmarks/conformance_in_process.py",
            file=sys.stderr,
        )
        return NOT_IN_PROCESS
    return status


if __name__ == "__main__":
    sys.exit(main())
