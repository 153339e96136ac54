"""A full workflow through the published `akeneo-python-sdk`, run by test_akeneo_python_sdk.py in the SDK's own
environment (it pins pydantic<2, which the toolkit's tools cannot share): python sdk_workflow.py BASE_URL PASSWORD.

It prints one JSON object of what the SDK returned; any exception the SDK raises fails the run (traceback on
stderr). The SDK is used as its users must use it against the real PIM, never patched:
- its generated PATCH methods send no Content-Type, which the PIM refuses (415): callers pass the header per call
  with the SDK's own `_headers` option;
- its generated upload method posts the `body` model as form fields it never sends (an empty multipart, refused by
  any server): the upload goes through its `ApiClient.call_api(files=...)`, the SDK's generic call;
- its download method declares no response type and returns None: `_preload_content=False` returns the raw answer.
"""

from __future__ import annotations

import base64
import json
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import akeneo
from akeneo.api.asset_api import AssetApi
from akeneo.api.asset_attribute_api import AssetAttributeApi
from akeneo.api.asset_attribute_option_api import AssetAttributeOptionApi
from akeneo.api.asset_family_api import AssetFamilyApi
from akeneo.api.asset_media_file_api import AssetMediaFileApi
from akeneo.api.authentication_api import AuthenticationApi
from akeneo.api.system_api import SystemApi
from akeneo.exceptions import ApiException
from akeneo.models.asset_embedded_items_inner_all_of import AssetEmbeddedItemsInnerAllOf
from akeneo.models.asset_families_embedded_items_inner_all_of import AssetFamiliesEmbeddedItemsInnerAllOf
from akeneo.models.get_asset_families_code_attributes200_response_inner import (
    GetAssetFamiliesCodeAttributes200ResponseInner as AttributeModel,
)
from akeneo.models.get_asset_family_attributes_attribute_code_options200_response_inner import (
    GetAssetFamilyAttributesAttributeCodeOptions200ResponseInner as OptionModel,
)
from akeneo.models.patch_assets_request_inner import PatchAssetsRequestInner
from akeneo.models.post_token_request import PostTokenRequest

FAMILY = "e2e_sdk"
JSON_BODY = {"_headers": {"Content-Type": "application/json"}}
# The smallest valid PNG (1x1, grey): the workflow needs a real image, not the test suite's fixtures.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCBd81ytgAAAABJRU5ErkJggg==")


def _status(call: Any) -> int:
    """The status of a `*_with_http_info` call (data, status, headers)."""
    return call[1]


def _sparse(model: Any, **fields: Any) -> Any:
    """A model with its optional fields None, so that they are not sent: the SDK's models default several of them to
    False or to a sentence (the family's attribute_as_main_media), which the PIM refuses as unknown or wrong."""
    unset = {name: None for name, field in model.__fields__.items() if not field.required}
    return model(**{**unset, **fields})


