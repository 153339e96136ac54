"""Asset family product link rules at save: every check, in the vendor's order, worded as its API words it
(messages.py), and the extrapolations rules use."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mock_server.domain.automation.product_link_rules import messages as say
from mock_server.domain.catalog.structure import ASSET_COLLECTION, IDENTIFIER
from mock_server.domain.errors import ErrorCollector, FieldError
from mock_server.domain.shared.value_coordinates import EXPECTED, PRODUCT_CHANNEL, PRODUCT_LOCALE, UNEXPECTED, presence

Item = Mapping[str, Any]

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
# LINK-FIELD-COORDINATES: ProductSelectionsValidator refuses a channel or locale on these fields only ("enable" is
# its spelling: the product property `enabled` is not among them).
_FIELDS_WITHOUT_COORDINATES = ("enable", "family", "categories")
# In the order the vendor checks them (ProductSelectionsValidator / ProductAssignmentsValidator.checkExtrapolated*).
SELECTION_EXTRAPOLATED = ("field", "value", "channel", "locale")
ASSIGNMENT_EXTRAPOLATED = ("attribute", "channel", "locale")
# LINK-EXTRAPOLATION-TYPES: the types ExtrapolatedAttributeValidator supports at each site (the vendor's text,
# option and option_collection): a selection's value may read an option attribute, every other site a text.
_TEXT_ONLY = ("text",)
_VALUE_TYPES = ("text", "single_option", "multiple_options")
_PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
_RULE_PART = re.compile(r"(product_link_rules\[\d+\]\.(?:product_selections|assign_assets_to))(?:[.\[].*)?")


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


def limit_message(family_code: str) -> str:
    """LINK-RULES-LIMIT-MESSAGE: ThereShouldBeLessRuleTemplateThanLimitValidator sets %asset_family_identifier%
    and %limit% into rule_template.limit_reached."""
    return (
        f"You have reached the limit of {MAX_PRODUCT_LINK_RULES} product link rules for the "
        f'"{family_code}" asset family.'
    )


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
    errors: ErrorCollector,
    rules: Sequence[Mapping[str, Any]],
    *,
    attributes: Mapping[str, dict[str, Any]],
    family_code: str = "",
    catalog: ProductCatalog | None = None,
    at_run_time: bool = False,
) -> None:
    """Every check of the family's `product_link_rules`, rule by rule, its selections then its assignments, in the
    vendor's order (ProductLinkRulesShouldBeExecutableValidator); the checks that need the product catalog only
    when `catalog` is given; `at_run_time`, the engine's checks of a rule as it reads for one asset. Faults land at the vendor's paths (`vendor_rule_faults`), then comes the limit
    (ProductLinkRulesShouldBeExecutable runs before ThereShouldBeLessRuleTemplateThanLimit)."""
    found = ErrorCollector()
    for index, rule in enumerate(rules):
        _check_rule(found, f"product_link_rules[{index}]", rule, attributes, family_code, catalog, at_run_time)
    errors.extend(vendor_rule_faults(found.errors))
    # FAM-LINK-RULES-MAX
    if len(rules) > MAX_PRODUCT_LINK_RULES:  # LINK-RULES-LIMIT-MESSAGE: on `labels`, as the vendor
        errors.add("labels", limit_message(family_code))


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


def _check_rule(
    errors: ErrorCollector,
    path: str,
    rule: Item,
    attributes: Mapping[str, dict[str, Any]],
    family_code: str,
    catalog: ProductCatalog | None,
    at_run_time: bool,
) -> None:
    if not _items(rule, "product_selections"):  # LINK-RULE-MESSAGES: NotBlank on the selections
        errors.add(f"{path}.product_selections", say.selection_cannot_be_empty())
    for position, selection in enumerate(_items(rule, "product_selections")):
        _check_selection(errors, f"{path}.product_selections[{position}]", selection, attributes, catalog)
    if not _items(rule, "assign_assets_to"):
        errors.add(f"{path}.assign_assets_to", say.assignment_cannot_be_empty())
    for position, assignment in enumerate(_items(rule, "assign_assets_to")):
        where = f"{path}.assign_assets_to[{position}]"
        _check_assignment(errors, where, assignment, attributes, family_code, catalog, at_run_time)


def _items(rule: Mapping[str, Any], part: str) -> list[dict[str, Any]]:
    items = rule.get(part)
    return [item for item in items if isinstance(item, dict)] if isinstance(items, list) else []


# -- one selection, one assignment (ProductSelectionsValidator, ProductAssignmentsValidator) ------------------------


def _check_selection(
    errors: ErrorCollector,
    path: str,
    selection: Item,
    attributes: Mapping[str, dict[str, Any]],
    catalog: ProductCatalog | None,
) -> None:
    """The field's coordinates, the channel and locale, then either the extrapolations alone (the vendor returns
    their faults in place of the others) or the rule engine's own checks of the selection."""
    found = ErrorCollector()
    name = selection.get("field")
    if name in _FIELDS_WITHOUT_COORDINATES:  # LINK-FIELD-COORDINATES
        if not _php_empty(selection.get("channel")):
            found.add(f"{path}.channel", say.channel_not_supported_for_field(name))
        if not _php_empty(selection.get("locale")):
            found.add(f"{path}.locale", say.locale_not_supported_for_field(name))
    _check_channel_and_locale(found, path, selection, catalog)
    if any(placeholders(selection.get(key)) for key in SELECTION_EXTRAPOLATED):
        _check_extrapolations(errors, path, selection, SELECTION_EXTRAPOLATED, attributes, option_key="value")
        return
    errors.extend(found.errors)
    _check_condition(errors, path, selection, catalog)


