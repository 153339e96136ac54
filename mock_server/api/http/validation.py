"""Request-body shape checks, reported the vendor's way.

Connexion's default JSON body validator answers 400 with problem+json at the first schema violation. The vendor
answers 400 only for a body that is not JSON (or not the JSON type the operation takes: json_body.py), and 422
naming each property at fault otherwise. The Asset Manager writes decode and judge their body in their services, in
the order of the vendor's controllers (CHECK-ORDER-*: URI codes and 404s may come first, even before the body is
decoded: CHECK-ORDER-DECODE); this module only reads their body as PHP does (parsed_body, UnreadableBody when PHP
could not) and holds the asset batch's list check (400, 413), which the batch service runs after the family's 404.
The product side keeps the contract's schemas and the PIM API's messages.
"""

from __future__ import annotations

import json
import re
from typing import Any

from connexion.context import scope as connexion_scope
from connexion.exceptions import BadRequestProblem
from connexion.json_schema import Draft4RequestValidator
from connexion.utils import is_null, is_nullable
from connexion.validators import JSONRequestBodyValidator, MultiPartFormDataValidator, ParameterValidator
from jsonschema import Draft4Validator
from jsonschema.exceptions import ValidationError
from starlette.types import Receive, Scope

from mock_server.api.http.json_body import INVALID_JSON, parse_json
from mock_server.domain import pagination
from mock_server.domain.errors import BadRequest, FieldError, PayloadTooLarge, Unprocessable, ValidationFailed
from mock_server.domain.request_format import schemas as format_schemas
from mock_server.domain.request_format.body import UnreadableBody

# The Asset Manager writes, whose controllers decode the body themselves and judge it with their own JSON schema:
# their services decode it (the 400) and run that stage in the vendor's order, after the URI codes and (but for the
# family and the option) the 404s (CHECK-ORDER-DECODE, CHECK-ORDER-*).
DECODED_BY_SERVICE = frozenset(
    {
        "patch_asset_family_by_code",
        "patch_asset_family_attribute_by_code",
        "patch_asset_family_attribute_option_by_code",
        "patch_asset_by_code",
        "patch_assets",
    }
)
PARSED_BODY = "akeneo_parsed_body"
INVALID_ASSET_LIST = "The list of assets has an invalid format."


class InvalidList(ValidationFailed):
    """The asset batch is not a list of objects: the vendor's 400 with the Opis errors (CreateOrUpdateAssetsAction)."""

    status = 400

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(errors, message=INVALID_ASSET_LIST)


_PHP_TYPE_NAMES = {dict: "array", list: "array", str: "string", bool: "boolean", int: "integer", float: "double"}
_EXPECTED = {
    "object": "an array",
    "array": "an array",
    "string": "a string",
    "boolean": "a boolean",
    "integer": "an integer",
    "number": "a number",
}


def _path(error: ValidationError) -> str:
    path = ""
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def _given(value: Any) -> str:
    return "NULL" if value is None else _PHP_TYPE_NAMES.get(type(value), type(value).__name__)


def _field_error(error: ValidationError) -> FieldError:
    """One jsonschema violation as a vendor-style FieldError."""
    path = _path(error)
    if error.validator == "additionalProperties":
        extras = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        name = f"{path}.{extras[0]}" if path and extras else (extras[0] if extras else path)
        return FieldError(name, f"Property '{name}' does not exist. Check the standard format documentation.")
    if error.validator == "type":
        expected = _EXPECTED.get(str(error.validator_value), f"a {error.validator_value}")
        return FieldError(path, f'Property "{path}" expects {expected} as data, "{_given(error.instance)}" given.')
    if error.validator == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else ""
        name = f"{path}.{missing}" if path else missing
        return FieldError(name, f'Property "{name}" is required.')
    if error.validator == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value if v is not None)
        return FieldError(
            path, f'Property "{path}" has an invalid value: {json.dumps(error.instance)}. Expected one of: {allowed}.'
        )
    limits = {
        "maxItems": f"holds {_count(error.instance)} items: at most {error.validator_value} are allowed",
        "minItems": f"holds {_count(error.instance)} items: at least {error.validator_value} are needed",
        "maximum": f"must be at most {error.validator_value}, {json.dumps(error.instance)} given",
        "minimum": f"must be at least {error.validator_value}, {json.dumps(error.instance)} given",
        "minLength": "must not be empty",
        "minProperties": "must not be empty" + _one_of(error.schema.get("properties", {})),
        "pattern": f"does not match {error.validator_value}: {json.dumps(error.instance)} given",
    }
    if error.validator in limits:
        return FieldError(path, f'Property "{path}" {limits[error.validator]}.')
    return FieldError(path, f'Property "{path}" is invalid: {error.message}.')


