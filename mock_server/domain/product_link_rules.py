"""Asset family product link rules: the rules that need no product catalog, and the extrapolations they use."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from mock_server.domain.errors import ErrorCollector, FieldError

MAX_PRODUCT_LINK_RULES = 2
MODES = ("add", "replace")
OPERATORS = (
    "IN", "NOT IN", "IN OR UNCLASSIFIED", "IN CHILDREN", "NOT IN CHILDREN", "UNCLASSIFIED",
    "=", "!=", "STARTS WITH", "CONTAINS", "DOES NOT CONTAIN", "EMPTY", "NOT EMPTY", "EQUALS",
)  # fmt: skip
ARRAY_OPERATORS = frozenset({"IN", "NOT IN", "IN OR UNCLASSIFIED", "IN CHILDREN", "NOT IN CHILDREN"})
NO_VALUE_OPERATORS = frozenset({"UNCLASSIFIED", "EMPTY", "NOT EMPTY"})
# The product properties (not attributes) a selection may use, with the operators the doc allows on each.
FIELD_OPERATORS: Mapping[str, tuple[str, ...]] = {
    "family": ("IN", "NOT IN"),
    "categories": ("IN", "NOT IN", "IN OR UNCLASSIFIED", "IN CHILDREN", "NOT IN CHILDREN", "UNCLASSIFIED"),
    "enabled": ("=", "EQUALS"),
    "parent": ("IN", "EMPTY", "NOT EMPTY"),
}
SELECTION_EXTRAPOLATED = ("field", "value", "locale", "channel")
ASSIGNMENT_EXTRAPOLATED = ("attribute", "locale", "channel")
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
# LINK-RULES-LIMIT-MESSAGE: ThereShouldBeLessRuleTemplateThanLimitValidator sets %asset_family_identifier% while the
# translation (rule_template.limit_reached) says %asset_family_label%: the placeholder reaches the client as is.
LIMIT_MESSAGE = (
    'You cannot create the asset family "%asset_family_label%" because you have reached the limit of '
    f"{MAX_PRODUCT_LINK_RULES} product link rules"
)
_RULE_PART = re.compile(r"(product_link_rules\[\d+\]\.(?:product_selections|assign_assets_to))(?:[.\[].*)?")


def product_link_rule_extrapolations(rule: Mapping[str, Any]) -> set[str]:
    """The codes of the asset attributes a rule extrapolates with `{{code}}`."""
    return {code for _, code in extrapolation_sites(rule)}


def extrapolation_sites(rule: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Each `{{code}}` of a rule with the path, relative to the rule, of the property holding it."""
    for part, keys in (("product_selections", SELECTION_EXTRAPOLATED), ("assign_assets_to", ASSIGNMENT_EXTRAPOLATED)):
        for index, item in enumerate(_items(rule, part)):
            for key in keys:
                for code in placeholders(item.get(key)):
                    yield f"{part}[{index}].{key}", code


def placeholders(value: Any) -> list[str]:
    """The `{{code}}` names in a string, or in the strings of an array."""
    if isinstance(value, str):
        strings = [value]
    elif isinstance(value, list):
        strings = [item for item in value if isinstance(item, str)]
    else:
        strings = []
    return [code for string in strings for code in _PLACEHOLDER.findall(string)]


def check_product_link_rules(
    errors: ErrorCollector, rules: Sequence[Mapping[str, Any]], *, attributes: Mapping[str, dict[str, Any]]
) -> None:
    """Every catalog-free rule on the family's `product_link_rules`, each fault added to `errors` at the vendor's
    path (`vendor_rule_faults`), then the limit (ProductLinkRulesShouldBeExecutable runs before
    ThereShouldBeLessRuleTemplateThanLimit)."""
    found = ErrorCollector()
    _check_rules(found, rules, attributes)
    errors.extend(vendor_rule_faults(found.errors))
    if len(rules) > MAX_PRODUCT_LINK_RULES:  # LINK-RULES-LIMIT-MESSAGE: on `labels`, as the vendor
        errors.add("labels", LIMIT_MESSAGE)


def vendor_rule_faults(faults: list[FieldError]) -> list[FieldError]:
    """LINK-RULES-VENDOR-PATHS: ProductLinkRulesShouldBeExecutableValidator puts every violation of a rule's
    selections at `product_link_rules[i].product_selections` and of its assignments at
    `product_link_rules[i].assign_assets_to` (no item index, no key); the ViolationNormalizer then drops a repeat of
    the same path and message."""
    seen: dict[tuple[str, str], FieldError] = {}
    for fault in faults:
        match = _RULE_PART.fullmatch(fault.property)
        path = match.group(1) if match else fault.property
        seen.setdefault((path, fault.message), FieldError(path, fault.message, fault.context))
    return list(seen.values())


