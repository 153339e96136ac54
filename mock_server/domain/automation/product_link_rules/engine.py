"""Product link rules at run time: extrapolating a rule for one asset, selecting the products and product models it
matches, and planning the assignments (the checks at save are in rules.py)."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from mock_server.domain.automation.product_link_rules.rules import (
    ASSIGNMENT_EXTRAPOLATED,
    SELECTION_EXTRAPOLATED,
    ProductCatalog,
    check_product_link_rules,
    product_link_rule_extrapolations,
)
from mock_server.domain.catalog.product_presentation import effective
from mock_server.domain.catalog.product_search import ProductSearchView, product_condition
from mock_server.domain.catalog.search import Predicate
from mock_server.domain.errors import DomainError, ErrorCollector
from mock_server.domain.pagination import code_then_case

__all__ = [
    "Assignment",
    "Extrapolation",
    "LinkPlan",
    "ProductCatalog",
    "Selected",
    "extrapolate",
    "plan_links",
    "select",
]

Item = Mapping[str, Any]

_LONE = re.compile(r"\s*\{\{\s*([^{}]*?)\s*\}\}\s*")
_ANY = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_EXTRAPOLATED = (("product_selections", SELECTION_EXTRAPOLATED), ("assign_assets_to", ASSIGNMENT_EXTRAPOLATED))


# -- extrapolation ----------------------------------------------------------------------------------------------


class Extrapolation(NamedTuple):
    """The rule as it reads for one asset, or None with the reason it does not apply to that asset."""

    rule: dict[str, Any] | None
    reason: str | None = None


class _NotApplicable(Exception):
    pass


# LINK-EXTRAPOLATION: {{code}} replaced by the asset's value, alone or inside a longer string
def extrapolate(
    rule: Mapping[str, Any], asset_values: Mapping[str, Any], asset_attributes: Mapping[str, Item]
) -> Extrapolation:
    """Each `{{code}}` of the rule replaced by the asset's value of that attribute (the single one: neither
    localizable nor scopable): inside a text as text, alone as the value itself (an array stays an array)."""
    resolved: dict[str, Any] = {}
    for code in sorted(product_link_rule_extrapolations(rule)):
        attribute = asset_attributes.get(code)
        if attribute is None:
            return Extrapolation(None, f'the extrapolated attribute "{code}" does not exist in the asset family.')
        if attribute.get("value_per_locale") or attribute.get("value_per_channel"):
            return Extrapolation(
                None, f'the extrapolated attribute "{code}" is localizable or scopable: it has no single value.'
            )
        data = single_value(asset_values.get(code))
        if data is None:
            return Extrapolation(None, f'the asset has no value for the extrapolated attribute "{code}".')
        resolved[code] = data
    result = copy.deepcopy(dict(rule))
    try:
        for part, keys in _EXTRAPOLATED:
            for item in _items(result, part):
                for key in keys:
                    if key in item:
                        item[key] = _substitute(item[key], resolved)
    except _NotApplicable as refused:
        return Extrapolation(None, str(refused))
    return Extrapolation(result)


def single_value(entries: Any) -> Any:
    """The data of the value with neither locale nor channel, or None when there is none (or it is empty)."""
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict) and entry.get("locale") is None and entry.get("channel") is None:
            data = entry.get("data")
            return None if data in (None, "", []) else data
    return None


def _substitute(value: Any, resolved: Mapping[str, Any]) -> Any:
    if isinstance(value, str):
        lone = _LONE.fullmatch(value)
        if lone:
            return copy.deepcopy(resolved[lone.group(1)])
        return _ANY.sub(lambda match: _as_text(match.group(1), resolved[match.group(1)]), value)
    if isinstance(value, list):
        items: list[Any] = []
        for item in value:
            done = _substitute(item, resolved)
            lone = isinstance(item, str) and _LONE.fullmatch(item)
            items.extend(done if lone and isinstance(done, list) else [done])
        return items
    return value


def _as_text(code: str, data: Any) -> str:
    if isinstance(data, bool):
        return "true" if data else "false"
    if isinstance(data, (str, int, float)):
        return str(data)
    raise _NotApplicable(
        f'the extrapolated attribute "{code}" holds {json.dumps(data, ensure_ascii=False)}, which cannot be part '
        'of a longer text: use it alone, as "{{' + code + '}}".'
    )


# -- selection --------------------------------------------------------------------------------------------------


class Selected(NamedTuple):
    products: list[str]  # identifiers
    product_models: list[str]  # codes


def select(selections: Sequence[Item], catalog: ProductCatalog, *, now: datetime) -> Selected:
    """The products and product models (as GET shows them, inheritance applied) matching every selection. Raises a
    DomainError naming the selection that cannot be evaluated."""
    product_view = _search_view(catalog, "identifier")
    model_view = _search_view(catalog, "code")
    product_tests, model_tests = [], []
    for position, selection in enumerate(selections):
        try:
            product_tests.append(_condition(selection, product_view, now))
            model_tests.append(_condition(selection, model_view, now))
        except DomainError as error:
            raise type(error)(f"product_selections[{position}]: {error.message}") from None
    models = catalog.product_models
    products = [
        identifier
        for identifier, product in catalog.products.items()
        if all(test(effective(product, models)) for test in product_tests)
    ]
    codes = [code for code, model in models.items() if all(test(effective(model, models)) for test in model_tests)]
    return Selected(sorted(products, key=code_then_case), sorted(codes, key=code_then_case))


def _condition(selection: Item, view: ProductSearchView, now: datetime) -> Predicate:
    """One selection as a product filter: `channel` is the filters' `scope`, EQUALS is `=`."""
    name, operator = selection.get("field"), selection.get("operator")
    operator = "=" if operator == "EQUALS" else operator
    if name == "enabled" and view.key == "code":
        return lambda item: False  # product models have no status
    condition = {"operator": operator, "value": selection.get("value")}
    if selection.get("locale") is not None:
        condition["locale"] = selection["locale"]
    if selection.get("channel") is not None:
        condition["scope"] = selection["channel"]
    return product_condition(str(name), condition, view, now=now)


