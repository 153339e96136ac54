"""Asset family transformations: the rules of each transformation, of its operations, and across the family's list."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mock_server.domain.errors import ErrorCollector

MAX_TRANSFORMATIONS = 10
_FILENAME_AFFIX = re.compile(r"[A-Za-z0-9_\-. ]*")


@dataclass(frozen=True)
class _Operation:
    """The parameters one operation type takes: each with its check, the required ones, and 'at least one of'."""

    parameters: Mapping[str, tuple[Any, ...]]  # name -> ("positive",) | ("range", low, high) | ("one_of", *values)
    required: frozenset[str] = frozenset()
    at_least_one: frozenset[str] = field(default_factory=frozenset)


_POSITIVE = ("positive",)
OPERATIONS: Mapping[str, _Operation] = {
    "thumbnail": _Operation({"width": _POSITIVE, "height": _POSITIVE}, frozenset({"width", "height"})),
    "scale": _Operation(
        {"width": _POSITIVE, "height": _POSITIVE, "ratio": _POSITIVE},
        at_least_one=frozenset({"width", "height", "ratio"}),
    ),
    "colorspace": _Operation({"colorspace": ("one_of", "rgb", "grey")}, frozenset({"colorspace"})),
    "resolution": _Operation(
        {"resolution-x": _POSITIVE, "resolution-y": _POSITIVE, "resolution-unit": ("one_of", "ppi", "ppc")},
        frozenset({"resolution-x", "resolution-y", "resolution-unit"}),
    ),
    "resize": _Operation({"width": _POSITIVE, "height": _POSITIVE}, frozenset({"width", "height"})),
    "optimize_jpeg": _Operation({"quality": ("range", 1, 99)}, frozenset({"quality"})),
}


def check_transformations(
    errors: ErrorCollector,
    transformations: Sequence[dict[str, Any]],
    *,
    attributes: Mapping[str, dict[str, Any]],
    activated_locales: frozenset[str],
    locales: frozenset[str],
    channels: frozenset[str],
) -> None:
    """Every rule on the family's `transformations`, each fault added to `errors`."""
    if len(transformations) > MAX_TRANSFORMATIONS:
        errors.add(
            "transformations",
            f"An asset family can have at most {MAX_TRANSFORMATIONS} transformations, {len(transformations)} given.",
        )
    for index, transformation in enumerate(transformations):
        path = f"transformations[{index}]"
        for side in ("source", "target"):
            _check_file(
                errors,
                f"{path}.{side}",
                transformation.get(side) or {},
                attributes,
                activated_locales,
                locales,
                channels,
            )
        _check_filename(errors, path, transformation)
        _check_operations(errors, path, transformation)
    _check_across(errors, transformations)


def check_value_coordinates(
    errors: ErrorCollector,
    path: str,
    subject: str,
    attribute: Mapping[str, Any] | None,
    locale: Any,
    channel: Any,
    *,
    activated_locales: frozenset[str],
    locales: frozenset[str],
    channels: frozenset[str],
) -> None:
    """`locale` / `channel` are null unless the attribute (None: the asset code) is localizable / scopable, then an
    activated locale / an existing channel. `subject` names the attribute in messages ('The attribute "x"')."""
    if attribute is not None and attribute.get("value_per_locale"):
        if locale is None:
            errors.add(f"{path}.locale", f"{subject} is localizable: a locale is expected.")
        elif locale not in activated_locales:
            errors.add(f"{path}.locale", locale_message(locale, locales))
    elif locale is not None:
        errors.add(f"{path}.locale", f'{subject} is not localizable: the locale must be null, "{locale}" given.')
    if attribute is not None and attribute.get("value_per_channel"):
        if channel is None:
            errors.add(f"{path}.channel", f"{subject} is scopable: a channel is expected.")
        elif channel not in channels:
            errors.add(f"{path}.channel", f'The channel "{channel}" does not exist.')
    elif channel is not None:
        errors.add(f"{path}.channel", f'{subject} is not scopable: the channel must be null, "{channel}" given.')


def locale_message(locale: str, locales: frozenset[str]) -> str:
    """Why `locale` cannot be used: it exists but is not activated, or it does not exist."""
    if locale in locales:
        return f'The locale "{locale}" is not activated.'
    return f'The locale "{locale}" does not exist or is not activated.'


def _check_file(
    errors: ErrorCollector,
    path: str,
    file: Mapping[str, Any],
    attributes: Mapping[str, dict[str, Any]],
    activated_locales: frozenset[str],
    locales: frozenset[str],
    channels: frozenset[str],
) -> None:
    """A source or target: a media_file attribute of the family, with the locale and channel it needs."""
    code = file.get("attribute")
    attribute = attributes.get(code) if isinstance(code, str) else None
    if attribute is None:
        errors.add(f"{path}.attribute", f'The attribute "{code}" does not exist in the asset family.')
        return
    if attribute.get("type") != "media_file":
        errors.add(
            f"{path}.attribute",
            f'The attribute "{code}" is a {attribute.get("type")} attribute: transformations take media_file '
            "attributes only.",
        )
        return
    check_value_coordinates(
        errors,
        path,
        f'The attribute "{code}"',
        attribute,
        file.get("locale"),
        file.get("channel"),
        activated_locales=activated_locales,
        locales=locales,
        channels=channels,
    )


