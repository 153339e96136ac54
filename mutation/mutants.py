"""The mutant catalogue: deliberately broken versions of the mock that the conformance suite must catch.

Two kinds:

- RULE_OFF: one documented business rule switched off inside the mock. The app is built as usual (the default
  catalog loads unmutated) and wrapped in `PatchedRequests`, which swaps the mock's own function (or constant, or
  table entry) for a broken one while a request is being handled, with `unittest.mock.patch`, and puts the original
  back when the last request in flight leaves. Nothing stays patched between requests, so a mutant can never leak
  into the clean run, another mutant or the caller.
- RESPONSE: the mock unchanged, its answers altered on the way out by `RewriteResponses`, an ASGI middleware that
  buffers the responses of the selected routes and hands status, headers and body to a rewrite function.

Every mutant is a `Mutant(name, kind, description, build)`; `build()` returns a new, independent ASGI app. The
patch targets are the names the mock's callers look up at call time (`module.function`), so the broken version is
the one that runs.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re
import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, MutableMapping
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any
from unittest import mock
from urllib.parse import urlsplit

from connexion.json_schema import Draft4RequestValidator

from fixtures.catalog import load_start
from mock_server.api import body_limits, validation
from mock_server.app import create_app
from mock_server.domain import (
    asset,
    asset_attribute,
    asset_family,
    asset_search,
    asset_search_plan,
    asset_values,
    attribute_option,
    format_opis,
    format_schemas,
    naming_convention,
    product_link_rule_messages,
    product_link_rules,
    product_values,
    transformation_rules,
)
from mock_server.domain.errors import ErrorCollector
from mock_server.domain.pagination import Page
from mock_server.domain.request_body import decoded
from mock_server.domain.shared import value_coordinates
from mock_server.services import asset_families as family_service
from mock_server.services import asset_media_files as media_file_service
from mock_server.services import assets as asset_service
from mock_server.services import authentication, products
from mock_server.services.automation import runner as automation_runner
from mock_server.settings import Settings
from mock_server.store import Store

ASGIApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]], Awaitable[None]
]

RULE_OFF = "rule-off"
RESPONSE = "response"
KINDS = (RULE_OFF, RESPONSE)
API = "/api/rest/v1"
PatchFactory = Callable[[], Iterable[AbstractContextManager[Any]]]


@dataclass(frozen=True)
class Mutant:
    name: str  # unique snake_case: what --only takes
    kind: str  # RULE_OFF or RESPONSE
    description: str  # one line: what is broken
    build: Callable[[], ASGIApp]  # a new mutated ASGI app, independent of every other app
    area: str = ""  # the resource or rule engine it breaks, for the table
    patches: PatchFactory | None = None  # rule-off mutants: the patches build() applies around each request
    catch: str = ""  # one line: the check a conformance test makes that catches this mutant


# -- the apps ------------------------------------------------------------------------------------------------------

# The same settings for the clean run and every mutant: the default catalog (the suite builds its own data beside
# it, so the fixtures only give Schemathesis something to find), synchronous automation (a background rule engine
# would run outside the request, where a rule-off patch is not active), and no response validation (a real server
# does not check its answers against the contract; the suite must).
SETTINGS = Settings(load_fixtures=True, validate_responses=False, rules_execution="sync")


def clean_app() -> ASGIApp:
    """The unmutated mock, as every mutant starts from it."""
    return create_app(store=None, settings=SETTINGS, start_catalog=load_start)


# -- kind 1: a rule switched off while requests are handled --------------------------------------------------------


class _RefCountedPatches:
    """The patches are started when the first request enters and stopped when the last one leaves (requests may
    overlap on the app's event loop, and the test client may use several threads): nothing is left patched."""

    def __init__(self, factory: PatchFactory) -> None:
        self._factory = factory
        self._lock = threading.Lock()
        self._depth = 0
        self._stack: ExitStack | None = None

    def __enter__(self) -> None:
        with self._lock:
            if self._depth == 0:
                stack = ExitStack()
                try:
                    for patcher in self._factory():
                        stack.enter_context(patcher)
                except BaseException:
                    stack.close()
                    raise
                self._stack = stack
            self._depth += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._depth -= 1
            if self._depth == 0 and self._stack is not None:
                stack, self._stack = self._stack, None
                stack.close()


class PatchedRequests:
    """An ASGI app that handles each HTTP request with the patches applied (lifespan events pass through)."""

    def __init__(self, app: ASGIApp, factory: PatchFactory) -> None:
        self.app = app
        self.patches = _RefCountedPatches(factory)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with self.patches:
            await self.app(scope, receive, send)


def rule_off(name: str, area: str, description: str, factory: PatchFactory, *, catch: str) -> Mutant:
    return Mutant(name, RULE_OFF, description, lambda: PatchedRequests(clean_app(), factory), area, factory, catch)


def attr(target: Any, name: str, new: Any) -> AbstractContextManager[Any]:
    """Replace `target.name` (a module global, a class attribute) for the duration of a request."""
    return mock.patch.object(target, name, new)


def item(mapping: dict[Any, Any], key: Any, new: Any) -> AbstractContextManager[Any]:
    """Replace one entry of a module-level table (the table is restored as it was)."""
    if key not in mapping:  # mock.patch.dict would add it silently: a renamed entry must not go unnoticed
        raise KeyError(f"{key!r} is not in the table to patch")
    return mock.patch.dict(mapping, {key: new})


# The originals, taken once at import (before any patch can exist), so the broken versions can delegate to them.
_ORIGINAL_UPSERT_ATTRIBUTE = asset_attribute.upsert_asset_attribute
_ORIGINAL_LOCALE_MESSAGES = value_coordinates.asset_locale_messages
_ORIGINAL_MERGE_VALUES = asset.merge_values
_ORIGINAL_UPSERT_BATCH = asset_service.upsert_batch
_ORIGINAL_ASSET_UPSERT_REQUEST = asset_service.upsert_request
_ORIGINAL_ASSET_SEARCH_AFTER = asset_service.search_after
_ORIGINAL_FAMILY_SEARCH_AFTER = family_service.search_after
_ORIGINAL_NAME_NEW_ASSET = naming_convention.name_new_asset
_ORIGINAL_ASSIGNED = product_values.assigned
_ORIGINAL_ISSUE_TOKEN = authentication.issue_token
_ORIGINAL_MEDIA_FILE_GET = media_file_service.get
_ORIGINAL_MERGE_LABELS = asset_attribute.merge_labels
_ORIGINAL_REFUSE_UNKNOWN = asset.refuse_unknown_properties
# The contract's request-body checks are jsonschema keyword functions looked up in this table at each validation.
REQUEST_SCHEMA_KEYWORDS = Draft4RequestValidator.VALIDATORS
_ORIGINAL_CHECK_ACCESS_TOKEN = authentication.check_access_token


def _no_collection_check(errors: ErrorCollector, transformations: Any) -> None:
    """A rule of the transformation collection switched off."""


def _main_media_only_if_sent(family: Mapping[str, Any], attributes: Mapping[str, Any]) -> str | None:
    return family.get("attribute_as_main_media") or None


def _type_mutable(
    existing: dict | None,
    family_code: str,
    code: str,
    patch: dict,
    *,
    family_attribute_count: int,
    activated_locales: frozenset[str],
) -> dict:
    """A PATCH with another type re-creates the attribute with that type (its labels kept) instead of a 422."""
    sent = patch.get("type") if isinstance(patch, dict) else None
    if existing is not None and sent is not None and sent != existing["type"]:
        recreated = {"labels": existing.get("labels", {}), **patch}
        return _ORIGINAL_UPSERT_ATTRIBUTE(
            None, family_code, code, recreated, family_attribute_count=0, activated_locales=activated_locales
        )
    return _ORIGINAL_UPSERT_ATTRIBUTE(
        existing,
        family_code,
        code,
        patch,
        family_attribute_count=family_attribute_count,
        activated_locales=activated_locales,
    )


def _media_type_optional(result: Any, existing: Any, patch: Any, errors: ErrorCollector) -> None:
    if result.get("media_type") is not None:
        asset_attribute._check_media_type(result, existing, patch, errors)


def _any_locale_on_localizable(attribute_code: str, attribute: dict, locale: Any, *args: Any) -> list:
    if attribute.get("value_per_locale"):
        return []
    return _ORIGINAL_LOCALE_MESSAGES(attribute_code, attribute, locale, *args)


def _text_without_max_characters(attribute_code: str, attribute: dict, data: Any, ctx: Any) -> list[str]:
    if not isinstance(data, str):
        return [asset_values._type_message(attribute_code, "a string", data)]
    return asset_values._validation_rule_messages(attribute_code, attribute, data, ctx)


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


def _naming_never_applied(*args: Any) -> None:
    return None  # as if the family had no naming convention


def _naming_never_aborts(*args: Any) -> naming_convention.Naming | None:
    naming = _ORIGINAL_NAME_NEW_ASSET(*args)
    # abort_asset_creation_on_error: true, and the asset is created anyway
    return None if naming is None else dataclasses.replace(naming, aborts=False)


def _always_replace(current: list[str], asset_codes: Iterable[str], mode: str) -> list[str]:
    return _ORIGINAL_ASSIGNED(current, asset_codes, "replace")


def _no_transformation(*args: Any, **kwargs: Any) -> None:
    return None


def _refresh_token_reused(ctx: Any, body: dict, authorization: str | None) -> dict:
    """The refresh grant answers a new access token and the same refresh token, which stays usable."""
    answer = _ORIGINAL_ISSUE_TOKEN(ctx, body, authorization)
    if isinstance(body, dict) and body.get("grant_type") == "refresh_token":
        old = str(body.get("refresh_token"))
        grants = ctx.store.tokens.refresh
        grants[authentication.token_key(old)] = grants.pop(authentication.token_key(answer["refresh_token"]))
        answer = {**answer, "refresh_token": old}
    return answer


def _corrupted_download(ctx: Any, code: str) -> Any:
    """The stored file with its last byte flipped: same size, same type, different content."""
    media_file = _ORIGINAL_MEDIA_FILE_GET(ctx, code)
    content = media_file.content
    return dataclasses.replace(media_file, content=content[:-1] + bytes([content[-1] ^ 0xFF]))


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


def _labels_any_locale(stored: Any, patch_labels: Any, activated_locales: Any, errors: Any, *args: Any, **kwargs: Any):
    everything = frozenset(patch_labels) if isinstance(patch_labels, dict) else frozenset()
    return _ORIGINAL_MERGE_LABELS(
        stored, patch_labels, frozenset(activated_locales) | everything, errors, *args, **kwargs
    )


def _bounds_ignored(attribute_code: str, attribute: dict, text: str) -> list[str]:
    return []


def _extension_ignored(attribute_code: str, attribute: dict, media_file: Any) -> list[str]:
    return []


def _no_additional_properties_check(validator: Any, allowed: Any, instance: Any, schema: Any) -> Iterator[Any]:
    return iter(())


def _no_opis_additional_properties_check(allowed: Any, data: Any, path: Any, checked: Any) -> None:
    return None


def _no_unknown_property_check(patch: Any, errors: ErrorCollector) -> None:
    return None


def _refuse_only_non_objects(patch: Any) -> None:
    if not isinstance(patch, dict):
        _ORIGINAL_REFUSE_UNKNOWN(patch)


def _check_access_token_ignoring_expiry(ctx: Any, token: str) -> str:
    grant = ctx.store.tokens.access.get(authentication.token_key(token))
    if grant is None:
        return _ORIGINAL_CHECK_ACCESS_TOKEN(ctx, token)  # raises the invalid-token 401
    return grant.username


RULE_MUTANTS: tuple[Mutant, ...] = (
    rule_off(
        "family_labels_locale_unchecked",
        "asset families",
        "asset family labels on a locale that is not activated are accepted",
        lambda: [attr(asset_family, "merge_labels", _labels_any_locale)],
        catch="PATCH a family with a label on a locale that is not activated: 422 on `labels`",
    ),
    rule_off(
        "main_media_not_defaulted",
        "asset families",
        "attribute_as_main_media is not defaulted to the family's first media_file/media_link attribute",
        lambda: [attr(asset_family, "default_main_media", _main_media_only_if_sent)],
        catch="create a family, then its first media_file attribute: GET the family shows it as attribute_as_main_media",
    ),
    rule_off(
        "link_rules_limit_ignored",
        "product link rules",
        "an asset family may hold more than 2 product link rules (the domain's limit, FAM-LINK-RULES-MAX, its one owner)",
        lambda: [attr(product_link_rules, "MAX_PRODUCT_LINK_RULES", 1_000_000)],
        catch="PATCH a family with 3 product link rules: 422 on `product_link_rules`, the 2 stored rules kept",
    ),
    rule_off(
        "transformation_target_not_unique",
        "transformations",
        "two transformations of a family may write the same target value",
        lambda: [attr(transformation_rules, "check_target_unique", _no_collection_check)],
        catch="two transformations writing the same target value: 422 on the second one's target",
    ),
    rule_off(
        "attribute_type_mutable",
        "asset attributes",
        "the type of an existing asset attribute can be changed by a PATCH",
        lambda: [attr(asset_attribute, "upsert_asset_attribute", _type_mutable)],
        catch="PATCH an attribute with another type: 422 on `type`, GET still shows the old type",
    ),
    rule_off(
        "media_type_not_required",
        "asset attributes",
        "a media_file or media_link attribute can be created without a media_type",
        lambda: [
            item(asset_attribute._TYPE_RULES, "media_file", (_media_type_optional,)),
            item(asset_attribute._TYPE_RULES, "media_link", (_media_type_optional,)),
        ],
        catch="create a media_file (and a media_link) attribute without media_type: 422 on `media_type`",
    ),
    rule_off(
        "option_limit_ignored",
        "asset attribute options",
        "an attribute may get more than 100 options",
        lambda: [attr(attribute_option, "MAX_OPTIONS_PER_ATTRIBUTE", 1_000_000)],
        catch="create 100 options, then a 101st: 422",
    ),
    rule_off(
        "labels_locale_unchecked_on_attributes",
        "asset attributes",
        "asset attribute and option labels on a locale that is not activated are accepted",
        lambda: [
            attr(asset_attribute, "merge_labels", _labels_any_locale),
            attr(attribute_option, "merge_labels", _labels_any_locale),
        ],
        catch="PATCH an asset attribute and an attribute option with a label on a locale that is not activated: 422 on `labels`",
    ),
    rule_off(
        "value_locale_unchecked",
        "asset values",
        "a value of a localizable attribute is accepted with any locale (null, unknown, not activated)",
        lambda: [attr(value_coordinates, "asset_locale_messages", _any_locale_on_localizable)],
        catch="a value of a localizable attribute with a null or not activated locale: 422 naming the attribute and locale",
    ),
    rule_off(
        "text_max_characters_ignored",
        "asset values",
        "a text value longer than the attribute's max_characters is accepted",
        lambda: [item(asset_values._CHECKERS, "text", _text_without_max_characters)],
        catch="a text value longer than max_characters: 422 naming the attribute",
    ),
    rule_off(
        "number_bounds_ignored",
        "asset values",
        "a number value below min_value or above max_value is accepted",
        lambda: [attr(asset_values, "_bound_messages", _bounds_ignored)],
        catch="a number attribute with min_value and max_value; an asset value below or above them: 422 naming the attribute",
    ),
    rule_off(
        "option_code_existence_ignored",
        "asset values",
        "a single/multiple option value naming an option that does not exist is accepted",
        lambda: [attr(asset_values, "_unknown_option_messages", lambda *args: [])],
        catch="an option value naming an option that does not exist: 422 naming the attribute",
    ),
    rule_off(
        "media_file_extension_ignored",
        "asset values",
        "a media file whose extension the attribute does not allow is accepted as a value",
        lambda: [attr(asset_values, "_extension_messages", _extension_ignored)],
        catch='a media_file attribute with allowed_extensions ["jpg"]; a value with an uploaded .png: 422 naming the attribute',
    ),
    rule_off(
        "required_properties_not_checked",
        "request validation",
        "a body without a property the vendor's schema requires (code) is accepted by the format stage",
        lambda: [item(format_opis.OBJECT_KEYWORDS, "required", _no_required_check)],
        catch="PATCH a family, attribute, option or asset without code: 422 invalid format, nothing written",
    ),
    rule_off(
        "unknown_properties_accepted",
        "request validation",
        "a body property the resource does not have is ignored instead of refused with 422 (families, attributes, "
        "options, assets, batch entries)",
        lambda: [
            item(REQUEST_SCHEMA_KEYWORDS, "additionalProperties", _no_additional_properties_check),
            item(format_opis.OBJECT_KEYWORDS, "additionalProperties", _no_opis_additional_properties_check),
            attr(asset, "refuse_unknown_properties", _refuse_only_non_objects),
            attr(asset_attribute, "_check_known_properties", _no_unknown_property_check),
            attr(attribute_option, "_check_known_properties", _no_unknown_property_check),
        ],
        catch="a body property the resource does not have (asset, batch entry, attribute, option, family): 422 naming it",
    ),
    rule_off(
        "attribute_limit_ignored",
        "asset attributes",
        "an asset family may get more than 100 attributes",
        lambda: [attr(asset_attribute, "MAX_ATTRIBUTES_PER_FAMILY", 1_000_000)],
        catch="create 100 attributes in a family, then a 101st: 422",
    ),
    rule_off(
        "value_per_locale_mutable",
        "asset attributes",
        "value_per_locale and value_per_channel of an existing attribute can be changed by a PATCH",
        lambda: [attr(asset_attribute, "_IMMUTABLE", ("type", "asset_family_code"))],
        catch="PATCH value_per_locale / value_per_channel of an existing attribute: 422, unchanged",
    ),
    rule_off(
        "asset_code_mismatch_accepted",
        "assets",
        "a body code different from the URL's code is accepted (the code is not immutable)",
        # CHECK-ORDER-BODY-CODE: the controller's plain 422 (services/assets.py) and the domain's own check
        lambda: [
            attr(asset, "_check_identity", _identity_unchecked),
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
        "link_rule_texts_reworded",
        "product link rules",
        "a refused product link rule gets our own sentence instead of the vendor's rule_template text",
        lambda: [
            attr(
                product_link_rule_messages,
                "assignment_mode_not_supported",
                lambda mode: f'The assignment mode "{mode}" is not supported.',
            )
        ],
        catch='an assignment in mode "merge": the vendor\'s "Invalid assignment mode ..." text',
    ),
    rule_off(
        "token_body_unbounded",
        "authentication",
        "the token endpoint takes a body of any size (no 413 above the vendor's 300 bytes)",
        lambda: [attr(body_limits, "TOKEN_BODY_LIMIT", 10**9)],
        catch="a valid password grant padded to 301 bytes: 413",
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
        lambda: [attr(validation, "_check_batch_size", _no_batch_size_check)],
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
        "naming_convention_not_applied",
        "naming convention",
        "the family's naming convention is never applied to new assets",
        lambda: [attr(naming_convention, "name_new_asset", _naming_never_applied)],
        catch="create an asset whose code matches the family's naming convention: the captured values are set",
    ),
    rule_off(
        "naming_abort_ignored",
        "naming convention",
        "abort_asset_creation_on_error is ignored: an asset the convention cannot name is created anyway",
        lambda: [attr(naming_convention, "name_new_asset", _naming_never_aborts)],
        catch="create an asset whose code does not match a convention with abort_asset_creation_on_error: 422, nothing created",
    ),
    rule_off(
        "link_rule_add_replaces",
        "product link rules",
        "a product link rule assignment in mode `add` replaces the product's assets instead of adding to them",
        lambda: [attr(product_values, "assigned", _always_replace)],
        catch="a link rule in mode add: the product keeps its assets and gets the new one appended",
    ),
    rule_off(
        "transformations_not_run",
        "transformations",
        "the family's transformations never run after an asset is saved",
        lambda: [attr(automation_runner, "transform", _no_transformation)],
        catch="save a source image: the transformation's target value appears (eventually)",
    ),
    rule_off(
        "token_expiry_ignored",
        "authentication",
        "an access token is accepted after it has expired",
        lambda: [attr(authentication, "check_access_token", _check_access_token_ignoring_expiry)],
        catch="move the mock's clock past expires_in (POST /mock/clock/advance): the access token is refused with 401",
    ),
    rule_off(
        "refresh_token_not_rotated",
        "authentication",
        "the refresh grant answers the same refresh token again, and it stays usable",
        lambda: [attr(authentication, "issue_token", _refresh_token_reused)],
        catch="refresh: a new refresh token; the old one is refused (422) afterwards",
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


# -- kind 2: responses altered on the way out ----------------------------------------------------------------------


@dataclass
class Exchange:
    """One buffered response (and the request it answers), as the rewrite function sees and changes it."""

    method: str
    path: str
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    _json: Any = field(default=None, repr=False)

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers if key.lower() == name.lower()), None)

    def set_header(self, name: str, value: str) -> None:
        self.drop_header(name)
        self.headers.append((name, value))

    def drop_header(self, name: str) -> None:
        self.headers = [(key, value) for key, value in self.headers if key.lower() != name.lower()]

    def json(self) -> Any:
        """The body as JSON, or None when it is not a JSON body."""
        if "json" not in (self.header("content-type") or ""):
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None

    def set_json(self, value: Any, content_type: str | None = None) -> None:
        self.body = json.dumps(value, separators=(",", ":")).encode()  # compact, as the vendor: WIRE-JSON-COMPACT
        if content_type:
            self.set_header("content-type", content_type)


Rewrite = Callable[[Exchange], None]
Route = tuple[str, str]  # (method or "*", regular expression the whole path must match)


class RewriteResponses:
    """An ASGI middleware: the responses of the selected routes are buffered, rewritten, then sent with a fixed
    Content-Length. Other routes (and lifespan events) pass through untouched."""

    def __init__(self, app: ASGIApp, routes: Iterable[Route], rewrite: Rewrite) -> None:
        self.app = app
        self.routes = [(method.upper(), re.compile(pattern)) for method, pattern in routes]
        self.rewrite = rewrite

    def _selected(self, method: str, path: str) -> bool:
        return any(m in ("*", method) and pattern.fullmatch(path) for m, pattern in self.routes)

    async def __call__(self, scope: MutableMapping[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or not self._selected(scope["method"].upper(), scope["path"]):
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def buffered(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body"):
                return
            exchange = Exchange(
                method=scope["method"].upper(),
                path=scope["path"],
                status=start["status"],
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in start.get("headers", [])],
                body=b"".join(chunks),
            )
            self.rewrite(exchange)
            exchange.drop_header("content-length")
            headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in exchange.headers]
            headers.append((b"content-length", str(len(exchange.body)).encode()))
            await send({**start, "status": exchange.status, "headers": headers})
            await send({"type": "http.response.body", "body": exchange.body, "more_body": False})

        await self.app(scope, receive, buffered)


def response(
    name: str, area: str, description: str, routes: Iterable[Route], rewrite: Rewrite, *, catch: str
) -> Mutant:
    routes = tuple(routes)
    return Mutant(
        name, RESPONSE, description, lambda: RewriteResponses(clean_app(), routes, rewrite), area, catch=catch
    )


ANY_API_PATH = rf"{API}(/.*)?"
SINGLE_RESOURCE_PATCH = [
    ("PATCH", rf"{API}/asset-families/[^/]+"),
    ("PATCH", rf"{API}/asset-families/[^/]+/attributes/[^/]+"),
    ("PATCH", rf"{API}/asset-families/[^/]+/attributes/[^/]+/options/[^/]+"),
    ("PATCH", rf"{API}/asset-families/[^/]+/assets/[^/]+"),
]


def _update_answers_201(exchange: Exchange) -> None:
    if exchange.status == 204:
        exchange.status = 201


def _create_answers_204(exchange: Exchange) -> None:
    if exchange.status == 201:
        exchange.status = 204


def _drop_location(exchange: Exchange) -> None:
    if exchange.status in (201, 204):
        exchange.drop_header("location")


def _drop_media_file_code(exchange: Exchange) -> None:
    exchange.drop_header("asset-media-file-code")


def _problem_json(exchange: Exchange) -> None:
    body = exchange.json()
    if exchange.status >= 400 and isinstance(body, dict) and "message" in body:
        problem = {
            "type": "about:blank",
            "title": HTTPStatus(exchange.status).phrase,
            "status": exchange.status,
            "detail": body["message"],
        }
        exchange.set_json(problem, "application/problem+json")


def _drop_errors_list(exchange: Exchange) -> None:
    body = exchange.json()
    if exchange.status == 422 and isinstance(body, dict) and "errors" in body:
        exchange.set_json({key: value for key, value in body.items() if key != "errors"})


def _drop_item_self_links(exchange: Exchange) -> None:
    body = exchange.json()
    items = body.get("_embedded", {}).get("items") if isinstance(body, dict) else None
    if exchange.status != 200 or not isinstance(items, list):
        return
    for listed in items:
        links = listed.get("_links") if isinstance(listed, dict) else None
        if isinstance(links, dict):
            links.pop("self", None)
            if not links:
                del listed["_links"]
    exchange.set_json(body)


def _relative_next(exchange: Exchange) -> None:
    body = exchange.json()
    links = body.get("_links") if isinstance(body, dict) else None
    following = links.get("next") if isinstance(links, dict) else None
    if isinstance(following, dict) and isinstance(following.get("href"), str):
        parts = urlsplit(following["href"])
        following["href"] = parts.path + (f"?{parts.query}" if parts.query else "")
        exchange.set_json(body)


def _trailing_newline(exchange: Exchange) -> None:
    if exchange.json() is not None:
        exchange.body += b"\n"


def _no_required_check(names: Any, data: Any, path: Any, checked: Any) -> None:
    return None


def _drop_one_value(exchange: Exchange) -> None:
    body = exchange.json()
    values = body.get("values") if isinstance(body, dict) else None
    if exchange.status == 200 and isinstance(values, dict) and values:
        del values[sorted(values)[0]]
        exchange.set_json(body)


def _download_as_octet_stream(exchange: Exchange) -> None:
    if exchange.status == 200:
        exchange.set_header("content-type", "application/octet-stream")


def _generic_415(exchange: Exchange) -> None:
    body = exchange.json()
    if exchange.status == 415 and isinstance(body, dict):
        exchange.set_json({**body, "message": "Unsupported Media Type"})


def _plain_401(exchange: Exchange) -> None:
    if exchange.status == 401:
        exchange.body = b"Unauthorized"
        exchange.set_header("content-type", "text/plain; charset=utf-8")


RESPONSE_MUTANTS: tuple[Mutant, ...] = (
    response(
        "update_answers_201",
        "upserts",
        "a PATCH that updates an existing asset manager resource answers 201 instead of 204",
        SINGLE_RESOURCE_PATCH,
        _update_answers_201,
        catch="PATCH an existing resource: 204",
    ),
    response(
        "create_answers_204",
        "upserts",
        "every create answers 204 instead of 201 (single upserts, media uploads), its body and Location kept",
        [("*", ANY_API_PATH)],
        _create_answers_204,
        catch="a create answers 201; the other rules read 'not run: set-up failed' rather than failing",
    ),
    response(
        "location_header_dropped",
        "upserts",
        "the Location header is missing from the 201/204 answers of single-resource PATCHes",
        SINGLE_RESOURCE_PATCH,
        _drop_location,
        catch="PATCH answers (201 and 204) carry Location with the resource's absolute URL",
    ),
    response(
        "media_file_code_header_dropped",
        "asset media files",
        "the upload answer has no Asset-media-file-code header",
        [("POST", rf"{API}/asset-media-files")],
        _drop_media_file_code,
        catch="the upload answer carries Asset-media-file-code",
    ),
    response(
        "errors_as_problem_json",
        "errors",
        "error answers use application/problem+json (type/title/status/detail) instead of Akeneo's code/message",
        [("*", ANY_API_PATH), ("*", r"/api/oauth/v1/token")],
        _problem_json,
        catch="every error is application/json with `code` and `message`",
    ),
    response(
        "errors_list_dropped",
        "errors",
        "422 answers lose their `errors` list (the properties at fault)",
        [("*", ANY_API_PATH)],
        _drop_errors_list,
        catch="a 422 on a property lists it in `errors`",
    ),
    response(
        "list_item_self_link_dropped",
        "lists",
        "the items of list pages lose their _links.self",
        [("GET", ANY_API_PATH)],
        _drop_item_self_links,
        catch="each list item has _links.self.href",
    ),
    response(
        "json_trailing_newline",
        "wire format",
        "every JSON answer ends with a newline (the published akeneo-api-client splits batch answers on newlines)",
        [("*", ANY_API_PATH)],
        _trailing_newline,
        catch="a JSON answer is compact JSON with no trailing newline",
    ),
    response(
        "next_link_relative",
        "pagination",
        "_links.next.href of list pages is a relative URL",
        [("GET", ANY_API_PATH)],
        _relative_next,
        catch="_links.next.href is an absolute URL",
    ),
    response(
        "asset_get_value_dropped",
        "assets",
        "GET of one asset leaves out one of its values (the first attribute in code order)",
        [("GET", rf"{API}/asset-families/[^/]+/assets/[^/]+")],
        _drop_one_value,
        catch="GET of an asset shows every value saved",
    ),
    response(
        "download_content_type_changed",
        "asset media files",
        "a media file download answers Content-Type application/octet-stream instead of the file's type",
        [("GET", rf"{API}/asset-media-files/.+")],
        _download_as_octet_stream,
        catch="a download's Content-Type is the uploaded file's type",
    ),
    response(
        "unsupported_media_type_message_changed",
        "errors",
        "415 answers say 'Unsupported Media Type' instead of naming the Content-Type received and expected",
        [("*", ANY_API_PATH), ("*", r"/api/oauth/v1/token")],
        _generic_415,
        catch="a 415 names the Content-Type received and the one expected",
    ),
    response(
        "unauthorized_body_not_json",
        "authentication",
        "401 answers have a text/plain body instead of Akeneo's JSON {code, message}",
        [("*", ANY_API_PATH)],
        _plain_401,
        catch="a 401 is JSON with `code` and `message`",
    ),
)

MUTANTS: tuple[Mutant, ...] = RULE_MUTANTS + RESPONSE_MUTANTS


def by_name(names: Iterable[str] | None = None) -> list[Mutant]:
    """The mutants named (in catalogue order), or all; KeyError names the unknown ones."""
    if not names:
        return list(MUTANTS)
    wanted = list(dict.fromkeys(names))
    known = {mutant.name for mutant in MUTANTS}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise KeyError(f"unknown mutant(s): {', '.join(unknown)}")
    return [mutant for mutant in MUTANTS if mutant.name in wanted]