def _check_rules(errors: ErrorCollector, rules: Sequence[Mapping[str, Any]], attributes: Mapping[str, Any]) -> None:
    for index, rule in enumerate(rules):
        path = f"product_link_rules[{index}]"
        if not _items(rule, "product_selections"):
            errors.add(f"{path}.product_selections", "A product link rule needs at least one product selection.")
        if not _items(rule, "assign_assets_to"):
            errors.add(f"{path}.assign_assets_to", "A product link rule needs at least one assignment.")
        for position, selection in enumerate(_items(rule, "product_selections")):
            _check_selection(errors, f"{path}.product_selections[{position}]", selection)
        for position, assignment in enumerate(_items(rule, "assign_assets_to")):
            mode = assignment.get("mode")
            if mode not in MODES:
                errors.add(
                    f"{path}.assign_assets_to[{position}].mode",
                    f'The mode "{mode}" is not supported: use "add" or "replace".',
                )
        _check_extrapolations(errors, path, rule, attributes)


def _items(rule: Mapping[str, Any], part: str) -> list[dict[str, Any]]:
    items = rule.get(part)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


def _check_selection(errors: ErrorCollector, path: str, selection: Mapping[str, Any]) -> None:
    """A known operator, one the field allows, a value of the shape the operator needs, no locale on a property."""
    field, operator = selection.get("field"), selection.get("operator")
    if operator not in OPERATORS:
        errors.add(f"{path}.operator", f'The operator "{operator}" is not supported.')
        return
    allowed = FIELD_OPERATORS.get(field) if isinstance(field, str) else None
    if allowed is not None and operator not in allowed:
        errors.add(
            f"{path}.operator",
            f'The operator "{operator}" cannot be used on the field "{field}": use {_one_of(allowed)}.',
        )
    else:
        value_fault = _value_fault(field, operator, selection.get("value"))
        if value_fault:
            errors.add(f"{path}.value", value_fault)
    if allowed is not None:
        for key in ("locale", "channel"):
            if selection.get(key) is not None:
                errors.add(f"{path}.{key}", f'The field "{field}" has no {key}: leave "{key}" out.')


def _value_fault(field: Any, operator: str, value: Any) -> str | None:
    """Why the value does not fit the operator (and the field `enabled`), or None."""
    if operator in NO_VALUE_OPERATORS:
        return None
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    if operator in ARRAY_OPERATORS:
        if _is_lone_placeholder(value) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return None
        return f'The operator "{operator}" expects an array of codes or a lone "{{{{code}}}}", "{shown}" given.'
    if isinstance(value, str) and placeholders(value):
        return None
    if field == "enabled" and not (value in ("true", "false") or isinstance(value, bool)):
        return f'The field "enabled" takes the value "true" or "false", "{shown}" given.'
    if value is None or isinstance(value, list):
        return f'The operator "{operator}" expects a single value, "{shown}" given.'
    return None


def _is_lone_placeholder(value: Any) -> bool:
    return isinstance(value, str) and _PLACEHOLDER.fullmatch(value.strip()) is not None


# LINK-EXTRAPOLATION-TYPES: the types ExtrapolatedAttributeValidator supports at each site (the vendor's text,
# option and option_collection): a selection's value may read an option attribute, every other site a text.
_VALUE_TYPES = ("text", "single_option", "multiple_options")


def _check_extrapolations(
    errors: ErrorCollector, path: str, rule: Mapping[str, Any], attributes: Mapping[str, dict[str, Any]]
) -> None:
    """Each `{{code}}` names an attribute of the family of a supported type with a single value (neither
    localizable nor scopable): the vendor's ExtrapolatedAttributeValidator, whose faults it lists without a key."""
    for site, code in extrapolation_sites(rule):
        attribute = attributes.get(code)
        if attribute is None:
            errors.add(f"{path}.{site}", f'The extrapolated attribute "{code}" does not exist in the asset family.')
            continue
        supported = _VALUE_TYPES if site.startswith("product_selections") and site.endswith(".value") else ("text",)
        if attribute.get("type") not in supported:
            errors.add(
                f"{path}.{site}",
                f'The extrapolated attribute "{code}" is of type "{attribute.get("type")}": only attributes of type '
                f"{_one_of(supported)} can be extrapolated here.",
            )
        kinds = [
            kind
            for key, kind in (("value_per_locale", "localizable"), ("value_per_channel", "scopable"))
            if attribute.get(key)
        ]
        if kinds:
            errors.add(
                f"{path}.{site}",
                f'The extrapolated attribute "{code}" is {" and ".join(kinds)}: only attributes that are neither '
                "localizable nor scopable can be extrapolated.",
            )


def _one_of(values: Sequence[str]) -> str:
    quoted = [f'"{value}"' for value in values]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"
