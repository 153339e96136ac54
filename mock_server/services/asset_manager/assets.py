"""Asset operations: list (filters, search-after), get, upsert one, upsert a batch, delete."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from mock_server.domain.asset_manager import asset, asset_search, asset_search_plan
from mock_server.domain.asset_manager.structure_codes import ensure_code, ensure_same_code
from mock_server.domain.automation import naming_convention
from mock_server.domain.errors import DomainError, FieldError, NotFound, ValidationFailed
from mock_server.domain.pagination import Page, page_after_code
from mock_server.domain.request_format import schemas as format_schemas
from mock_server.domain.request_format.body import decoded
from mock_server.domain.shared.value_coordinates import LocaleFacts
from mock_server.services import pattern_matching
from mock_server.services.asset_manager import asset_attributes, asset_families
from mock_server.services.automation import events, scheduling
from mock_server.services.catalog import products
from mock_server.services.context import Context
from mock_server.services.pattern_matching import Matcher, bounded_captures
from mock_server.store import code_index
from mock_server.store.code_index import codes_ignoring_case

INVALID_QUERY = "Invalid query parameters"
search_after = page_after_code  # the pager of the asset list (a module attribute: the mutation runner swaps it)


@dataclass(frozen=True)
class BatchOutcome:
    """One entry of a batch: created (201), updated (204) or refused with `error`. `code` is echoed as sent (the
    vendor answers an entry without a code with "")."""

    code: Any
    created: bool = False
    error: DomainError | None = None


def _family_assets(ctx: Context, family_code: str) -> dict[str, dict[str, Any]]:
    asset_families.get(ctx, family_code)
    return ctx.store.family_assets(family_code)


def _stored_code(assets: dict[str, dict[str, Any]], code: str) -> str | None:
    """The key of the asset `code` names, ignoring case (ASSET-CODE-CASE-INSENSITIVE)."""
    return code if code in assets else asset.same_code(codes_ignoring_case(assets, code), code)


def _existing(ctx: Context, family_code: str, code: str, not_found: str) -> tuple[dict[str, dict], str]:
    """The family's assets and the stored code of `code` (case aside), or the vendor's 404 with its text."""
    asset.check_asset_code(code)
    assets = _family_assets(ctx, family_code)
    key = _stored_code(assets, code)
    if key is None:
        raise NotFound(not_found)
    return assets, key


def get(ctx: Context, family_code: str, code: str) -> dict[str, Any]:
    # The vendor's GetConnectorAssetAction text (ASSET-NOT-FOUND-MESSAGES).
    assets, key = _existing(
        ctx, family_code, code, f'Asset "{code}" does not exist for the asset family "{family_code}".'
    )
    return assets[key]


def present(
    ctx: Context,
    family_code: str,
    found: dict[str, Any],
    download_url: Callable[[str], str],
    channel: str | None = None,
    locales: list[str] | None = None,
) -> dict[str, Any]:
    """An asset as the API reads it: options deleted since dropped (ASSET-DELETED-OPTIONS-DROPPED), values filtered
    by channel and locales, media values with their download link."""
    attributes = ctx.store.asset_attributes.get(family_code, {})
    values = asset.keep_existing_options(
        found.get("values", {}), attributes, asset_attributes.option_codes(ctx, family_code)
    )
    values = asset.filter_values(values, channel=channel, locales=locales)
    values = asset.present_values(
        values, attributes=attributes, media_files=ctx.store.media_files.get, download_url=download_url
    )
    return {**found, "values": values}


def list_page(
    ctx: Context, family_code: str, search: str | None, cursor: str | None, channel: str | None, locales: list[str]
) -> Page:
    """The vendor's order: the search filter (400, 422), the cursor (an asset code, 422), the query's channel and
    locales (422 "Invalid query parameters"), and only then the family (404)."""
    facts = ctx.store.catalog.locale_facts()
    context = asset_search.SearchContext(
        now=ctx.clock(),
        attributes=ctx.store.asset_attributes.get(family_code, {}),
        channels=facts.by_channel,
        channel=channel,
        locales=tuple(locales),
    )
    matches = asset_search.parse_asset_search(search, now=context.now, context=context)
    if cursor is not None:
        asset.check_asset_code(cursor)
    errors = _query_errors(facts, search, channel, locales)
    if errors:
        raise ValidationFailed(errors, message=INVALID_QUERY)
    assets = _family_assets(ctx, family_code)
    # What the store reads (issue #12): the named codes, the few assets of an updated range, or a seek to the
    # cursor and one page's walk; the predicate judges each.
    narrowing = asset_search_plan.narrowing(search, now=context.now)
    candidates = code_index.walk(assets, cursor, narrowing, ctx.settings.page_size)
    found = candidates if matches is asset_search.match_all else filter(matches, candidates)
    return search_after(found, cursor, ctx.settings.page_size, ordered=True)


# FILTER-LOCALES, FILTER-CHANNEL: the values kept are asset.filter_values' (present)
def _query_errors(facts: LocaleFacts, search: str | None, channel: str | None, locales: list[str]) -> list[FieldError]:
    """LIST-UNKNOWN-CHANNEL-LOCALES: the `channel` must exist and the `locales` be activated; the
    `complete` filter's channel and locales likewise (the vendor's FilterAssetsByCompleteness)."""
    channels, activated = facts.by_channel, facts.activated
    errors = []
    if channel is not None and channel not in channels:
        errors.append(FieldError("channel", f'Channel "{channel}" does not exist.'))
    inactive = [code for code in locales if code not in activated]
    if inactive:
        joined = '","'.join(inactive)
        verb = "is" if len(inactive) == 1 else "are"
        noun = "Locale" if len(inactive) == 1 else "Locales"
        errors.append(FieldError("locales", f'{noun} "{joined}" {verb} not activated.'))
    if search is not None and search.strip():
        errors += asset_search.completeness_errors(json.loads(search), channels)  # parsed once already: valid
    return errors


async def upsert_request(ctx: Context, family_code: str, code: str, body: Any) -> bool:
    """`_upsert_request` with the client's patterns matched off the event loop (services/pattern_matching.py)."""
    facts = ctx.store.catalog.locale_facts()  # once, whatever the rounds of pattern matching
    return await Matcher.of(ctx.settings).settled(lambda: _upsert_request(ctx, family_code, code, body, facts))


