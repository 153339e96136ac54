"""Asset attribute and asset attribute option operations.

Each checks what the vendor's controller checks, in its order: the URI codes (plain 422), the body code (plain
422), the family, the attribute and its support of options (404, each controller's own sentence:
STRUCTURE-NOT-FOUND-TEXTS), then the business rules (422 RulesBroken).
"""

from __future__ import annotations

from typing import Any

from mock_server.domain.asset_manager import asset_attribute, asset_family, attribute_option
from mock_server.domain.asset_manager.asset_values import ValueContext
from mock_server.domain.asset_manager.media_file import MediaFile
from mock_server.domain.asset_manager.structure_codes import ensure_body_code, ensure_code, ensure_same_code
from mock_server.domain.errors import NotFound
from mock_server.domain.request_format import schemas as format_schemas
from mock_server.domain.request_format.body import decoded
from mock_server.domain.shared.value_coordinates import LocaleFacts
from mock_server.services.asset_manager import asset_families
from mock_server.services.context import Context
from mock_server.services.pattern_matching import bounded_search


def _family_attributes(ctx: Context, family_code: str) -> dict[str, dict[str, Any]]:
    asset_families.get(ctx, family_code)
    return ctx.store.asset_attributes.setdefault(family_code, {})


def list_attributes(ctx: Context, family_code: str) -> list[dict[str, Any]]:
    return list(_family_attributes(ctx, family_code).values())


def get_attribute(ctx: Context, family_code: str, code: str) -> dict[str, Any]:
    attribute = _family_attributes(ctx, family_code).get(code)
    if attribute is None:
        raise NotFound(f'Attribute "{code}" does not exist for the asset family "{family_code}".')
    return attribute


def upsert_attribute_request(ctx: Context, family_code: str, code: str, body: Any) -> bool:
    """CHECK-ORDER-ATTRIBUTE: the connector's order (CreateOrUpdateAttributeAction): the URI codes (plain 422), the
    family (404), the body's decoding (400, CHECK-ORDER-DECODE), the body code (plain 422, an absent one too), then
    the JSON schema of the creation, or of the
    STORED attribute's type on an update (AttributeEditionValidator: CHECK-ORDER-EDIT-BY-STORED-TYPE), then the
    business rules."""
    ensure_code("family", family_code)
    ensure_code("attribute", code)
    # CHECK-ORDER-FAMILY-FIRST: the family's 404 before the body is read
    asset_families.get(ctx, family_code)
    body = decoded(body)
    ensure_same_code("attribute", code, body)
    stored = ctx.store.asset_attributes.get(family_code, {}).get(code)
    stored_type = stored["type"] if stored is not None else None
    format_schemas.raise_for_format("attribute", format_schemas.attribute_errors(body, stored_type))
    return upsert_attribute(ctx, family_code, code, body)


def upsert_attribute(ctx: Context, family_code: str, code: str, patch: dict[str, Any]) -> bool:
    """Create or update; True when created. A new media attribute may become the main media of a family that has
    none (the docs' catalog families, built without the vendor's default `media`)."""
    ensure_code("family", family_code)
    ensure_code("attribute", code)
    family = asset_families.get(ctx, family_code)
    ensure_body_code("attribute", code, patch)
    attributes = ctx.store.asset_attributes.setdefault(family_code, {})
    existing = attributes.get(code)
    attribute = asset_attribute.upsert_asset_attribute(
        existing,
        family_code,
        code,
        patch,
        family_attribute_count=len(attributes),
        activated_locales=ctx.store.catalog.locale_facts().activated,
    )
    attributes[code] = attribute
    if family.get("attribute_as_main_media") is None:
        family["attribute_as_main_media"] = asset_family.default_main_media(family, attributes)
    return existing is None


def _option_attribute(ctx: Context, family_code: str, attribute_code: str) -> dict[str, Any]:
    """The attribute whose options are addressed: unknown, or without options, is a 404."""
    attributes = _family_attributes(ctx, family_code)
    ensure_code("attribute", attribute_code)
    attribute = attributes.get(attribute_code)
    if attribute is None:
        raise NotFound(f'Attribute "{attribute_code}" does not exist for asset family "{family_code}".')
    if not attribute_option.has_options(attribute):
        # OPT-ONLY-OPTION-ATTRIBUTES
        raise NotFound(f'Attribute "{attribute_code}" does not support options.')
    return attribute


