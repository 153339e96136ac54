"""A value's coordinates, its locale and channel, against the catalog: the facts the checks read (built once per
request and passed down, never recomputed per value)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class LocaleFacts:
    """The catalog's channels with the locales each activates, and all the activated locales: the only ones labels
    and values may use."""

    activated: frozenset[str]
    by_channel: Mapping[str, frozenset[str]]

    @classmethod
    def of(cls, channels: Mapping[str, Mapping[str, Any]]) -> LocaleFacts:
        by_channel = {code: frozenset(channel.get("locales", [])) for code, channel in channels.items()}
        return cls(frozenset().union(*by_channel.values()), by_channel)
