"""The result presented: the terminal table and the Markdown report (RESULTS.md)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from mutation.results import RunReport


def _short(test: str) -> str:
    """A test id without its directory: `scenarios/test_assets.py::test_x[param]` -> `test_assets::test_x[param]`."""
    path, sep, rest = test.partition("::")
    return f"{Path(path).stem}{sep}{rest}" if sep else test


def format_table(report: RunReport, width: int = 100) -> str:
    lines = []
    clean = report.clean
    verdict = "PASSED" if report.clean_passed else "FAILED"
    lines.append(f"clean mock: {verdict} ({clean.passed_tests} tests passed, {clean.seconds:.0f} s)")
    if not report.clean_passed:
        for test in clean.failed_tests:
            lines.append(f"    failing on the clean mock: {_short(test)}")
        if clean.error:
            lines.append(f"    {clean.error}")
    lines.append("")
    header = f"{'mutant':<40} {'kind':<9} {'verdict':<9} {'time':>7}  {'layers':<22}  caught by"
    lines.append(header)
    lines.append("-" * max(width, len(header)))
    for outcome in report.outcomes:
        result = outcome.result
        verdict = "caught" if outcome.caught else "SURVIVED"
        tests = result.error or ", ".join(_short(test) for test in outcome.caught_by[:3])
        more = len(outcome.caught_by) - 3
        if not result.error and more > 0:
            tests += f" (+{more} more)"
        layers = ",".join(outcome.layers) or "-"
        lines.append(f"{outcome.name:<40} {outcome.kind:<9} {verdict:<9} {result.seconds:6.0f}s  {layers:<22}  {tests}")
    lines.append("")
    lines.append(
        f"mutation score: {len(report.caught)}/{len(report.outcomes)} = {report.score:.0%}"
        f"   (total {report.seconds / 60:.1f} min, {report.jobs} job(s))"
    )
    if report.survivors:
        lines.append("survivors: " + ", ".join(outcome.name for outcome in report.survivors))
        for outcome in report.survivors:
            lines.append(f"  {outcome.name}: a test would catch it with: {outcome.catch or outcome.description}")
    return "\n".join(lines)


MARKDOWN_CELL_ITEMS = 6  # a mutant that breaks what most tests rely on fails dozens: the JSON report lists them all


def _at_most(count: int, items: Sequence[str], separator: str) -> str:
    shown = separator.join(items[:count])
    return shown + (f"{separator}... and {len(items) - count} more" if len(items) > count else "")


def to_markdown(report: RunReport, command: Sequence[str] = ()) -> str:
    options = report.options
    out = [
        "# Mutation run: the power of the conformance suite",
        "",
        "Written by `python -m mutation` (see README.md); do not edit by hand, run it again.",
        "",
        f"- Command: `{' '.join(command) or 'python -m mutation'}`",
        f"- Suite options (the same for every run): {options.describe()}",
        f"- Clean mock: **{'passed' if report.clean_passed else 'FAILED'}** ({report.clean.passed_tests} tests "
        f"passed, {report.clean.seconds:.0f} s)",
        f"- **Mutation score: {len(report.caught)}/{len(report.outcomes)} = {report.score:.0%}**",
        f"- Time taken: {report.seconds / 60:.1f} min with {report.jobs} parallel job(s)",
        f"- Survivors: {', '.join(o.name for o in report.survivors) or 'none'}",
        *(
            f"- Failing on the clean mock (ignored when judging the mutants): `{_short(test)}`"
            for test in report.clean.failed_tests
        ),
        "",
        "| mutant | kind | area | what is broken | verdict | layers | time | caught by (failing tests) | failing rules |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for outcome in report.outcomes:
        result = outcome.result
        tests = result.error or _at_most(
            MARKDOWN_CELL_ITEMS, [f"`{_short(test)}`" for test in outcome.caught_by], "<br>"
        )
        rules = _at_most(MARKDOWN_CELL_ITEMS, result.failed_rules, ", ")
        verdict = "caught" if outcome.caught else "**SURVIVED**"
        out.append(
            f"| `{outcome.name}` | {outcome.kind} | {outcome.area} | {outcome.description} | {verdict} "
            f"| {', '.join(outcome.layers) or '-'} | {result.seconds:.0f} s | {tests} | {rules} |"
        )
    out.append("")
    if report.survivors:
        out += ["## Not caught: the test each survivor needs", ""]
        out += [
            f"- `{o.name}` ({o.description}): {o.catch or 'a scenario test of this rule'}" for o in report.survivors
        ]
        out.append("")
    return "\n".join(out)
