"""Asset family transformations: the rules of each transformation, of its operations, and across the family's list.

STRUCTURE-TRANSFORMATION-RULES: the vendor's business stage (TransformationValidator, the Operation classes of
Domain/Model/AssetFamily/Transformation, TransformationCollection and the collection-level validators), with its
property paths (`transformations[0][operations][1]`) and messages, one per fault, in its order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from mock_server.domain.errors import ErrorCollector
from mock_server.domain.shared.types import MEDIA_FILE
from mock_server.domain.shared.value_coordinates import ASSET_CHANNEL, ASSET_LOCALE, EXPECTED, UNEXPECTED, presence

MAX_TRANSFORMATIONS = 10  # ThereShouldBeLessTransformationThanLimit
_FILENAME_AFFIX = re.compile(r"[A-Za-z0-9_\-. ]*")  # the vendor's /^[\w\-\. ]*$/ without the u flag
# sic: the vendor says "prefix" for the suffix too.
_AFFIX_MESSAGE = (
    "Filename prefix contains illegal character. Allowed characters are alphanumerics, '_', '-', '.', and space."
)
_NO_AFFIX = (
    "You should have at least either the properties filename_prefix or filename_suffix and one of them should not "
    "be empty strings."
)
_TRANSFORMATION_KEYS = ("label", "source", "target", "operations", "filename_prefix", "filename_suffix", "updated_at")
_OPERATION_KEYS = ("type", "parameters")
Params = Mapping[str, Any]


class _Refused(Exception):
    """The first fault of an operation's parameters (the vendor builds the operation and reports its exception)."""


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise _Refused(message)


def _no_extra(parameters: Params, allowed: tuple[str, ...]) -> None:
    extra = [name for name in parameters if name not in allowed]
    _require(not extra, " ".join(f'The property "{name}" was not expected.' for name in extra))


def _optional_integers(parameters: Params, names: tuple[str, ...]) -> None:
    for name in names:
        value = parameters.get(name)
        _require(value is None or _is_int(value), f'Parameter "{name}" must be an integer.')


def _at_least_one_positive(kind: str, parameters: Params, names: tuple[str, ...]) -> None:
    if all(parameters.get(name) is None for name in names):
        quoted = [f"'{name}'" for name in names]
        listed = f"{', '.join(quoted[:-1])} and {quoted[-1]}"
        raise _Refused(
            f"No parameter is provided for '{kind}' operation. At least one of parameter {listed} must be defined."
        )
    for name in names:
        value = parameters.get(name)
        _require(value is None or value > 0, f'Parameter "{name}" must be greater than 0, "{value}" given.')


def _thumbnail(parameters: Params) -> None:
    _optional_integers(parameters, ("width", "height"))
    _no_extra(parameters, ("width", "height"))
    _at_least_one_positive("thumbnail", parameters, ("width", "height"))


def _scale(parameters: Params) -> None:
    _optional_integers(parameters, ("width", "height", "ratio"))
    _no_extra(parameters, ("width", "height", "ratio"))
    _at_least_one_positive("scale", parameters, ("width", "height", "ratio"))


def _colorspace(parameters: Params) -> None:
    _require("colorspace" in parameters, "The parameter 'colorspace' is required for the colorspace operation.")
    value = parameters["colorspace"]
    _require(isinstance(value, str), "Parameter 'colorspace' must be a string.")
    _no_extra(parameters, ("colorspace",))
    listed = ", ".join(COLORSPACES)
    _require(value in COLORSPACES, f"Parameter 'colorspace' must be one of this values: '{listed}'. '{value}' given.")


def _resolution(parameters: Params) -> None:
    missing = (
        "The parameters 'resolution-x', 'resolution-y' and 'resolution-unit' are required for the resolution operation."
    )
    for name in ("resolution-x", "resolution-y", "resolution-unit"):
        _require(name in parameters, missing)
    _require(isinstance(parameters["resolution-unit"], str), "Parameter 'resolution-unit' must be a string.")
    for name in ("resolution-x", "resolution-y"):
        _require(_is_int(parameters[name]), f"Parameter '{name}' must be an integer.")
    _no_extra(parameters, ("resolution-x", "resolution-y", "resolution-unit"))
    unit = parameters["resolution-unit"]
    _require(
        unit in ("ppc", "ppi"), f"Parameter 'resolution-unit' must be one of this values: 'ppc, ppi'. '{unit}' given."
    )
    for name in ("resolution-x", "resolution-y"):
        value = parameters[name]
        _require(value > 0, f"Parameter '{name}' must be an integer greater than 0. '{value}' given.")


def _resize(parameters: Params) -> None:
    for name in ("width", "height"):
        _require(name in parameters, "The parameters 'width' and 'height' are required for the resize operation.")
        _require(_is_int(parameters[name]), f"Parameter '{name}' must be an integer.")
    _no_extra(parameters, ("width", "height"))
    # FAM-OPERATION-CMYK-RESIZE-ANY-SIZE: any integer, as the vendor's ResizeOperation; a side below 1 fails when the
    # transformation runs (TRANSFORMATION-RESIZE-NOT-POSITIVE, domain/automation/transformations/engine.py), as its image library does.