def _check_assignment(
    errors: ErrorCollector,
    path: str,
    assignment: Item,
    attributes: Mapping[str, dict[str, Any]],
    family_code: str,
    catalog: ProductCatalog | None,
    at_run_time: bool,
) -> None:
    """The channel and locale, the mode, then the extrapolations, or (a valid mode) the product attribute that
    receives the assets (and, at run time, whether it takes the locale and channel)."""
    _check_channel_and_locale(errors, path, assignment, catalog)
    mode = assignment.get("mode")
    if mode not in MODES:  # LINK-RULE-MESSAGES: Action::ALLOWED_MODES
        errors.add(f"{path}.mode", say.assignment_mode_not_supported(mode))
    if any(placeholders(assignment.get(key)) for key in ASSIGNMENT_EXTRAPOLATED):
        _check_extrapolations(errors, path, assignment, ASSIGNMENT_EXTRAPOLATED, attributes)
        return
    code = assignment.get("attribute")
    if mode not in MODES or catalog is None or not isinstance(code, str):
        return
    fault = target_fault(code, family_code, catalog.attributes)
    if fault:
        errors.add(f"{path}.attribute", fault)
        return
    # LINK-ASSIGNMENT-COORDINATES-AT-RUN-TIME: the vendor drops every rule engine fault of an assignment at save
    # (RuleEngineValidatorACL filters the violations of its dummy asset), so a target that refuses the locale or
    # channel is saved and only fails when the rule runs.
    if at_run_time:
        _check_coordinates(errors, path, catalog.attributes[code], assignment.get("locale"), assignment.get("channel"))


def target_fault(code: str, family_code: str, attributes: Mapping[str, Item]) -> str | None:
    """LINK-RULE-MESSAGES: why the product attribute `code` cannot receive the assets of the asset family
    (GetAssetCollectionTypeAdapter, ProductAssignmentsValidator), or None."""
    attribute = attributes.get(code)
    if attribute is None:
        return say.assignment_attribute_does_not_exist(code)
    if attribute.get("type") != ASSET_COLLECTION:
        return say.assignment_attribute_is_not_an_asset_collection(code)
    if attribute.get("reference_data_name") != family_code:
        return say.assignment_attribute_does_not_support_this_asset_family(code, family_code)
    return None


def _check_channel_and_locale(errors: ErrorCollector, path: str, item: Item, catalog: ProductCatalog | None) -> None:
    """ChannelAndLocaleValidator: a channel or locale given (neither empty nor extrapolated) exists / is activated."""
    if catalog is None:
        return
    channel, locale = item.get("channel"), item.get("locale")
    if _given(channel) and catalog.channels is not None and channel not in catalog.channels:
        errors.add(f"{path}.channel", say.channel_should_exist(channel))
    if _given(locale) and catalog.activated_locales is not None and locale not in catalog.activated_locales:
        errors.add(f"{path}.locale", say.locale_should_exist(locale))


def _given(code: Any) -> bool:
    """A channel or locale code the vendor checks: a string neither empty (PHP's empty) nor extrapolated."""
    return isinstance(code, str) and not _php_empty(code) and not placeholders(code)


def _php_empty(value: Any) -> bool:
    return value in (None, "", "0", False, [])


# -- extrapolations (ExtrapolatedAttributeValidator) ------------------------------------------------------------------


def _check_extrapolations(
    errors: ErrorCollector,
    path: str,
    item: Item,
    keys: Sequence[str],
    attributes: Mapping[str, dict[str, Any]],
    option_key: str | None = None,
) -> None:
    """Each `{{code}}` names an attribute of the family of a supported type (text; an option type too at
    `option_key`) with a single value (neither one value per channel nor one per locale)."""
    for key in keys:
        supported = _VALUE_TYPES if key == option_key else _TEXT_ONLY
        for code in placeholders(item.get(key)):
            where, attribute = f"{path}.{key}", attributes.get(code)
            if attribute is None:
                errors.add(where, say.extrapolated_attribute_should_exist(code))
                continue
            if attribute.get("type") not in supported:  # LINK-EXTRAPOLATION-TYPES
                errors.add(
                    where, say.extrapolated_attribute_type_should_be_supported(code, attribute["type"], supported)
                )
            if attribute.get("value_per_channel"):
                errors.add(where, say.extrapolated_attribute_has_one_value_per_channel(code))
            if attribute.get("value_per_locale"):
                errors.add(where, say.extrapolated_attribute_has_one_value_per_locale(code))


