"""The ingest benchmark's plumbing (issue #12): it starts the mock, sends its batches from several clients, checks
every answer, and writes its figure and verdict; no timing is asserted."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import ingest


def test_a_small_ingest_runs_against_a_started_mock_and_writes_its_figure(tmp_path: Path) -> None:
    out = tmp_path / "INGEST.md"
    assert ingest.main(["--assets", "250", "--clients", "2", "--out", str(out), "--work-dir", str(tmp_path)]) == 0
    text = out.read_text()
    assert "250 assets (three values each)" in text and "assets/s" in text and "target 10,000/s:" in text


def test_the_batches_hold_every_asset_once_in_hundreds() -> None:
    bodies = ingest.batches(250)
    assert [body.count(b'"code"') for body in bodies] == [100, 100, 50]


def test_an_unreachable_server_stops_the_client_with_its_error() -> None:
    failures: list[str] = []
    # no server on this port: the client's connection error is not swallowed
    with pytest.raises(OSError):
        ingest.send_batches(1, "token", [b"[]"], failures)


@pytest.mark.parametrize("arguments", [["--assets", "0"], ["--clients", "0"]])
def test_bad_numbers_are_refused_with_exit_status_2(arguments: list[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        ingest.main(arguments)
    assert stopped.value.code == 2
