"""The vendor's format stage: its JSON schemas judged the way Opis JSON Schema v2 judges them, errors listed the way
its `ErrorFormatter::formatFlat` and the connector's `JsonSchemaErrorsFormatter` list them (rules FORMAT-OPIS-FIRST-FAULT, FORMAT-OPIS-FLAT-LIST, FORMAT-OPIS-ITEM-PATHS).

Why a small engine of our own rather than the jsonschema package: the vendor's answer is shaped by how Opis stops,
and jsonschema reports every violation.
- Keywords run in groups: `type` first, then the keywords of the data's type in a fixed order (objects: required,
  properties, patternProperties, additionalProperties; arrays: items). The first keyword that fails ends the
  schema: so `{"labels": [], "unknown_property": 1}` reports `labels` and never reaches additionalProperties.
- `properties`, `patternProperties` and `items` check every member (at most 50 errors each, the vendor's
  `setMaxErrors(50)`) and answer one error that holds the members' errors.
- `formatFlat` lists an error, then its sub-errors depth first; the key is the data's JSON pointer, which the
  connector turns into `values.title[0].data` ("" for the root).
- Data is seen as PHP sees it after `json_decode(..., true)` and `Helper::toJSON`: an empty object, or one whose
  keys are "0", "1", ... in order, is an array.

Only the keywords the vendor's schemas use are implemented: type, required, properties, patternProperties,
additionalProperties and items.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from mock_server.domain.errors import FieldError
from mock_server.domain.request_format.json_values import json_type as plain_json_type

MAX_ERRORS = 50  # the vendor's validators call setMaxErrors(50)
_CANONICAL_INT = re.compile(r"^(0|-?[1-9][0-9]*)$")
_PHP_NUMERIC = re.compile(r"^[ \t\n\r\v\f]*[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?[ \t\n\r\v\f]*$")
_Path = tuple[str | int, ...]


@dataclass
class OpisError:
    """One Opis ValidationError: where (a data path), the message with its arguments filled in, and sub-errors."""

    path: _Path
    message: str
    sub_errors: list[OpisError] = field(default_factory=list)


class PhpObject(dict):  # type: ignore[type-arg]
    """A PHP object (`(object) []`): stays an object even when empty, as the vendor's labels and values patch."""


def php_view(value: Any) -> Any:
    """One level of the data as the vendor's validator sees it (children are converted when they are judged):
    PHP arrays with keys 0..n-1 (an empty object included) are lists. One level at a time keeps the work, and the
    recursion, as deep as the schema and not as deep as the body."""
    if isinstance(value, PhpObject) or not isinstance(value, dict):
        return value
    if value and next(iter(value))[:1] not in _INTEGER_START:  # most objects: the first key is no integer
        return value
    if all(_php_int_key(key) == index for index, key in enumerate(value)):
        return list(value.values())
    return value


_INTEGER_START = frozenset("-0123456789")


def _php_int_key(key: str) -> int | None:
    """PHP turns a canonical decimal string key into an integer key."""
    if _CANONICAL_INT.match(key) and -(2**63) <= int(key) < 2**63:
        return int(key)
    return None


def json_type(value: Any) -> str:
    """Opis' name for the data's type: as JSON names it, but a finite float without a fraction is an integer."""
    if type(value) is float and math.isfinite(value) and value.is_integer():
        return "integer"
    return _SCALAR_NAMES.get(type(value)) or plain_json_type(value)


_SCALAR_NAMES = {str: "string", type(None): "null", bool: "boolean", int: "integer", list: "array", dict: "object"}


def _type_matches(actual: str, allowed: str | list[str]) -> bool:
    if actual == allowed:  # the usual case, a type named alone
        return True
    names = [allowed] if isinstance(allowed, str) else allowed
    return actual in names or (actual == "integer" and "number" in names)


