"""Assets: upsert with values checked and merged per (attribute, locale, channel), list filters, GET enrichment."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from mock_server.domain.asset_manager.asset_values import ValueContext, check_entry, coordinates_of
from mock_server.domain.asset_manager.media_file import MediaFile
from mock_server.domain.errors import ErrorCollector, FieldError, RulesBroken, Unprocessable
from mock_server.domain.request_format.json_values import json_copy, json_type
from mock_server.domain.shared.codes import CODE_CHARACTERS, MISMATCH, other_than_url
from mock_server.domain.shared.timestamps import format_timestamp
from mock_server.domain.shared.types import MEDIA_FILE, MEDIA_LINK

BODY_KEYS = frozenset({"code", "asset_family_code", "values"})
READ_ONLY_KEYS = frozenset({"_links", "created", "updated"})

CODE_MAX_LENGTH = 255
CODE_TAKEN = 'An asset already exists with code "{code}"'

ValueKey = tuple[str | None, str | None]
TargetKey = tuple[str, str | None, str | None]


def check_asset_code(code: str) -> None:
    """ASSET-CODE-FORMAT, ASSET-CODE-MESSAGES: the vendor's AssetCode: not empty, at most 255 characters (bytes: PHP's strlen), only
    letters, digits and underscores; checked in this order, each with its message (a 422 without `errors`)."""
    if not code:
        raise Unprocessable("Asset code cannot be empty")
    length = len(code.encode())
    if length > CODE_MAX_LENGTH:
        raise Unprocessable(
            f"Asset code cannot be longer than {CODE_MAX_LENGTH} characters, {length} string long given"
        )
    if not CODE_CHARACTERS.fullmatch(code):
        raise Unprocessable(f'Asset code may contain only letters, numbers and underscores. "{code}" given')


def same_code(codes: Iterable[str], code: str) -> str | None:
    """ASSET-CODE-CASE-INSENSITIVE: the stored code equal to `code` ignoring case (the vendor's MySQL collation
    is case-insensitive), the exact one first; None when there is none."""
    folded, found = code.casefold(), None
    for candidate in codes:
        if candidate == code:
            return candidate
        if found is None and candidate.casefold() == folded:
            found = candidate
    return found


def code_taken(code: str) -> RulesBroken:
    """ASSET-CODE-UNIQUE: an asset code is unique across all asset families (the vendor's AssetCodeShouldBeUnique
    asks `withCode`, whatever the family), refused on creation at the path `code`."""
    return RulesBroken("asset", [FieldError("code", CODE_TAKEN.format(code=code))])


def transformation_targets(transformations: Iterable[Any]) -> frozenset[TargetKey]:
    """(attribute, locale, channel) of every transformation target of a family."""
    targets = set()
    for transformation in transformations:
        target = transformation.get("target") if isinstance(transformation, dict) else None
        if isinstance(target, dict) and isinstance(target.get("attribute"), str):
            targets.add((target["attribute"], target.get("locale"), target.get("channel")))
    return frozenset(targets)


def upsert_asset(
    existing: dict | None,
    code: str,
    patch: dict,
    ctx: ValueContext,
    *,
    now: datetime,
    read_only_targets: frozenset[TargetKey] = frozenset(),
) -> dict:
    """The complete asset of `ctx.family_code` after applying `patch` to `existing` (None on creation); inputs are
    left untouched. `ctx` is what the value checks read of the family and the catalog, built once by the service.
    `read_only_targets` are the family's transformation targets, which a client may not write (the automation
    that fills them passes none). Business-rule faults raise RulesBroken("asset", ...)."""
    refuse_unknown_properties(patch)
    family_code = ctx.family_code
    errors = ErrorCollector()
    check_identity(patch, family_code, code, errors)
    stored = existing.get("values", {}) if existing else {}
    values = _new_values(stored, patch, ctx, errors)
    _refuse_target_writes(patch, read_only_targets, errors)
    if errors:
        raise RulesBroken("asset", errors.errors)
    return _asset(existing, family_code, code, values, now)


def _refuse_target_writes(patch: dict, targets: frozenset[TargetKey], errors: ErrorCollector) -> None:
    """ASSET-TARGET-READ-ONLY: the vendor's EditTargetValue refuses any value sent at a transformation target's
    attribute, locale and channel: the transformation owns it."""
    sent = patch.get("values")
    if not targets or not isinstance(sent, dict):
        return
    for attribute_code, entries in sent.items():
        for entry in entries if isinstance(entries, list) else []:
            where = coordinates_of(attribute_code, entry)
            if (where.attribute, where.locale, where.channel) in targets:
                errors.add_error(
                    where.error(
                        f'The value of the attribute "{attribute_code}" is the target of a transformation: '
                        "it is computed from its source and cannot be edited."
                    )
                )


def refuse_unknown_properties(patch: Any) -> None:
    """A body that is not an object, or a property the asset does not have, is refused before any check."""
    if not isinstance(patch, dict):
        raise Unprocessable(f'An asset must be a JSON object, "{json_type(patch)}" given.')
    for key in patch:
        if key not in BODY_KEYS | READ_ONLY_KEYS:
            raise Unprocessable(f"Property '{key}' does not exist.")


def check_identity(patch: dict, family_code: str, code: str, errors: ErrorCollector) -> None:
    """ASSET-CODE-IMMUTABLE: the body's code and family code, when sent, are the URL's."""
    if other_than_url(patch, code):
        errors.add("code", MISMATCH["asset"])
    if other_than_url(patch, family_code, "asset_family_code"):
        errors.add("asset_family_code", MISMATCH["asset_family_code"])


def _new_values(stored: dict, patch: dict, ctx: ValueContext, errors: ErrorCollector) -> dict:
    if "values" not in patch:
        return dict(stored)
    sent = patch["values"]
    if not isinstance(sent, dict):
        errors.add("values", f'Property "values" expects an object, "{json_type(sent)}" given.')
        return dict(stored)
    return merge_values(stored, _checked_updates(sent, stored, ctx, errors))


def _checked_updates(sent: dict, stored: dict, ctx: ValueContext, errors: ErrorCollector) -> dict[str, list[dict]]:
    """The sent values that pass every check, normalized, by attribute code; the faults go to `errors`."""
    updates: dict[str, list[dict]] = {}
    for attribute_code, entries in sent.items():
        attribute = ctx.attributes.get(attribute_code)
        where = coordinates_of(attribute_code, None)
        if attribute is None:
            # ASSET-VALUE-UNKNOWN-ATTRIBUTE
            errors.add_error(
                where.error(f'The attribute "{attribute_code}" does not exist in the asset family "{ctx.family_code}".')
            )
        elif not isinstance(entries, list):
            errors.add_error(
                where.error(
                    f'The values of the attribute "{attribute_code}" must be an array, "{json_type(entries)}" given.'
                )
            )
        else:
            updates[attribute_code] = _checked_entries(
                attribute_code, attribute, entries, stored.get(attribute_code, []), ctx, errors
            )
    return updates


def _checked_entries(
    attribute_code: str, attribute: dict, entries: list, stored: list[dict], ctx: ValueContext, errors: ErrorCollector
) -> list[dict]:
    accepted: list[dict] = []
    seen: set[ValueKey | None] = set()
    for entry in entries:
        key = _value_key(entry)
        if key in seen:
            message = f'The attribute "{attribute_code}" has two values for the same locale and channel: send one.'
            errors.add_error(coordinates_of(attribute_code, entry).error(message))
            continue
        if key is not None:
            seen.add(key)
        normalized, entry_errors = check_entry(attribute_code, attribute, entry, ctx)
        errors.extend(entry_errors)
        if normalized is not None and _writable(attribute_code, attribute, normalized, stored, errors):
            accepted.append(normalized)
    return accepted


def _value_key(entry: Any) -> ValueKey | None:
    """(locale, channel) of a well-formed entry, None when the entry is not an object or they are not strings."""
    if not isinstance(entry, dict):
        return None
    locale, channel = entry.get("locale"), entry.get("channel")
    if not all(part is None or isinstance(part, str) for part in (locale, channel)):
        return None
    return (locale, channel)


def _writable(attribute_code: str, attribute: dict, entry: dict, stored: list[dict], errors: ErrorCollector) -> bool:
    """auto_tagging values are the PIM's: sending one back unchanged is accepted (and changes nothing)."""
    if attribute.get("type") != "auto_tagging":
        return True
    index = find_entry(stored, entry["locale"], entry["channel"])
    current = stored[index]["data"] if index is not None else None
    if entry["data"] != current:
        where = coordinates_of(attribute_code, entry)
        errors.add_error(
            where.error(
                f'The attribute "{attribute_code}" is an auto_tagging attribute: its values are set by the PIM '
                "and cannot be written."
            )
        )
    return False


