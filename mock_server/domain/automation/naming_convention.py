"""The naming convention: its patterns, PHP (PCRE) delimited regular expressions compiled for Python, and what it
makes of a new asset (`name_new_asset`, pure: the service merges the values into the asset's one save)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from mock_server.domain.asset_manager.asset_values import ValueContext, check_entry
from mock_server.domain.errors import FieldError, ValidationFailed, value_error
from mock_server.domain.shared.php_patterns import compile_delimited
from mock_server.domain.shared.types import MEDIA_FILE
from mock_server.domain.user_patterns import MatchTimedOut, PatternUnusable

MAX_PATTERN_LENGTH = 1000
TYPES = ("text", "single_option", "number")  # the attribute types a convention can fill


def compile_pattern(pattern: str) -> re.Pattern[str]:
    """Compile a delimited PCRE pattern such as `/(?P<ref>.*)\\.jpg/i`; ValueError tells why it cannot be."""
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise ValueError(f"it is longer than {MAX_PATTERN_LENGTH} characters")
    return compile_delimited(pattern)


def group_names(pattern: re.Pattern[str]) -> list[str]:
    """The names of the pattern's named groups, in the order they open."""
    return sorted(pattern.groupindex, key=pattern.groupindex.__getitem__)


def apply(pattern: re.Pattern[str], source: str) -> dict[str, str] | None:
    """The non-empty captures of the named groups (like PHP's preg_match, the first match anywhere), or None."""
    match = pattern.search(source)
    return None if match is None else named_captures(match.groupdict())


def named_captures(groups: dict[str, str | None]) -> dict[str, str] | None:
    """The named groups a match captured, empty ones left out; None when none captured anything."""
    captured = {name: value for name, value in groups.items() if value}
    return captured or None


# -- the convention applied to a new asset -----------------------------------------------------------------------

# The named groups a pattern captures in a text (`apply`'s answer); the service's runs off the event loop under a
# time budget and raises MatchTimedOut or PatternUnusable (domain/user_patterns.py).
CaptureSearch = Callable[[re.Pattern[str], str], dict[str, str] | None]


@dataclass(frozen=True)
class Naming:
    """What a family's naming convention makes of a new asset: the values to add to its save (attributes the client
    sent left out: its own values win), the faults met, and whether they refuse the creation."""

    values: dict[str, list[dict]]
    errors: tuple[FieldError, ...] = ()
    aborts: bool = False

    @property
    def reasons(self) -> str | None:
        return " ".join(error.message for error in self.errors) or None

    def refusal(self, family_code: str, code: str) -> ValidationFailed:
        """NAMING-ABORT-TRUE: the 422 that refuses the creation, nothing stored."""
        return ValidationFailed(
            list(self.errors),
            message=f'The asset "{code}" was not created: the naming convention of the asset family "{family_code}" '
            f"could not be applied and it aborts the creation on error. {self.reasons}",
        )


class _NamingFailed(Exception):
    def __init__(self, error: FieldError) -> None:
        super().__init__(error.message)
        self.error = error


def name_new_asset(
    convention: Mapping[str, Any] | None,
    code: str,
    patch: Mapping[str, Any],
    ctx: ValueContext,
    captures: CaptureSearch,
) -> Naming | None:
    """The naming convention of the asset family applied to the asset `code` created with `patch`: None when the
    family has none. The source string is read from the values sent (the vendor's connector EditAssetCommandFactory
    reads the normalized command), each captured value is checked like a client's. A fault refuses the creation
    when the convention says abort_asset_creation_on_error (NAMING-ABORT-TRUE, `Naming.refusal`); else the asset is
    created without the values refused (NAMING-ABORT-FALSE)."""
    if not convention:
        return None
    sent = patch.get("values") if isinstance(patch.get("values"), dict) else {}
    if _source_not_sent(convention.get("source") or {}, sent):
        return None
    try:
        captured = _captures(convention, code, sent, ctx, captures)
        values, errors = _fill(captured, sent, ctx)
    except _NamingFailed as failure:
        values, errors = {}, [failure.error]
    return Naming(
        values, tuple(errors), aborts=bool(errors) and convention.get("abort_asset_creation_on_error") is True
    )


