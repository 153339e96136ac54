"""The vendor's texts for refused product link rules, as its API answers them (LINK-RULE-MESSAGES).

The vendor's inner validators (ProductSelectionsValidator, ProductAssignmentsValidator, ExtrapolatedAttributeValidator,
ChannelAndLocaleValidator) build each violation with `Validation::createValidator()`, whose identity translator leaves
the translation key as the message; ProductLinkRulesShouldBeExecutableValidator re-adds it to the request's context
with its parameters, and the PIM's translator then finds the key among the `rule_template.*` entries of the Asset
Manager's validators.en_US.yml: the client reads these English sentences, placeholders filled in, no final period.
"""

from __future__ import annotations

from collections.abc import Sequence

# The vendor's own names of the asset attribute types its messages print (GetAttributeType: OptionAttribute,
# OptionCollectionAttribute); the API names the same types single_option and multiple_options.
_VENDOR_TYPES = {"single_option": "option", "multiple_options": "option_collection"}
# ExistingFilterField's message is a plain English template (no translation key).
_NO_FILTER = 'The field "{field}" cannot be filtered or cannot be used with operator "{operator}".'


def vendor_attribute_type(api_type: object) -> str:
    """The type an asset attribute has in the vendor's messages."""
    return _VENDOR_TYPES.get(str(api_type), str(api_type))


def selection_cannot_be_empty() -> str:
    return "You must specify at least one product selection in your product link rule"


def assignment_cannot_be_empty() -> str:
    return "You must specify at least one product assignment in your product link rule"


def extrapolated_attribute_should_exist(code: str) -> str:
    return f'The attribute "{code}" does not exist for this asset family'


def extrapolated_attribute_type_should_be_supported(code: str, api_type: object, supported: Sequence[str]) -> str:
    return (
        f'The attribute "{code}" of type "{vendor_attribute_type(api_type)}" is not supported, only the following '
        f"attribute types are supported for this field: {', '.join(vendor_attribute_type(t) for t in supported)}"
    )


def extrapolated_attribute_has_one_value_per_channel(code: str) -> str:
    return f'The attribute "{code}" cannot be used for extrapolation because it has one value per channel'


def extrapolated_attribute_has_one_value_per_locale(code: str) -> str:
    return f'The attribute "{code}" cannot be used for extrapolation because it has one value per locale'


def channel_should_exist(channel: str) -> str:
    return f'The channel "{channel}" does not exist'


def locale_should_exist(locale: str) -> str:
    return f'The locale "{locale}" is not activated or does not exist'


def assignment_mode_not_supported(mode: object) -> str:
    return (
        f'Invalid assignment mode "{_php_string(mode)}" found in a product link rule, expected to be "replace" or "add"'
    )


def channel_not_supported_for_field(field: str) -> str:
    return f'You cannot specify a channel for the field "{field}"'


def locale_not_supported_for_field(field: str) -> str:
    return f'You cannot specify a locale for the field "{field}"'


def assignment_attribute_does_not_exist(code: str) -> str:
    return f'product attribute "{code}" does not exist'


def assignment_attribute_is_not_an_asset_collection(code: str) -> str:
    return f'product attribute "{code}" is not an attribute of type asset collection'


def assignment_attribute_does_not_support_this_asset_family(code: str, family_code: str) -> str:
    return f'The product attribute "{code}" cannot contain assets of asset family "{family_code}"'


def field_cannot_be_filtered(field: object, operator: object) -> str:
    """The rule engine's ExistingFilterField: no product filter for this field and operator."""
    return _NO_FILTER.format(field=_php_string(field), operator=_php_string(operator))


def _php_string(value: object) -> str:
    """A parameter as PHP's strtr prints it (null as empty, booleans as 1 or empty)."""
    if value is None or value is False:
        return ""
    if value is True:
        return "1"
    return str(value)
