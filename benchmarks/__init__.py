"""Benchmarks of the toolkit's speed goals: scripts run by hand or with `tox -e bench`, never part of CI's verdict."""
