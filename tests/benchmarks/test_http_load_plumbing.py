"""The plumbing of benchmarks/http_load.py, without wrk or Prism: wrk's report read into numbers, the ratios and
tables, the workloads against the mock, the ceiling replaying the mock's bodies byte for byte, the command line.

Nothing here measures time: the speed figures are the benchmark's business, not a test's."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient

from benchmarks import ceiling_app
from benchmarks import http_load as bench
from benchmarks import http_load_report as report
from benchmarks import http_load_workloads as workloads
from benchmarks.ceiling_app import Captured
from conformance.loopback import LoopbackServer
from fixtures.catalog import load_start
from mock_server.app import create_app

REPO = Path(__file__).resolve().parents[2]

# Captured from Debian's wrk 4.1.0 (`wrk --latency -t 1 -c 10 -d 2s ...`) against the mock, GET one asset.
WRK_CLEAN = """\
Running 2s test @ http://127.0.0.1:45109/api/rest/v1/asset-families/bench_http/assets/asset_0001
  1 threads and 10 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     8.99ms   12.30ms 125.28ms   94.85%
    Req/Sec     1.48k   348.98     1.63k    90.00%
  Latency Distribution
     50%    6.28ms
     75%    6.42ms
     90%    6.93ms
     99%   80.34ms
  2939 requests in 2.00s, 1.67MB read
Requests/sec:   1467.98
Transfer/sec:    851.60KB
"""

# The same wrk against the ceiling app with nothing captured: every answer a 404, latencies in microseconds.
WRK_404 = """\
Running 1s test @ http://127.0.0.1:18931/nothing
  1 threads and 4 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   271.31us  505.66us   5.45ms   95.16%
    Req/Sec    22.53k     3.69k   25.14k    90.91%
  Latency Distribution
     50%  161.00us
     75%  167.00us
     90%  222.00us
     99%    3.19ms
  24676 requests in 1.10s, 3.98MB read
  Non-2xx or 3xx responses: 24676
Requests/sec:  22442.17
Transfer/sec:      3.62MB
"""

# The same wrk against a socket that closes every connection it accepts.
WRK_SOCKET_ERRORS = """\
Running 1s test @ http://127.0.0.1:18932/
  1 threads and 2 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     0.00us    0.00us   0.00us    -nan%
    Req/Sec     0.00      0.00     0.00      -nan%
  Latency Distribution
     50%    0.00us
     75%    0.00us
     90%    0.00us
     99%    0.00us
  0 requests in 1.01s, 0.00B read
  Socket errors: connect 0, read 37699, write 0, timeout 0
