"""Asset attribute options: the choices of single_option and multiple_options attributes, and their upsert."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_server.domain.asset_attribute import OPTION_TYPES, check_body_code, merge_labels
from mock_server.domain.errors import ErrorCollector, Unprocessable

MAX_OPTIONS_PER_ATTRIBUTE = 100
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
    """Create (existing is None) or update an option of the attribute; return the complete new option."""
    ensure_option_attribute(attribute)
    errors = ErrorCollector()
    check_body_code(code, patch, errors)
    _check_known_properties(patch, errors)
    if existing is None:
        _check_option_limit(attribute, code, option_count, errors)
    labels = dict((existing or {}).get("labels") or {})
    if "labels" in patch:
        labels = merge_labels(labels, patch["labels"], activated_locales, errors)
    errors.raise_if_any()
    return {"code": code, "labels": labels}


def _check_known_properties(patch: Mapping[str, Any], errors: ErrorCollector) -> None:
    for key in patch:
        if key not in _OPTION_PROPERTIES:
            errors.add(key, f'The property "{key}" is not a property of an attribute option.')


def _check_option_limit(attribute: Mapping[str, Any], code: str, option_count: int, errors: ErrorCollector) -> None:
    if option_count >= MAX_OPTIONS_PER_ATTRIBUTE:
        errors.add(
            "code",
            f'The attribute "{attribute.get("code")}" already has {MAX_OPTIONS_PER_ATTRIBUTE} options, the maximum: '
            f'the option "{code}" cannot be created.',
        )
