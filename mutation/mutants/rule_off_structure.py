"""Rule-off mutants of the asset families, attributes and options: labels, limits, immutable properties, the main
media, the product link rules' and transformations' collection rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from mock_server.domain.asset_manager import asset_attribute, asset_family, attribute_option
from mock_server.domain.automation.product_link_rules import messages as product_link_rule_messages
from mock_server.domain.automation.product_link_rules import rules as product_link_rules
from mock_server.domain.automation.transformations import rules as transformation_rules
from mock_server.domain.errors import ErrorCollector
from mutation.mutants.machinery import Mutant, attr, item, rule_off

# The originals, taken once at import (before any patch can exist), so the broken versions can delegate to them.
_ORIGINAL_UPSERT_ATTRIBUTE = asset_attribute.upsert_asset_attribute
_ORIGINAL_MERGE_LABELS = asset_attribute.merge_labels


def _no_collection_check(errors: ErrorCollector, transformations: Any) -> None:
    """A rule of the transformation collection switched off."""


def _main_media_only_if_sent(family: Mapping[str, Any], attributes: Mapping[str, Any]) -> str | None:
    return family.get("attribute_as_main_media") or None


def _type_mutable(
    existing: dict | None,
    family_code: str,
    code: str,
    patch: dict,
    *,
    family_attribute_count: int,
    activated_locales: frozenset[str],
) -> dict:
    """A PATCH with another type re-creates the attribute with that type (its labels kept) instead of a 422."""
    sent = patch.get("type") if isinstance(patch, dict) else None
    if existing is not None and sent is not None and sent != existing["type"]:
        recreated = {"labels": existing.get("labels", {}), **patch}
        return _ORIGINAL_UPSERT_ATTRIBUTE(
            None, family_code, code, recreated, family_attribute_count=0, activated_locales=activated_locales
        )
    return _ORIGINAL_UPSERT_ATTRIBUTE(
        existing,
        family_code,
        code,
        patch,
        family_attribute_count=family_attribute_count,
        activated_locales=activated_locales,
    )


def _media_type_optional(result: Any, existing: Any, patch: Any, errors: ErrorCollector) -> None:
    if result.get("media_type") is not None:
        asset_attribute.check_media_type(result, existing, patch, errors)


def _labels_any_locale(stored: Any, patch_labels: Any, activated_locales: Any, errors: Any, *args: Any, **kwargs: Any):
    everything = frozenset(patch_labels) if isinstance(patch_labels, dict) else frozenset()
    return _ORIGINAL_MERGE_LABELS(
        stored, patch_labels, frozenset(activated_locales) | everything, errors, *args, **kwargs
    )


STRUCTURE_MUTANTS: tuple[Mutant, ...] = (
    rule_off(
        "family_labels_locale_unchecked",
        "asset families",
        "asset family labels on a locale that is not activated are accepted",
        lambda: [attr(asset_family, "merge_labels", _labels_any_locale)],
        catch="PATCH a family with a label on a locale that is not activated: 422 on `labels`",
    ),
    rule_off(
        "main_media_not_defaulted",
        "asset families",
        "attribute_as_main_media is not defaulted to the family's first media_file/media_link attribute",
        lambda: [attr(asset_family, "default_main_media", _main_media_only_if_sent)],
        catch="create a family, then its first media_file attribute: GET the family shows it as attribute_as_main_media",
    ),
    rule_off(
        "link_rules_limit_ignored",
        "product link rules",
        "an asset family may hold more than 2 product link rules (the domain's limit, FAM-LINK-RULES-MAX, its one owner)",
        lambda: [attr(product_link_rules, "MAX_PRODUCT_LINK_RULES", 1_000_000)],
        catch="PATCH a family with 3 product link rules: 422 on `product_link_rules`, the 2 stored rules kept",
    ),
    rule_off(
        "transformation_target_not_unique",
        "transformations",
        "two transformations of a family may write the same target value",
        lambda: [attr(transformation_rules, "check_target_unique", _no_collection_check)],
        catch="two transformations writing the same target value: 422 on the second one's target",
    ),
    rule_off(
        "attribute_type_mutable",
        "asset attributes",
        "the type of an existing asset attribute can be changed by a PATCH",
        lambda: [attr(asset_attribute, "upsert_asset_attribute", _type_mutable)],
        catch="PATCH an attribute with another type: 422 on `type`, GET still shows the old type",
    ),
    rule_off(
        "media_type_not_required",
        "asset attributes",
        "a media_file or media_link attribute can be created without a media_type",
        lambda: [
            item(asset_attribute.TYPE_RULES, "media_file", (_media_type_optional,)),
            item(asset_attribute.TYPE_RULES, "media_link", (_media_type_optional,)),
        ],
        catch="create a media_file (and a media_link) attribute without media_type: 422 on `media_type`",
    ),
    rule_off(
        "option_limit_ignored",
        "asset attribute options",
        "an attribute may get more than 100 options",
        lambda: [attr(attribute_option, "MAX_OPTIONS_PER_ATTRIBUTE", 1_000_000)],
        catch="create 100 options, then a 101st: 422",
    ),
    rule_off(
        "labels_locale_unchecked_on_attributes",
        "asset attributes",
        "asset attribute and option labels on a locale that is not activated are accepted",
        lambda: [
            attr(asset_attribute, "merge_labels", _labels_any_locale),
            attr(attribute_option, "merge_labels", _labels_any_locale),
        ],
        catch="PATCH an asset attribute and an attribute option with a label on a locale that is not activated: 422 on `labels`",
    ),
    rule_off(
        "attribute_limit_ignored",
        "asset attributes",
        "an asset family may get more than 100 attributes",
        lambda: [attr(asset_attribute, "MAX_ATTRIBUTES_PER_FAMILY", 1_000_000)],
        catch="create 100 attributes in a family, then a 101st: 422",
    ),
    rule_off(
        "value_per_locale_mutable",
        "asset attributes",
        "value_per_locale and value_per_channel of an existing attribute can be changed by a PATCH",
        lambda: [attr(asset_attribute, "IMMUTABLE_PROPERTIES", ("type", "asset_family_code"))],
        catch="PATCH value_per_locale / value_per_channel of an existing attribute: 422, unchanged",
    ),
    rule_off(
        "link_rule_texts_reworded",
        "product link rules",
        "a refused product link rule gets our own sentence instead of the vendor's rule_template text",
        lambda: [
            attr(
                product_link_rule_messages,
                "assignment_mode_not_supported",
                lambda mode: f'The assignment mode "{mode}" is not supported.',
            )
        ],
        catch='an assignment in mode "merge": the vendor\'s "Invalid assignment mode ..." text',
    ),
)
