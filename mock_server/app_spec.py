"""The vendor contract as the mock reads it (the bundled openapi/akeneo-asset-manager.yaml)."""

from __future__ import annotations

import functools
from typing import Any

import yaml

from akeneo_contract import VENDOR_CONTRACT as SPEC_PATH


@functools.cache
def load_spec() -> dict[str, Any]:
    return yaml.safe_load(SPEC_PATH.read_text(encoding="utf-8"))


HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def with_parameters_per_operation(spec: dict[str, Any]) -> dict[str, Any]:
    """The same contract with each path's shared `parameters` written into its operations (an operation's own
    parameter of the same name and place wins, as OpenAPI says). Connexion 3.3 appends the path's parameters to the
    operation's own list in place each time one of its middlewares reads the operation, so a path parameter was
    validated and converted six times a request (issue #12's profiles); an operation holding the whole list
    leaves nothing to append. The dicts given are not changed."""

    def key(parameter: dict[str, Any]) -> tuple[Any, Any]:
        if "$ref" in parameter:  # "#/components/parameters/Name"
            parameter = spec["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[-1]]
        return parameter.get("name"), parameter.get("in")

    paths = {}
    for template, item in spec.get("paths", {}).items():
        shared = item.get("parameters", [])
        operations = {}
        for method, operation in item.items():
            if method in HTTP_METHODS and shared:
                own = operation.get("parameters", [])
                taken = {key(p) for p in own}
                inherited = [p for p in shared if key(p) not in taken]
                operation = {**operation, "parameters": [*own, *inherited]}
            operations[method] = operation
        operations.pop("parameters", None)
        paths[template] = operations
    return {**spec, "paths": paths}


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