def main(base_url: str, password: str) -> dict[str, Any]:
    client = akeneo.ApiClient(akeneo.Configuration(host=base_url))
    basic = "Basic " + base64.b64encode(b"client:secret").decode()
    grant = PostTokenRequest(grant_type="password", username="admin", password=password)
    token = AuthenticationApi(client).post_token("application/json", basic, grant)
    client.set_default_header("Authorization", f"Bearer {token.access_token}")
    report: dict[str, Any] = {"token_type": token.token_type, "expires_in": token.expires_in}

    system = SystemApi(client).get_system_information()
    report["system"] = {"version": system.version, "edition": system.edition}

    families = AssetFamilyApi(client)
    family = _sparse(AssetFamiliesEmbeddedItemsInnerAllOf, code=FAMILY)
    report["family_statuses"] = [
        _status(families.patch_asset_family_code_with_http_info(FAMILY, family, **JSON_BODY)) for _ in range(2)
    ]
    report["family"] = families.get_asset_family_code(FAMILY).code
    report["families"] = [item.code for item in families.get_asset_families().embedded.items]

    attributes = AssetAttributeApi(client)
    picture = _sparse(AttributeModel, code="picture", type="media_file", media_type="image", allowed_extensions=["png"])
    report["attribute_statuses"] = [
        _status(attributes.patch_asset_family_attributes_code_with_http_info(FAMILY, "picture", picture, **JSON_BODY))
    ]
    # The SDK's attribute model requires `media_type` on every type, which the PIM refuses on an option attribute:
    # that one goes through the SDK's generic call, and only media attributes are read back through the model.
    _, status, _ = client.call_api(
        f"/api/rest/v1/asset-families/{FAMILY}/attributes/size",
        "PATCH",
        header_params={"Content-Type": "application/json"},
        body={"code": "size", "type": "single_option"},
        response_types_map={},
    )
    report["attribute_statuses"].append(status)
    report["attribute"] = attributes.get_asset_family_attributes_code(FAMILY, "picture").media_type
    options = AssetAttributeOptionApi(client)
    report["option_status"] = _status(
        options.patch_asset_attributes_attribute_code_options_code_with_http_info(
            FAMILY, "size", "xl", OptionModel(code="xl"), **JSON_BODY
        )
    )
    report["option"] = options.get_asset_attributes_attribute_code_options_code(FAMILY, "size", "xl").code

    with tempfile.TemporaryDirectory() as folder:
        image = Path(folder) / "unicorn.png"
        image.write_bytes(PNG)
        _, upload_status, upload_headers = client.call_api(
            "/api/rest/v1/asset-media-files",
            "POST",
            header_params={"Content-Type": "multipart/form-data"},
            files={"file": str(image)},
            response_types_map={},
        )
    media_code = upload_headers["Asset-media-file-code"]
    report["upload"] = {"status": upload_status, "location": upload_headers["Location"], "code": media_code}
    download = AssetMediaFileApi(client).get_asset_media_files_code(media_code, _preload_content=False)
    report["download_is_the_upload"] = download.data == PNG

    assets = AssetApi(client)
    single = AssetEmbeddedItemsInnerAllOf(code="unicorn")
    report["asset_status"] = _status(assets.patch_asset_code_with_http_info(FAMILY, "unicorn", single, **JSON_BODY))
    # The SDK's asset models cannot serialize values (their to_dict calls to_dict on the list of a value): values
    # go through the SDK's generic call.
    values = {
        "picture": [{"locale": None, "channel": None, "data": media_code}],
        "size": [{"locale": None, "channel": None, "data": "xl"}],
    }
    _, status, _ = client.call_api(
        f"/api/rest/v1/asset-families/{FAMILY}/assets/unicorn",
        "PATCH",
        header_params={"Content-Type": "application/json"},
        body={"code": "unicorn", "values": values},
        response_types_map={},
    )
    report["asset_values_status"] = status
    batch = [PatchAssetsRequestInner(code=code) for code in ("unicorn", "pegasus", "griffin", "bad code!")]
    report["batch"] = [
        {"code": r.code, "status_code": r.status_code, "message": r.message}
        for r in assets.patch_assets(FAMILY, batch, **JSON_BODY)
    ]

    # The SDK's list model reads the items under `_embedded._items` (the PIM writes `items`), so it always finds none;
    # its links are read right. The pages are read raw (`_preload_content=False`), the cursor from the typed links.
    pages: list[list[str]] = []
    cursor: str | None = None
    for _ in range(10):  # the SDK does not follow links itself
        raw = json.loads(assets.get_assets(FAMILY, search_after=cursor, _preload_content=False).data)
        pages.append([item["code"] for item in raw["_embedded"]["items"]])
        links = assets.get_assets(FAMILY, search_after=cursor).links
        if links.next is None:
            break
        report.setdefault("next_links", []).append(links.next.href)
        cursor = parse_qs(urlsplit(links.next.href).query)["search_after"][0]
    report["pages"] = pages
    unicorn = assets.get_assets_code(FAMILY, "unicorn")
    report["asset_values"] = {code: [v.data for v in unicorn.values[code]] for code in sorted(unicorn.values)}

    report["delete_status"] = _status(assets.delete_assets_code_with_http_info(FAMILY, "pegasus"))
    try:
        assets.get_assets_code(FAMILY, "pegasus")
        report["deleted"] = None
    except ApiException as missing:
        report["deleted"] = {"status": missing.status, "body": json.loads(missing.body)}
    return report


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2])))