def find_entry(entries: list[dict], locale: str | None, channel: str | None) -> int | None:
    """Index of the entry at (locale, channel), or None."""
    for index, entry in enumerate(entries):
        if entry.get("locale") == locale and entry.get("channel") == channel:
            return index
    return None


def value_at(asset: dict | None, attribute: str, locale: str | None, channel: str | None) -> Any:
    """The data of the asset's value at (attribute, locale, channel), None when it has none."""
    entries = (asset or {}).get("values", {}).get(attribute, [])
    index = find_entry(entries, locale, channel)
    return entries[index].get("data") if index is not None else None


# ASSET-VALUES-MERGE, ASSET-PATCH-ADD-VALUE, ASSET-PATCH-MODIFY-VALUE, ASSET-PATCH-MODIFY-ONE-LOCALE,
# ASSET-PATCH-ERASE-VALUE (data null is stored as sent: an entry with data null)
def merge_values(stored: dict, updates: Mapping[str, list[dict]]) -> dict:
    """Stored values with each update entry replacing the one at its (attribute, locale, channel), or appended.

    Stored values are never changed in place (a save stores new containers; api/http/rendered_assets.py relies on it):
    the result is a new dict whose untouched attributes share their lists and entries with `stored`, and whose
    updated attributes get new lists holding copies of the sent entries."""
    merged = dict(stored)
    for attribute_code, entries in updates.items():
        if not entries:
            continue
        current = list(merged.get(attribute_code, ()))
        for entry in entries:
            index = find_entry(current, entry["locale"], entry["channel"])
            if index is None:
                current.append(json_copy(entry))
            else:
                current[index] = json_copy(entry)
        merged[attribute_code] = current
    return merged


