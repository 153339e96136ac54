"""The product structure a connector sets up: attribute groups (every product attribute has one; `other` ships with
the PIM), family variants (every product model has one) and the levels they give product models; and a product
search that is not JSON or nested too deep. Attribute groups, attributes, families and variants cannot be deleted
through the API, so every code is unique to the run (the `code` fixture)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from conformance.preparation import ROOT, prepared
from conformance.scenarios.helpers import get_json, identifier_attribute, not_found, refused

GROUPS = f"{ROOT}/attribute-groups"
SETS = "variant_attribute_sets"


def created(response: httpx.Response, location: str) -> None:
    """A create whose 201 and Location are the rule's subject (PRODUCT-GROUP-UPSERT, PRODUCT-VARIANT-UPSERT)."""
    assert response.status_code == 201, response.text
    assert response.headers.get("location", "").endswith(location), response.headers


def succeeded(response: httpx.Response) -> None:
    """A write the rule is about whose status is another rule's subject: judged on being accepted (2xx) only."""
    assert 200 <= response.status_code < 300, f"{response.request.method} {response.request.url}: {response.text}"


def product_attribute(api: httpx.Client, code: str, kind: str, group: str = "other", **extra: Any) -> str:
    body = {"code": code, "type": kind, "group": group, "localizable": False, "scopable": False, **extra}
    prepared(api.post(f"{ROOT}/attributes", json=body))
    return code


class Structure:
    """A product family of this run with two simple selects (axes) and a text, ready for variants."""

    def __init__(self, api: httpx.Client, code: Callable[[str], str]) -> None:
        self.identifier = identifier_attribute(api)
        self.color = product_attribute(api, code("color"), "pim_catalog_simpleselect")
        self.size = product_attribute(api, code("size"), "pim_catalog_simpleselect")
        self.title = product_attribute(api, code("title"), "pim_catalog_text")
        self.family = code("family")
        members = [self.identifier, self.color, self.size, self.title]
        body = {"code": self.family, "attribute_as_label": self.identifier, "attributes": members}
        prepared(api.post(f"{ROOT}/families", json=body))
        self.variants = f"{ROOT}/families/{self.family}/variants"

    def variant(self, api: httpx.Client, code: str, *axes: list[str], judged: bool = False) -> str:
        """A variant of the family: a set-up step, or with judged=True the create PRODUCT-VARIANT-UPSERT is about."""
        sets = [{"level": level, "axes": names, "attributes": []} for level, names in enumerate(axes, start=1)]
        response = api.post(self.variants, json={"code": code, SETS: sets})
        if judged:
            created(response, f"{self.variants}/{code}")
        else:
            prepared(response)
        return code


@pytest.fixture
def structure(api: httpx.Client, code: Callable[[str], str]) -> Structure:
    return Structure(api, code)


# -- attribute groups -------------------------------------------------------------------------------------------


@pytest.mark.rule("PRODUCT-GROUP-DEFAULT-OTHER")
@pytest.mark.writes
@pytest.mark.product_side
def test_attribute_group_other_exists(api, code) -> None:
    assert get_json(api, f"{GROUPS}/other")["code"] == "other"
    attribute = product_attribute(api, code("in_other"), "pim_catalog_text")
    assert attribute in get_json(api, f"{GROUPS}/other")["attributes"]
    assert get_json(api, f"{ROOT}/attributes/{attribute}")["group"] == "other"


@pytest.mark.rule("PRODUCT-GROUP-UPSERT")
@pytest.mark.writes
@pytest.mark.product_side
def test_attribute_group_create_and_update(api, code) -> None:
    posted, patched = code("group_posted"), code("group_patched")
    created(api.post(GROUPS, json={"code": posted, "sort_order": 3, "labels": {}}), f"{GROUPS}/{posted}")
    assert get_json(api, f"{GROUPS}/{posted}") == {"code": posted, "sort_order": 3, "attributes": [], "labels": {}}
    created(api.patch(f"{GROUPS}/{patched}", json={}), f"{GROUPS}/{patched}")
    updated = api.patch(f"{GROUPS}/{patched}", json={"sort_order": 9})
    assert updated.status_code == 204, updated.text
    assert get_json(api, f"{GROUPS}/{patched}")["sort_order"] == 9
    listed = api.get(GROUPS, params={"search": json.dumps({"code": [{"operator": "IN", "value": [posted]}]})})
    assert listed.status_code == 200, listed.text
    assert [g["code"] for g in listed.json()["_embedded"]["items"]] == [posted]


