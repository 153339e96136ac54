"""akeneo-mock proxy's options: a bad one is one line and exit 2, before anything listens."""

from __future__ import annotations

from pathlib import Path

import pytest

from mock_server.proxy import main


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--upstream", "ftp://pim.example.com"], "--upstream must be an http(s) URL"),
        (["--upstream", "pim.example.com"], "--upstream must be an http(s) URL"),
        (["--upstream", "http://pim.example.com", "--timeout", "0"], "must be positive"),
        (["--upstream", "http://pim.example.com", "--record", "/no/such/folder/c.cassette"], "--record"),
        ([], "--upstream"),
    ],
)
def test_proxy_cli_bad_option_is_one_line_exit_2(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
