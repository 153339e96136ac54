"""The figures of benchmarks/http_load.py: wrk's --latency output read into numbers, the ratios, the tables and the
Markdown file. No I/O but the text it is given and returns."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

SERVERS = ("mock", "prism", "ceiling")
SERVER_TITLES = {
    "mock": "mock (default settings)",
    "prism": "Prism 5.14.2 on our spec",
    "ceiling": "ceiling (bare Starlette, same bodies)",
}
MUST_BE_CLEAN = ("mock", "ceiling")  # a non-2xx answer from these is a failed run; Prism's are only reported
BUSY_BEFORE = 1.0  # a 1-minute load average from this up, before the run, means a CPU's worth of other work
TARGET_RATIO = 3.0  # issue #12: the mock serves at least 3x Prism's requests per second on these workloads


@dataclass(frozen=True)
class Workload:
    key: str
    title: str
    target: bool = False  # the 3x-Prism target of issue #12 applies


WORKLOADS = (
    Workload("asset", "GET one asset", target=True),
    Workload("page", "GET a page of 100 (family of 1,000)", target=True),
    Workload("token", "POST token (password grant)"),
    Workload("patch", "PATCH one asset"),
    Workload("upload", "POST a media file (1 MB PNG)"),
    Workload("download", "GET that media file"),
)

# --- wrk's output ----------------------------------------------------------------------------------------------------

_TIME_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}
_BYTES = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3, "TB": 1024**4}
_PERCENTILE = re.compile(r"^\s*(50|99)(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$", re.MULTILINE)
_TOTALS = re.compile(r"^\s*(\d+) requests in ([\d.]+)(us|ms|s|m|h), ([\d.]+)(B|KB|MB|GB|TB) read\s*$", re.MULTILINE)
_RATE = re.compile(r"^Requests/sec:\s+([\d.]+)\s*$", re.MULTILINE)
_NON_2XX = re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)\s*$", re.MULTILINE)
_SOCKET = re.compile(r"^\s*Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)\s*$", re.MULTILINE)


class WrkOutputError(ValueError):
    """wrk printed something other than its --latency report (it failed, or another version words it otherwise)."""


@dataclass(frozen=True)
class WrkFigures:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    duration_s: float
    bytes_read: float
    # wrk's "Non-2xx or 3xx responses": despite its words, wrk counts the answers whose status is 400 or more
    # (src/wrk.c, `status > 399`); a 3xx shows in the probe status that http_load.py records before each run
    non_2xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)  # connect, read, write, timeout: only those not 0

    @property
    def bytes_per_response(self) -> float:
        return self.bytes_read / self.requests if self.requests else 0.0


def parse_wrk(text: str) -> WrkFigures:
    """The figures of one `wrk --latency` report; WrkOutputError when a line it needs is missing."""
    percentiles = {match[1]: float(match[2]) * _TIME_MS[match[3]] for match in _PERCENTILE.finditer(text)}
    totals = _TOTALS.search(text)
    rate = _RATE.search(text)
    if totals is None or rate is None or set(percentiles) != {"50", "99"}:
        first = text.strip().splitlines()[0] if text.strip() else "(no output)"
        raise WrkOutputError(f"not a wrk --latency report: {first}")
    non_2xx = _NON_2XX.search(text)
    sockets = _SOCKET.search(text)
    socket_errors = {}
    if sockets is not None:
        counts = zip(("connect", "read", "write", "timeout"), sockets.groups(), strict=True)
        socket_errors = {name: int(count) for name, count in counts if int(count)}
    return WrkFigures(
        requests_per_s=float(rate[1]),
        p50_ms=percentiles["50"],
        p99_ms=percentiles["99"],
        requests=int(totals[1]),
        duration_s=float(totals[2]) * _TIME_MS[totals[3]] / 1000.0,
        bytes_read=float(totals[4]) * _BYTES[totals[5]],
        non_2xx=int(non_2xx[1]) if non_2xx else 0,
        socket_errors=socket_errors,
    )


# --- one measure and the verdicts ------------------------------------------------------------------------------------


@dataclass
class Measure:
    """One server under one workload: the probe request's status, then wrk's figures (or why there are none)."""

    workload: str
    server: str
    probe_status: int | None = None
    figures: WrkFigures | None = None
    error: str | None = None

    @property
    def clean(self) -> bool:
        """Every answer 2xx: the probe, and no 4xx/5xx and no socket error under load."""
        return (
            self.error is None
            and self.probe_status is not None
            and 200 <= self.probe_status < 300
            and self.figures is not None
            and self.figures.non_2xx == 0
            and not self.figures.socket_errors
        )

    def problem(self) -> str:
        if self.error:
            return self.error
        if self.probe_status is None or not 200 <= self.probe_status < 300:
            return f"the probe request answered {self.probe_status}"
        assert self.figures is not None
        parts = [f"{self.figures.non_2xx} non-2xx answers"] if self.figures.non_2xx else []
        parts += [f"{count} socket {name} errors" for name, count in self.figures.socket_errors.items()]
        return ", ".join(parts) or "clean"


def ratio(numerator: Measure | None, denominator: Measure | None) -> float | None:
    """requests/s of one over the other; None when either has no figures (or the denominator served nothing)."""
    if numerator is None or denominator is None or numerator.figures is None or denominator.figures is None:
        return None
    if denominator.figures.requests_per_s <= 0:
        return None
    return numerator.figures.requests_per_s / denominator.figures.requests_per_s


def index(measures: Sequence[Measure]) -> dict[tuple[str, str], Measure]:
    return {(measure.workload, measure.server): measure for measure in measures}


def target_verdict(workload: Workload, measures: Mapping[tuple[str, str], Measure]) -> str:
    """met / NOT met for the 3x-Prism target (reported, never asserted); an empty string where none applies."""
    if not workload.target:
        return ""
    value = ratio(measures.get((workload.key, "mock")), measures.get((workload.key, "prism")))
    if value is None:
        return "not measured"
    return "met" if value >= TARGET_RATIO else "NOT met"


def failures(measures: Sequence[Measure]) -> list[str]:
    """What makes the run fail: a mock or ceiling measure without figures or with a non-2xx answer."""
    return [
        f"{SERVER_TITLES[measure.server]}, {_title(measure.workload)}: {measure.problem()}"
        for measure in measures
        if measure.server in MUST_BE_CLEAN and not measure.clean
    ]


# --- tables ----------------------------------------------------------------------------------------------------------


def _title(key: str) -> str:
    return next((workload.title for workload in WORKLOADS if workload.key == key), key)


def _rate(value: float) -> str:
    return f"{value / 1000:.2f}k" if value >= 1000 else f"{value:.0f}"


def _ms(value: float) -> str:
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def _size(value: float) -> str:
    for unit, factor in (("MB", 1024**2), ("KB", 1024)):
        if value >= factor:
            return f"{value / factor:.1f} {unit}"
    return f"{value:.0f} B"


def _ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}x"


def summary_table(measures: Sequence[Measure], servers: Sequence[str] = SERVERS) -> list[str]:
    """One row per workload: each server's requests/s, the two ratios and the target's verdict."""
    table = index(measures)
    header = ["workload", *(f"{server} req/s" for server in servers), "mock/Prism", "mock/ceiling", "3x Prism"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for workload in WORKLOADS:
        cells = [workload.title]
        for server in servers:
            measure = table.get((workload.key, server))
            cells.append(_rate(measure.figures.requests_per_s) if measure and measure.figures else "n/a")
        mock = table.get((workload.key, "mock"))
        cells += [
            _ratio(ratio(mock, table.get((workload.key, "prism")))),
            _ratio(ratio(mock, table.get((workload.key, "ceiling")))),
            target_verdict(workload, table) or "-",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def detail_table(measures: Sequence[Measure]) -> list[str]:
    """One row per workload and server: requests/s, p50, p99, answers counted, bytes per answer, errors."""
    header = [
        "workload",
        "server",
        "req/s",
        "p50",
        "p99",
        "requests",
        "bytes/answer",
        "probe",
        "non-2xx",
        "socket err.",
    ]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    order = {workload.key: position for position, workload in enumerate(WORKLOADS)}
    for measure in sorted(measures, key=lambda m: (order.get(m.workload, 99), SERVERS.index(m.server))):
        figures = measure.figures
        cells = [_title(measure.workload), measure.server]
        if figures is None:
            cells += ["n/a"] * 5 + [str(measure.probe_status or "n/a"), "n/a", measure.error or "n/a"]
        else:
            errors = sum(figures.socket_errors.values())
            cells += [
                _rate(figures.requests_per_s),
                _ms(figures.p50_ms),
                _ms(figures.p99_ms),
                str(figures.requests),
                _size(figures.bytes_per_response),
                str(measure.probe_status),
                str(figures.non_2xx),
                str(errors) if not errors else f"{errors} ({', '.join(figures.socket_errors)})",
            ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def load_lines(before: Sequence[float] | None, after: Sequence[float] | None, cpus: int) -> list[str]:
    """The load averages, and a warning when other work was running as the run began (its own load, wrk and a
    server, keeps about 2 CPUs busy, so only the load before it says something about the rest of the machine)."""

    def shown(load: Sequence[float] | None) -> str:
        return "n/a" if load is None else ", ".join(f"{value:.2f}" for value in load)

    lines = [f"- Load average (1, 5, 15 min): before the run {shown(before)}; after it {shown(after)}"]
    if before is not None and before[0] >= BUSY_BEFORE:
        lines.append(
            f"- **Busy machine**: the 1-minute load average was {before[0]:.2f} on {cpus} CPUs before the run began: "
            "other work shared the CPUs with the servers and wrk; run it again at a quiet moment"
        )
    return lines


@dataclass
class RunInfo:
    """What the file says about the run besides the figures."""

    when: str
    command: str
    machine: list[str]  # "- ..." lines: CPUs, model, platform, load averages
    versions: str
    settings: str
    notes: list[str] = field(default_factory=list)  # "- ..." lines: the caller's notes, the busy-machine warning
    errors: list[str] = field(default_factory=list)  # servers that did not start or could not be set up


def render(measures: Sequence[Measure], info: RunInfo) -> str:
    problems = info.errors + failures(measures)
    lines = [
        "# Benchmark: HTTP load on the mock, Stoplight Prism and a bare-Starlette ceiling (issue #12)",
        "",
        "Written by `python benchmarks/http_load.py` (see README.md); do not edit by hand, run it again.",
        "",
        f"## Last run: {'every mock and ceiling answer 2xx' if not problems else '**FAILED**'}",
        "",
        f"- Date: {info.when}",
        *info.machine,
        f"- Versions: {info.versions}",
        f"- Load generator: {info.settings}",
        f"- Command: `{info.command}`",
        *info.notes,
        "",
        "### Requests per second and ratios",
        "",
        *summary_table(measures),
        "",
        f"The targets of issue #12 (the mock at least {TARGET_RATIO:g}x Prism's requests/s on GET one asset and on a "
        "page of 100) are reported, never asserted.",
        "",
        "### Per server",
        "",
        *detail_table(measures),
        "",
        "p50 and p99 are wrk's latency percentiles; `probe` is the status of one request sent before the load; "
        "`non-2xx` is wrk's count of answers with a status of 400 or more.",
    ]
    if problems:
        lines += ["", "### What failed", "", *(f"- {problem}" for problem in problems)]
    lines += [
        "",
        "### Reading it",
        "",
        "- All three servers run at once on loopback and every workload is measured on each of them in turn, so a "
        "busy machine slows all three alike and the ratios hold better than the absolute figures.",
        "- Prism answers from the spec's examples: its page holds the example's items, not 100 assets (see "
        "`bytes/answer`), and it stores nothing. It logs every request at its default level (to a file here).",
        "- The ceiling answers the mock's own captured bodies without doing any work: mock/ceiling is the share of "
        "the bare-server speed the mock keeps.",
    ]
    return "\n".join(lines) + "\n"