@pytest.mark.rule("PRODUCT-GROUP-NOT-FOUND")
@pytest.mark.product_side
def test_unknown_attribute_group_is_404(api, code) -> None:
    missing = code("no_such_group")
    not_found(api.get(f"{GROUPS}/{missing}"), missing)


@pytest.mark.rule("PRODUCT-GROUP-CODE-FORMAT")
@pytest.mark.writes
@pytest.mark.product_side
def test_attribute_group_code_format(api, code) -> None:
    bad = code("group") + "-x"
    refused(api.post(GROUPS, json={"code": bad}), "code")
    assert api.get(f"{GROUPS}/{bad}").status_code == 404


@pytest.mark.rule("PRODUCT-GROUP-ATTRIBUTES-MOVE")
@pytest.mark.writes
@pytest.mark.product_side
def test_attribute_group_attributes_move(api, code) -> None:
    first, second = code("group_first"), code("group_second")
    kept = product_attribute(api, code("moved_kept"), "pim_catalog_text")
    dropped = product_attribute(api, code("moved_dropped"), "pim_catalog_text")
    succeeded(api.post(GROUPS, json={"code": first, "attributes": [kept, dropped]}))
    assert get_json(api, f"{ROOT}/attributes/{kept}")["group"] == first
    succeeded(api.post(GROUPS, json={"code": second, "attributes": [kept]}))
    assert get_json(api, f"{ROOT}/attributes/{kept}")["group"] == second
    assert kept not in get_json(api, f"{GROUPS}/{first}")["attributes"]
    response = api.patch(f"{GROUPS}/{first}", json={"attributes": []})
    assert response.status_code == 204, response.text
    assert get_json(api, f"{ROOT}/attributes/{dropped}")["group"] == "other"


@pytest.mark.rule("PRODUCT-GROUP-MUST-EXIST")
@pytest.mark.writes
@pytest.mark.product_side
def test_product_attribute_needs_an_existing_group(api, code) -> None:
    attribute, group = code("grouped"), code("no_such_group")
    body = {"code": attribute, "type": "pim_catalog_text", "group": group, "localizable": False, "scopable": False}
    refused(api.post(f"{ROOT}/attributes", json=body), "group", group)
    assert api.get(f"{ROOT}/attributes/{attribute}").status_code == 404


@pytest.mark.rule("PRODUCT-GROUP-MESSAGES")
@pytest.mark.writes
@pytest.mark.product_side
def test_attribute_group_vendor_messages(api, code) -> None:
    error = refused(api.post(GROUPS, json={"code": code("group") + "-x"}), "code")
    assert error["message"] == "Attribute group code may contain only letters, numbers and underscores"
    group = code("no_such_group")
    body = {"code": code("grouped"), "type": "pim_catalog_text", "group": group}
    error = refused(api.post(f"{ROOT}/attributes", json=body), "group")
    assert (
        error["message"]
        == f'Property "group" expects a valid code. The attribute group does not exist, "{group}" given.'
    )


# -- family variants --------------------------------------------------------------------------------------------