def validate(schema: dict[str, Any], data: Any, path: _Path = (), *, as_php: bool = True) -> OpisError | None:
    """The first failing keyword of `schema` for `data` (with its sub-errors), or None."""
    if as_php and type(data) is dict:  # php_view changes plain dicts only (called per value: the test is inlined)
        data = php_view(data)
    allowed = schema.get("type")
    if allowed is not None and not _type_matches(json_type(data), allowed):
        expected = ", ".join(allowed) if isinstance(allowed, list) else allowed
        return OpisError(path, f"The data ({json_type(data)}) must match the type: {expected}")
    if isinstance(data, dict):
        return _validate_object(schema, data, path)
    if isinstance(data, list) and isinstance(schema.get("items"), dict):
        return _validate_items(schema["items"], data, path)
    return None


def _validate_object(schema: dict[str, Any], data: dict[str, Any], path: _Path) -> OpisError | None:
    """Opis' object keywords in its order; the first that fails ends the schema. `checked` collects the members
    properties and patternProperties judged, which additionalProperties leaves alone."""
    checked: set[str] = set()
    for keyword in OBJECT_KEYWORD_ORDER:
        if keyword in schema and (error := OBJECT_KEYWORDS[keyword](schema[keyword], data, path, checked)):
            return error
    return None


def _required(names: list[str], data: dict[str, Any], path: _Path, checked: set[str]) -> OpisError | None:
    if missing := [name for name in names if name not in data][:MAX_ERRORS]:
        return OpisError(path, f"The required properties ({', '.join(missing)}) are missing")
    return None


def _properties(schemas: dict[str, Any], data: dict[str, Any], path: _Path, checked: set[str]) -> OpisError | None:
    failed, errors = [], []
    for name, sub_schema in schemas.items():
        if name not in data:
            continue
        checked.add(name)
        if error := validate(sub_schema, data[name], (*path, name)):
            failed.append(name)
            errors.append(error)
            if len(errors) >= MAX_ERRORS:
                break
    if errors:
        return OpisError(path, f"The properties must match schema: {', '.join(failed)}", errors)
    return None


def _pattern_properties(
    schemas: dict[str, Any], data: dict[str, Any], path: _Path, checked: set[str]
) -> OpisError | None:
    for pattern, sub_schema in schemas.items():
        search = re.compile(pattern).search  # re caches compiled patterns; the method saves the look-up per name
        matched = [name for name in data if search(name)]
        checked.update(matched)
        errors = [e for name in matched if (e := validate(sub_schema, data[name], (*path, name)))][:MAX_ERRORS]
        if errors:
            message = f"Object properties that match pattern '{pattern}' must also match pattern's schema"
            return OpisError(path, message, errors)
    return None


def _additional_properties(allowed: Any, data: dict[str, Any], path: _Path, checked: set[str]) -> OpisError | None:
    if allowed is False and (extra := [name for name in data if name not in checked]):
        return OpisError(path, f"Additional object properties are not allowed: {', '.join(extra)}")
    return None


# Looked up at each validation (a mutant of mutation/ may switch one off, as it does jsonschema's VALIDATORS).
# Each reads only the data's shape (format_errors remembers answers by shape): a keyword that reads a scalar's value
# (enum, pattern, minimum...) would need the values in format_errors' key.
OBJECT_KEYWORDS: dict[str, Callable[[Any, dict[str, Any], _Path, set[str]], OpisError | None]] = {
    "required": _required,
    "properties": _properties,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional_properties,
}
OBJECT_KEYWORD_ORDER = ("required", "properties", "patternProperties", "additionalProperties")  # Draft 2020-12's


def _validate_items(schema: dict[str, Any], data: list[Any], path: _Path) -> OpisError | None:
    errors = []
    for index, item in enumerate(data):
        if error := validate(schema, item, (*path, index)):
            errors.append(error)
            if len(errors) >= MAX_ERRORS:
                break
    return OpisError(path, "All array items must match schema", errors) if errors else None


