"""The vendor contract as the mock reads it (the bundled openapi/akeneo-asset-manager.yaml)."""

from __future__ import annotations

import functools
from typing import Any

import yaml

from akeneo_contract import VENDOR_CONTRACT as SPEC_PATH


@functools.cache
def load_spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


def contract_validator(schema: dict[str, Any], *, response: bool = True) -> Any:
    """A jsonschema validator of `schema`, a piece of the vendor contract: its "#/components/..." references resolve
    against the whole contract (which rides along at the root), and OpenAPI 3.0's `nullable` is honoured (Connexion's
    Draft 4 validators: of a response, or with `response=False` of a request, which also knows `readOnly`)."""
    from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator  # the mock extra's
    from jsonschema import Draft4Validator

    kind = Draft4ResponseValidator if response else Draft4RequestValidator
    return kind({**load_spec(), **schema}, format_checker=Draft4Validator.FORMAT_CHECKER)


@functools.cache
def spec_routes() -> dict[str, dict[str, Any]]:
    """The root listing's `routes`: one entry per documented REST operation."""
    return {
        f"pim_api_{operation['operationId']}": {"route": path, "methods": [method.upper()]}
        for path, item in load_spec()["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and path.startswith("/api/rest/v1/")
    }


@functools.cache
def request_media_types() -> dict[str, str]:
    """operationId -> the media type its request body takes (the first listed), for the vendor's 415 texts."""
    return {
        operation["operationId"]: next(iter(operation["requestBody"]["content"]))
        for item in load_spec()["paths"].values()
        for operation in item.values()
        if isinstance(operation, dict) and "requestBody" in operation
    }
