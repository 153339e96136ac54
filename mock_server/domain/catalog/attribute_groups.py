"""Attribute groups of the product side: every product attribute belongs to exactly one group; the default group
`other` exists in a fresh PIM, cannot be removed, and takes the attributes another group lets go.

The group's `attributes` are not stored twice: the attributes' own `group` property is the one source, and a
group's PATCH answers which attributes move where (`GroupUpsert.moves`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mock_server.domain.catalog.structure import (
    MAX_CODE_LENGTH,
    READ_ONLY,
    check_code_consistency,
    check_known,
    ensure_object,
    labels_of,
    type_message,
)
from mock_server.domain.errors import ErrorCollector
from mock_server.domain.shared.codes import CODE_CHARACTERS

DEFAULT_GROUP = "other"
GROUP_PROPERTIES = frozenset({"code", "sort_order", "attributes", "labels"})
# PRODUCT-GROUP-MESSAGES: the vendor's texts (attributegroup.yml; the unknown-group text is in attributes.py).
CODE_FORMAT_MESSAGE = "Attribute group code may contain only letters, numbers and underscores"
BLANK_MESSAGE = "This value should not be blank."


def default_group() -> dict[str, Any]:
    """The group a fresh PIM ships with (PRODUCT-GROUP-DEFAULT-OTHER)."""
    return {"code": DEFAULT_GROUP, "sort_order": 100, "labels": {"en_US": "Other"}}


@dataclass(frozen=True)
class GroupUpsert:
    """The new group and the attributes that change group: attribute code -> its new group code."""

    group: dict[str, Any]
    moves: dict[str, str] = field(default_factory=dict)


def upsert_attribute_group(
    existing: Mapping[str, Any] | None,
    code: str,
    patch: Any,
    *,
    attributes: Mapping[str, Mapping[str, Any]],
    activated_locales: frozenset[str],
) -> GroupUpsert:
    """The complete group after `patch` (None on creation), and the attribute moves its `attributes` list implies.

    PRODUCT-GROUP-CODE-FORMAT, PRODUCT-GROUP-SORT-ORDER, PRODUCT-GROUP-LABEL-LOCALE,
    PRODUCT-GROUP-ATTRIBUTES-MOVE (an attribute belongs to one group: listing it here takes it from its group;
    an attribute of this group left out goes to `other`; the `other` group's own list is ignored, as the vendor's
    updater does)."""
    patch = ensure_object(patch, "attribute group")
    errors = ErrorCollector()
    check_code_consistency(existing, code, patch, errors)  # before anything else, as the vendor's controller
    check_known(patch, GROUP_PROPERTIES | READ_ONLY, errors)
    if existing is None:
        check_group_code(code, errors)
    sort_order = existing.get("sort_order", 0) if existing else 0
    if "sort_order" in patch:
        value = patch["sort_order"]
        if value is None:
            errors.add("sort_order", BLANK_MESSAGE)
        elif isinstance(value, bool) or not isinstance(value, int):
            errors.add("sort_order", type_message("sort_order", "an integer", value))
        elif value < 0:
            errors.add("sort_order", "This value should be greater than or equal to 0.")
        else:
            sort_order = value
    moves = _moves(code, patch, attributes, errors)
    labels = labels_of(existing, patch, activated_locales, errors)
    errors.raise_if_any()
    return GroupUpsert({"code": code, "sort_order": sort_order, "labels": labels}, moves)


def check_group_code(code: str, errors: ErrorCollector) -> None:
    if not code:
        errors.add("code", BLANK_MESSAGE)
    elif not CODE_CHARACTERS.fullmatch(code):
        errors.add("code", CODE_FORMAT_MESSAGE)
    elif len(code) > MAX_CODE_LENGTH:
        errors.add("code", f"This value is too long. It should have {MAX_CODE_LENGTH} characters or less.")


def _moves(
    code: str, patch: Mapping[str, Any], attributes: Mapping[str, Mapping[str, Any]], errors: ErrorCollector
) -> dict[str, str]:
    if "attributes" not in patch:
        return {}
    listed = patch["attributes"]
    if not isinstance(listed, list) or not all(isinstance(item, str) for item in listed):
        errors.add("attributes", type_message("attributes", "an array of strings", listed))
        return {}
    if code == DEFAULT_GROUP:
        return {}
    moves = {a: DEFAULT_GROUP for a, attribute in attributes.items() if attribute.get("group") == code}
    for attribute in listed:
        if attribute not in attributes:
            errors.add(
                "attributes",
                f'Property "attributes" expects a valid attribute code. The attribute does not exist, "{attribute}" given.',
            )
        else:
            moves[attribute] = code
    return {a: group for a, group in moves.items() if attributes[a].get("group") != group}


def members(code: str, attributes: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The attributes of a group, by their sort order then creation order."""
    mine = [(a.get("sort_order") or 0, index, c) for index, (c, a) in enumerate(attributes.items())]
    return [c for _, _, c in sorted(t for t in mine if attributes[t[2]].get("group") == code)]


def present_attribute_group(group: Mapping[str, Any], attributes: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The group as GET shows it: code, sort_order, attributes, labels."""
    return {
        "code": group["code"],
        "sort_order": group["sort_order"],
        "attributes": members(group["code"], attributes),
        "labels": dict(group.get("labels") or {}),
    }