# ASSET-CREATED-UPDATED: created kept, updated moved only by a change (format_timestamp)
def _asset(existing: dict | None, family_code: str, code: str, values: dict, now: datetime) -> dict:
    stamp = format_timestamp(now)
    asset = {"code": code, "asset_family_code": family_code, "values": values}
    if existing is None:
        return {**asset, "created": stamp, "updated": stamp}
    unchanged = values == existing.get("values", {})
    updated = existing.get("updated") if unchanged and existing.get("updated") else stamp
    return {**asset, "created": existing.get("created") or stamp, "updated": updated}


# -- list filters and presentation -----------------------------------------------------------------------------


# FILTER-LOCALES, FILTER-CHANNEL
def filter_values(values: dict, *, channel: str | None, locales: Sequence[str] | None) -> dict:
    """The `channel` / `locales` list filters: keep non-scopable entries plus the channel's, non-localizable ones
    plus the given locales'; drop attributes left without entries. None means no filter. Entries are shared."""
    wanted_locales = None if locales is None else frozenset(locales)
    kept: dict[str, list[dict]] = {}
    for attribute_code, entries in values.items():
        remaining = [entry for entry in entries if _in_channel(entry, channel) and _in_locales(entry, wanted_locales)]
        if remaining:
            kept[attribute_code] = remaining
    return kept