def flat(error: OpisError | None) -> list[FieldError]:
    """`formatFlat`: the error, then each sub-error depth first, as the connector's {property, message} pairs."""
    if error is None:
        return []
    return [FieldError(property_path(error.path), error.message), *(e for sub in error.sub_errors for e in flat(sub))]


def property_path(path: _Path) -> str:
    """JsonSchemaErrorsFormatter::convertOpisPropertyPath over Opis' JSON pointer: `values.title[0].data`."""
    text = ""
    for part in path:
        segment = str(part).replace("~", "~0").replace("/", "~1")  # JsonPointer::encodePath
        text += f"[{_php_int(segment)}]" if _PHP_NUMERIC.match(segment) else f".{segment}"
    return text.lstrip(".")


def _php_int(segment: str) -> int:
    """sprintf('%d') of a numeric string (a float string is truncated)."""
    number = float(segment.strip())
    return int(number) if number == number and abs(number) < 2**63 else 0


def format_errors(
    schema: dict[str, Any], data: Any, *, root_as_php: bool = True, remember: bool = True
) -> list[FieldError]:
    """The vendor's `errors` list for `data` against one of its schemas. `root_as_php=False` keeps an empty root
    object an object (the connector's bodies are objects by the time they are judged). `remember=False` for a
    schema that reads only the top of big data (a batch's list): its shape would cost more than its judgement."""
    if not remember:
        return flat(validate(schema, data, as_php=root_as_php))
    return judged_by_shape(
        (id(schema), root_as_php), data, lambda: flat(validate(schema, data, as_php=root_as_php)), keep=schema
    )


def judged_by_shape(
    judgement: Hashable, data: Any, judge: Callable[[], list[FieldError]], *, keep: Any = None
) -> list[FieldError]:
    """`judge()`, remembered for data of the same shape under the same `judgement` (what is judged against: its
    identity and options; `keep` is an object the key names by identity, kept alive with the answer).

    Every keyword judged here reads only the data's shape: its containers, their keys in order, and the Opis type of
    each scalar, never a scalar's value; and so do the messages and paths. So the answer for one shape is the answer
    for all data of that shape, and it is remembered (issue #12: a batch's assets share a few shapes, and judging
    them was a third of an import's time). The keyword functions are part of the key: a mutant that swaps one is
    never answered from before."""
    try:
        shape = _shape(data)
    except _Unshaped:
        return judge()
    key = (judgement, tuple(OBJECT_KEYWORDS.values()), shape)
    kept = _JUDGED.get(key)
    if kept is None or kept[0] is not keep:
        if len(_JUDGED) >= _JUDGED_SIZE:
            del _JUDGED[next(iter(_JUDGED))]  # the oldest
        kept = _JUDGED[key] = (keep, judge())
    return list(kept[1])


_JUDGED: dict[tuple[Any, ...], tuple[Any, list[FieldError]]] = {}
_JUDGED_SIZE = 4096
_SHAPE_DEPTH = 8  # deeper data, or a container of more members, is judged without the memory
_SHAPE_WIDTH = 256
_SCALARS = frozenset({str, int, bool, type(None)})  # their Opis type is their Python type's


class _Unshaped(Exception):
    """Data this memory does not take (too deep, too wide, or of a type JSON does not decode to)."""


def _shape(value: Any, depth: int = 0) -> Any:
    """What the judgement depends on (see format_errors), hashable."""
    kind = type(value)
    if kind is dict or kind is PhpObject:
        if depth >= _SHAPE_DEPTH or len(value) > _SHAPE_WIDTH:
            raise _Unshaped
        return kind, tuple([(name, _shape(item, depth + 1)) for name, item in value.items()])
    if kind is list:
        if depth >= _SHAPE_DEPTH or len(value) > _SHAPE_WIDTH:
            raise _Unshaped
        return kind, tuple([_shape(item, depth + 1) for item in value])
    if kind is float:
        return json_type(value)  # integral floats are Opis integers
    if kind in _SCALARS:
        return kind
    raise _Unshaped
