"""Labels, keyed by locale, as every resource merges and checks them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_server.domain.errors import ErrorCollector

# ATTR-LABEL-LOCALES, OPT-LABEL-LOCALES, FAM-LABEL-LOCALES, STRUCTURE-LABEL-LOCALE-MESSAGE: the asset manager refuses
# a label on any other locale with this text (LabelCollectionValidator, any unknown locale)
NOT_ACTIVATED = 'The locale "{locale}" is not activated.'


def merge_labels(
    stored: Mapping[str, str],
    patch_labels: Any,
    activated_locales: frozenset[str],
    errors: ErrorCollector,
    property_: str = "labels",
    not_activated: str = 'The locale "{locale}" does not exist or is not activated.',
) -> dict[str, str]:
    """Merge labels key by key: a string sets the label, null removes it (on any locale, as for asset families:
    a label left on a locale deactivated since can go); a label set is on an activated locale. The asset
    manager's resources pass the vendor's LabelCollection sentence as `not_activated`."""
    merged = dict(stored)
    if not isinstance(patch_labels, dict):
        errors.add(property_, 'The labels must be an object keyed by locale code, such as {"en_US": "Picture"}.')
        return merged
    for locale, label in patch_labels.items():
        if label is None:
            merged.pop(locale, None)
        elif locale not in activated_locales:
            errors.add(property_, not_activated.format(locale=locale))
        elif isinstance(label, str):
            merged[locale] = label
        elif label is not None:
            errors.add(property_, f'The label for the locale "{locale}" must be a string or null.')
    return merged