@pytest.mark.rule("PRODUCT-VARIANT-UPSERT")
@pytest.mark.writes
@pytest.mark.product_side
def test_family_variant_create_and_update(api, code, structure) -> None:
    variant = structure.variant(api, code("by_color_size"), [structure.color], [structure.size], judged=True)
    shown = get_json(api, f"{structure.variants}/{variant}")
    first, last = shown[SETS]
    assert (first["level"], first["axes"], last["level"], last["axes"]) == (1, [structure.color], 2, [structure.size])
    assert structure.color in first["attributes"] and structure.size in last["attributes"]
    assert structure.identifier in last["attributes"]
    update = {SETS: [{"level": 1, "axes": [structure.color], "attributes": [structure.title]}]}
    response = api.patch(f"{structure.variants}/{variant}", json=update)
    assert response.status_code == 204, response.text
    assert structure.title in get_json(api, f"{structure.variants}/{variant}")[SETS][0]["attributes"]
    listed = get_json(api, structure.variants)
    assert [v["code"] for v in listed["_embedded"]["items"]] == [variant]


@pytest.mark.rule("PRODUCT-VARIANT-NOT-FOUND")
@pytest.mark.writes
@pytest.mark.product_side
def test_family_variant_not_found(api, code, structure) -> None:
    variant = structure.variant(api, code("by_size"), [structure.size])
    other_family = code("other_family")
    body = {"code": other_family, "attribute_as_label": structure.identifier}
    prepared(api.post(f"{ROOT}/families", json=body))
    not_found(api.get(f"{ROOT}/families/{other_family}/variants/{variant}"), variant)
    missing = code("no_such_family")
    not_found(api.get(f"{ROOT}/families/{missing}/variants"), missing)


@pytest.mark.rule("PRODUCT-VARIANT-AXES-TYPES")
@pytest.mark.writes
@pytest.mark.product_side
def test_family_variant_text_axis_is_refused(api, code, structure) -> None:
    variant = code("by_title")
    body = {"code": variant, SETS: [{"level": 1, "axes": [structure.title]}]}
    refused(api.post(structure.variants, json=body), SETS, structure.title)
    assert api.get(f"{structure.variants}/{variant}").status_code == 404


@pytest.mark.rule("PRODUCT-VARIANT-LEVELS")
@pytest.mark.writes
@pytest.mark.product_side
def test_family_variant_levels(api, code, structure) -> None:
    three = [{"level": n, "axes": [axis]} for n, axis in enumerate([structure.color, structure.size], start=1)]
    three.append({"level": 3, "axes": []})
    refused(api.post(structure.variants, json={"code": code("three_levels"), SETS: three}), SETS)
    no_axis = [{"level": 1, "axes": [], "attributes": [structure.title]}]
    refused(api.post(structure.variants, json={"code": code("no_axis"), SETS: no_axis}), SETS)


@pytest.mark.rule("PRODUCT-VARIANT-AXES-IMMUTABLE")
@pytest.mark.writes
@pytest.mark.product_side
def test_family_variant_axes_are_immutable(api, code, structure) -> None:
    variant = structure.variant(api, code("by_color"), [structure.color])
    body = {SETS: [{"level": 1, "axes": [structure.size]}]}
    refused(api.patch(f"{structure.variants}/{variant}", json=body), SETS)
    assert get_json(api, f"{structure.variants}/{variant}")[SETS][0]["axes"] == [structure.color]


@pytest.mark.rule("PRODUCT-VARIANT-AXES-IN-FAMILY")
@pytest.mark.writes
@pytest.mark.product_side
def test_family_variant_axes_stay_in_the_family(api, code, structure) -> None:
    structure.variant(api, code("by_size"), [structure.size])
    family = f"{ROOT}/families/{structure.family}"
    kept = [structure.identifier, structure.color, structure.title]
    refused(api.patch(family, json={"attributes": kept}), "attributes", structure.size)
    assert structure.size in get_json(api, family)["attributes"]


@pytest.mark.rule("PRODUCT-VARIANT-MESSAGES")
@pytest.mark.writes
@pytest.mark.product_side
def test_family_variant_vendor_messages(api, code, structure) -> None:
    body = {"code": code("by_title"), SETS: [{"level": 1, "axes": [structure.title]}]}
    error = refused(api.post(structure.variants, json=body), SETS, "must be")
    assert error["message"] == (
        f'Variant axes "{structure.title}" must be a boolean, a simple select, a simple reference data or a measurement'
    )
    three = [{"level": n, "axes": [a]} for n, a in enumerate([structure.color, structure.size, structure.title], 1)]
    error = refused(api.post(structure.variants, json={"code": code("deep"), SETS: three}), SETS, "more than")
    assert error["message"] == 'Family variant cannot have more than "2" level'