def _captures(
    convention: Mapping[str, Any], code: str, sent: Mapping[str, Any], ctx: ValueContext, captures: CaptureSearch
) -> dict[str, str]:
    """The named groups the pattern captures in the source string, under the service's time budget."""
    source, where, subject = _source_string(convention.get("source") or {}, code, sent, ctx)
    shown = convention.get("pattern")
    try:
        captured = captures(compile_pattern(shown if isinstance(shown, str) else ""), source)
    except ValueError as error:
        raise _NamingFailed(where(f'The naming convention pattern "{shown}" cannot be used: {error}.')) from error
    except MatchTimedOut as error:
        raise _NamingFailed(
            where(
                f'The naming convention pattern "{shown}" ran for more than {error.budget:g} seconds on {subject} and '
                'was stopped: simplify it (overlapping alternatives under a repetition, such as "(a|a)+", backtrack '
                "without end)."
            )
        ) from error
    except PatternUnusable as error:
        raise _NamingFailed(where(f"The naming convention could not be applied to {subject}: {error}.")) from error
    if captured is None:
        raise _NamingFailed(
            where(f'{subject[:1].upper()}{subject[1:]} does not match the naming convention pattern "{shown}".')
        )
    return captured


def _source_not_sent(source: Mapping[str, Any], sent: Mapping[str, Any]) -> bool:
    """NAMING-SOURCE-NOT-SENT: a convention that splits the main media applies only when the creation sends that
    value (at the source's locale and channel): else the vendor's connector builds no values and raises nothing
    (Application/Asset/ExecuteNamingConvention/Connector/EditAssetCommandFactory.php, extractStringSource)."""
    prop = source.get("property")
    return prop != "code" and _sent_data(sent.get(str(prop)), source.get("locale"), source.get("channel")) is None


# NAMING-FROM-CODE, NAMING-FROM-MAIN-MEDIA
def _source_string(
    source: Mapping[str, Any], code: str, sent: Mapping[str, Any], ctx: ValueContext
) -> tuple[str, Callable[[str], FieldError], str]:
    """The string the pattern splits, how to locate an error about it, and how messages name it: the asset code,
    or the original file name of the main media value at the source's locale and channel (a media link's data)."""
    prop, locale, channel = source.get("property"), source.get("locale"), source.get("channel")
    if prop == "code":
        return code, lambda message: FieldError("code", message), f'the asset code "{code}"'

    def where(message: str) -> FieldError:
        return value_error(message, str(prop), locale, channel)

    data = _sent_data(sent.get(str(prop)), locale, channel)  # sent: _source_not_sent said so
    if ctx.attributes.get(str(prop), {}).get("type") == MEDIA_FILE:
        media_file = ctx.media_files(data) if isinstance(data, str) else None
        if media_file is None:
            raise _NamingFailed(where(f'The media file "{data}" of the attribute "{prop}" does not exist.'))
        return media_file.original_filename, where, f'the file name "{media_file.original_filename}"'
    return str(data), where, f'the media link "{data}"'


def _sent_data(entries: Any, locale: str | None, channel: str | None) -> Any:
    """The data sent at (locale, channel), None when none was (a malformed value is the save's to refuse)."""
    for entry in entries if isinstance(entries, list) else ():
        if isinstance(entry, dict) and entry.get("locale") == locale and entry.get("channel") == channel:
            return entry.get("data")
    return None


def _fill(
    captured: dict[str, str], sent: Mapping[str, Any], ctx: ValueContext
) -> tuple[dict[str, list[dict]], list[FieldError]]:
    """Each captured value as a value without locale and channel, checked like a client's, except on attributes the
    client sent; the values refused, located."""
    values: dict[str, list[dict]] = {}
    errors: list[FieldError] = []
    for name, text in captured.items():
        if name in sent:
            continue  # the client's value wins over the file name's
        attribute = ctx.attributes.get(name) or {}
        if attribute.get("type") not in TYPES or any(
            attribute.get(key) for key in ("value_per_locale", "value_per_channel")
        ):
            message = (
                f'The naming convention extracted "{text}" for "{name}", which is not a text, single option or '
                "number attribute of the asset family without locale and channel."
            )
            errors.append(value_error(message, name, None, None))
            continue
        entry, refused = check_entry(name, attribute, {"locale": None, "channel": None, "data": text}, ctx)
        errors.extend(
            FieldError(e.property, f'The naming convention extracted "{text}" for "{name}": {e.message}', e.context)
            for e in refused
        )
        if entry is not None:
            values[name] = [{"locale": None, "channel": None, "data": text}]
    return values, errors
