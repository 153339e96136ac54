"""Rule-off mutants of the assets and what reads them: the upsert and its order of checks, merging values, the
batch, the search filter, pagination, media file downloads, products linked to a deleted asset."""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from mock_server.api.http import validation
from mock_server.domain.asset_manager import asset, asset_search, asset_search_plan
from mock_server.domain.errors import ErrorCollector
from mock_server.domain.pagination import Page
from mock_server.domain.request_format import schemas as format_schemas
from mock_server.domain.request_format.body import decoded
from mock_server.services.asset_manager import asset_families as family_service
from mock_server.services.asset_manager import asset_media_files as media_file_service
from mock_server.services.asset_manager import assets as asset_service
from mock_server.services.catalog import products
from mock_server.store import Store
from mutation.mutants.machinery import Mutant, attr, rule_off

# The originals, taken once at import (before any patch can exist), so the broken versions can delegate to them.
_ORIGINAL_MERGE_VALUES = asset.merge_values
_ORIGINAL_UPSERT_BATCH = asset_service.upsert_batch
_ORIGINAL_ASSET_UPSERT_REQUEST = asset_service.upsert_request
_ORIGINAL_ASSET_SEARCH_AFTER = asset_service.search_after
_ORIGINAL_FAMILY_SEARCH_AFTER = family_service.search_after
_ORIGINAL_MEDIA_FILE_GET = media_file_service.get


def _identity_unchecked(patch: dict, family_code: str, code: str, errors: ErrorCollector) -> None:
    return None


def _same_code_unchecked(kind: str, code: str, body: Any) -> None:
    return None


async def _asset_format_first(ctx: Any, family_code: str, code: str, body: dict[str, Any]) -> bool:
    """The asset upsert with the format stage before the family's 404 (the order before CHECK-ORDER-*)."""
    format_schemas.raise_for_format("asset", format_schemas.asset_errors(body))
    return await _ORIGINAL_ASSET_UPSERT_REQUEST(ctx, family_code, code, body)


async def _asset_decoded_first(ctx: Any, family_code: str, code: str, body: Any) -> bool:
    """The asset upsert decoding the body before the family's 404 (Connexion's order, before CHECK-ORDER-DECODE)."""
    decoded(body)
    return await _ORIGINAL_ASSET_UPSERT_REQUEST(ctx, family_code, code, body)


def _values_replaced(stored: dict, updates: Mapping[str, list[dict]]) -> dict:
    """Each attribute sent replaces all the stored entries of that attribute (other locales and channels lost)."""
    merged = copy.deepcopy(stored)
    for attribute_code, entries in updates.items():
        if entries:
            merged[attribute_code] = copy.deepcopy(entries)
    return merged


def _null_removes_entry(stored: dict, updates: Mapping[str, list[dict]]) -> dict:
    """A `data: null` entry deletes the stored entry at its locale and channel instead of being kept as null."""
    merged = _ORIGINAL_MERGE_VALUES(stored, updates)
    kept = {code: [entry for entry in entries if entry.get("data") is not None] for code, entries in merged.items()}
    return {code: entries for code, entries in kept.items() if entries}


async def _batch_aborts_on_first_error(ctx: Any, family_code: str, entries: list, *args: Any) -> list:
    """The first refused entry sinks the batch: every entry is refused with its error and nothing is kept."""
    before = copy.deepcopy(ctx.store.assets.get(family_code))
    outcomes = await _ORIGINAL_UPSERT_BATCH(ctx, family_code, entries, *args)
    first = next((outcome for outcome in outcomes if outcome.error is not None), None)
    if first is None:
        return outcomes
    if before is not None:
        ctx.store.assets[family_code] = before
    return [o if o.error is not None else dataclasses.replace(o, created=False, error=first.error) for o in outcomes]


def _no_batch_size_check(body: Any, limit: int | None) -> None:
    return None


def _search_ignored(raw: str | None, *, now: Any, context: Any = None) -> Callable[[dict], bool]:
    return lambda found: True


def _without_next(original: Callable[..., Page]) -> Callable[..., Page]:
    def search_after(resources: Iterable[dict], cursor: str | None, size: int, **how: Any) -> Page:
        return Page(original(resources, cursor, size, **how).items, None)

    return search_after


def _overlapping_pages(original: Callable[..., Page]) -> Callable[..., Page]:
    """The next page starts at the last item of this one: it is listed twice."""

    def search_after(resources: Iterable[dict], cursor: str | None, size: int, **how: Any) -> Page:
        page = original(resources, cursor, size, **how)
        if page.next_cursor is None or len(page.items) < 2:
            return page
        return Page(page.items, page.items[-2]["code"])  # the cursor is the last code, in clear

    return search_after


def _corrupted_download(ctx: Any, code: str) -> Any:
    """The stored file with its last byte flipped: same size, same type, different content."""
    media_file = _ORIGINAL_MEDIA_FILE_GET(ctx, code)
    content = media_file.content
    return dataclasses.replace(media_file, content=content[:-1] + bytes([content[-1] ^ 0xFF]))