def _optimize_jpeg(parameters: Params) -> None:
    _require("quality" in parameters, "The parameter 'quality' is required for the optimize jpeg operation.")
    _require(_is_int(parameters["quality"]), "Parameter 'quality' must be an integer.")
    _no_extra(parameters, ("quality",))
    _require(1 <= parameters["quality"] <= 100, "Parameter 'quality' must be between 1 and 100.")


def _icc_strip(parameters: Params) -> None:
    """STRUCTURE-TRANSFORMATION-ICC-STRIP: the vendor's IccStripOperation ignores its parameters."""


# FAM-OPERATION-CMYK-RESIZE-ANY-SIZE: ColorspaceOperation::COLORSPACE_CHOICES, in its order (cmyk at run time:
# TRANSFORMATION-COLORSPACE-CMYK, domain/automation/transformations/engine.py).
COLORSPACES = ("grey", "cmyk", "rgb")
# FAM-OPERATION-PARAMETERS: each operation's parameter ranges, checked by its function below
# Operation type -> the vendor's constructor checks, in its order; the engine (engine.py) applies each.
OPERATIONS: Mapping[str, Callable[[Params], None]] = {
    "thumbnail": _thumbnail,
    "scale": _scale,
    "colorspace": _colorspace,
    "resolution": _resolution,
    "resize": _resize,
    "optimize_jpeg": _optimize_jpeg,
    "icc_strip": _icc_strip,
}


def check_transformations(
    errors: ErrorCollector,
    transformations: Sequence[Any],
    *,
    attributes: Mapping[str, dict[str, Any]],
    activated_locales: frozenset[str],
    locales: frozenset[str],
    channels: frozenset[str],
) -> None:
    """Every rule on the family's `transformations`, each fault added to `errors`: each transformation in turn, then
    the collection (same target, limit, source that is a target, same file name)."""
    for index, transformation in enumerate(transformations):
        path = f"transformations[{index}]"
        if not isinstance(transformation, Mapping):
            errors.add(path, "This value should be of type array.")
            continue
        _check_transformation(errors, path, transformation, attributes, activated_locales, channels)
    items = [item for item in transformations if isinstance(item, Mapping)]
    _check_across(errors, items)


def locale_message(locale: str, locales: frozenset[str]) -> str:
    """Why `locale` cannot be used: it exists but is not activated, or it does not exist."""
    if locale in locales:
        return f'The locale "{locale}" is not activated.'
    return f'The locale "{locale}" does not exist or is not activated.'


def _check_transformation(
    errors: ErrorCollector,
    path: str,
    transformation: Mapping[str, Any],
    attributes: Mapping[str, dict[str, Any]],
    activated_locales: frozenset[str],
    channels: frozenset[str],
) -> None:
    """The vendor's Collection constraint, field by field, then the file name rule."""
    for key in _TRANSFORMATION_KEYS:
        value = transformation.get(key)
        if key not in transformation:
            if key in ("label", "source", "target", "operations"):
                errors.add(f"{path}[{key}]", "This field is missing.")
        elif key == "label" and not (isinstance(value, str) and value.strip()):
            errors.add(f"{path}[label]", "This value should not be blank.")
        elif key in ("source", "target"):
            _check_file(errors, f"{path}[{key}]", key, value, attributes, activated_locales, channels)
        elif key == "operations":
            _check_operations(errors, f"{path}[operations]", value)
        elif key in ("filename_prefix", "filename_suffix") and value is not None:
            if not isinstance(value, str):
                errors.add(f"{path}[{key}]", "This value should be of type string.")
            elif not _FILENAME_AFFIX.fullmatch(value):
                errors.add(f"{path}[{key}]", _AFFIX_MESSAGE)
    for key in transformation:
        if key not in _TRANSFORMATION_KEYS:
            errors.add(f"{path}[{key}]", "This field was not expected.")
    if not transformation.get("filename_prefix") and not transformation.get("filename_suffix"):
        errors.add(path, _NO_AFFIX)


def _check_file(
    errors: ErrorCollector,
    path: str,
    side: str,
    file: Any,
    attributes: Mapping[str, dict[str, Any]],
    activated_locales: frozenset[str],
    channels: frozenset[str],
) -> None:
    """A source or target: a media_file attribute of the family with the channel and locale it needs (the vendor's
    RawSourceExist / RawTargetExist report the first fault only)."""
    if not isinstance(file, Mapping):
        errors.add(path, "This value should be of type array.")
        return
    locale, channel = file.get("locale"), file.get("channel")
    if locale is not None and locale not in activated_locales:
        errors.add(f"{path}[locale]", f'The locale "{locale}" is not activated.')
    if channel is not None and channel not in channels:
        errors.add(f"{path}[channel]", f'The channel "{channel}" does not exist.')
    code = file.get("attribute")
    attribute = attributes.get(code) if isinstance(code, str) else None
    if attribute is None:
        errors.add(path, f'The attribute "{code}" does not exist for this asset family')
    elif attribute.get("type") != MEDIA_FILE:
        errors.add(path, f"The {side} attribute should be of type media file.")
    else:
        fault = coordinates_fault(str(code), attribute, channel, locale)
        if fault:
            errors.add(path, fault)


