"""The SaaS's protections against over-use, off by default: a request rate per instance (a token bucket) and a
number of requests in flight (Settings.rate_limit, Settings.max_concurrency). Over either, the vendor answers 429,
with `Retry-After` when it can tell (https://api.akeneo.com/documentation/limitations.html: 100 requests per second
and 10 concurrent calls per instance, bursts allowed).

The state lives on the event loop (no locks, as everything else in the mock); `monotonic` is injectable so tests
drive the bucket without waiting.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class TokenBucket:
    """RATE-LIMIT-BUCKET: `rate` tokens a second, holding at most one second's worth (bursts up to `rate`, at
    least one request)."""

    rate: float
    monotonic: Callable[[], float] = time.monotonic
    tokens: float = field(init=False)
    updated: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = self.capacity
        self.updated = self.monotonic()

    @property
    def capacity(self) -> float:
        return max(1.0, self.rate)

    def take(self) -> int | None:
        """None when the request may go; otherwise the whole seconds until a token is back (at least 1)."""
        now = self.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return None
        return max(1, math.ceil((1.0 - self.tokens) / self.rate))


@dataclass
class RateLimits:
    """Both limits of one instance; `refusal` says whether a request may go, and why not."""

    rate_limit: float | None = None
    max_concurrency: int | None = None
    monotonic: Callable[[], float] = time.monotonic
    in_flight: int = 0
    bucket: TokenBucket | None = field(init=False, default=None)

    def __post_init__(self) -> None:
        if self.rate_limit is not None:
            self.bucket = TokenBucket(self.rate_limit, self.monotonic)

    def refusal(self) -> tuple[str, int] | None:
        """(which limit, Retry-After seconds) when the request must be answered 429, else None. A refused request
        is not in flight and takes no token."""
        if self.max_concurrency is not None and self.in_flight >= self.max_concurrency:
            return "max_concurrency", 1  # MAX-CONCURRENCY: a slot frees as soon as a request in flight ends
        if self.bucket is not None:
            wait = self.bucket.take()
            if wait is not None:
                return "rate_limit", wait
        return None
