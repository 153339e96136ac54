"""Bad input never crashes the rules: whatever JSON a client sends, every refusal is a DomainError (never a 500)."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fixtures import product_catalog
from mock_server.domain.errors import DomainError
from mock_server.services.asset_manager import asset_families
from mock_server.services.catalog import product_structure, products
from mock_server.services.catalog import structure as catalog
from mock_server.services.context import Context

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-5, 5)
    | st.floats(allow_nan=False)
    | st.sampled_from(
        [
            "",
            "en_US",
            "es_ES",
            "ecommerce",
            "master",
            "men",
            "sku",
            "name",
            "red",
            "clothing",
            "jack_brown",
            "x" * 300,
            "size",
            "main_color",
            1,
            2,
            3,
            "clothing_size",
            "other",
        ]
    )
)
KEYS = st.sampled_from(
    ["code", "identifier", "parent", "labels", "locales", "currencies", "category_tree", "conversion_units",
     "attributes", "attribute_as_label", "attribute_as_image", "attribute_requirements", "type", "group",
     "localizable", "scopable", "reference_data_name", "max_characters", "sort_order", "family", "family_variant",
     "categories", "groups", "enabled", "values", "associations", "quantified_associations", "name", "description",
     "main_color", "packshots", "locale", "scope", "data", "operator", "value", "products", "PACK", "en_US",
     "variant_attribute_sets", "level", "axes", "size"]
)  # fmt: skip
JSON = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=4), max_leaves=12
)
BODIES = st.dictionaries(KEYS, JSON, max_size=6)


def _catalog() -> Context:
    ctx = Context()
    product_catalog.load_structure(ctx)
    for code in ("packshots", "model_pictures", "user_instructions", "ambient_images"):
        asset_families.upsert(ctx, code, {})
    product_catalog.load_products(ctx)
    return ctx


CTX = _catalog()
OPERATIONS: dict[str, Callable[[Context, Any], Any]] = {
    "channel": lambda ctx, body: catalog.upsert_channel(ctx, "ecommerce", body),
    "category": lambda ctx, body: catalog.upsert_category(ctx, "men", body),
    "attribute": lambda ctx, body: catalog.upsert_attribute(ctx, "new_attribute", body),
    "existing_attribute": lambda ctx, body: catalog.upsert_attribute(ctx, "name", body),
    "option": lambda ctx, body: catalog.upsert_option(ctx, "main_color", "new_option", body),
    "family": lambda ctx, body: catalog.upsert_family(ctx, "clothing", body),
    "attribute_group": lambda ctx, body: product_structure.upsert_attribute_group(ctx, "marketing", body),
    "new_attribute_group": lambda ctx, body: product_structure.upsert_attribute_group(ctx, "new_group", body),
    "family_variant": lambda ctx, body: product_structure.upsert_family_variant(ctx, "clothing", "clothing_size", body),
    "new_family_variant": lambda ctx, body: product_structure.upsert_family_variant(ctx, "clothing", "new_fv", body),
    "family_variant_sets": lambda ctx, body: product_structure.upsert_family_variant(
        ctx, "clothing", "new_fv", {"variant_attribute_sets": [body]}
    ),
    "product": lambda ctx, body: products.upsert_product(ctx, "sku_54628", body),
    "new_product": lambda ctx, body: products.upsert_product(ctx, "new_product", body),
    "product_model": lambda ctx, body: products.upsert_product_model(ctx, "jack_brown", body),
    "new_product_model": lambda ctx, body: products.upsert_product_model(ctx, "new_model", body),
    "product_search": lambda ctx, body: products.search_products(ctx, json.dumps(body)),
    "product_model_search": lambda ctx, body: products.search_product_models(ctx, json.dumps(body)),
    "value_search": lambda ctx, body: products.search_products(ctx, json.dumps({"name": [body]})),
    "values": lambda ctx, body: products.upsert_product(
        ctx, "sku_54628", {"values": {"name": [body], "main_color": body}}
    ),
}


@pytest.mark.parametrize("operation", sorted(OPERATIONS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=BODIES)
def test_any_json_body_is_accepted_or_refused_with_a_domain_error(operation: str, body: dict[str, Any]) -> None:
    ctx = Context(store=CTX.store.snapshot(), clock=CTX.clock)
    with contextlib.suppress(DomainError):
        OPERATIONS[operation](ctx, body)
