"""CONTROL-SNAPSHOT-RESOURCES: each resource of a snapshot to restore is checked against the vendor contract's
schema of what GET answers for it, so that a hand-edited document (a product without `identifier`, an asset
family whose `labels` is a list) is a 422 naming the resource, not a 500 on a later GET. The snapshot's own
structure is the control plane contract's (openapi/mock-control.yaml), checked by Connexion before this.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from mock_server.app_spec import contract_validator, load_spec
from mock_server.domain.errors import FieldError, ValidationFailed

# Where each kind of resource sits in the document: (path of the collection, nested by a parent, schema name).
COLLECTIONS = (
    (("asset_families",), False, "AssetFamily"),
    (("asset_attributes",), True, "AssetAttribute"),
    (("asset_attribute_options",), True, "AssetAttributeOption"),
    (("assets",), True, "Asset"),
    (("catalog", "locales"), False, "Locale"),
    (("catalog", "channels"), False, "Channel"),
    (("catalog", "categories"), False, "Category"),
    (("catalog", "attributes"), False, "ProductAttribute"),
    (("catalog", "attribute_options"), True, "ProductAttributeOption"),
    (("catalog", "attribute_groups"), False, "AttributeGroup"),
    (("catalog", "families"), False, "Family"),
    (("catalog", "family_variants"), False, "FamilyVariant"),
    (("catalog", "products"), False, "Product"),
    (("catalog", "product_models"), False, "ProductModel"),
)
# Properties the mock computes when it answers, so its store does not hold them.
COMPUTED = {"Locale": {"enabled"}, "AttributeGroup": {"attributes"}}
MAX_REPORTED = 10


@functools.cache
def _validator(name: str) -> Any:
    components = load_spec()["components"]
    schema = dict(components["schemas"][name])
    if name in COMPUTED:
        schema["required"] = [prop for prop in schema.get("required", []) if prop not in COMPUTED[name]]
    return contract_validator(schema)


def _entries(items: Any, path: str) -> Iterator[tuple[str, Any]]:
    for index, entry in enumerate(items if isinstance(items, list) else []):
        if isinstance(entry, dict):
            yield f"{path}[{index}].value", entry.get("value")


def _resources(document: dict[str, Any]) -> Iterator[tuple[str, str, Any]]:
    for location, nested, schema in COLLECTIONS:
        items: Any = document
        for part in location:
            items = items.get(part) if isinstance(items, dict) else None
        path = ".".join(location)
        for where, value in _entries(items, path):
            if nested:
                for inner, resource in _entries(value, where):
                    yield inner, schema, resource
            else:
                yield where, schema, value


def check_resources(document: Any) -> None:
    """ValidationFailed listing the first resources that break their GET schema (the first fault of each)."""
    if not isinstance(document, dict):
        return  # the structure's own checks (store/snapshot.py) answer it
    errors = []
    for where, schema, resource in _resources(document):
        fault = next(iter(_validator(schema).iter_errors(resource)), None)
        if fault is not None:
            inner = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in fault.absolute_path)
            message = f'The snapshot is invalid: "{where}{inner}" is not a valid {schema}: {fault.message}.'
            errors.append(FieldError(f"{where}{inner}", message))
            if len(errors) == MAX_REPORTED:
                break
    if errors:
        raise ValidationFailed.of(errors)