# -- product models ---------------------------------------------------------------------------------------------


@pytest.mark.rule("PRODUCT-MODEL-VARIANT-EXISTS")
@pytest.mark.writes
@pytest.mark.product_side
def test_product_model_needs_an_existing_family_variant(api, code, cleanup) -> None:
    model, variant = code("model"), code("no_such_variant")
    cleanup.add(f"{ROOT}/product-models/{model}")
    refused(api.post(f"{ROOT}/product-models", json={"code": model, "family_variant": variant}), "family_variant")
    assert api.get(f"{ROOT}/product-models/{model}").status_code == 404


@pytest.mark.rule("PRODUCT-MODEL-VARIANT-LEVELS")
@pytest.mark.writes
@pytest.mark.product_side
def test_product_models_follow_their_variant_levels(api, code, cleanup, structure) -> None:
    one = structure.variant(api, code("one_level"), [structure.size])
    two = structure.variant(api, code("two_levels"), [structure.color], [structure.size])
    root_one, sub_one, root_two, sub_two = code("root_one"), code("sub_one"), code("root_two"), code("sub_two")
    product = code("variant_product")
    for path in (f"products/{product}", f"product-models/{sub_two}", f"product-models/{root_two}"):
        cleanup.add(f"{ROOT}/{path}")
    cleanup.add(f"{ROOT}/product-models/{root_one}")
    for body in ({"code": root_one, "family_variant": one}, {"code": root_two, "family_variant": two}):
        prepared(api.post(f"{ROOT}/product-models", json=body))
    refused(
        api.post(f"{ROOT}/product-models", json={"code": sub_one, "parent": root_one, "family_variant": one}), "parent"
    )
    refused(api.patch(f"{ROOT}/products/{product}", json={"parent": root_two}), "parent")
    sub = {"code": sub_two, "parent": root_two, "family_variant": two}
    succeeded(api.post(f"{ROOT}/product-models", json=sub))
    succeeded(api.patch(f"{ROOT}/products/{product}", json={"parent": sub_two}))


# -- search -----------------------------------------------------------------------------------------------------


@pytest.mark.rule("PRODUCT-SEARCH-DEEP-NESTING")
@pytest.mark.product_side
def test_deeply_nested_product_search_is_refused_not_crashed(api) -> None:
    nested = '{"enabled":[{"operator":"=","value":' + "[" * 1000 + "]" * 1000 + "}]}"
    for resource in ("products", "product-models"):
        response = api.get(f"{ROOT}/{resource}", params={"search": nested})
        assert response.status_code in (400, 422), response.text  # the vendor's versions answer either
        body = response.json()
        assert body.get("code") == response.status_code and body.get("message"), body


NOT_JSON_SEARCHES = ["{family:", "", '"text"', "42"]  # json_decode gives null, a string, a number: not arrays


@pytest.mark.rule("PRODUCT-SEARCH-NOT-JSON")
@pytest.mark.product_side
@pytest.mark.parametrize("search", NOT_JSON_SEARCHES)
def test_product_search_not_json_status_by_list(api, search: str) -> None:
    for resource, status in (("products", 400), ("product-models", 422)):
        response = api.get(f"{ROOT}/{resource}", params={"search": search})
        assert response.status_code == status, (resource, response.text)
        assert response.json().get("code") == status, (resource, response.text)


@pytest.mark.rule("PRODUCT-SEARCH-NOT-JSON-MESSAGE")
@pytest.mark.product_side
@pytest.mark.parametrize("search", NOT_JSON_SEARCHES)
def test_product_search_not_json_message(api, search: str) -> None:
    for resource in ("products", "product-models"):
        body = api.get(f"{ROOT}/{resource}", params={"search": search}).json()
        assert body.get("message") == "Search query parameter should be valid JSON.", (resource, body)