def _check_filename(errors: ErrorCollector, path: str, transformation: Mapping[str, Any]) -> None:
    """At least one of prefix and suffix, each made of letters, digits, `_`, `-`, `.` and spaces."""
    for key, name in (("filename_prefix", "prefix"), ("filename_suffix", "suffix")):
        affix = transformation.get(key)
        if affix is not None and not (isinstance(affix, str) and _FILENAME_AFFIX.fullmatch(affix)):
            errors.add(
                f"{path}.{key}",
                f'The filename {name} "{affix}" may only contain letters, digits, "_", "-", "." and spaces.',
            )
    if not transformation.get("filename_prefix") and not transformation.get("filename_suffix"):
        errors.add(
            path,
            f'The transformation "{transformation.get("label")}" needs a non-empty filename_prefix or '
            "filename_suffix: its file cannot take the name of its source file.",
        )


def _check_operations(errors: ErrorCollector, path: str, transformation: Mapping[str, Any]) -> None:
    """At least one operation, each type once, each with valid parameters."""
    label = transformation.get("label")
    operations = transformation.get("operations") or []
    if not operations:
        errors.add(f"{path}.operations", f'The transformation "{label}" needs at least one operation.')
    seen: set[str] = set()
    for index, operation in enumerate(operations):
        operation_path = f"{path}.operations[{index}]"
        kind = operation.get("type")
        if kind in seen:
            errors.add(
                f"{operation_path}.type", f'The operation "{kind}" appears twice in the transformation "{label}".'
            )
        seen.add(kind)
        _check_operation(errors, operation_path, kind, operation.get("parameters"))


def _check_operation(errors: ErrorCollector, path: str, kind: Any, parameters: Any) -> None:
    spec = OPERATIONS.get(kind) if isinstance(kind, str) else None
    if spec is None:
        supported = ", ".join(f'"{name}"' for name in OPERATIONS)
        errors.add(f"{path}.type", f'The operation "{kind}" is not supported: use one of {supported}.')
        return
    if not isinstance(parameters, dict):
        errors.add(f"{path}.parameters", f'The parameters of the operation "{kind}" must be an object.')
        return
    for name in parameters.keys() - spec.parameters.keys():
        errors.add(f"{path}.parameters.{name}", f'The operation "{kind}" has no parameter "{name}".')
    for name in sorted(spec.required - parameters.keys()):
        errors.add(f"{path}.parameters.{name}", f'The operation "{kind}" needs the parameter "{name}".')
    if spec.at_least_one and not spec.at_least_one & parameters.keys():
        names = ", ".join(f'"{name}"' for name in sorted(spec.at_least_one))
        errors.add(f"{path}.parameters", f'The operation "{kind}" needs at least one of the parameters {names}.')
    for name, check in spec.parameters.items():
        if name in parameters:
            message = _parameter_fault(name, check, parameters[name])
            if message:
                errors.add(f"{path}.parameters.{name}", message)


def _parameter_fault(name: str, check: tuple[Any, ...], value: Any) -> str | None:
    shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    is_integer = isinstance(value, int) and not isinstance(value, bool)
    if check[0] == "positive" and not (is_integer and value > 0):
        return f'The parameter "{name}" must be an integer greater than 0, "{shown}" given.'
    if check[0] == "range" and not (is_integer and check[1] <= value <= check[2]):
        return f'The parameter "{name}" must be an integer from {check[1]} to {check[2]}, "{shown}" given.'
    if check[0] == "one_of" and value not in check[1:]:
        allowed = " or ".join(f'"{option}"' for option in check[1:])
        return f'The parameter "{name}" must be {allowed}, "{shown}" given.'
    return None


def _value_key(file: Any) -> tuple[Any, Any, Any]:
    file = file if isinstance(file, Mapping) else {}
    return file.get("attribute"), file.get("channel"), file.get("locale")


def _describe_value(key: tuple[Any, Any, Any]) -> str:
    """A value for messages: `"thumbnail"`, `"variations" (channel "print")`, `"x" (channel "a", locale "b")`."""
    attribute, channel, locale = key
    where = [f'{name} "{value}"' for name, value in (("channel", channel), ("locale", locale)) if value is not None]
    return f'"{attribute}"' + (f" ({', '.join(where)})" if where else "")


def _check_across(errors: ErrorCollector, transformations: Sequence[Mapping[str, Any]]) -> None:
    """No shared target, no shared target file name, no source that is a target (the transformation's own included)."""
    labels = [t.get("label") for t in transformations]
    targets: dict[tuple[Any, Any, Any], int] = {}
    filenames: dict[tuple[Any, ...], int] = {}
    for index, transformation in enumerate(transformations):
        target = _value_key(transformation.get("target"))
        if target in targets:
            errors.add(
                f"transformations[{index}].target",
                f'The transformations "{labels[targets[target]]}" and "{labels[index]}" have the same target '
                f"{_describe_value(target)}.",
            )
        targets.setdefault(target, index)
        source = _value_key(transformation.get("source"))
        filename = (source, transformation.get("filename_prefix") or "", transformation.get("filename_suffix") or "")
        if filename in filenames:
            errors.add(
                f"transformations[{index}]",
                f'The transformations "{labels[filenames[filename]]}" and "{labels[index]}" would give their files '
                f"the same name: same source {_describe_value(source)}, same filename prefix and suffix.",
            )
        filenames.setdefault(filename, index)
    for index, transformation in enumerate(transformations):
        source = _value_key(transformation.get("source"))
        producer = targets.get(source)
        if producer is None:
            continue
        if producer == index:
            message = f'The transformation "{labels[index]}" has the same source and target {_describe_value(source)}.'
        else:
            message = (
                f'The source {_describe_value(source)} of the transformation "{labels[index]}" is the target of '
                f'the transformation "{labels[producer]}".'
            )
        errors.add(f"transformations[{index}].source", message)
