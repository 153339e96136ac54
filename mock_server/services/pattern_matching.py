"""Client patterns (naming conventions, `validation_regexp`) matched off the event loop, each match under a time
limit and each request under a total budget, so a backtracking pattern neither hangs the server nor makes other
clients wait.

The engine is the `regex` package: it matches in-process with `timeout=` (TimeoutError once over it) and, with
`concurrent=True`, releases the GIL while it runs. The domain compiles and validates patterns with `re` (it stays
stdlib-only); a match here recompiles the same text and flags with `regex`, whose default (V0) syntax is `re`'s
plus PCRE's atomic groups and possessive quantifiers.

Off the loop, without touching the store from a thread (ARCHITECTURE.md: no locks). A write is one synchronous
step on the loop, and the domain that decides it is pure and synchronous, so it cannot await a match. Instead the
service runs the operation with a `Matcher`, the request's oracle: it answers each (pattern, text) it has already
matched from its cache, and for one it has not it raises `_NeedMatch`, which unwinds the operation before anything
is written. `Matcher.settled` matches that pair in a worker thread (the loop serves other clients meanwhile), caches
the answer and runs the operation again: the domain is deterministic, so each round meets only cached pairs up to
one new pair, and the rounds end. `commit()` marks the start of an operation's writes: from there on a pair not in
the cache is matched in place (bounded by the same time limits; only automation that runs after a save, such as a
transformation's values, gets there), because the operation cannot be unwound any more. Without a Matcher
(background jobs, scripts, fixtures) matches run in place too.

The budget (Settings.pattern_request_budget) is the matching time one Matcher may spend in all; once spent, every
new pair is answered "stopped", as a pair over its own time limit is.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import regex

from mock_server.domain.automation.naming_convention import CaptureSearch, named_captures
from mock_server.domain.user_patterns import MatchTimedOut, PatternSearch, PatternUnusable
from mock_server.settings import Settings

T = TypeVar("T")
MAX_ROUNDS = 1_000  # an operation meeting more new pairs than this has the rest matched in place
_SEARCH, _CAPTURES = "search", "captures"
_FLAGS = ((re.IGNORECASE, regex.IGNORECASE), (re.MULTILINE, regex.MULTILINE), (re.DOTALL, regex.DOTALL))
_FLAGS += ((re.VERBOSE, regex.VERBOSE), (re.ASCII, regex.ASCII))


@dataclass(frozen=True)
class _Query:
    kind: str  # _SEARCH: found or not; _CAPTURES: the non-empty named captures of the first match
    pattern: str
    flags: int  # re's flags, as the domain compiled the pattern
    text: str


class _TimedOut:
    pass


@dataclass(frozen=True)
class _Unusable:
    reason: str


_TIMED_OUT = _TimedOut()
Answer = bool | dict[str, str] | None | _TimedOut | _Unusable


class _NeedMatch(BaseException):  # a control-flow signal, not an error
    """Unwinds an operation to have `query` matched off the loop; a BaseException, so that no `except Exception`
    on the way (automation records unexpected errors that way) mistakes it for a failure."""

    def __init__(self, query: _Query, timeout: float) -> None:
        super().__init__(query.kind)
        self.query, self.timeout = query, timeout


_CURRENT: contextvars.ContextVar[Matcher | None] = contextvars.ContextVar("pattern_matcher", default=None)


@dataclass
class Matcher:
    """One request's matches: its cache, its budget, and whether a missing match may still unwind the operation."""

    budget: float
    # Read and written by one request at a time: on the loop while the operation runs, in one worker thread while
    # the request awaits it (the await orders the two), so no lock.
    _answers: dict[_Query, Answer] = field(default_factory=dict)
    _spent: float = 0.0
    _active: bool = False  # True while the operation runs (a task it schedules runs later: it matches in place)
    _deferring: bool = False

    @classmethod
    def of(cls, settings: Settings) -> Matcher:
        return cls(settings.pattern_request_budget)

    async def settled(self, operation: Callable[[], T]) -> T:
        """operation()'s result, each pattern it meets matched in a worker thread first (see the module's doc)."""
        # PATTERN-OFF-LOOP: the loop serves other clients while a pattern is matched; the operation runs on the loop
        for _ in range(MAX_ROUNDS):
            try:
                return self._run(operation, deferring=True)
            except _NeedMatch as need:
                await asyncio.to_thread(self._match, need.query, need.timeout)
        return self._run(operation, deferring=False)

    def commit(self) -> None:
        """The operation writes from here on: a pattern not matched yet is matched in place, never unwound."""
        self._deferring = False

    def answer(self, query: _Query, timeout: float) -> Answer:
        if query in self._answers:
            return self._answers[query]
        if self._deferring:
            raise _NeedMatch(query, timeout)
        return self._match(query, timeout)

    def _run(self, operation: Callable[[], T], deferring: bool) -> T:
        token = _CURRENT.set(self)
        self._active, self._deferring = True, deferring
        try:
            return operation()
        finally:
            self._active = self._deferring = False
            _CURRENT.reset(token)

    def _match(self, query: _Query, timeout: float) -> Answer:
        # PATTERN-REQUEST-BUDGET: at most the budget left, then every new pair is answered "stopped" unmatched
        remaining = self.budget - self._spent
        started = time.monotonic()
        answer = _TIMED_OUT if remaining <= 0 else _matched(query, min(timeout, remaining))
        self._spent += time.monotonic() - started
        self._answers[query] = answer
        return answer