def _upsert_request(ctx: Context, family_code: str, code: str, body: Any, facts: LocaleFacts) -> bool:
    """CHECK-ORDER-ASSET: the connector's order (CreateOrUpdateAssetAction): the URI codes (plain 422), the family
    (404), the body's decoding (400, CHECK-ORDER-DECODE), the body code (plain 422, an absent one too), the JSON
    schema (422 "The asset has an invalid format."), then the business rules."""
    asset.check_asset_code(code)
    ensure_code("family", family_code)
    # CHECK-ORDER-FAMILY-FIRST: the family's 404 before the body is read
    asset_families.get(ctx, family_code)
    body = decoded(body)
    ensure_same_code("asset", code, body)
    format_schemas.raise_for_format("asset", format_schemas.asset_errors(body, attribute_types(ctx, family_code)))
    return upsert(ctx, family_code, code, body, facts)


def attribute_types(ctx: Context, family_code: str) -> dict[str, str]:
    """FORMAT-ASSET-VALUE-BY-TYPE: the family's attribute types (code -> type, in the family's order), by which the
    vendor's AssetValuesValidator picks each value's schema (data string|null, arrays for collections...)."""
    attributes = ctx.store.asset_attributes.get(family_code, {})
    return {code: attribute.get("type", "") for code, attribute in attributes.items()}


def upsert(ctx: Context, family_code: str, code: str, patch: dict[str, Any], facts: LocaleFacts | None = None) -> bool:
    """Create or update one asset; True when created. A new asset gets the values of its family's naming convention
    in the same save (which it may refuse); the transformations and product link rules follow (services/automation)."""
    asset.check_asset_code(code)
    assets = _family_assets(ctx, family_code)
    # ASSET-UPSERT-CREATE, ASSET-UPSERT-UPDATE: an unknown code creates (True), a known one updates
    key = _stored_code(assets, code)
    existing = assets.get(key) if key is not None else None
    if existing is None:
        _check_unique(ctx, code)
    elif key != code and patch.get("code") == code:
        patch = {**patch, "code": key}  # a case variant of the stored code names the stored asset
    family = ctx.store.asset_families.get(family_code, {})
    values = asset_attributes.value_context(ctx, family_code, facts=facts)
    naming = None
    if existing is None:
        timeout = ctx.settings.naming_convention_timeout
        naming = naming_convention.name_new_asset(
            family.get("naming_convention"), code, patch, values, bounded_captures(timeout)
        )
    saved = asset.upsert_asset(
        existing,
        key or code,
        _with_named_values(patch, naming),
        values,
        now=ctx.clock(),
        read_only_targets=asset.transformation_targets(family.get("transformations") or []),
    )
    scheduling.ensure_queue_room(ctx, family_code, existing, saved)  # AUTOMATION-QUEUE-BOUND: before any write
    if naming is not None:
        _record_naming(ctx, family_code, code, naming)
    pattern_matching.commit()  # the writes start: no pattern may unwind the operation any more
    assets[key or code] = saved
    scheduling.after_save(ctx, family_code, existing, saved)
    return existing is None