Requests/sec:      0.00
Transfer/sec:       0.00B
"""


# --- wrk's report ----------------------------------------------------------------------------------------------------


def test_parse_wrk_reads_rate_percentiles_and_totals() -> None:
    figures = report.parse_wrk(WRK_CLEAN)
    assert figures.requests_per_s == pytest.approx(1467.98)
    assert figures.p50_ms == pytest.approx(6.28)
    assert figures.p99_ms == pytest.approx(80.34)
    assert figures.requests == 2939
    assert figures.duration_s == pytest.approx(2.0)
    assert figures.bytes_per_response == pytest.approx(1.67 * 1024**2 / 2939)
    assert figures.non_2xx == 0
    assert figures.socket_errors == {}


def test_parse_wrk_converts_microseconds_and_counts_error_answers() -> None:
    figures = report.parse_wrk(WRK_404)
    assert figures.p50_ms == pytest.approx(0.161)
    assert figures.p99_ms == pytest.approx(3.19)
    assert figures.non_2xx == 24676


def test_parse_wrk_keeps_only_the_socket_errors_that_happened() -> None:
    figures = report.parse_wrk(WRK_SOCKET_ERRORS)
    assert figures.socket_errors == {"read": 37699}
    assert figures.requests == 0
    assert figures.bytes_per_response == 0.0


@pytest.mark.parametrize(
    "text", ["unable to connect to 127.0.0.1:1 Connection refused\n", "", WRK_CLEAN.replace("     99%   80.34ms\n", "")]
)
def test_parse_wrk_refuses_anything_but_a_latency_report(text: str) -> None:
    with pytest.raises(report.WrkOutputError, match="not a wrk --latency report"):
        report.parse_wrk(text)


# --- ratios, verdicts, tables ----------------------------------------------------------------------------------------


def measure(workload: str, server: str, rate: float, *, non_2xx: int = 0, probe: int = 200) -> report.Measure:
    figures = report.WrkFigures(
        requests_per_s=rate, p50_ms=1.0, p99_ms=9.0, requests=int(rate * 10), duration_s=10.0, bytes_read=1e6,
        non_2xx=non_2xx,
    )  # fmt: skip
    return report.Measure(workload=workload, server=server, probe_status=probe, figures=figures)


def run_of(asset: tuple[float, float, float], page: tuple[float, float, float]) -> list[report.Measure]:
    measures = []
    for key, rates in (("asset", asset), ("page", page)):
        measures += [measure(key, server, rate) for server, rate in zip(report.SERVERS, rates, strict=True)]
    return measures


def test_ratio_is_requests_per_second_of_one_over_the_other() -> None:
    assert report.ratio(measure("asset", "mock", 3000), measure("asset", "prism", 800)) == pytest.approx(3.75)
    assert report.ratio(measure("asset", "mock", 3000), None) is None
    assert report.ratio(measure("asset", "mock", 3000), measure("asset", "prism", 0)) is None


def test_target_is_three_times_prism_on_the_two_reads_and_only_reported() -> None:
    table = report.index(run_of(asset=(2400, 800, 25000), page=(2000, 900, 22000)))
    by_key = {workload.key: workload for workload in report.WORKLOADS}
    assert report.target_verdict(by_key["asset"], table) == "met"  # exactly 3x
    assert report.target_verdict(by_key["page"], table) == "NOT met"  # 2.2x
    assert report.target_verdict(by_key["token"], table) == ""  # no target on the token request
    del table[("page", "prism")]
    assert report.target_verdict(by_key["page"], table) == "not measured"


def test_summary_table_has_a_row_per_workload_with_both_ratios() -> None:
    lines = report.summary_table(run_of(asset=(1600, 800, 25000), page=(240, 930, 22000)))
    assert lines[0].startswith("| workload | mock req/s | prism req/s | ceiling req/s | mock/Prism | mock/ceiling")
    assert len(lines) == 2 + len(report.WORKLOADS)
    assert lines[2] == "| GET one asset | 1.60k | 800 | 25.00k | 2.00x | 0.06x | NOT met |"
    assert lines[3].startswith("| GET a page of 100 (family of 1,000) | 240 | 930 | 22.00k | 0.26x | 0.01x |")
    assert lines[4] == "| POST token (password grant) | n/a | n/a | n/a | n/a | n/a | - |"


def test_non_2xx_answers_fail_the_run_for_the_mock_and_the_ceiling_but_not_for_prism() -> None:
    measures = [
        measure("asset", "mock", 1000, non_2xx=3),
        measure("asset", "prism", 500, non_2xx=500),
        measure("asset", "ceiling", 9000, probe=404),
        report.Measure(workload="page", server="ceiling", probe_status=200, error="wrk exited 1: not a report"),
    ]
    assert report.failures(measures) == [
        "mock (default settings), GET one asset: 3 non-2xx answers",
        "ceiling (bare Starlette, same bodies), GET one asset: the probe request answered 404",
        "ceiling (bare Starlette, same bodies), GET a page of 100 (family of 1,000): wrk exited 1: not a report",
    ]


def run_info(**extra: Any) -> report.RunInfo:
    return report.RunInfo(
        when="2026-12-03 22:00 UTC", command="python benchmarks/http_load.py", machine=["- Machine: test"],
        versions="Python 3.11", settings="wrk -t 1 -c 10", **extra,
    )  # fmt: skip


def test_render_says_failed_when_a_server_did_not_start_and_lists_why() -> None:
    text = report.render(run_of((1, 1, 1), (1, 1, 1)), run_info(errors=["prism: did not answer"]))
    assert "## Last run: **FAILED**" in text
    assert "### What failed\n\n- prism: did not answer\n" in text
    clean = report.render(run_of((1, 1, 1), (1, 1, 1)), run_info(notes=["- Note: other helpers were running"]))
    assert "## Last run: every mock and ceiling answer 2xx" in clean
    assert "- Note: other helpers were running" in clean
    assert "What failed" not in clean


def test_a_load_before_the_run_marks_a_busy_machine_and_the_run_s_own_load_does_not() -> None:
    quiet = report.load_lines((0.3, 0.5, 0.6), (2.1, 1.2, 0.8), cpus=2)  # after: the run itself (wrk and a server)
    assert quiet == ["- Load average (1, 5, 15 min): before the run 0.30, 0.50, 0.60; after it 2.10, 1.20, 0.80"]
    busy = report.load_lines((2.65, 2.06, 1.61), None, cpus=2)
    assert busy[0].endswith("before the run 2.65, 2.06, 1.61; after it n/a")
    assert busy[1].startswith("- **Busy machine**: the 1-minute load average was 2.65 on 2 CPUs before the run")


# --- wrk's command and script ----------------------------------------------------------------------------------------


def test_wrk_command_sends_the_headers_and_the_script(tmp_path: Path) -> None:
    args = argparse.Namespace(threads=1, connections=10)
    call = workloads.Call("PATCH", "/x", {"Authorization": "Bearer t", "Content-Type": "application/json"}, b"{}")
    command = bench.wrk_command("wrk", "http://h/x", call, 2.5, args, tmp_path / "patch.lua")
    assert command[:8] == ["wrk", "--latency", "-t", "1", "-c", "10", "-d", "2.5s"]
    assert command[10:12] == ["-H", "Authorization: Bearer t"]
    assert ["-s", str(tmp_path / "patch.lua"), "http://h/x"] == command[-3:]
    script = bench.lua_script(call, tmp_path / "patch.body")
    assert script.startswith('wrk.method = "PATCH"\n')
    assert f'io.open([==[{tmp_path / "patch.body"}]==], "rb")' in script


def test_a_server_that_does_not_answer_the_probe_is_a_failed_measure_not_a_crash(tmp_path: Path) -> None:
    gone = bench.Server("mock", [], bench.free_port(), tmp_path / "mock.log")  # nothing listens there
    args = argparse.Namespace(threads=1, connections=1, warmup=0, duration=1)
    result = bench.measure("wrk-is-not-run", gone, "asset", workloads.Call("GET", "/api/rest/v1"), args, tmp_path)
    assert result.figures is None and result.error is not None
    assert result.error.startswith("the probe request failed:")
    assert report.failures([result]) == [f"mock (default settings), GET one asset: {result.error}"]


def test_the_upload_is_a_multipart_file_part_of_at_least_a_megabyte() -> None:
    image = workloads.png_of_noise()
    assert len(image) >= workloads.IMAGE_BYTES
    assert image.startswith(b"\x89PNG") and image == workloads.png_of_noise()  # the same bytes on every run
    body, content_type = workloads.multipart("a.png", b"PNGDATA", boundary="B")
    assert content_type == "multipart/form-data; boundary=B"
    assert body == (
        b'--B\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\nContent-Type: image/png\r\n\r\n'
        b"PNGDATA\r\n--B--\r\n"
    )


# --- the workloads against the mock, and the ceiling -----------------------------------------------------------------


@pytest.fixture(scope="module")
def captured() -> list[Captured]:
    """The workloads run once against the mock (on a socket, as the benchmark does), with a small image."""
    server = LoopbackServer(create_app(start_catalog=load_start))
    server.start()
    try:
        body, content_type = workloads.multipart("small.png", workloads.png_of_noise(min_bytes=2000))
        upload = workloads.Call("POST", f"{workloads.API}/asset-media-files", {"Content-Type": content_type}, body)
        token, media_code = workloads.seed_mock(server.url, upload)
        calls = workloads.workload_calls(token, media_code, upload)
        assert set(calls) == {workload.key for workload in report.WORKLOADS}
        return workloads.capture(server.url, calls)
    finally:
        server.stop()


def test_every_workload_answers_2xx_on_the_mock_and_the_page_holds_100_of_the_family(captured: list[Captured]) -> None:
    by_path = {(item.method, item.path): item for item in captured}
    assert all(200 <= item.status < 300 for item in captured)  # capture() refuses any other status
    page = json.loads(by_path[("GET", f"{workloads.API}/asset-families/{workloads.FAMILY}/assets")].body)
    assert len(page["_embedded"]["items"]) == 100
    assert "next" in page["_links"]  # a family of 1,000: more pages follow
    upload = next(item for item in captured if item.method == "POST" and "asset-media-files" in item.path)
    assert upload.status == 201 and "asset-media-file-code" in upload.headers


def test_ceiling_replays_the_mock_bodies_byte_for_byte(captured: list[Captured], tmp_path: Path) -> None:
    ceiling_app.dump(captured, tmp_path / "captured.json")
    replayed = ceiling_app.load(tmp_path / "captured.json")
    assert replayed == captured
    with TestClient(ceiling_app.build_app(replayed)) as client:
        for item in captured:
            answer = client.request(item.method, item.path, content=b"x" * 10 if item.method != "GET" else None)
            assert (answer.status_code, answer.content) == (item.status, item.body), item.path
            for name, value in item.headers.items():
                assert answer.headers[name] == value
        assert client.get("/not/captured").status_code == 404


def test_ceiling_finds_a_percent_encoded_path_under_its_decoded_form() -> None:
    item = Captured("GET", "/files/a%2Fb.png", 200, {"content-type": "image/png"}, b"\x00\x01")
    with TestClient(ceiling_app.build_app([item])) as client:
        assert client.get("/files/a%2Fb.png").content == b"\x00\x01"


# --- the command line ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--duration", "0"], "argument --duration: must be positive: '0'"),
        (["--connections", "ten"], "argument --connections: not a whole number: 'ten'"),
        (["--warmup", "-1"], "argument --warmup: must not be negative: -1"),
        (["--threads", "4", "--connections", "2"], "--threads (4) cannot exceed --connections (2): wrk refuses it"),
        (["--bogus"], "unrecognized arguments: --bogus"),
    ],
)
def test_argument_errors_are_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        bench.main(argv)
    assert exited.value.code == 2
    assert capsys.readouterr().err == f"python benchmarks/http_load.py: error: {message}\n"


def test_the_script_runs_from_a_checkout_and_says_usage_errors_in_one_line() -> None:
    done = subprocess.run(
        [sys.executable, "benchmarks/http_load.py", "--duration", "-2"], cwd=REPO, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "python benchmarks/http_load.py: error: argument --duration: must be positive: '-2'"
    ]


def test_missing_wrk_is_one_line_saying_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bench.shutil, "which", lambda name: None)
    with pytest.raises(SystemExit) as exited:
        bench.ensure_wrk(install=False)
    assert str(exited.value) == f"http_load: {bench.WRK_HINT}"
    assert "apt-get install -y wrk" in str(exited.value) and "\n" not in str(exited.value)
