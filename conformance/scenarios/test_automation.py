"""What an asset family does on its own when assets are created: the naming convention (from the code or the main
media's file name, abort or not), the product link rules (add, replace, extrapolation), the transformations (a real
image in, a PNG of the asked size out), and products losing a deleted asset. The PIM runs link rules and
transformations as jobs, so their effects are polled with `eventually`."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from PIL import Image

from conformance.preparation import ROOT, prepared
from conformance.scenarios.helpers import asset_path, identifier_attribute, prepare_upload, value

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# -- asset side ----------------------------------------------------------------------------------------------------


def family_path(family: str) -> str:
    return f"{ROOT}/asset-families/{family}"


def attribute(code: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {
        "code": code,
        "type": kind,
        "labels": {},
        "value_per_locale": False,
        "value_per_channel": False,
        "is_required_for_completeness": False,
        **extra,
    }


def image_attribute(code: str) -> dict[str, Any]:
    return attribute(code, "media_file", media_type="image")


def patch_family(api: httpx.Client, family: str, **body: Any) -> None:
    prepared(api.patch(family_path(family), json={"code": family, **body}))


def add_options(api: httpx.Client, family: str, attribute_code: str, *codes: str) -> None:
    for option in codes:
        path = f"{family_path(family)}/attributes/{attribute_code}/options/{option}"
        prepared(api.patch(path, json={"code": option, "labels": {}}))


def upsert_asset(
    api: httpx.Client, cleanup: Any, family: str, asset: str, values: dict[str, list] | None = None
) -> httpx.Response:
    cleanup.add(asset_path(family, asset))
    return api.patch(asset_path(family, asset), json={"code": asset, "values": values or {}})


def create_asset(
    api: httpx.Client, cleanup: Any, family: str, asset: str, values: dict[str, list] | None = None
) -> None:
    prepared(upsert_asset(api, cleanup, family, asset, values))


def accepted_asset(
    api: httpx.Client, cleanup: Any, family: str, asset: str, values: dict[str, list] | None = None
) -> None:
    """A create the rule is about (naming applies on it): judged on being accepted (2xx), not on its status."""
    response = upsert_asset(api, cleanup, family, asset, values)
    assert 200 <= response.status_code < 300, f"PATCH {asset_path(family, asset)}: {response.text}"


def fetch_asset(api: httpx.Client, family: str, asset: str) -> dict[str, Any]:
    response = api.get(asset_path(family, asset))
    assert response.status_code == 200, response.text
    return response.json()


def data_of(asset: dict[str, Any], attribute_code: str) -> Any:
    """The data of a value with neither locale nor channel, None without one."""
    for entry in asset.get("values", {}).get(attribute_code, []):
        if entry["locale"] is None and entry["channel"] is None:
            return entry["data"]
    return None


def picture(width: int, height: int, kind: str = "JPEG") -> bytes:
    """A real image, drawn here (the suite does not borrow the project's fixtures)."""
    image = Image.new("RGB", (width, height), (230, 230, 230))
    for x in range(width // 2):
        for y in range(height):
            image.putpixel((x, y), (200, 30, 30))
    buffer = io.BytesIO()
    image.save(buffer, format=kind)
    return buffer.getvalue()


upload = prepare_upload  # a set-up step: MEDIA-UPLOAD owns the upload's answer


# -- naming convention ---------------------------------------------------------------------------------------------

# The named groups fill the attributes of the same codes; anchored at the end so the run prefix stays outside.
BY_CODE = r"/nc_(?P<product_ref>[a-z]+)_(?P<main_color>[a-z]+)$/"


def naming_family(api: httpx.Client, family_with: Any, abort: bool) -> str:
    family = family_with(
        attributes=[attribute("product_ref", "text"), attribute("main_color", "single_option")], own=True
    )
    add_options(api, family, "main_color", "red", "blue")
    convention = {
        "source": {"property": "code", "locale": None, "channel": None},
        "pattern": BY_CODE,
        "abort_asset_creation_on_error": abort,
    }
    patch_family(api, family, naming_convention=convention)
    return family


@pytest.mark.rule("NAMING-FROM-CODE")
@pytest.mark.writes
def test_naming_convention_fills_attributes_from_the_asset_code(api, code, cleanup, family_with) -> None:
    family = naming_family(api, family_with, abort=True)
    asset = code("nc_amor_red")
    accepted_asset(api, cleanup, family, asset)
    found = fetch_asset(api, family, asset)  # applied on creation, before the answer: no polling
    assert data_of(found, "product_ref") == "amor"
    assert data_of(found, "main_color") == "red"  # a single option receives the option code


def file_name_naming_family(api: httpx.Client, family_with: Any) -> str:
    """A family whose naming convention splits its main media's file name (aborting on error) into product_ref."""
    family = family_with(attributes=[image_attribute("main_image"), attribute("product_ref", "text")], own=True)
    patch_family(
        api,
        family,
        attribute_as_main_media="main_image",
        naming_convention={
            "source": {"property": "main_image", "locale": None, "channel": None},
            "pattern": r"/^(?P<product_ref>[a-z]+)_packshot\.jpg$/",
            "abort_asset_creation_on_error": True,
        },
    )
    return family


@pytest.mark.rule("NAMING-FROM-MAIN-MEDIA")
@pytest.mark.writes
def test_naming_convention_fills_attributes_from_the_main_media_filename(api, code, cleanup, family_with) -> None:
    family = file_name_naming_family(api, family_with)
    media = upload(api, "allie_packshot.jpg", picture(32, 24), "image/jpeg")
    asset = code("from_filename")
    accepted_asset(api, cleanup, family, asset, {"main_image": [value(media)]})
    assert data_of(fetch_asset(api, family, asset), "product_ref") == "allie"


@pytest.mark.rule("NAMING-SOURCE-NOT-SENT")
@pytest.mark.writes
def test_a_creation_without_the_main_media_value_is_not_named(api, code, cleanup, family_with) -> None:
    family = file_name_naming_family(api, family_with)
    asset = code("no_media_yet")
    response = upsert_asset(api, cleanup, family, asset, {"product_ref": [value("kept")]})
    # nothing to split: no failure, so nothing aborts (the create status itself is ASSET-UPSERT-CREATE's subject)
    assert response.is_success, response.text
    assert data_of(fetch_asset(api, family, asset), "product_ref") == "kept"


@pytest.mark.rule("NAMING-ABORT-TRUE")
@pytest.mark.writes
def test_naming_convention_failure_with_abort_refuses_the_asset(api, code, cleanup, family_with) -> None:
    family = naming_family(api, family_with, abort=True)
    asset = code("nc_unsplittable")  # one part after "nc_": the pattern does not match
    response = upsert_asset(api, cleanup, family, asset)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["code"] == 422 and body["message"], body
    gone = api.get(asset_path(family, asset))
    assert gone.status_code == 404, gone.text


@pytest.mark.rule("NAMING-ABORT-FALSE")
@pytest.mark.writes
def test_naming_convention_failure_without_abort_creates_the_asset(api, code, cleanup, family_with) -> None:
    family = naming_family(api, family_with, abort=False)
    asset = code("nc_unsplittable")
    accepted_asset(api, cleanup, family, asset)
    found = fetch_asset(api, family, asset)
    assert found["code"] == asset
    assert data_of(found, "product_ref") is None
    assert data_of(found, "main_color") is None


# -- product side, as the link rules need it -----------------------------------------------------------------------


def product_structure(api: httpx.Client, asset_family: str) -> tuple[str, str, str]:
    """An asset collection attribute holding `asset_family`'s assets, in a product family of its own; answers
    (identifier attribute, collection attribute, product family). Their codes extend the asset family's (unique and
    prefixed): product codes are global, and attributes and families cannot be deleted through the API everywhere."""
    identifier = identifier_attribute(api)
    collection, product_family = f"{asset_family}_assets", f"{asset_family}_products"
    body = {
        "code": collection,
        "type": "pim_catalog_asset_collection",
        "group": "other",
        "localizable": False,
        "scopable": False,
        "labels": {},
        "reference_data_name": asset_family,
    }
    prepared(api.post(f"{ROOT}/attributes", json=body))
    family_body = {"code": product_family, "attribute_as_label": identifier, "attributes": [identifier, collection]}
    prepared(api.post(f"{ROOT}/families", json=family_body))
    return identifier, collection, product_family


def create_product(
    api: httpx.Client, cleanup: Any, identifier: str, family: str, assets: dict[str, list[str]] | None = None
) -> None:
    cleanup.add(f"{ROOT}/products/{identifier}")
    values = {code: [{"locale": None, "scope": None, "data": data}] for code, data in (assets or {}).items()}
    prepared(api.post(f"{ROOT}/products", json={"identifier": identifier, "family": family, "values": values}))


def linked(api: httpx.Client, identifier: str, collection: str) -> list[str]:
    """The asset codes the product holds in the collection (no locale, no scope)."""
    response = api.get(f"{ROOT}/products/{identifier}")
    assert response.status_code == 200, response.text
    for entry in response.json().get("values", {}).get(collection, []):
        if entry["locale"] is None and entry["scope"] is None:
            return list(entry["data"] or [])
    return []


def link_rule(identifier: str, selected: str, collection: str, mode: str) -> dict[str, Any]:
    return {
        "product_selections": [
            {"field": identifier, "operator": "=", "value": selected, "locale": None, "channel": None}
        ],
        "assign_assets_to": [{"mode": mode, "attribute": collection, "locale": None, "channel": None}],
    }


def linked_family(api: httpx.Client, family_with: Any) -> tuple[str, str, str, str]:
    """An asset family with product_ref, and the product structure that holds its assets."""
    family = family_with(attributes=[attribute("product_ref", "text")], own=True)
    identifier, collection, product_family = product_structure(api, family)
    return family, identifier, collection, product_family


@pytest.mark.rule("LINK-ADD-MODE")
@pytest.mark.writes
@pytest.mark.product_side
def test_link_rule_in_add_mode_appends_the_asset_after_the_existing_ones(
    api, code, cleanup, family_with, eventually
) -> None:
    family, identifier, collection, product_family = linked_family(api, family_with)
    existing, new = code("existing_asset"), code("new_asset")
    create_asset(api, cleanup, family, existing)  # before the rule: nothing links it
    product = f"{family}_product"
    create_product(api, cleanup, product, product_family, {collection: [existing]})
    patch_family(api, family, product_link_rules=[link_rule(identifier, "{{product_ref}}", collection, "add")])
    create_asset(api, cleanup, family, new, {"product_ref": [value(product)]})

    def appended() -> None:
        assert linked(api, product, collection) == [existing, new]

    eventually(appended)


@pytest.mark.rule("LINK-REPLACE-MODE")
@pytest.mark.writes
@pytest.mark.product_side
def test_link_rule_in_replace_mode_replaces_the_existing_assets(api, code, cleanup, family_with, eventually) -> None:
    family, identifier, collection, product_family = linked_family(api, family_with)
    existing, new = code("existing_asset"), code("new_asset")
    create_asset(api, cleanup, family, existing)
    product = f"{family}_product"
    create_product(api, cleanup, product, product_family, {collection: [existing]})
    patch_family(api, family, product_link_rules=[link_rule(identifier, "{{product_ref}}", collection, "replace")])
    create_asset(api, cleanup, family, new, {"product_ref": [value(product)]})

    def replaced() -> None:
        assert linked(api, product, collection) == [new]

    eventually(replaced)


@pytest.mark.rule("LINK-EXTRAPOLATION")
@pytest.mark.writes
@pytest.mark.product_side
def test_link_rule_extrapolates_asset_values_inside_strings(api, code, cleanup, family_with, eventually) -> None:
    family, identifier, collection, product_family = linked_family(api, family_with)
    sku = f"{family}_sku"  # the docs' sku_{{product_ref}}, behind this run's (and this test's) prefix
    amor, blue = f"{sku}_amor", f"{sku}_blue"
    create_product(api, cleanup, amor, product_family)
    create_product(api, cleanup, blue, product_family)
    patch_family(
        api, family, product_link_rules=[link_rule(identifier, f"{sku}_{{{{product_ref}}}}", collection, "add")]
    )
    asset = code("amor_model_picture")
    create_asset(api, cleanup, family, asset, {"product_ref": [value("amor")]})

    def linked_to_its_product() -> None:
        assert linked(api, amor, collection) == [asset]

    eventually(linked_to_its_product)
    assert linked(api, blue, collection) == []


@pytest.mark.rule("LINK-ASSIGNMENT-COORDINATES-AT-RUN-TIME")
@pytest.mark.writes
@pytest.mark.product_side
def test_link_rule_assigning_a_locale_the_target_does_not_take_is_saved(api, family_with) -> None:
    family, identifier, collection, _ = linked_family(api, family_with)
    rule = link_rule(identifier, "{{product_ref}}", collection, "add")
    rule["assign_assets_to"][0]["locale"] = "en_US"  # the collection is not localizable: only a run can fail
    patch_family(api, family, product_link_rules=[rule])
    response = api.get(family_path(family))
    assert response.status_code == 200, response.text
    assert response.json()["product_link_rules"][0]["assign_assets_to"][0]["locale"] == "en_US"


@pytest.mark.rule("LINK-DELETED-ASSET-LEAVES-PRODUCTS")
@pytest.mark.writes
@pytest.mark.product_side
def test_deleting_an_asset_removes_it_from_products(api, code, cleanup, family_with, eventually) -> None:
    family, _, collection, product_family = linked_family(api, family_with)
    deleted, kept = code("deleted_asset"), code("kept_asset")
    create_asset(api, cleanup, family, deleted)
    create_asset(api, cleanup, family, kept)
    product = f"{family}_product"
    create_product(api, cleanup, product, product_family, {collection: [deleted, kept]})
    assert linked(api, product, collection) == [deleted, kept]
    prepared(api.delete(asset_path(family, deleted)))  # the delete's own answer is ASSET-DELETE's subject

    def gone_from_the_product() -> None:
        assert linked(api, product, collection) == [kept]

    eventually(gone_from_the_product)


# -- transformations -----------------------------------------------------------------------------------------------


@pytest.mark.rule("TRANSFORM-THUMBNAIL")
@pytest.mark.writes
def test_thumbnail_transformation_generates_a_png_of_the_requested_size(
    api, code, cleanup, family_with, eventually
) -> None:
    family = family_with(attributes=[image_attribute("main_image"), image_attribute("thumbnail")], own=True)
    patch_family(
        api,
        family,
        attribute_as_main_media="main_image",
        transformations=[
            {
                "label": "Thumbnail generation",
                "filename_suffix": "_thumbnail",
                "source": {"attribute": "main_image", "channel": None, "locale": None},
                "target": {"attribute": "thumbnail", "channel": None, "locale": None},
                "operations": [{"type": "thumbnail", "parameters": {"width": 40, "height": 30}}],
            }
        ],
    )
    source = upload(api, "amor_red_model_picture.jpg", picture(200, 100), "image/jpeg")
    asset = code("transformed")
    create_asset(api, cleanup, family, asset, {"main_image": [value(source)]})

    def generated() -> str:
        target = data_of(fetch_asset(api, family, asset), "thumbnail")
        assert target, "no thumbnail yet"
        return target

    eventually(generated)
    target = generated()
    assert target != source
    downloaded = api.get(f"{ROOT}/asset-media-files/{target}")
    assert downloaded.status_code == 200, downloaded.text
    assert downloaded.content.startswith(PNG_SIGNATURE), downloaded.content[:16]
    image = Image.open(io.BytesIO(downloaded.content))
    assert (image.format, image.size) == ("PNG", (40, 30))
    assert data_of(fetch_asset(api, family, asset), "main_image") == source  # the source is left as it was
