"""The mock's clock: the wall clock (or a test's) plus an offset that clients may move forward.

Moving it forward is how a client tests what only time brings (an access token's expiry after an hour) without
waiting: POST /mock/clock/advance. It never moves back, so `created`/`updated` stamps and token lifetimes keep their
order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

MAX_ADVANCE_SECONDS = 10 * 366 * 24 * 3600  # ten years: far enough for any lifetime, far from datetime's limits


def utc_now() -> datetime:
    return datetime.now(UTC)


class MockClock:
    def __init__(self, base: Callable[[], datetime] = utc_now) -> None:
        self._base = base
        self.offset = timedelta(0)

    def __call__(self) -> datetime:
        return self._base() + self.offset

    def advance(self, seconds: float) -> None:
        if not 0 <= seconds <= MAX_ADVANCE_SECONDS:
            raise ValueError(f"the clock moves forward by 0 to {MAX_ADVANCE_SECONDS} seconds, {seconds} given")
        self.offset += timedelta(seconds=seconds)