def _in_channel(entry: dict, channel: str | None) -> bool:
    return channel is None or entry.get("channel") is None or entry.get("channel") == channel


def _in_locales(entry: dict, locales: frozenset[str] | None) -> bool:
    return locales is None or entry.get("locale") is None or entry.get("locale") in locales


def present_values(
    values: dict,
    *,
    attributes: Mapping[str, dict],
    media_files: Callable[[str], MediaFile | None],
    download_url: Callable[[str], str],
) -> dict:
    """Values as GET shows them: media_file entries with `_links.download` and `linked_data`, media_link entries
    with `linked_data`; entries with null data (or a missing file) as stored. Returns new dicts, each entry's own;
    what they hold (a data list) is the store's, read-only: an answer is written out, never changed."""
    return {
        attribute_code: [
            _present_entry(entry, attributes.get(attribute_code, {}), media_files, download_url) for entry in entries
        ]
        for attribute_code, entries in values.items()
    }


def _present_entry(
    entry: dict,
    attribute: dict,
    media_files: Callable[[str], MediaFile | None],
    download_url: Callable[[str], str],
) -> dict:
    presented = dict(entry)
    data, kind = entry.get("data"), attribute.get("type")
    if data is None:
        return presented
    if kind == MEDIA_FILE and isinstance(data, str):
        media_file = media_files(data)
        if media_file is not None:
            presented["_links"] = {"download": {"href": download_url(data)}}
            presented["linked_data"] = media_file_linked_data(media_file)
    elif kind == MEDIA_LINK and isinstance(data, str):
        presented["linked_data"] = media_link_linked_data(attribute, data)
    return presented


def media_file_linked_data(media_file: MediaFile) -> dict:
    return {
        "size": media_file.size,
        "mime_type": media_file.mime_type,
        "extension": media_file.extension,
        "original_filename": media_file.original_filename,
    }


VIDEO_URL_PREFIXES = {"youtube": "https://www.youtube.com/watch?v=", "vimeo": "https://vimeo.com/"}


def media_link_linked_data(attribute: dict, data: str) -> dict:
    """ASSET-MEDIA-LINK-FULL-URL: prefix + data + suffix; a youtube or vimeo link without a prefix holds the video
    id, so its full URL is the platform's watch URL."""
    prefix, suffix = attribute.get("prefix"), attribute.get("suffix")
    base = prefix or VIDEO_URL_PREFIXES.get(str(attribute.get("media_type")), "")
    return {"full_url": f"{base}{data}{suffix or ''}", "prefix": prefix, "suffix": suffix}


OPTION_TYPES = frozenset({"single_option", "multiple_options"})


def keep_existing_options(values: dict, attributes: Mapping[str, dict], options: Mapping[str, frozenset[str]]) -> dict:
    """ASSET-DELETED-OPTIONS-DROPPED: the vendor's Option(Collection)DataHydrator keeps only the options that still
    exist when it reads a value, and a value left with none is not shown; so a client can PATCH back what it read.
    Entries it leaves as they are, it shares (the read path copies once, in present_values)."""
    kept: dict[str, list[dict]] = {}
    for attribute_code, entries in values.items():
        if attributes.get(attribute_code, {}).get("type") not in OPTION_TYPES:
            kept[attribute_code] = entries
            continue
        existing = options.get(attribute_code, frozenset())
        remaining = [e for e in (_live_options(entry, existing) for entry in entries) if e is not None]
        if remaining:
            kept[attribute_code] = remaining
    return kept


def _live_options(entry: dict, existing: frozenset[str]) -> dict | None:
    data = entry.get("data")
    if isinstance(data, str):
        return entry if data in existing else None
    if isinstance(data, list):
        live = [code for code in data if code in existing]
        return {**entry, "data": live} if live else None
    return entry