# -- the rule engine's checks of a selection ----------------------------------------------------------------------------


def _check_condition(errors: ErrorCollector, path: str, selection: Item, catalog: ProductCatalog | None) -> None:
    """Whether the product query can filter on the field with the operator (the rule engine's ExistingFilterField
    text), then our checks of the value, the codes it names and the attribute's locale and channel."""
    name, operator, value = selection.get("field"), selection.get("operator"), selection.get("value")
    if operator not in OPERATORS:
        errors.add(f"{path}.operator", say.field_cannot_be_filtered(name, operator))
        return
    allowed = FIELD_OPERATORS.get(name) if isinstance(name, str) else None
    if allowed is not None:  # a product property
        if operator not in allowed:
            errors.add(f"{path}.operator", say.field_cannot_be_filtered(name, operator))
            return
        _check_value(errors, path, name, operator, value)
        if catalog is not None and name in ("family", "categories") and operator in ARRAY_OPERATORS:
            known = catalog.families if name == "family" else catalog.categories
            kind = "family" if name == "family" else "category"
            for code in _literal_codes(value):
                if code not in known:
                    errors.add(f"{path}.value", f'The {kind} "{code}" does not exist.')
        return
    if catalog is None:
        _check_value(errors, path, name, operator, value)
        return
    if not isinstance(name, str) or not name:  # ProductCondition: NotBlank on field
        errors.add(f"{path}.field", 'The key "field" is missing or empty.')
        return
    attribute = catalog.attributes.get(name)
    kind = IDENTIFIER if attribute is None and name == IDENTIFIER_FIELD else str((attribute or {}).get("type"))
    if operator not in ATTRIBUTE_OPERATORS.get(kind, ()):  # unknown field, unsupported type or operator
        errors.add(f"{path}.field", say.field_cannot_be_filtered(name, operator))
        return
    _check_value(errors, path, name, operator, value)
    if attribute is not None:
        _check_coordinates(errors, path, attribute, selection.get("locale"), selection.get("channel"))
        if kind in _SELECT_TYPES and catalog.attribute_options is not None:
            options = {option.lower() for option in catalog.attribute_options.get(name, {})}  # codes ignore case
            for code in _literal_codes(value):
                if code.lower() not in options:
                    errors.add(f"{path}.value", f'The option "{code}" does not exist for the attribute "{name}".')


def _check_value(errors: ErrorCollector, path: str, name: Any, operator: str, value: Any) -> None:
    """Ours: the value has the shape the operator needs (the vendor's text would be its product query's)."""
    if operator in NO_VALUE_OPERATORS:
        return
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    fault = None
    if operator in ARRAY_OPERATORS:
        if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            fault = f'The operator "{operator}" expects an array of codes, "{shown}" given.'
    elif name == "enabled" and not (value in ("true", "false") or isinstance(value, bool)):
        fault = f'The field "enabled" takes the value "true" or "false", "{shown}" given.'
    elif value is None or isinstance(value, list):
        fault = f'The operator "{operator}" expects a single value, "{shown}" given.'
    if fault:
        errors.add(f"{path}.value", fault)


def _check_coordinates(errors: ErrorCollector, path: str, attribute: Item, locale: Any, channel: Any) -> None:
    """Ours: `locale` / `channel` null unless the product attribute is localizable / scopable (their existence is
    ChannelAndLocaleValidator's). An extrapolated locale or channel is checked at run time."""
    subject = f'The attribute "{attribute["code"]}"'
    if not placeholders(locale):
        fault = presence(attribute, PRODUCT_LOCALE, locale)
        if fault == EXPECTED:
            errors.add(f"{path}.locale", f"{subject} is localizable: a locale is expected.")
        elif fault == UNEXPECTED:
            errors.add(f"{path}.locale", f'{subject} is not localizable: the locale must be null, "{locale}" given.')
        elif locale is not None and attribute.get("available_locales") and locale not in attribute["available_locales"]:
            errors.add(f"{path}.locale", f'{subject} is locale specific: "{locale}" is not one of its locales.')
    if not placeholders(channel):
        fault = presence(attribute, PRODUCT_CHANNEL, channel)
        if fault == EXPECTED:
            errors.add(f"{path}.channel", f"{subject} is scopable: a channel is expected.")
        elif fault == UNEXPECTED:
            errors.add(f"{path}.channel", f'{subject} is not scopable: the channel must be null, "{channel}" given.')


def _literal_codes(value: Any) -> list[str]:
    """The codes of an array value that are written out (extrapolated ones are checked at run time)."""
    if not isinstance(value, list):
        return []
    return [code for code in value if isinstance(code, str) and not placeholders(code)]
