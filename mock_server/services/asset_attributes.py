"""Asset attribute and asset attribute option operations."""

from __future__ import annotations

from typing import Any

from mock_server.domain import asset_attribute, asset_family, attribute_option
from mock_server.domain.errors import NotFound
from mock_server.services import asset_families
from mock_server.services.context import Context


def _resource_not_found(code: str) -> NotFound:
    return NotFound(f"Resource `{code}` does not exist.")


def list_attributes(ctx: Context, family_code: str) -> list[dict[str, Any]]:
    asset_families.get(ctx, family_code)
    return list(ctx.store.asset_attributes.get(family_code, {}).values())


def get_attribute(ctx: Context, family_code: str, code: str) -> dict[str, Any]:
    asset_families.get(ctx, family_code)
    attribute = ctx.store.asset_attributes.get(family_code, {}).get(code)
    if attribute is None:
        raise _resource_not_found(code)
    return attribute


def upsert_attribute(ctx: Context, family_code: str, code: str, patch: dict[str, Any]) -> bool:
    """Create or update; True when created. A new media attribute may become the family's main media."""
    family = asset_families.get(ctx, family_code)
    attributes = ctx.store.asset_attributes.setdefault(family_code, {})
    existing = attributes.get(code)
    attribute = asset_attribute.upsert_asset_attribute(
        existing,
        family_code,
        code,
        patch,
        family_attribute_count=len(attributes),
        activated_locales=ctx.store.catalog.activated_locales(),
    )
    attributes[code] = attribute
    if family.get("attribute_as_main_media") is None:
        family["attribute_as_main_media"] = asset_family.default_main_media(family, attributes)
    return existing is None


def _option_attribute(ctx: Context, family_code: str, attribute_code: str) -> dict[str, Any]:
    """The attribute whose options are addressed; one without options is answered like an unknown one (404)."""
    attribute = get_attribute(ctx, family_code, attribute_code)
    if not attribute_option.has_options(attribute):
        raise NotFound(f'Attribute "{attribute_code}" does not support options.')
    return attribute


def list_options(ctx: Context, family_code: str, attribute_code: str) -> list[dict[str, Any]]:
    _option_attribute(ctx, family_code, attribute_code)
    return list(ctx.store.asset_attribute_options.get((family_code, attribute_code), {}).values())


def get_option(ctx: Context, family_code: str, attribute_code: str, code: str) -> dict[str, Any]:
    _option_attribute(ctx, family_code, attribute_code)
    option = ctx.store.asset_attribute_options.get((family_code, attribute_code), {}).get(code)
    if option is None:
        raise _resource_not_found(code)
    return option


def upsert_option(ctx: Context, family_code: str, attribute_code: str, code: str, patch: dict[str, Any]) -> bool:
    attribute = _option_attribute(ctx, family_code, attribute_code)
    options = ctx.store.asset_attribute_options.setdefault((family_code, attribute_code), {})
    existing = options.get(code)
    options[code] = attribute_option.upsert_attribute_option(
        existing,
        attribute,
        code,
        patch,
        option_count=len(options),
        activated_locales=ctx.store.catalog.activated_locales(),
    )
    return existing is None


def delete_option(ctx: Context, family_code: str, attribute_code: str, code: str) -> None:
    get_option(ctx, family_code, attribute_code, code)
    del ctx.store.asset_attribute_options[(family_code, attribute_code)][code]


def option_codes(ctx: Context, family_code: str) -> dict[str, frozenset[str]]:
    """Option codes by attribute code, for validating asset values."""
    return {
        attribute_code: frozenset(options)
        for (family, attribute_code), options in ctx.store.asset_attribute_options.items()
        if family == family_code
    }