def _one_of(names: dict[str, Any]) -> str:
    return ": give at least one of " + ", ".join(f'"{name}"' for name in sorted(names)) if names else ""


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list | dict | str) else 0


def shape_errors(validator: Draft4RequestValidator, instance: Any) -> list[FieldError]:
    """Every violation of the schema, deepest first within a branch, in a stable order."""
    errors = sorted(validator.iter_errors(instance), key=lambda e: (list(map(str, e.absolute_path)), e.validator))
    return [_field_error(best) for best in (_most_specific(e) for e in errors)]


def _most_specific(error: ValidationError) -> ValidationError:
    """For anyOf/oneOf failures, the error of the branch the client meant. A branch whose single-value `enum` (a
    discriminator such as an operation's `type`) fails is not the one meant; among the others a missing property
    says most (branches that differ by what they require), then the deepest error."""
    while error.context:
        branches: dict[Any, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        meant = [
            sub
            for subs in branches.values()
            if not any(s.validator == "enum" and len(s.validator_value) == 1 for s in subs)
            for sub in subs
        ]
        if not meant:  # no branch fits its discriminator: say which values it takes
            return _merged_discriminator(error.context)
        error = max(
            meant,
            key=lambda e: (e.validator == "required", len(e.absolute_path), e.validator not in ("type", "enum")),
        )
    return error


def _merged_discriminator(errors: list[ValidationError]) -> ValidationError:
    enums = [e for e in errors if e.validator == "enum"]
    first = max(enums or errors, key=lambda e: len(e.absolute_path))
    allowed = [value for e in enums if e.absolute_path == first.absolute_path for value in e.validator_value]
    return ValidationError(
        first.message, validator="enum", validator_value=allowed, instance=first.instance, path=first.absolute_path
    )


def raise_for_shape(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed.of(errors)


class AkeneoJSONBodyValidator(JSONRequestBodyValidator):
    """Connexion's JSON body validator, with the vendor's statuses and messages."""

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        routing = scope.get("extensions", {}).get("connexion_routing", {})
        if routing.get("operation_id") not in DECODED_BY_SERVICE:
            return await super().wrap_receive(receive, scope=scope)
        # CHECK-ORDER-DECODE: read the body whatever it holds (an empty one too, which Connexion would refuse before
        # any handler) and leave its 400 to the service. The handler takes no `body`, so Python never parses it.
        messages = []
        while not messages or messages[-1].get("more_body", False):
            messages.append(await receive())
        raw = b"".join(message.get("body", b"") for message in messages)
        scope.setdefault("extensions", {})[PARSED_BODY] = self._read(raw)
        return self._insert_messages(receive, messages=messages), scope

    def _read(self, raw: bytes) -> Any:
        """The body as PHP decodes it, or UnreadableBody (not JSON, or not an object where the operation takes
        one: ERRATA "Root type of a body"; the batch's list is judged by check_asset_batch)."""
        try:
            body = parse_json(raw)
        except BadRequest:
            return UnreadableBody()
        if self._schema.get("type") == "object" and not isinstance(body, dict):
            return UnreadableBody()
        return body

    async def _parse(self, stream: Any, scope: Any) -> Any:
        raw = b"".join([message async for message in stream])
        if not raw and not self._required:  # an optional body left out (POST /mock/reset); vendor bodies are required
            return None
        if not raw.strip():
            raise BadRequest(INVALID_JSON)
        return parse_json(raw)

    def _validate(self, body: Any) -> dict | None:
        if body is None and not self._required:
            return None
        root_type = self._schema.get("type")
        if root_type == "array":
            if not isinstance(body, list):
                raise BadRequest(INVALID_JSON)
            check_batch_size(body, self._schema.get("x-max-items"))
            return None
        if root_type == "object" and not isinstance(body, dict):
            raise BadRequest(INVALID_JSON)  # ERRATA "Root type of a body": PHP would fail on its typed argument
        raise_for_shape(shape_errors(self._validator, body))
        return None


# BATCH-BODY-ARRAY: not a list of objects is the whole request's 400 (InvalidList)
def check_asset_batch(body: Any, limit: int | None) -> None:
    """FORMAT-ASSET-LIST(-MESSAGES): a batch that is not a list of objects is a 400 naming the items at fault,
    before its size is judged (413)."""
    if errors := format_schemas.asset_list_errors(body):
        raise InvalidList(errors)
    check_batch_size(body, limit)


def parsed_body() -> Any:
    """The body as json_body.py read it (PHP's json_decode: huge numbers, duplicate keys...) or UnreadableBody, for
    the handlers whose service decodes and judges it (DECODED_BY_SERVICE)."""
    return connexion_scope.get("extensions", {}).get(PARSED_BODY, UnreadableBody())


# BATCH-MAX-100: the contract's x-max-items (openapi/parts/40-assets.yaml), 413 for the whole batch
def check_batch_size(body: Any, limit: int | None) -> None:
    if limit is not None and len(body) > limit:
        raise PayloadTooLarge(f"Too many resources to process, {limit} is the maximum allowed.")


def component_validator(spec: dict[str, Any], schema_name: str) -> Draft4RequestValidator:
    """A request validator for one named schema of the contract (the product side's batch lines, one by one)."""
    return Draft4RequestValidator({**spec, "$ref": f"#/components/schemas/{schema_name}"})


# MEDIA-QUOTED-BOUNDARY: python-multipart (through Connexion) reads a quoted boundary
class AkeneoMultipartValidator(MultiPartFormDataValidator):
    """Parses uploads without judging their shape: which part is the file is the service's call (422, not 400)."""

    async def _parse(self, stream: Any, scope: Any) -> Any:
        try:
            return await super()._parse(stream, scope)
        except Exception as exc:  # python-multipart raises several unrelated types for broken bodies
            raise BadRequest("The multipart body could not be read: send one part named 'file'.") from exc

    def _validate(self, body: Any) -> dict | None:
        return None


# The product side's boolean query parameters: anything but "true" or "false" is the vendor's 422.
CATALOG_FLAGS = frozenset(
    {"with_count", "with_position", "with_attribute_options", "with_asset_share_links", "with_quality_scores"}
    | {"with_completenesses", "with_table_select_options", "create_missing_options", "convert_measurements"}
)


class AkeneoParameterValidator(ParameterValidator):
    """Connexion's parameter checks with the vendor's answer: a query parameter the API cannot use is a 422
    (`limit` above 100, a flag that is not a boolean, a page that is not a number), never problem+json."""

    def validate_request(self, request: Any) -> None:
        try:
            super().validate_request(request)
        except BadRequestProblem as problem:
            raise Unprocessable(str(problem.detail)) from problem

    @staticmethod
    def validate_parameter(parameter_type: str, value: Any, param: dict, param_name: str | None = None) -> str | None:
        """Connexion's check of one parameter, with its validator built once for the app's life: Connexion
        deep-copies the parameter and builds a jsonschema validator on every request (a third of a GET's time)."""
        if value is None or (is_nullable(param) and is_null(value)):
            return ParameterValidator.validate_parameter(parameter_type, value, param, param_name)
        try:
            _parameter_validator(param.get("schema", param)).validate(value)
        except ValidationError as exception:
            return str(exception)
        return None

    def validate_query_parameter(self, param: dict, request: Any) -> str | None:
        name, value = param["name"], request.query_params.get(param["name"])
        if value is not None and name in CATALOG_FLAGS and str(value).lower() not in ("true", "false"):
            raise Unprocessable(
                f'Parameter "{name}" has to be a boolean. Only "true" or "false" allowed, "{value}" given.'
            )
        if value is not None and name in ("limit", "page"):
            number = _integer(value)
            if name == "limit" and number is not None and number > pagination.MAX_LIMIT:
                raise Unprocessable(pagination.TOO_MANY_ITEMS)
            if number is None or number < 1:
                raise Unprocessable(f'"{value}" is not a valid {name} number.')
        if name == "pagination_type" and value is not None and value not in ("page", "search_after"):
            raise Unprocessable("Pagination type does not exist.")
        return super().validate_query_parameter(param, request)


_PARAMETER_VALIDATORS: dict[int, tuple[dict, Any]] = {}  # id(schema) -> (the schema, kept alive; its validator)


def _parameter_validator(schema: dict) -> Any:
    cached = _PARAMETER_VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        cached = _PARAMETER_VALIDATORS[id(schema)] = (
            schema,
            Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER),
        )
    return cached[1]


def _integer(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    text = str(value).strip()
    return int(text) if re.fullmatch(r"-?[0-9]{1,18}", text) else None