def list_options(ctx: Context, family_code: str, attribute_code: str) -> list[dict[str, Any]]:
    _option_attribute(ctx, family_code, attribute_code)
    return list(ctx.store.asset_attribute_options.get((family_code, attribute_code), {}).values())


def get_option(ctx: Context, family_code: str, attribute_code: str, code: str) -> dict[str, Any]:
    """The vendor reads the option directly: an unknown attribute, one without options and an unknown option all
    answer the option's 404."""
    attributes = _family_attributes(ctx, family_code)
    ensure_code("attribute", attribute_code)
    ensure_code("option", code)
    attribute = attributes.get(attribute_code)
    options = ctx.store.asset_attribute_options.get((family_code, attribute_code), {})
    if attribute is None or not attribute_option.has_options(attribute) or code not in options:
        # OPT-UNKNOWN-404 (get_option; the options of an unknown attribute: _option_attribute)
        raise NotFound(f'Attribute option "{code}" does not exist for the attribute "{attribute_code}".')
    return options[code]


def upsert_option_request(ctx: Context, family_code: str, attribute_code: str, code: str, body: Any) -> bool:
    """CHECK-ORDER-OPTION: the connector's order (CreateOrUpdateAttributeOptionAction): the URI codes (plain 422),
    the body's decoding (400, CHECK-ORDER-DECODE), the JSON schema (422 "The attribute option has an invalid
    format."), the body code (plain 422), the family, the attribute and its support of options (404), the business
    rules."""
    ensure_code("family", family_code)
    ensure_code("attribute", attribute_code)
    ensure_code("option", code)
    body = decoded(body)
    # CHECK-ORDER-OPTION-FORMAT-FIRST: the option's format before the family's and attribute's 404s
    format_schemas.raise_for_format("attribute option", format_schemas.attribute_option_errors(body))
    return upsert_option(ctx, family_code, attribute_code, code, body)


def upsert_option(ctx: Context, family_code: str, attribute_code: str, code: str, patch: dict[str, Any]) -> bool:
    ensure_code("family", family_code)
    ensure_code("attribute", attribute_code)
    ensure_code("option", code)
    ensure_body_code("option", code, patch)
    attribute = _option_attribute(ctx, family_code, attribute_code)
    options = ctx.store.asset_attribute_options.setdefault((family_code, attribute_code), {})
    existing = options.get(code)
    options[code] = attribute_option.upsert_attribute_option(
        existing,
        attribute,
        code,
        patch,
        option_count=len(options),
        activated_locales=ctx.store.catalog.locale_facts().activated,
    )
    return existing is None


# OPT-DELETE: the option goes, its code free again
def delete_option(ctx: Context, family_code: str, attribute_code: str, code: str) -> None:
    """Not in the vendor's connector (our newer docs add it): answered like the option's GET."""
    get_option(ctx, family_code, attribute_code, code)
    del ctx.store.asset_attribute_options[(family_code, attribute_code)][code]


def option_codes(ctx: Context, family_code: str) -> dict[str, frozenset[str]]:
    """Option codes by attribute code, for validating asset values."""
    return {
        attribute_code: frozenset(options)
        for (family, attribute_code), options in ctx.store.asset_attribute_options.items()
        if family == family_code
    }


def value_context(
    ctx: Context, family_code: str, extra_file: MediaFile | None = None, facts: LocaleFacts | None = None
) -> ValueContext:
    """What an asset value check reads of the family and the catalog, built once per save (`extra_file`: a file
    not stored yet, such as a transformation's output; `facts`: the catalog's locales, read once per request)."""
    facts = facts or ctx.store.catalog.locale_facts()

    def media_files(code: str) -> MediaFile | None:
        return extra_file if extra_file is not None and code == extra_file.code else ctx.store.media_files.get(code)

    return ValueContext(
        family_code,
        attributes=ctx.store.asset_attributes.get(family_code, {}),
        options=option_codes(ctx, family_code),
        activated_locales=facts.activated,
        channels=facts.by_channel,
        media_files=media_files if extra_file is not None else ctx.store.media_files.get,
        regexp_search=bounded_search(ctx.settings.validation_regexp_timeout),
    )
