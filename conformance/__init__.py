"""The conformance suite: checks any server against the Asset Manager contract and its business rules.

`run(Target("https://pim.example.com", read_only=True))` checks a server and returns 0 only if every selected
check passed; `run(Target(app=asgi_app), layer="scenarios", report_dir=None)` checks an app in-process.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from conformance.runner import run
    from conformance.target import Credentials, Target

__all__ = ["Credentials", "Target", "run"]


def __getattr__(name: str) -> Any:
    # Lazy: importing the package (pytest does, for every test module) must not pull in httpx and pytest's API.
    if name == "run":
        from conformance.runner import run

        return run
    if name in ("Target", "Credentials"):
        from conformance import target

        return getattr(target, name)
    raise AttributeError(f"module 'conformance' has no attribute {name!r}")
