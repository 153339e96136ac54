"""Running an asset family's product link rules for one asset: what the PIM does after each asset creation."""

from __future__ import annotations

from mock_server.domain.automation.product_link_rules.engine import Assignment, ProductCatalog, plan_links
from mock_server.domain.errors import DomainError, ValidationFailed
from mock_server.services.catalog import products
from mock_server.services.context import Context

__all__ = ["product_catalog", "run_for_asset"]


def product_catalog(ctx: Context) -> ProductCatalog:
    """The product side as the rule engine reads it. Shallow copies: a rule may run in the background while
    requests change the store, and no loop must see a dict change size under it."""
    store = ctx.store.catalog
    facts = store.locale_facts()
    return ProductCatalog(
        attributes=dict(store.attributes),
        categories=dict(store.categories),
        families=dict(store.families),
        attribute_options={code: dict(options) for code, options in store.attribute_options.items()},
        activated_locales=facts.activated,
        channels=facts.by_channel,
        products=dict(store.products),
        product_models=dict(store.product_models),
    )


def run_for_asset(ctx: Context, family_code: str, asset_code: str) -> list[str]:
    """Apply every product link rule of the family to the asset: extrapolate, select the products and product
    models, assign the asset with each assignment's mode. Returns one sentence per thing that could not be
    applied (a missing extrapolated value, a target refusing the value...); never raises for those."""
    family = ctx.store.asset_families.get(family_code)
    if family is None:
        return [f'The asset family "{family_code}" does not exist: no product link rule was run.']
    asset = ctx.store.assets.get(family_code, {}).get(asset_code)
    if asset is None:
        return [f'The asset "{asset_code}" does not exist in the asset family "{family_code}": no rule was run.']
    rules = family.get("product_link_rules") or []
    if not rules:
        return []
    plan = plan_links(
        list(rules),
        family_code=family_code,
        asset_code=asset_code,
        asset_values=asset.get("values", {}),
        asset_attributes=dict(ctx.store.asset_attributes.get(family_code, {})),
        catalog=product_catalog(ctx),
        now=ctx.clock(),
    )
    reasons = list(plan.reasons)
    for assignment in plan.assignments:
        refusal = _assign(ctx, asset_code, assignment)
        if refusal:
            reasons.append(refusal)
    return reasons


def _assign(ctx: Context, asset_code: str, assignment: Assignment) -> str | None:
    """One assignment; the sentence saying why the target refused it, or None."""
    try:
        products.assign_assets(
            ctx,
            assignment.target,
            assignment.attribute,
            assignment.locale,
            assignment.scope,
            [asset_code],
            assignment.mode,
        )
    except DomainError as error:
        kind = "product model" if assignment.is_product_model else "product"
        details = [e.message for e in error.errors] if isinstance(error, ValidationFailed) else [error.message]
        return (
            f'{assignment.rule}: the asset "{asset_code}" was not assigned to the {kind} "{assignment.target}": '
            + " ".join(dict.fromkeys(details))
        )
    return None
