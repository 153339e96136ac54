"""What the state machine draws for bodies: attribute definitions and asset value data, valid more often than not,
and near the limits the vendor checks (number bounds, allowed extensions, max characters, option codes)."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

LOCALES = (None, "en_US", "fr_FR", "de_DE", "ar_SA", "xx_XX")  # activated, activated, ..., not activated, unknown
CHANNELS = (None, "ecommerce", "mobile", "nowhere")
VALID_LOCALES, VALID_CHANNEL = ("en_US", "fr_FR"), "ecommerce"  # activated, and in that channel
OPTION_TYPES = ("single_option", "multiple_options")
TYPES = ("text", "number", "media_file", "media_link", "single_option", "multiple_options", "boolean", "date")
# the first of each is Hypothesis' simplest draw: both bounds, one extension
NUMBER_BOUNDS = ({"min_value": "1", "max_value": "10"}, {"min_value": "1"}, {"max_value": "10"}, {})
EXTENSIONS = (["jpg"], ["png"], ["jpg", "png"], [])


def attribute_body(kind: str, draw: Any, limited: bool = False) -> dict[str, Any]:
    """An attribute of this type; media_type left out at times (a media_file defaults to image, a media_link
    needs one), bounds and extensions at times (the values drawn then fall inside or outside them). `limited`: a
    limit always (bounds, an extension, a length) and no labels, for the walks about values."""
    body: dict[str, Any] = {"type": kind}
    last = -2 if limited else None  # the choices without a limit come last
    if kind == "text":
        body.update(draw(st.sampled_from([{"max_characters": 3}, {"max_characters": 10}, {}][:last])))
    elif kind == "number":
        body.update(draw(st.sampled_from(NUMBER_BOUNDS[:last])))
    elif kind == "media_file":
        body["allowed_extensions"] = draw(st.sampled_from(EXTENSIONS[:last]))
        body.update(draw(st.fixed_dictionaries({}, optional={"media_type": st.just("image")})))
    elif kind == "media_link":
        body.update(draw(st.fixed_dictionaries({}, optional={"media_type": st.sampled_from(["image", "other"])})))
    body["value_per_locale"] = draw(st.booleans())
    body["value_per_channel"] = draw(st.booleans())
    if not limited and draw(st.booleans()):
        body["labels"] = {draw(st.sampled_from(LOCALES[1:])): "A label"}
    return body


def typed_data(kind: str, draw: Any, options: list[str], media: int) -> Any:
    """A datum of the attribute's type: inside or outside its limits, an option that exists or not."""
    by_kind: dict[str, Any] = {
        "text": st.sampled_from(["ab", "a longer text", "allie_jean"]),
        "number": st.sampled_from(["0", "5", "11", "2.5", 7, "-6"]),
        "media_file": st.sampled_from([f"@media{index}@" for index in range(media)] or ["no_such_file.png"]),
        "media_link": st.sampled_from(["photo.png", "https://cdn.example.com/a.jpg"]),
        "single_option": st.sampled_from([*options, "no_such_option"]),
        "multiple_options": st.lists(st.sampled_from([*options, "no_such_option"]), max_size=2),
        "boolean": st.booleans(),
        "date": st.sampled_from(["2026-01-31T00:00:00+00:00", "yesterday"]),
    }
    return draw(by_kind.get(kind, st.just("x")))


def value_data(kind: str, draw: Any, options: list[str], media: int) -> Any:
    """typed_data, or at times data of the wrong type, or null."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from([None, 12, ["a"]]))
    return typed_data(kind, draw, options, media)
