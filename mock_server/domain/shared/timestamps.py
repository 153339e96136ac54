"""The vendor's moments: `created` and `updated` as it writes them (ISO 8601, UTC, to the second), and the
date-times it reads: its filters' (parse_search_date), a date attribute value's (parse_value_date_time) and a stored
value's as an asset value search compares it (read_moment)."""

from __future__ import annotations

import functools
import re
from datetime import UTC, datetime
from typing import Any

# a date attribute value's (the `T` separator, a time)
_VALUE_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?"
)
# the filters' (a space or `T`, a date alone)
_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?)?"
)


@functools.lru_cache(maxsize=64)  # a batch's assets share their moment: written once
def format_timestamp(moment: datetime) -> str:
    """ISO 8601 in UTC to the second, as the vendor writes `created`/`updated`: 2021-05-31T09:23:34+00:00."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_search_date(text: Any) -> datetime | None:
    """An ISO 8601 date-time of the filter (`Z`, an offset or none, which reads as UTC); None when unreadable."""
    if not isinstance(text, str) or not _DATE_TIME.fullmatch(text):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_value_date_time(text: str) -> datetime | None:
    """An ISO 8601 date-time (`T` separator, optional seconds, optional `Z` or offset); None when it is not one."""
    if not _VALUE_DATE_TIME.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def read_moment(text: Any) -> datetime | None:
    """A date-time as Python reads ISO 8601 (`Z` too), naive ones in UTC; None when unreadable (a stored value's
    date, which an asset value search compares)."""
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
