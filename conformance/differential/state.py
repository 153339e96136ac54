"""What every rule module of the state machine shares: the bundles, and the machine's state (the sequence, the
attributes and options it created, the uploads) with the helpers that send a call and draw from that state."""

from __future__ import annotations

import io
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine

from conformance.differential.sequence import Session
from conformance.differential.sides import Call
from conformance.differential.values import CHANNELS, LOCALES, VALID_CHANNEL, VALID_LOCALES, value_data

API = "/api/rest/v1"
FAMILIES = Bundle("families")
ASSETS = Bundle("assets")
UPLOADS = Bundle("uploads")
BULKY_CALLS = 2  # per sequence: what they cost stays bounded


class MachineState(RuleBasedStateMachine):
    """A sequence's state. Codes are the same on both sides (each sequence has tenants of its own), under the run
    prefix and the sequence number."""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.seq = session.open()
        self.writes = not session.target.read_only
        self.on_mock = session.target.tenant is not None
        self.specs: dict[tuple[str, str], dict[str, Any]] = {}  # (family, attribute) -> the last body sent
        self.option_codes: dict[tuple[str, str], list[str]] = {}
        self.uploaded = 0
        self.bulky = 0  # calls of a hundred items (attributes, options, batch entries) so far: BULKY_CALLS at most

    def teardown(self) -> None:
        self.seq.close()

    def send(self, method: str, path: str, body: Any = None, **call: Any) -> Any:
        target, _ = self.seq.call(Call(method, f"{API}{path}", body, **call))
        return target

    def upload_image(self, stem: str, kind: str) -> int:
        """A small image made in memory (PNG or JPEG), uploaded; its index names it in later calls (@mediaN@)."""
        from PIL import Image  # a few hundred bytes each

        buffer = io.BytesIO()
        Image.new("RGB", (4 + self.uploaded, 3), (200, 30 * self.uploaded % 255, 10)).save(buffer, kind)
        suffix = "png" if kind == "PNG" else "jpg"
        upload = (f"{stem}.{suffix}", buffer.getvalue(), f"image/{suffix}")
        self.seq.call(Call("POST", f"{API}/asset-media-files", upload=upload))
        self.uploaded += 1
        return self.uploaded - 1

    def attribute(self, data: st.DataObject) -> tuple[str, str]:
        return data.draw(st.sampled_from(sorted(self.specs)))

    def held_option(self, data: st.DataObject) -> tuple[str, str, str]:
        held = sorted((*attribute, name) for attribute, names in self.option_codes.items() for name in names)
        return data.draw(st.sampled_from(held))

    def asset_body(self, family: str, code: str, draw: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"code": code}
        values: dict[str, list[dict[str, Any]]] = {}
        known = [key for key in self.specs if key[0] == family]
        for _, attribute in (
            draw(st.lists(st.sampled_from(known), min_size=1, max_size=3, unique=True)) if known else []
        ):
            values[attribute] = [self.entry(family, attribute, draw)]
        if draw(st.integers(0, 9)) == 0:
            values["no_such_attribute"] = [{"locale": None, "channel": None, "data": "x"}]
        if values:
            body["values"] = values
        if draw(st.integers(0, 3)) == 0:  # one fault of the body's shape: a code unlike the URL's, an unknown field
            body.update(draw(st.sampled_from([{"code": code + "_x"}, {"colour": "red"}, {"values": [1]}])))
        return body

    def entry(self, family: str, attribute: str, draw: Any, data: Any = None) -> dict[str, Any]:
        """One value entry of the attribute: a locale and channel as it takes them (or not, at times); with the
        data given, a locale and channel it takes more often than not, so that the data's own checks are reached."""
        spec = self.specs[(family, attribute)]
        options = self.option_codes.get((family, attribute), [])
        if data is not None:  # at times a locale a localizable value cannot have (none, unknown)
            locale = draw(st.sampled_from([*VALID_LOCALES, None, "xx_XX"])) if spec.get("value_per_locale") else None
            channel = VALID_CHANNEL if spec.get("value_per_channel") else None
            return {"locale": locale, "channel": channel, "data": data}
        localised = spec.get("value_per_locale") or draw(st.integers(0, 3)) == 0
        locale = draw(st.sampled_from(LOCALES)) if localised else None
        channel = draw(st.sampled_from(CHANNELS)) if spec.get("value_per_channel") else None
        return {"locale": locale, "channel": channel, "data": value_data(spec["type"], draw, options, self.uploaded)}
