"""The validating, recording proxy (`akeneo-mock proxy`): app.py forwards, contract_check.py judges, cli.py runs."""

from mock_server.proxy.cli import main

__all__ = ["main"]
