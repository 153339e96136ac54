"""How a client's regular expression is searched in a value (a text attribute's `validation_regexp`, a naming
convention's pattern).

A client's pattern may backtrack without end, so the service passes a search that runs under a time limit, off the
event loop (services/pattern_matching.py); the domain alone, as its unit tests build it, searches in-process.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# True: found; False: not found; None: stopped before it could tell (the pattern ran out of its time budget).
PatternSearch = Callable[[re.Pattern[str], str], bool | None]


class MatchTimedOut(Exception):
    """The pattern ran out of its time limit (`budget` seconds, or the request's budget) on the text and was
    stopped."""

    def __init__(self, budget: float) -> None:
        super().__init__(f"no answer within {budget:g} seconds")
        self.budget = budget


class PatternUnusable(Exception):
    """The matching engine refused a pattern the domain accepted; the message says why."""


def search_in_process(pattern: re.Pattern[str], text: str) -> bool | None:
    return pattern.search(text) is not None
