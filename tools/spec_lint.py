"""Lint the bundled contract against our own conventions, beyond what openapi-spec-validator checks.

Every operation has an operationId (unique), a known tag, a summary, at least one 4xx response, and every 4xx
response carries the Akeneo error envelope; every request body has an example per media type; every path template
parameter is declared; every OpenAPI link names an existing operation and its parameters; and every example in the
document (schema, media-type and parameter examples) validates against its schema.

    python tools/spec_lint.py [openapi/akeneo-asset-manager.yaml]
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from openapi_schema_validator import OAS30ReadValidator, OAS30WriteValidator

DEFAULT_SPEC = Path(__file__).resolve().parent.parent / "openapi" / "akeneo-asset-manager.yaml"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ERROR_ENVELOPE = {"$ref": "#/components/schemas/Error"}


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        return f"{'WARNING' if self.warning else 'ERROR'} {self.where}: {self.message}"


def pointer(*parts: str) -> str:
    """A URI-fragment JSON pointer to the given location of the document."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "#" + quote("/" + "/".join(escaped), safe="/~")


def resolve(spec: dict[str, Any], node: Any) -> Any:
    """Follow local $refs until a non-reference node."""
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local references are supported: {ref}")
        node = spec
        for part in ref[2:].split("/"):
            node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def operations(spec: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in spec.get("paths", {}).items():
        for method in HTTP_METHODS:
            if method in item:
                yield path, method, item[method]


class Linter:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.problems: list[Problem] = []

    def error(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message))

    def warn(self, where: str, message: str) -> None:
        self.problems.append(Problem(where, message, warning=True))

    # -- operations -------------------------------------------------------------------------------------------
    def check_operations(self) -> None:
        known_tags = {tag["name"] for tag in self.spec.get("tags", [])}
        seen_ids: dict[str, str] = {}
        for path, method, op in operations(self.spec):
            where = f"{method.upper()} {path}"
            op_id = op.get("operationId")
            if not op_id:
                self.error(where, "no operationId")
            elif op_id in seen_ids:
                self.error(where, f"operationId {op_id} also used by {seen_ids[op_id]}")
            else:
                seen_ids[op_id] = where
            tags = op.get("tags") or []
            if not tags:
                self.error(where, "no tag")
            for tag in tags:
                if tag not in known_tags:
                    self.error(where, f"tag {tag!r} is not declared in the root tags")
            if not str(op.get("summary", "")).strip():
                self.error(where, "no summary")
            self.check_error_responses(where, op)
            self.check_request_examples(where, op)
            self.check_path_parameters(where, path, self.spec["paths"][path], op)

    def check_error_responses(self, where: str, op: dict[str, Any]) -> None:
        client_errors = [code for code in op.get("responses", {}) if str(code).startswith("4")]
        if not client_errors:
            self.error(where, "no 4xx response documented")
        for code in client_errors:
            response = resolve(self.spec, op["responses"][code])
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            if schema != ERROR_ENVELOPE:
                self.error(f"{where} {code}", "a 4xx response must carry application/json with the Error schema")

    def check_request_examples(self, where: str, op: dict[str, Any]) -> None:
        body = resolve(self.spec, op.get("requestBody"))
        for media_type, media in (body or {}).get("content", {}).items():
            if "example" not in media and not media.get("examples"):
                self.error(f"{where} requestBody {media_type}", "no example")

    def check_path_parameters(self, where: str, path: str, item: dict[str, Any], op: dict[str, Any]) -> None:
        declared = {
            p["name"]: p
            for p in (resolve(self.spec, p) for p in [*item.get("parameters", []), *op.get("parameters", [])])
            if p.get("in") == "path"
        }
        for name in re.findall(r"{([^}]+)}", path):
            if name not in declared:
                self.error(where, f"path parameter {name!r} is not declared")
            elif declared[name].get("required") is not True:
                self.error(where, f"path parameter {name!r} must be required")

    # -- links ------------------------------------------------------------------------------------------------
    def check_links(self, partial: bool) -> None:
        by_id = {op["operationId"]: (path, op) for path, _, op in operations(self.spec) if "operationId" in op}
        for path, method, op in operations(self.spec):
            for code, response in op.get("responses", {}).items():
                for name, link in resolve(self.spec, response).get("links", {}).items():
                    where = f"{method.upper()} {path} {code} link {name}"
                    target = link.get("operationId")
                    if target not in by_id:
                        (self.warn if partial else self.error)(where, f"unknown operationId {target!r}")
                        continue
                    target_path, target_op = by_id[target]
                    params = {
                        p["name"]
                        for p in (
                            resolve(self.spec, p)
                            for p in [
                                *self.spec["paths"][target_path].get("parameters", []),
                                *target_op.get("parameters", []),
                            ]
                        )
                    }
                    for param in link.get("parameters", {}):
                        bare = param.split(".", 1)[-1]
                        if bare not in params:
                            self.error(where, f"{target} has no parameter {param!r}")

    # -- examples ---------------------------------------------------------------------------------------------
    def validate(self, where: str, schema_pointer: str, value: Any, writing: bool) -> None:
        validator_class = OAS30WriteValidator if writing else OAS30ReadValidator
        validator = validator_class({**self.spec, "$ref": schema_pointer})
        for err in sorted(validator.iter_errors(value), key=lambda e: list(e.absolute_path)):
            at = "/".join(str(p) for p in err.absolute_path) or "(root)"
            self.error(where, f"example does not match its schema at {at}: {err.message[:300]}")

    def check_media_examples(self, where: str, location: tuple[str, ...], media: dict[str, Any], writing: bool):
        if "schema" not in media:
            return
        schema_ptr = pointer(*location, "schema")
        if "example" in media:
            self.validate(f"{where} example", schema_ptr, media["example"], writing)
        for name, example in media.get("examples", {}).items():
            example = resolve(self.spec, example)
            if "value" in example:
                self.validate(f"{where} examples.{name}", schema_ptr, example["value"], writing)

    def check_all_examples(self) -> None:
        for path, method, op in operations(self.spec):
            base = ("paths", path, method)
            where = f"{method.upper()} {path}"
            body = op.get("requestBody")
            if body and "$ref" not in body:
                for media_type, media in body.get("content", {}).items():
                    self.check_media_examples(
                        f"{where} request {media_type}", (*base, "requestBody", "content", media_type), media, True
                    )
            for code, response in op.get("responses", {}).items():
                if "$ref" in response:
                    continue
                for media_type, media in response.get("content", {}).items():
                    self.check_media_examples(
                        f"{where} {code} {media_type}", (*base, "responses", code, "content", media_type), media, False
                    )
            for index, param in enumerate(op.get("parameters", [])):
                self.check_parameter_examples(f"{where} parameter", (*base, "parameters", str(index)), param)
        components = self.spec.get("components", {})
        for name, response in components.get("responses", {}).items():
            for media_type, media in response.get("content", {}).items():
                location = ("components", "responses", name, "content", media_type)
                self.check_media_examples(f"responses.{name}", location, media, False)
        for name, param in components.get("parameters", {}).items():
            self.check_parameter_examples(f"parameters.{name}", ("components", "parameters", name), param)
        for name, schema in components.get("schemas", {}).items():
            self.check_schema_examples(f"schemas.{name}", ("components", "schemas", name), schema)

    def check_parameter_examples(self, where: str, location: tuple[str, ...], param: dict[str, Any]) -> None:
        if "$ref" in param or "schema" not in param:
            return
        self.check_media_examples(f"{where} {param.get('name')}", location, param, True)

    def check_schema_examples(self, where: str, location: tuple[str, ...], schema: Any) -> None:
        """Validate `example` of this schema and of every schema nested in it."""
        if not isinstance(schema, dict):
            return
        if "example" in schema and "$ref" not in schema:
            self.validate(f"{where} example", pointer(*location), schema["example"], False)
        for key in ("properties",):
            for prop, sub in schema.get(key, {}).items():
                self.check_schema_examples(f"{where}.{prop}", (*location, key, prop), sub)
        for key in ("items", "additionalProperties", "not"):
            if isinstance(schema.get(key), dict):
                self.check_schema_examples(f"{where}.{key}", (*location, key), schema[key])
        for key in ("allOf", "anyOf", "oneOf"):
            for index, sub in enumerate(schema.get(key, [])):
                self.check_schema_examples(f"{where}.{key}[{index}]", (*location, key, str(index)), sub)


def lint(spec: dict[str, Any], partial: bool = False) -> list[Problem]:
    """All problems of the document; `partial` turns links to absent operations into warnings."""
    linter = Linter(spec)
    linter.check_operations()
    linter.check_links(partial)
    linter.check_all_examples()
    return linter.problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else DEFAULT_SPEC
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    vendor_table = DEFAULT_SPEC.parent / "vendor-operations.tsv"
    expected = sum(1 for line in vendor_table.read_text().splitlines()[1:] if line and not line.startswith("#")) - 1
    partial = sum(1 for _ in operations(spec)) < expected
    problems = lint(spec, partial=partial)
    for problem in problems:
        print(problem)
    errors = sum(1 for p in problems if not p.warning)
    print(f"{path}: {errors} error(s), {len(problems) - errors} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
