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


# The attribute flags that say a value carries a channel / a locale: the Asset Manager's, then the product side's.
ASSET_CHANNEL, ASSET_LOCALE = "value_per_channel", "value_per_locale"
PRODUCT_CHANNEL, PRODUCT_LOCALE = "scopable", "localizable"
EXPECTED, UNEXPECTED = "expected", "unexpected"


def presence(attribute: Mapping[str, Any], flag: str, given: Any) -> str | None:
    """EXPECTED when the attribute has values per `flag` and none is given, UNEXPECTED when it has not and one is
    given, None when the coordinate fits (each checker words it with its vendor validator's sentence)."""
    if attribute.get(flag):
        return EXPECTED if given is None else None
    return None if given is None else UNEXPECTED


# ASSET-VALUE-CHANNEL-FORBIDDEN, ASSET-VALUE-CHANNEL-REQUIRED, ASSET-VALUE-CHANNEL-EXISTS, in this order
def asset_channel_messages(
    attribute_code: str, attribute: Mapping[str, Any], channel: str | None, channels: Mapping[str, Any]
) -> list[str]:
    """An asset value's channel, in EditValueCommandValidator's words."""
    fault = presence(attribute, ASSET_CHANNEL, channel)
    if fault == UNEXPECTED:
        return [f'A channel is not expected for attribute "{attribute_code}" because it has not a value per channel.']
    if fault == EXPECTED:
        return [f'A channel is expected for attribute "{attribute_code}" because it has a value per channel.']
    if channel is not None and channel not in channels:
        return [f'The channel "{channel}" does not exist.']
    return []


# ASSET-VALUE-LOCALE-FORBIDDEN, ASSET-VALUE-LOCALE-REQUIRED, ASSET-VALUE-LOCALE-ACTIVATED, in this order
def asset_locale_messages(
    attribute_code: str,
    attribute: Mapping[str, Any],
    locale: str | None,
    channel: str | None,
    activated: frozenset[str],
    channels: Mapping[str, frozenset[str]],
) -> list[str]:
    """An asset value's locale, in EditValueCommandValidator's words: activated for its channel when the attribute
    is scopable, activated at all otherwise."""
    fault = presence(attribute, ASSET_LOCALE, locale)
    if fault == UNEXPECTED:
        return [f'A locale is not expected for attribute "{attribute_code}" because it has not a value per locale.']
    if fault == EXPECTED:
        return [f'A locale is expected for attribute "{attribute_code}" because it has a value per locale.']
    if locale is None:
        return []
    if attribute.get(ASSET_CHANNEL):
        if channel in channels and locale not in channels[channel]:
            return [f'The locale "{locale}" is not activated for the channel "{channel}".']
        return []
    if locale not in activated:
        return [f'The locale "{locale}" is not activated.']
    return []