async def settled(settings: Settings, operation: Callable[[], T]) -> T:
    """One operation, its patterns matched off the event loop under a budget of its own (Matcher.settled)."""
    return await Matcher.of(settings).settled(operation)


def commit() -> None:
    """Mark the start of the current operation's writes (Matcher.commit); nothing without a Matcher."""
    matcher = _CURRENT.get()
    if matcher is not None and matcher._active:
        matcher.commit()


def search(pattern: re.Pattern[str], text: str, timeout: float) -> bool:
    """Whether `pattern` is found in `text` (MatchTimedOut, PatternUnusable)."""
    answer = _answer(_Query(_SEARCH, pattern.pattern, int(pattern.flags), text), timeout)
    assert isinstance(answer, bool)
    return answer


def captures(pattern: re.Pattern[str], source: str, timeout: float) -> dict[str, str] | None:
    """naming_convention.apply(pattern, source) under the time limits (MatchTimedOut, PatternUnusable)."""
    answer = _answer(_Query(_CAPTURES, pattern.pattern, int(pattern.flags), source), timeout)
    assert answer is None or isinstance(answer, dict)
    return answer


def bounded_captures(timeout: float) -> CaptureSearch:
    """The naming convention's capture for the domain (domain/automation/naming_convention.py): MatchTimedOut past `timeout`."""
    return functools.partial(captures, timeout=timeout)


def bounded_search(timeout: float) -> PatternSearch:
    """A search for the domain (domain/user_patterns.py): None when the pattern ran out of time."""

    def bounded(pattern: re.Pattern[str], text: str) -> bool | None:
        try:
            return search(pattern, text, timeout)
        except MatchTimedOut:
            return None
        except PatternUnusable:
            return True  # like a pattern the domain cannot compile: it refuses nothing

    return bounded


def _answer(query: _Query, timeout: float) -> bool | dict[str, str] | None:
    matcher = _CURRENT.get()
    active = matcher is not None and matcher._active  # a task scheduled by an operation inherits its context
    answer = matcher.answer(query, timeout) if active else _matched(query, timeout)  # type: ignore[union-attr]
    if isinstance(answer, _TimedOut):
        raise MatchTimedOut(timeout)
    if isinstance(answer, _Unusable):
        raise PatternUnusable(answer.reason)
    return answer


def _matched(query: _Query, timeout: float) -> Answer:
    """The engine's answer to `query` within `timeout` seconds; releases the GIL while it runs."""
    try:
        compiled = _compiled(query.pattern, query.flags)
    except regex.error as error:
        return _Unusable(f"the matching engine refuses it: {error}")
    try:
        match = compiled.search(query.text, timeout=timeout, concurrent=True)
    except TimeoutError:
        return _TIMED_OUT
    if query.kind == _SEARCH:
        return match is not None
    return None if match is None else named_captures(match.groupdict())


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str, flags: int) -> regex.Pattern[str]:
    engine_flags = 0
    for python, engine in _FLAGS:
        if flags & python:
            engine_flags |= engine
    return regex.compile(pattern, engine_flags)
