"""Product link rules against the product catalog: the checks at family save that need the catalog, extrapolating a
rule for one asset, selecting the products and product models it matches, and planning the assignments."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

from mock_server.domain.catalog import ASSET_COLLECTION, IDENTIFIER
from mock_server.domain.catalog_search import Predicate
from mock_server.domain.errors import DomainError, ErrorCollector, FieldError
from mock_server.domain.product_link_rules import (
    ARRAY_OPERATORS,
    ASSIGNMENT_EXTRAPOLATED,
    FIELD_OPERATORS,
    OPERATORS,
    SELECTION_EXTRAPOLATED,
    check_product_link_rules,
    placeholders,
    product_link_rule_extrapolations,
)
from mock_server.domain.product_presentation import effective
from mock_server.domain.product_search import ProductSearchView, product_condition

Item = Mapping[str, Any]

IDENTIFIER_FIELD = "identifier"  # the generic keyword for the main identifier (codes of product models)
TEXT_OPERATORS = ("STARTS WITH", "CONTAINS", "DOES NOT CONTAIN", "=", "!=", "EQUALS")
# The operators the doc lists for each type of product attribute; other types cannot select products.
ATTRIBUTE_OPERATORS: Mapping[str, tuple[str, ...]] = {
    IDENTIFIER: (*TEXT_OPERATORS, "IN", "NOT IN", "EMPTY", "NOT EMPTY"),
    "pim_catalog_text": TEXT_OPERATORS,
    "pim_catalog_textarea": TEXT_OPERATORS,
    "pim_catalog_simpleselect": ("IN", "NOT IN"),
    "pim_catalog_multiselect": ("IN", "NOT IN"),
}
_SELECT_TYPES = ("pim_catalog_simpleselect", "pim_catalog_multiselect")
_LONE = re.compile(r"\s*\{\{\s*([^{}]*?)\s*\}\}\s*")
_ANY = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_EXTRAPOLATED = (("product_selections", SELECTION_EXTRAPOLATED), ("assign_assets_to", ASSIGNMENT_EXTRAPOLATED))


@dataclass(frozen=True)
class ProductCatalog:
    """The product side a rule is checked and run against, passed in by the caller (None: not checked)."""

    attributes: Mapping[str, Item]
    categories: Mapping[str, Item] = field(default_factory=dict)
    families: Mapping[str, Item] = field(default_factory=dict)
    attribute_options: Mapping[str, Mapping[str, Any]] | None = None
    activated_locales: frozenset[str] | None = None
    channels: Mapping[str, frozenset[str]] | None = None
    products: Mapping[str, Item] = field(default_factory=dict)
    product_models: Mapping[str, Item] = field(default_factory=dict)


# -- checks at family save --------------------------------------------------------------------------------------


def check_rules_against_catalog(
    rules: Any,
    *,
    family_code: str,
    product_attributes: Mapping[str, Item],
    categories: Mapping[str, Item],
    families: Mapping[str, Item],
    attribute_options: Mapping[str, Mapping[str, Any]] | None = None,
    activated_locales: frozenset[str] | None = None,
    channels: Mapping[str, frozenset[str]] | None = None,
) -> list[FieldError]:
    """The faults of the rules that only the product catalog reveals (the catalog-free ones are in
    product_link_rules.py): fields, operators per attribute type, codes, locales, channels and assignment targets.
    Whatever is extrapolated is left to run time."""
    catalog = ProductCatalog(product_attributes, categories, families, attribute_options, activated_locales, channels)
    errors = ErrorCollector()
    for index, rule in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(rule, dict):
            _check_rule(errors, f"product_link_rules[{index}]", rule, family_code, catalog)
    return errors.errors


def _check_rule(errors: ErrorCollector, path: str, rule: Item, family_code: str, catalog: ProductCatalog) -> None:
    for position, selection in enumerate(_items(rule, "product_selections")):
        _check_selection(errors, f"{path}.product_selections[{position}]", selection, catalog)
    for position, assignment in enumerate(_items(rule, "assign_assets_to")):
        _check_assignment(errors, f"{path}.assign_assets_to[{position}]", assignment, family_code, catalog)


def _check_selection(errors: ErrorCollector, path: str, selection: Item, catalog: ProductCatalog) -> None:
    name, operator, value = selection.get("field"), selection.get("operator"), selection.get("value")
    if not isinstance(name, str) or not name:
        errors.add(f"{path}.field", "A product selection needs a field: a product property or attribute code.")
        return
    if placeholders(name):
        return  # the field is known once extrapolated
    if name in FIELD_OPERATORS:  # operators, locale and channel of properties are checked without the catalog
        if name in ("family", "categories") and operator in ARRAY_OPERATORS:
            known = catalog.families if name == "family" else catalog.categories
            kind = "family" if name == "family" else "category"
            for code in _literal_codes(value):
                if code not in known:
                    errors.add(f"{path}.value", f'The {kind} "{code}" does not exist.')
        return
    attribute = catalog.attributes.get(name)
    if name != IDENTIFIER_FIELD and attribute is None:
        errors.add(
            f"{path}.field",
            f'The field "{name}" is neither a product property (family, categories, enabled, parent, identifier) '
            "nor an existing product attribute.",
        )
        return
    kind = IDENTIFIER if attribute is None else str(attribute.get("type"))
    allowed = ATTRIBUTE_OPERATORS.get(kind)
    if allowed is None:
        errors.add(
            f"{path}.field",
            f'The attribute "{name}" is a {kind} attribute: product selections use the family, categories, '
            "enabled, parent and identifier fields, and text, simple select and multi select attributes.",
        )
        return
    if operator in OPERATORS and operator not in allowed:  # an unknown operator is refused without the catalog
        errors.add(
            f"{path}.operator",
            f'The operator "{operator}" cannot be used on the field "{name}": use {_one_of(allowed)}.',
        )
    if attribute is not None:
        _check_coordinates(errors, path, attribute, selection.get("locale"), selection.get("channel"), catalog)
        if kind in _SELECT_TYPES and catalog.attribute_options is not None:
            options = {option.lower() for option in catalog.attribute_options.get(name, {})}  # codes ignore case
            for code in _literal_codes(value):
                if code.lower() not in options:
                    errors.add(f"{path}.value", f'The option "{code}" does not exist for the attribute "{name}".')
    else:
        _check_coordinates(errors, path, {"code": name}, selection.get("locale"), selection.get("channel"), catalog)


def _check_assignment(
    errors: ErrorCollector, path: str, assignment: Item, family_code: str, catalog: ProductCatalog
) -> None:
    code = assignment.get("attribute")
    if not isinstance(code, str) or not code:
        errors.add(f"{path}.attribute", "An assignment needs the code of an asset collection product attribute.")
        return
    if placeholders(code):
        return  # the target, and so its locale and channel, are known once extrapolated
    fault = target_fault(code, family_code, catalog.attributes)
    if fault:
        errors.add(f"{path}.attribute", fault)
        return
    locale, channel = assignment.get("locale"), assignment.get("channel")
    _check_coordinates(errors, path, catalog.attributes[code], locale, channel, catalog)


def target_fault(code: str, family_code: str, attributes: Mapping[str, Item]) -> str | None:
    """Why the product attribute `code` cannot receive the assets of the asset family, or None."""
    attribute = attributes.get(code)
    if attribute is None:
        return f'The product attribute "{code}" does not exist.'
    if attribute.get("type") != ASSET_COLLECTION:
        return (
            f'The product attribute "{code}" is a {attribute.get("type")} attribute: assets are assigned to '
            "pim_catalog_asset_collection attributes."
        )
    holds = attribute.get("reference_data_name")
    if holds != family_code:
        return f'The product attribute "{code}" holds assets of the asset family "{holds}", not "{family_code}".'
    return None


def _check_coordinates(
    errors: ErrorCollector, path: str, attribute: Item, locale: Any, channel: Any, catalog: ProductCatalog
) -> None:
    """`locale` / `channel` null unless the product attribute is localizable / scopable, then an activated locale /
    an existing channel. An extrapolated locale or channel is checked at run time."""
    subject = f'The attribute "{attribute["code"]}"'
    if not placeholders(locale):
        if attribute.get("localizable"):
            if locale is None:
                errors.add(f"{path}.locale", f"{subject} is localizable: a locale is expected.")
            elif not isinstance(locale, str) or (
                catalog.activated_locales is not None and locale not in catalog.activated_locales
            ):
                errors.add(f"{path}.locale", f'The locale "{locale}" does not exist or is not activated.')
            elif attribute.get("available_locales") and locale not in attribute["available_locales"]:
                errors.add(f"{path}.locale", f'{subject} is locale specific: "{locale}" is not one of its locales.')
        elif locale is not None:
            errors.add(f"{path}.locale", f'{subject} is not localizable: the locale must be null, "{locale}" given.')
    if not placeholders(channel):
        if attribute.get("scopable"):
            if channel is None:
                errors.add(f"{path}.channel", f"{subject} is scopable: a channel is expected.")
            elif not isinstance(channel, str) or (catalog.channels is not None and channel not in catalog.channels):
                errors.add(f"{path}.channel", f'The channel "{channel}" does not exist.')
        elif channel is not None:
            errors.add(f"{path}.channel", f'{subject} is not scopable: the channel must be null, "{channel}" given.')


# -- extrapolation ----------------------------------------------------------------------------------------------


class Extrapolation(NamedTuple):
    """The rule as it reads for one asset, or None with the reason it does not apply to that asset."""

    rule: dict[str, Any] | None
    reason: str | None = None


class _NotApplicable(Exception):
    pass


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
    return Selected(sorted(products, key=_order), sorted(codes, key=_order))


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


def _order(code: str) -> tuple[str, str]:
    return (code.lower(), code)


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
    check_product_link_rules(faults, [extrapolated], attributes=asset_attributes)
    faults.extend(
        check_rules_against_catalog(
            [extrapolated],
            family_code=family_code,
            product_attributes=catalog.attributes,
            categories=catalog.categories,
            families=catalog.families,
            attribute_options=catalog.attribute_options,
            activated_locales=catalog.activated_locales,
            channels=catalog.channels,
        )
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


def _literal_codes(value: Any) -> list[str]:
    """The codes of an array value that are written out (extrapolated ones are checked at run time)."""
    if not isinstance(value, list):
        return []
    return [code for code in value if isinstance(code, str) and not placeholders(code)]


def _one_of(values: Sequence[str]) -> str:
    quoted = [f'"{value}"' for value in values]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
