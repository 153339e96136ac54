"""Asset attribute options: the choices of single_option and multiple_options attributes, and their upsert."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_server.domain.asset_manager.asset_attribute import OPTION_TYPES
from mock_server.domain.errors import ErrorCollector, RulesBroken, Unprocessable
from mock_server.domain.shared.labels import NOT_ACTIVATED, merge_labels

MAX_OPTIONS_PER_ATTRIBUTE = 100  # parameters.yml asset_family_option_limit_per_list_attribute
RESOURCE = "attribute option"
_OPTION_PROPERTIES = ("code", "labels")


def has_options(attribute: Mapping[str, Any]) -> bool:
    """Whether the attribute is of a type that has options (single_option, multiple_options)."""
    return attribute.get("type") in OPTION_TYPES


def ensure_option_attribute(attribute: Mapping[str, Any]) -> None:
    """Refuse (422) an attribute whose type has no options; services that must answer 404 use `has_options`."""
    if not has_options(attribute):
        raise Unprocessable(
            f'The attribute "{attribute.get("code")}" is of type "{attribute.get("type")}": only attributes of type '
            '"single_option" or "multiple_options" have options.'
        )


def upsert_attribute_option(
    existing: dict[str, Any] | None,
    attribute: dict[str, Any],
    code: str,
    patch: dict[str, Any],
    *,
    option_count: int,
    activated_locales: frozenset[str],
) -> dict[str, Any]:
    """Create (existing is None) or update an option of the attribute; return the complete new option. Faults are
    RulesBroken("attribute option"); the URI code and the body code were checked by the caller."""
    ensure_option_attribute(attribute)
    errors = ErrorCollector()
    check_known_properties(patch, errors)
    if existing is None:
        _check_option_limit(attribute, code, option_count, errors)
    labels = dict((existing or {}).get("labels") or {})
    if "labels" in patch:
        labels = merge_labels(labels, patch["labels"], activated_locales, errors, not_activated=NOT_ACTIVATED)
    if errors:
        raise RulesBroken(RESOURCE, errors.errors)
    return {"code": code, "labels": labels}


def check_known_properties(patch: Mapping[str, Any], errors: ErrorCollector) -> None:
    """HTTP-422-UNKNOWN-PROPERTY: a property an option does not have (the API's format stage refuses it first)."""
    for key in patch:
        if key not in _OPTION_PROPERTIES:
            errors.add(key, f'The property "{key}" is not a property of an attribute option.')


def _check_option_limit(attribute: Mapping[str, Any], code: str, option_count: int, errors: ErrorCollector) -> None:
    """STRUCTURE-OPTION-LIMIT: the vendor's class-level violation has an empty property path."""
    # OPT-MAX-100
    if option_count >= MAX_OPTIONS_PER_ATTRIBUTE:
        errors.add("", f"You have reached the limit of {MAX_OPTIONS_PER_ATTRIBUTE} attribute options per attribute.")