def _with_named_values(patch: dict[str, Any], naming: naming_convention.Naming | None) -> dict[str, Any]:
    """The client's patch with the naming convention's values added (a malformed `values` is left for the save to
    refuse); the client's errors are still the save's to answer first."""
    if naming is None or not naming.values or not isinstance(patch.get("values", {}), dict):
        return patch
    return {**patch, "values": {**patch.get("values", {}), **naming.values}}


# NAMING-ABORT-TRUE: 422, nothing stored; NAMING-ABORT-FALSE: the asset without the values refused, a failure event
def _record_naming(ctx: Context, family_code: str, code: str, naming: naming_convention.Naming) -> None:
    """The naming convention's event; its refusal when it aborts the creation."""
    outcome = events.ABORTED if naming.aborts else events.FAILURE if naming.errors else events.SUCCESS
    events.record(ctx, family_code, code, events.NAMING_CONVENTION, "naming_convention", outcome, naming.reasons)
    if naming.aborts:
        raise naming.refusal(family_code, code)


def _check_unique(ctx: Context, code: str) -> None:
    """ASSET-CODE-UNIQUE: no asset of any family may already hold the code (ignoring case)."""
    for family_assets in ctx.store.assets.values():
        if asset.same_code(codes_ignoring_case(family_assets, code), code) is not None:
            raise asset.code_taken(code)


async def upsert_batch(
    ctx: Context, family_code: str, entries: Any, check_list: Callable[[Any], None] = lambda _: None
) -> list[BatchOutcome]:
    """BATCH-ITEM-WITHOUT-CODE, BATCH-ITEM-INVALID-FORMAT, BATCH-ITEM-INVALID-CODE, BATCH-ITEM-BUSINESS-RULES: each
    entry on its own, in the vendor's order: its format by the family's attribute types (422 "The asset has an
    invalid format.", a missing code included: FORMAT-ASSET-VALUE-BY-TYPE), its code (422 with the AssetCode
    message), its business rules (422 "The asset has data that does not comply with the business rules.";
    BATCH-ITEM-MESSAGES). One refused entry changes nothing else, and the outcomes keep the request order. Each
    entry is one operation whose patterns are matched off the event loop; the entries share the request's budget."""
    # CHECK-ORDER-FAMILY-FIRST: the family's 404 before the list's shape and size;
    # BATCH-ENTRIES-INDEPENDENT, BATCH-RESULT-PER-ASSET: one outcome per entry, in order (_batch_entry)
    _family_assets(ctx, family_code)
    entries = decoded(entries)  # CHECK-ORDER-DECODE: json_decode after the family's 404
    check_list(entries)  # CHECK-ORDER-BATCH: the family (404) before the list's format (400) and size (413)
    types = attribute_types(ctx, family_code)  # an asset upsert never changes them: read once per batch
    facts = ctx.store.catalog.locale_facts()  # nor the catalog's locales
    matcher = Matcher.of(ctx.settings)
    entry_of = functools.partial(_batch_entry, ctx, family_code, types, facts)
    return [await matcher.settled(functools.partial(entry_of, entry)) for entry in entries]


def _batch_entry(
    ctx: Context, family_code: str, types: dict[str, str], facts: LocaleFacts, entry: dict[str, Any]
) -> BatchOutcome:
    sent = entry.get("code", "")
    try:
        errors = format_schemas.asset_errors(entry, types)
        if not errors and not isinstance(entry.get("code"), str):  # never a KeyError, whatever the schema says
            errors = [FieldError("code", 'Property "code" is required and must be a string.')]
        format_schemas.raise_for_format("asset", errors)
        return BatchOutcome(sent, created=upsert(ctx, family_code, entry["code"], entry, facts))
    except DomainError as error:
        return BatchOutcome(sent, error=error)


# ASSET-DELETE: 204, then 404 on GET and on a second DELETE (_existing);
# LINK-DELETED-ASSET-LEAVES-PRODUCTS: remove_asset_from_products below
def delete(ctx: Context, family_code: str, code: str) -> None:
    """Delete the asset and take it out of every product and product model value that holds it."""
    # The vendor's DeleteAssetAction text (ASSET-NOT-FOUND-MESSAGES).
    assets, key = _existing(ctx, family_code, code, f"Resource `{code}` does not exist.")
    del assets[key]
    products.remove_asset_from_products(ctx, family_code, key)
