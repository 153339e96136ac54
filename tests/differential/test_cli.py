"""The differential layer's command line: its flags reach the run's settings; without the mock it does not run."""

from __future__ import annotations

from unittest import mock

import pytest

import conformance.__main__ as cli
from conformance.differential import reference
from conformance.differential.reference import Reference, ReferenceUnavailable
from conformance.run_options import RunOptions, build_pytest_args


def test_the_flags_make_the_settings_and_the_layer_is_added_to_the_run() -> None:
    args = cli.parser().parse_args(
        ["--differential", "--differential-examples", "7", "--differential-steps", "3", "--differential-messages"]
    )
    settings = cli.differential_settings(args)
    assert settings is not None and (settings.examples, settings.steps, settings.messages) == (7, 3, True)
    assert cli.differential_settings(cli.parser().parse_args([])) is None
    alone = cli.differential_settings(cli.parser().parse_args(["--layer", "differential"]))
    assert alone is not None and alone.reference is None
    paths = build_pytest_args(RunOptions(layer="scenarios", differential=settings))
    assert [p.rsplit("/", 1)[-1] for p in paths[:2]] == ["scenarios", "differential"]


def test_without_the_mock_installed_the_run_stops_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    with mock.patch.object(reference.importlib.util, "find_spec", return_value=None):
        assert cli.main(["--differential", "--target", "http://127.0.0.1:9"]) == cli.NOT_RUN
        with pytest.raises(ReferenceUnavailable, match="not installed"):
            Reference().start()
    assert capsys.readouterr().err.strip().splitlines() == [
        "conformance: not run: the reference model is the mock, which is not installed: install the toolkit's `mock` "
        "extra, or pass --differential-reference URL of a running mock"
    ]