def coordinates_fault(code: str, attribute: Mapping[str, Any], channel: Any, locale: Any) -> str | None:
    """The vendor's Source/Target rule on channel then locale, first fault only."""
    for flag, name, reference, noun in (
        (ASSET_CHANNEL, "scopable", channel, "channel"),
        (ASSET_LOCALE, "localizable", locale, "locale"),
    ):
        fault = presence(attribute, flag, reference)
        if fault == EXPECTED:
            return f'Attribute "{code}" is {name}, you must define a {noun}'
        if fault == UNEXPECTED:
            return f'Attribute "{code}" is not {name}, you cannot define a {noun}'
    return None


def _check_operations(errors: ErrorCollector, path: str, operations: Any) -> None:
    """At least one operation, each known and well built (one fault each), each type once."""
    if not isinstance(operations, list):
        errors.add(path, "This value should be of type array.")
        return
    if not operations:
        errors.add(path, "At least one transformation operation is required.")
        return
    for index, operation in enumerate(operations):
        _check_operation(errors, f"{path}[{index}]", operation)
    kinds = [operation.get("type") for operation in operations if isinstance(operation, Mapping)]
    # FAM-OPERATION-ONCE
    for kind in dict.fromkeys(kind for kind in kinds if kinds.count(kind) > 1):
        errors.add(path, f'The operation "{kind}" cannot be defined twice in a single transformation')


def _check_operation(errors: ErrorCollector, path: str, operation: Any) -> None:
    if not isinstance(operation, Mapping):
        errors.add(path, "This value should be of type array.")
        return
    extra = [key for key in operation if key not in _OPERATION_KEYS]
    for key in extra:
        errors.add(f"{path}[{key}]", f'The property "{key}" was not expected.')
    kind, parameters = operation.get("type"), operation.get("parameters")
    if kind is None:
        errors.add(f"{path}[type]", "This value should not be null.")
        return
    if parameters is not None and not isinstance(parameters, Mapping):
        errors.add(f"{path}[parameters]", "This value should be of type array.")
        return
    check = OPERATIONS.get(kind) if isinstance(kind, str) else None
    if check is None:
        errors.add(path, f'Operation "{kind}" is unknown.')
        return
    try:
        check(parameters or {})
    except _Refused as refusal:
        errors.add(path, str(refusal))


def _value_key(file: Any) -> tuple[Any, Any, Any]:
    file = file if isinstance(file, Mapping) else {}
    return file.get("attribute"), file.get("channel"), file.get("locale")


def _check_across(errors: ErrorCollector, transformations: Sequence[Mapping[str, Any]]) -> None:
    """The collection's rules, on `transformations`, in the vendor's order: each is a public function, so a rule
    can be found (and switched off by a mutant) by its id."""
    check_target_unique(errors, transformations)
    check_transformations_max(errors, transformations)
    check_source_not_target(errors, transformations)
    check_filename_unique(errors, transformations)


def check_target_unique(errors: ErrorCollector, transformations: Sequence[Mapping[str, Any]]) -> None:
    """FAM-TRANSFORMATION-TARGET-UNIQUE: no two transformations write the same target value."""
    targets = [_value_key(t.get("target")) for t in transformations]
    if len(set(targets)) < len(targets):
        errors.add("transformations", "Two transformations cannot have the same target.")


def check_transformations_max(errors: ErrorCollector, transformations: Sequence[Mapping[str, Any]]) -> None:
    """FAM-TRANSFORMATIONS-MAX: at most MAX_TRANSFORMATIONS (ThereShouldBeLessTransformationThanLimit)."""
    if len(transformations) > MAX_TRANSFORMATIONS:
        errors.add("transformations", f"You have reached the limit of {MAX_TRANSFORMATIONS} transformations")


def check_source_not_target(errors: ErrorCollector, transformations: Sequence[Mapping[str, Any]]) -> None:
    """FAM-TRANSFORMATION-SOURCE-NOT-TARGET: no source is the target of a transformation (its own included)."""
    targets = [_value_key(t.get("target")) for t in transformations]
    for transformation in transformations:
        source = _value_key(transformation.get("source"))
        if source in targets:
            errors.add(
                "transformations",
                f'The attribute source "{source[0]}" can not be an attribute target of a transformation.',
            )


def check_filename_unique(errors: ErrorCollector, transformations: Sequence[Mapping[str, Any]]) -> None:
    """FAM-TRANSFORMATION-FILENAME-UNIQUE: one source, prefix and suffix make one target file name."""
    seen: set[tuple[Any, ...]] = set()
    for transformation in transformations:
        source = _value_key(transformation.get("source"))
        prefix, suffix = transformation.get("filename_prefix") or "", transformation.get("filename_suffix") or ""
        if (source, prefix, suffix) in seen:
            errors.add(
                "transformations",
                f'A transformation with filename\'s prefix "{prefix}" and suffix "{suffix}" already exists for '
                f'attribute source "{source[0]}"',
            )
        seen.add((source, prefix, suffix))
