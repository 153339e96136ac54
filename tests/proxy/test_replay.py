"""akeneo-conformance replay against real mocks: the recorded workflow replays without a difference on a mock that
behaves as the recorded one, reports the differences of one that does not (exit 1), and an unusable cassette or
target is one line and exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.__main__ import main as conformance_main
from tests.e2e.conftest import running_mock
from tests.proxy.conftest import FAMILY, PAGE_SIZE, Recording

OTHER_PASSWORD = "an0ther-pass"  # the target's own credentials, not the recording's


def main(argv: list[str]) -> int:
    """`akeneo-conformance replay ...`, as the console script runs it."""
    return conformance_main(["replay", *argv])


@pytest.fixture
def target_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AKENEO_BASE_URL", raising=False)
    monkeypatch.setenv("AKENEO_PASSWORD", OTHER_PASSWORD)
    for name in ("AKENEO_CLIENT_ID", "AKENEO_CLIENT_SECRET", "AKENEO_USERNAME"):
        monkeypatch.delenv(name, raising=False)


def test_replay_same_behaviour_no_difference(
    recording: Recording, target_credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # REPLAY-SAME: a fresh mock with the recorded settings answers as recorded, with its own credentials and tokens
    with running_mock(MOCK_PAGE_SIZE=PAGE_SIZE, MOCK_PASSWORD=OTHER_PASSWORD) as target:
        status = main([str(recording.cassette), "--target", target])
    out = capsys.readouterr()
    assert status == 0, out.out + out.err
    assert out.out.strip().splitlines() == [
        f"replay: {len(recording.answers)} exchanges against {target}: no difference"
    ]


def test_replay_other_behaviour_differences_and_exit_1(
    recording: Recording, target_credentials: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # REPLAY-DIFF: a mock with the default page size answers the first page with every asset and no next link
    with running_mock(MOCK_PASSWORD=OTHER_PASSWORD) as target:
        status = main([str(recording.cassette), "--target", target])
    lines = capsys.readouterr().out.strip().splitlines()
    assert status == 1
    page1 = [line for line in lines if line.startswith(f"#9 GET {FAMILY}/assets: ")]
    assert f"#9 GET {FAMILY}/assets: body /_links/next: recorded " in "\n".join(page1)
    assert any(line.endswith(", got (missing)") for line in page1), lines
    assert any("/_embedded/items/2: recorded (missing), got {" in line for line in page1)
    assert lines[-1].startswith(f"replay: {len(recording.answers)} exchanges against {target}: ")
    assert "differences in" in lines[-1]
    assert not [line for line in lines if line.startswith(("#1 ", "#2 ", "#3 ", "#5 ", "#6 "))]  # the rest agrees


def test_replay_not_a_cassette_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # REPLAY-UNUSABLE: one line, no traceback
    for content in ("hello\n", json.dumps({"cassette": "akeneo-exchanges", "version": 99}) + "\n", ""):
        path = tmp_path / "bad.cassette"
        path.write_text(content, encoding="utf-8")
        assert main([str(path), "--target", "http://127.0.0.1:9"]) == 2
        out = capsys.readouterr()
        assert out.out == ""
        assert len(out.err.strip().splitlines()) == 1 and "Traceback" not in out.err
        assert out.err.startswith("akeneo-conformance replay: ")


def test_replay_unreachable_target_exit_2(recording: Recording, capsys: pytest.CaptureFixture[str]) -> None:
    # REPLAY-UNUSABLE: a target nobody listens on
    from tests.e2e.conftest import free_port

    assert main([str(recording.cassette), "--target", f"http://127.0.0.1:{free_port()}"]) == 2
    out = capsys.readouterr()
    assert len(out.err.strip().splitlines()) == 1 and "cannot connect" in out.err
    assert out.out == ""
