"""What every benchmark's result file says about where it ran, and writing it: the figures go to stdout and, with
--out, to the file (a markdown page the script rewrites whole; never edited by hand)."""

from __future__ import annotations

import contextlib
import os
import platform
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.host import git_commit


def machine_lines(pinning: str) -> list[str]:
    """The machine, its CPUs and how the run used them, the platform and the commit measured."""
    model = "unknown"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return [
        f"- Machine: `os.cpu_count()` = {os.cpu_count()}, {model}; {pinning}",
        f"- Platform: {platform.platform()}; commit `{git_commit()}`",
    ]


def publish(title: str, *, pinning: str, command: str, body: Sequence[str], out: Path | None) -> str:
    """The result page (title with the date, the machine, the command, then `body`), printed and, with `out`,
    written there."""
    text = "\n".join(
        [
            f"# {title}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            *machine_lines(pinning),
            f"- Command: `{command}`",
            "",
            *body,
            "",
        ]
    )
    print(text)
    if out:
        out.write_text(text)
    return text