def _search_view(catalog: ProductCatalog, key: str) -> ProductSearchView:
    return ProductSearchView(
        attributes=catalog.attributes,
        categories=catalog.categories,
        activated_locales=catalog.activated_locales or frozenset(),
        channels=frozenset(catalog.channels or ()),
        key=key,
    )


# -- planning ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Assignment:
    """Give one asset to one product value: (attribute, locale, scope) of a product or product model."""

    rule: str  # the path of the assignment in the family: product_link_rules[0].assign_assets_to[1]
    target: str  # a product identifier or a product model code
    is_product_model: bool
    attribute: str
    locale: str | None
    scope: str | None
    mode: str


@dataclass(frozen=True)
class LinkPlan:
    assignments: tuple[Assignment, ...]
    reasons: tuple[str, ...]  # what cannot be applied, one sentence each


def plan_links(
    rules: Sequence[Item],
    *,
    family_code: str,
    asset_code: str,
    asset_values: Mapping[str, Any],
    asset_attributes: Mapping[str, Item],
    catalog: ProductCatalog,
    now: datetime,
) -> LinkPlan:
    """What the family's rules do for one asset, rule by rule: extrapolate, check the result against the catalog
    (what was extrapolated could not be checked at save), select, then one Assignment per target and assignment."""
    assignments: list[Assignment] = []
    reasons: list[str] = []
    for index, rule in enumerate(rules):
        path = f"product_link_rules[{index}]"
        rule_reasons, rule_assignments = _plan_rule(
            path, rule, family_code, asset_code, asset_values, asset_attributes, catalog, now
        )
        reasons.extend(rule_reasons)
        assignments.extend(rule_assignments)
    return LinkPlan(tuple(assignments), tuple(reasons))


def _plan_rule(
    path: str,
    rule: Item,
    family_code: str,
    asset_code: str,
    asset_values: Mapping[str, Any],
    asset_attributes: Mapping[str, Item],
    catalog: ProductCatalog,
    now: datetime,
) -> tuple[list[str], list[Assignment]]:
    skipped = f'{path} was not applied to the asset "{asset_code}"'
    extrapolated, reason = extrapolate(rule, asset_values, asset_attributes)
    if extrapolated is None:
        return [f"{skipped}: {reason}"], []
    faults = ErrorCollector()
    # What was extrapolated could not be checked at save: the rule as it reads for this asset is checked whole.
    check_product_link_rules(
        faults, [extrapolated], attributes=asset_attributes, family_code=family_code, catalog=catalog, at_run_time=True
    )
    if faults:
        prefix = "product_link_rules[0]"
        return [f"{skipped}: {path}{e.property.removeprefix(prefix)}: {e.message}" for e in faults.errors], []
    try:
        selected = select(_items(extrapolated, "product_selections"), catalog, now=now)
    except DomainError as error:
        return [f"{skipped}: {path}.{error.message}"], []
    reasons: list[str] = []
    assignments: list[Assignment] = []
    targets = [(code, False) for code in selected.products] + [(code, True) for code in selected.product_models]
    for position, item in enumerate(_items(extrapolated, "assign_assets_to")):
        where = f"{path}.assign_assets_to[{position}]"
        for target, is_model in targets:
            resource = (catalog.product_models if is_model else catalog.products)[target]
            outside = family_fault(resource, item["attribute"], catalog.families, is_model)
            if outside:
                reasons.append(f'{where}: the asset "{asset_code}" was not assigned: {outside}')
                continue
            coordinates = (item["attribute"], item.get("locale"), item.get("channel"))
            assignments.append(Assignment(where, target, is_model, *coordinates, item["mode"]))
    return reasons, assignments


def family_fault(resource: Item, attribute_code: str, families: Mapping[str, Item], is_model: bool) -> str | None:
    """Why a product (model) cannot hold a value of the attribute: its family lacks it (no family: any is fine)."""
    family = families.get(resource.get("family") or "")
    if family is None or attribute_code in family.get("attributes", []):
        return None
    kind, key = ("product model", resource.get("code")) if is_model else ("product", resource.get("identifier"))
    return f'the {kind} "{key}" is in the family "{resource["family"]}", which has no attribute "{attribute_code}".'


# -- helpers ----------------------------------------------------------------------------------------------------


def _items(rule: Item, part: str) -> list[dict[str, Any]]:
    items = rule.get(part)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []
