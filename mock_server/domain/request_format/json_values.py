"""Decoded JSON values as the vendor's messages and checks see them: the name of a value's type, and a value read
as a finite number."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

_TYPE_NAMES = (
    (bool, "boolean"),
    (int, "integer"),
    (float, "number"),
    (str, "string"),
    (list, "array"),
    (dict, "object"),
)


_EXACT_NAMES = {type(None): "null", **{kind: name for kind, name in _TYPE_NAMES}}  # what json.loads gives: one look-up


def json_type(value: Any) -> str:
    """The JSON name of a decoded value's type, for messages (bool before int: True is an int in Python)."""
    name = _EXACT_NAMES.get(type(value))
    if name is not None:
        return name
    return next((name for kind, name in _TYPE_NAMES if isinstance(value, kind)), type(value).__name__)


def json_copy(value: Any) -> Any:
    """A copy of decoded JSON (dicts, lists, scalars) that shares nothing mutable with it; several times faster than
    copy.deepcopy, which keeps a memo for shapes JSON cannot have."""
    kind = type(value)
    if kind is dict:
        return {key: json_copy(item) for key, item in value.items()}
    if kind is list:
        return [json_copy(item) for item in value]
    return value


def finite_decimal(value: Any) -> Decimal | None:
    """A JSON number or numeric string as a finite Decimal; anything else (booleans, null, NaN, text) is None."""
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None