ASSET_MUTANTS: tuple[Mutant, ...] = (
    rule_off(
        "asset_code_mismatch_accepted",
        "assets",
        "a body code different from the URL's code is accepted (the code is not immutable)",
        # CHECK-ORDER-BODY-CODE: the controller's plain 422 (services/asset_manager/assets.py) and the domain's own check
        lambda: [
            attr(asset, "check_identity", _identity_unchecked),
            attr(asset_service, "ensure_same_code", _same_code_unchecked),
        ],
        catch="PATCH an asset with another code in the body: 422 naming the code, nothing created",
    ),
    rule_off(
        "asset_format_before_family",
        "assets",
        "the asset upsert judges the body's format before the family's 404 (the vendor's controller checks the "
        "family first)",
        lambda: [attr(asset_service, "upsert_request", _asset_format_first)],
        catch="PATCH a malformed asset to an unknown family: 404, not the format stage's 422",
    ),
    rule_off(
        "body_decoded_before_the_family",
        "assets",
        "an asset body that is not JSON is refused (400) before the family's 404 (the vendor's controller checks the "
        "family first, then decodes)",
        lambda: [attr(asset_service, "upsert_request", _asset_decoded_first)],
        catch="PATCH a body that is not JSON to an asset of an unknown family: 404, not 400",
    ),
    rule_off(
        "asset_texts_kept_after_changes",
        "assets",
        "an asset's kept JSON text (FAST-READS) outlives a change to its option or attribute: the store never marks"
        " itself changed",
        lambda: [attr(Store, "changed", lambda self: None)],
        catch="GET an asset, delete an option it holds, GET it again: the option is gone",
    ),
    rule_off(
        "values_replaced_not_merged",
        "assets",
        "an update replaces all the entries of an attribute sent instead of merging them per locale and channel",
        lambda: [attr(asset, "merge_values", _values_replaced)],
        catch="PATCH one locale of a localizable value: the other locales are kept",
    ),
    rule_off(
        "null_data_removes_entry",
        "assets",
        "a value sent with data null is removed from the asset instead of being kept with data null",
        lambda: [attr(asset, "merge_values", _null_removes_entry)],
        catch="PATCH a value with data null: GET shows the entry with data null",
    ),
    rule_off(
        "batch_first_error_aborts_all",
        "asset batch",
        "one refused entry of an asset batch refuses the whole batch and nothing is saved",
        lambda: [attr(asset_service, "upsert_batch", _batch_aborts_on_first_error)],
        catch="a batch with one bad entry among good ones: the good ones are 201/204 and saved",
    ),
    rule_off(
        "batch_limit_removed",
        "asset batch",
        "an asset batch of more than 100 assets is processed instead of answered 413",
        lambda: [attr(validation, "check_batch_size", _no_batch_size_check)],
        catch="a batch of 101 assets: 413, nothing saved",
    ),
    rule_off(
        "asset_search_ignored",
        "asset search",
        "the `search` filter of the asset list is ignored: every asset is listed",
        lambda: [
            attr(asset_search, "parse_asset_search", _search_ignored),
            attr(
                asset_search_plan, "narrowing", lambda raw, now: asset_search_plan.Narrowing()
            ),  # nor the store's reads
        ],
        catch="list with a code IN / updated filter: only the matching assets",
    ),
    rule_off(
        "pagination_next_missing",
        "pagination",
        "list pages never carry _links.next, so a client stops after the first page",
        lambda: [
            attr(asset_service, "search_after", _without_next(_ORIGINAL_ASSET_SEARCH_AFTER)),
            attr(family_service, "search_after", _without_next(_ORIGINAL_FAMILY_SEARCH_AFTER)),
        ],
        catch="walk a list of more than 100 assets by _links.next: every asset once",
    ),
    rule_off(
        "pagination_pages_overlap",
        "pagination",
        "the next page starts with the last item of the current one (an item is listed twice)",
        lambda: [
            attr(asset_service, "search_after", _overlapping_pages(_ORIGINAL_ASSET_SEARCH_AFTER)),
            attr(family_service, "search_after", _overlapping_pages(_ORIGINAL_FAMILY_SEARCH_AFTER)),
        ],
        catch="walk a list of more than 100 assets by _links.next: no asset twice",
    ),
    rule_off(
        "media_download_wrong_bytes",
        "asset media files",
        "downloading a media file answers different bytes than those uploaded (same size)",
        lambda: [attr(media_file_service, "get", _corrupted_download)],
        catch="upload a file, download it: the same bytes",
    ),
    rule_off(
        "asset_delete_keeps_product_links",
        "products",
        "a deleted asset stays in the asset collection values of products and product models",
        lambda: [attr(products, "remove_asset_from_products", lambda *args, **kwargs: 0)],
        catch="delete an asset linked to a product: the product's asset collection value no longer holds it",
    ),
)
