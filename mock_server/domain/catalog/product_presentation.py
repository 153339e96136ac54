"""Products and product models as GET shows them: inheritance from parent product models, the `scope`, `locales`
and `attributes` value filters, option labels and completenesses."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mock_server.domain.catalog.product_values import filter_values, has_value, inherited_values, with_option_labels
from mock_server.domain.errors import Unprocessable


@dataclass(frozen=True)
class ValueView:
    """The value parameters of a GET: which scope, locales and attributes to show, and the enrichments."""

    scope: str | None = None
    locales: frozenset[str] | None = None
    attributes: frozenset[str] | None = None
    with_attribute_options: bool = False
    with_quality_scores: bool = False
    with_completenesses: bool = False
    channels: Mapping[str, frozenset[str]] = field(default_factory=dict)  # the catalog's, read once per request


def value_view(
    *,
    scope: str | None,
    locales: str | None,
    attributes: str | None,
    channels: Mapping[str, frozenset[str]],
    activated_locales: frozenset[str],
    known_attributes: Mapping[str, Any],
    with_attribute_options: bool = False,
    with_quality_scores: bool = False,
    with_completenesses: bool = False,
) -> ValueView:
    """The parameters checked (unknown scope, locale or attribute: 422); a scope alone also limits the locales to
    the channel's."""
    if scope is not None and scope not in channels:
        raise Unprocessable(f'Scope "{scope}" does not exist.')
    wanted_locales = _split(locales)
    for locale in sorted(wanted_locales or ()):
        if locale not in activated_locales:
            raise Unprocessable(f'Locale "{locale}" does not exist or is not activated.')
    wanted_attributes = _split(attributes)
    unknown = sorted(code for code in wanted_attributes or () if code not in known_attributes)
    if unknown:
        raise Unprocessable(f'Attributes "{", ".join(unknown)}" do not exist.')
    if wanted_locales is None and scope is not None:
        wanted_locales = frozenset(channels[scope])
    return ValueView(
        scope,
        wanted_locales,
        wanted_attributes,
        with_attribute_options,
        with_quality_scores,
        with_completenesses,
        channels,
    )


def _split(text: str | None) -> frozenset[str] | None:
    if text is None:
        return None
    return frozenset(part.strip() for part in text.split(",") if part.strip())


def lineage(resource: Mapping[str, Any], models: Mapping[str, Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The product models above a product or product model, root first (a cycle or a gap ends the walk)."""
    chain: list[Mapping[str, Any]] = []
    parent = resource.get("parent")
    while isinstance(parent, str) and parent in models and all(m["code"] != parent for m in chain):
        chain.insert(0, models[parent])
        parent = models[parent].get("parent")
    return chain


def effective(resource: Mapping[str, Any], models: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The resource with the values and categories of its parent product models merged in (its own win)."""
    ancestors = lineage(resource, models)
    shown = copy.deepcopy(dict(resource))
    if ancestors:
        shown["values"] = inherited_values(resource.get("values", {}), ancestors)
        categories = [c for model in ancestors for c in model.get("categories", [])] + list(resource["categories"])
        shown["categories"] = list(dict.fromkeys(categories))
    return shown


def present(
    resource: Mapping[str, Any],
    view: ValueView,
    *,
    attributes: Mapping[str, Mapping[str, Any]],
    options: Mapping[str, Mapping[str, Mapping[str, Any]]],
    family: Mapping[str, Any] | None,
    channels: Mapping[str, frozenset[str]],
    identifier_attribute: str | None,
    is_product: bool,
) -> dict[str, Any]:
    """An effective resource (see `effective`) with the view applied."""
    shown = copy.deepcopy(dict(resource))
    values = filter_values(
        resource.get("values", {}), attributes=view.attributes, locales=view.locales, scope=view.scope
    )
    if view.with_attribute_options:
        values = with_option_labels(values, attributes, options)
    shown["values"] = values
    if view.with_quality_scores:
        shown["quality_scores"] = []  # quality scores are not computed by the mock
    if view.with_completenesses and is_product:
        all_values = resource.get("values", {})
        shown["completenesses"] = completenesses(all_values, family, channels, identifier_attribute)
    return shown


def completenesses(
    values: Mapping[str, list[dict[str, Any]]],
    family: Mapping[str, Any] | None,
    channels: Mapping[str, frozenset[str]],
    identifier_attribute: str | None,
) -> list[dict[str, Any]]:
    """Per channel and locale, the share of the family's required attributes that hold a value (0-100)."""
    if family is None:
        return []
    results = []
    for channel, required in (family.get("attribute_requirements") or {}).items():
        if channel not in channels or not required:
            continue
        for locale in sorted(channels[channel]):
            filled = sum(
                1
                for attribute in required
                if attribute == identifier_attribute or has_value(values, attribute, locale, channel)
            )
            results.append({"scope": channel, "locale": locale, "data": filled * 100 // len(required)})
    return results
