"""Is one exchange what the vendor contract says? The validating proxy's judge (issue #11, Prism's validation proxy).

The operation is found by method and path template in the bundled contract (akeneo_contract.VENDOR_CONTRACT). The
request body is checked against its documented schema: a wrong shape there is the client's violation. The answer is
checked for its status (documented for the operation), its Content-Type, its JSON body against the documented
schema (NDJSON answers line by line, against `x-ndjson-line-schema`) and the headers documented as required; plus the
vendor's rules that need no state: a 4xx body is the Akeneo error `{"code": N, "message": ...}` with N the status, and
a 201 says where the resource is in Location. Schemas are judged as the mock judges its own answers: Connexion's
Draft 4 validators, which honour OpenAPI 3.0's `nullable` (mock_server/api/http/ndjson.py does the same).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import asdict, dataclass
from typing import Any

from jsonschema import Draft4Validator

from akeneo_contract.cassette import media_type
from mock_server.app_spec import contract_validator, load_spec

NDJSON = "application/vnd.akeneo.collection+json"
MAX_PER_BODY = 5  # schema faults reported per body: the first few say enough
SERVER, CLIENT = "server", "client"  # whose violation it is

# Rule ids of the proxy's checks (grep finds each one's owner here).
UNKNOWN_OPERATION = "PROXY-OPERATION-DOCUMENTED"
STATUS = "PROXY-STATUS-DOCUMENTED"
CONTENT_TYPE = "PROXY-CONTENT-TYPE"
RESPONSE_SCHEMA = "PROXY-RESPONSE-SCHEMA"
REQUEST_SCHEMA = "PROXY-REQUEST-SCHEMA"
REQUIRED_HEADER = "PROXY-REQUIRED-HEADER"
ERROR_SHAPE = "PROXY-ERROR-SHAPE"
CREATED_LOCATION = "PROXY-CREATED-LOCATION"


@dataclass(frozen=True)
class Violation:
    side: str  # SERVER or CLIENT
    rule: str
    operation: str  # operationId, or "METHOD path" when none matches
    message: str
    pointer: str = ""  # JSON pointer into the body at fault

    def as_dict(self) -> dict[str, str]:
        return asdict(self)

    def line(self) -> str:
        where = f" at {self.pointer}" if self.pointer else ""
        return f"{self.side} violation {self.rule} in {self.operation}{where}: {self.message}"


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str
    template: str
    spec: dict[str, Any]


def _template_regex(template: str, greedy_last: bool) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    params = [p for p in parts if p.startswith("{")]
    pattern = ""
    for part in parts:
        if part.startswith("{"):
            # a media file code holds slashes (a/b/c/d/<sha1>_name): the last parameter may take them
            pattern += ".+" if greedy_last and part == params[-1] else "[^/]+"
        else:
            pattern += re.escape(part)
    return re.compile(pattern + "/?")


@functools.cache
def _operations() -> tuple[tuple[re.Pattern[str], re.Pattern[str], Operation], ...]:
    found = []
    for template, item in load_spec()["paths"].items():
        for method, spec in item.items():
            if isinstance(spec, dict) and "responses" in spec:
                operation = Operation(spec["operationId"], method.upper(), template, spec)
                found.append((_template_regex(template, False), _template_regex(template, True), operation))
    # literal segments first: /asset-families/{code}/assets before /asset-families/{code}
    found.sort(key=lambda entry: -len(re.sub(r"\{[^}]+\}", "", entry[2].template)))
    return tuple(found)


def find_operation(method: str, path: str) -> Operation | None:
    method = method.upper()
    candidates = [entry for entry in _operations() if entry[2].method == method]
    for strict, _, operation in candidates:
        if strict.fullmatch(path):
            return operation
    for _, greedy, operation in candidates:
        if greedy.fullmatch(path):
            return operation
    return None


def _resolve(node: Any) -> Any:
    """A `#/components/...` reference followed (the bundle's refs are all internal)."""
    while isinstance(node, dict) and "$ref" in node:
        target: Any = load_spec()
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = target
    return node


def _pointer(path: Any) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _schema_faults(
    validator: Draft4Validator, document: Any, side: str, rule: str, operation: str, prefix: str = ""
) -> list[Violation]:
    faults = sorted(validator.iter_errors(document), key=lambda error: list(map(str, error.absolute_path)))
    return [
        Violation(side, rule, operation, fault.message[:300], prefix + _pointer(fault.absolute_path))
        for fault in faults[:MAX_PER_BODY]
    ]


def _json(raw: bytes) -> tuple[bool, Any]:
    try:
        return True, json.loads(raw)
    except ValueError:
        return False, None


class ContractChecker:
    """check(...) -> the violations of one exchange (empty when it is what the contract says)."""

    def check(
        self,
        method: str,
        path: str,
        request_headers: dict[str, str],
        request_body: bytes,
        status: int,
        response_headers: dict[str, str],
        response_body: bytes,
    ) -> list[Violation]:
        operation = find_operation(method, path)
        if operation is None:
            name = f"{method.upper()} {path}"
            return [Violation(CLIENT, UNKNOWN_OPERATION, name, "no operation of the contract has this method and path")]
        found = self.check_request(operation, request_headers, request_body)
        return found + self.check_response(operation, status, response_headers, response_body)

    # -- the request: the client's side ------------------------------------------------------------------------------
    def check_request(self, operation: Operation, headers: dict[str, str], body: bytes) -> list[Violation]:
        documented = operation.spec.get("requestBody", {}).get("content", {})
        kind = media_type(headers.get("content-type"))
        name = operation.operation_id
        if not documented or not body:
            return []
        if kind not in documented:
            message = f"request Content-Type {kind or '(none)'!r} is not one of {', '.join(documented)}"
            return [Violation(CLIENT, REQUEST_SCHEMA, name, message)]
        schema = documented[kind].get("schema")
        if kind != "application/json" or not schema:
            return []  # forms and multipart: their fields are the server's to judge
        ok, document = _json(body)
        if not ok:
            return [Violation(CLIENT, REQUEST_SCHEMA, name, "the request body is not JSON")]
        return _schema_faults(contract_validator(schema, response=False), document, CLIENT, REQUEST_SCHEMA, name)

    # -- the answer: the server's side --------------------------------------------------------------------------------
    def check_response(
        self, operation: Operation, status: int, headers: dict[str, str], body: bytes
    ) -> list[Violation]:
        name = operation.operation_id
        responses = operation.spec["responses"]
        documented = _resolve(responses.get(str(status), responses.get("default")))
        found: list[Violation] = []
        if 400 <= status < 500:
            found += _error_shape(name, status, body)
        if status == 201 and not headers.get("location"):  # PROXY-CREATED-LOCATION
            found.append(Violation(SERVER, CREATED_LOCATION, name, "a 201 answer without a Location header"))
        if documented is None:
            listed = ", ".join(sorted(key for key in responses))
            return [Violation(SERVER, STATUS, name, f"status {status} is not documented (documented: {listed})")]
        for header, spec in (documented.get("headers") or {}).items():
            spec = _resolve(spec)
            if spec.get("required") and header.lower() not in headers and header.lower() != "location":
                found.append(Violation(SERVER, REQUIRED_HEADER, name, f"the documented header {header} is missing"))
        if any(violation.rule == ERROR_SHAPE for violation in found):
            return found  # the error body's faults are PROXY-ERROR-SHAPE's: not reported twice
        found += self._body(name, status, documented.get("content") or {}, headers, body)
        return found

    def _body(
        self, name: str, status: int, content: dict[str, Any], headers: dict[str, str], body: bytes
    ) -> list[Violation]:
        kind = media_type(headers.get("content-type"))
        if not content:
            if body.strip():
                return [Violation(SERVER, CONTENT_TYPE, name, f"a {status} answer documented without a body has one")]
            return []
        if not body and status >= 400:
            return []  # an empty error body is the error-shape check's to report
        spec = content.get(kind) or content.get("*/*")
        if spec is None:
            message = f"Content-Type {kind or '(none)'!r} is not documented for {status} ({', '.join(content)})"
            return [Violation(SERVER, CONTENT_TYPE, name, message)]
        schema = spec.get("schema")
        if not schema or kind not in ("application/json", NDJSON):
            return []
        if kind == NDJSON:
            line_schema = schema.get("x-ndjson-line-schema")
            found: list[Violation] = []
            for number, line in enumerate(body.decode("utf-8", "replace").split("\n"), start=1):
                if not line.strip():
                    continue
                ok, document = _json(line.encode())
                if not ok:
                    found.append(Violation(SERVER, RESPONSE_SCHEMA, name, f"line {number} is not JSON"))
                elif line_schema:
                    validator = contract_validator(line_schema)
                    found += _schema_faults(validator, document, SERVER, RESPONSE_SCHEMA, name, f"line {number}:")
            return found[:MAX_PER_BODY]
        ok, document = _json(body)
        if not ok:
            return [Violation(SERVER, RESPONSE_SCHEMA, name, "the answer's body is not JSON")]
        return _schema_faults(contract_validator(schema), document, SERVER, RESPONSE_SCHEMA, name)


def _error_shape(name: str, status: int, body: bytes) -> list[Violation]:
    """PROXY-ERROR-SHAPE: every 4xx is the Akeneo error body, its code the HTTP status (the Error schema)."""
    ok, document = _json(body)
    if not ok or not isinstance(document, dict):
        return [Violation(SERVER, ERROR_SHAPE, name, f'a {status} answer whose body is not {{"code", "message"}}')]
    found = []
    if document.get("code") != status or isinstance(document.get("code"), bool):
        message = f"the error body's code is {document.get('code')!r}, the status {status}"
        found.append(Violation(SERVER, ERROR_SHAPE, name, message, "/code"))
    if not isinstance(document.get("message"), str):
        found.append(Violation(SERVER, ERROR_SHAPE, name, "the error body has no string message", "/message"))
    return found
