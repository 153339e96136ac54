"""The state machine's calls on asset attributes and their options: created (and read back), changed, listed, a
hundred of them, and an option deleted under an asset that holds it."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import multiple, precondition, rule

from conformance.differential.state import ASSETS, BULKY_CALLS, FAMILIES, MachineState
from conformance.differential.values import LOCALES, OPTION_TYPES, TYPES, attribute_body, typed_data

ITEM_LIMIT = 100  # attributes per family, options per attribute


class AttributeRules(MachineState):
    @precondition(lambda self: self.writes)
    @rule(family=FAMILIES, kind=st.sampled_from(TYPES), index=st.integers(0, 1), data=st.data())
    def new_attribute(self, family: str, kind: str, index: int, data: st.DataObject) -> None:
        self.create_attribute(family, kind, index, data)

    def create_attribute(
        self, family: str, kind: str, index: int, data: st.DataObject, limited: bool = False
    ) -> tuple[str, str]:
        """The attribute, then read back: what the server filled in (a default media_type) shows."""
        code = f"{kind}_{index}"
        body = {"code": code, **attribute_body(kind, data.draw, limited)}
        path = f"/asset-families/{family}/attributes/{code}"
        self.send("PATCH", path, body)
        self.send("GET", path)
        self.specs.setdefault((family, code), body)
        return family, code

    @precondition(lambda self: self.writes and self.specs)
    @rule(data=st.data(), change=st.sampled_from(["type", "value_per_locale", "value_per_channel", "bad"]))
    def change_attribute(self, data: st.DataObject, change: str) -> None:
        attribute = self.attribute(data)
        family, code = attribute
        body: dict[str, Any] = {"code": code}
        if change == "type":
            body["type"] = "boolean" if self.specs[attribute]["type"] != "boolean" else "text"
        elif change == "bad":
            body.update({"max_characters": "many", "colour": "red"})
        else:
            body[change] = not self.specs[attribute].get(change, False)
        self.send("PATCH", f"/asset-families/{family}/attributes/{code}", body)

    @rule(family=FAMILIES, one=st.booleans(), data=st.data())
    def read_attributes(self, family: str, one: bool, data: st.DataObject) -> None:
        if one and self.specs:
            attribute = self.attribute(data)
            self.send("GET", f"/asset-families/{attribute[0]}/attributes/{attribute[1]}")
        else:
            self.send("GET", f"/asset-families/{family}/attributes")

    @precondition(lambda self: self.writes and self.bulky < BULKY_CALLS)
    @rule(family=FAMILIES)
    def one_attribute_too_many(self, family: str) -> None:
        self.bulky += 1
        for index in range(ITEM_LIMIT + 1):
            self.send(
                "PATCH", f"/asset-families/{family}/attributes/t{index:03}", {"code": f"t{index:03}", "type": "text"}
            )

    @precondition(lambda self: self.writes)
    @rule(
        target=ASSETS, family=FAMILIES, kind=st.sampled_from(TYPES), name=st.sampled_from(["a1", "b1"]), data=st.data()
    )
    def value_of_a_new_attribute(self, family: str, kind: str, name: str, data: st.DataObject) -> Any:
        """An attribute (read back), its options, then one value of its type inside or outside what it allows
        (bounds, extensions, length, options), and the asset read: the value rules one at a time, where a body of
        many values hides all but the first fault."""
        attribute = self.create_attribute(family, kind, 2, data, limited=True)
        if kind in OPTION_TYPES:
            for option in ("s", "m"):
                self.create_option(attribute, option, None)
        if kind == "media_file":  # a file of its own, of an extension the attribute allows or not
            datum: Any = f"@media{self.upload_image('photo_1', data.draw(st.sampled_from(['PNG', 'JPEG'])))}@"
        else:
            datum = typed_data(kind, data.draw, self.option_codes.get(attribute, []), self.uploaded)
        code = attribute[1]
        body = {"code": name, "values": {code: [self.entry(family, code, data.draw, datum)]}}
        path = f"/asset-families/{family}/assets/{name}"
        if self.send("PATCH", path, body).status >= 400:
            return multiple()
        self.send("GET", path)
        return family, name

    def create_option(self, attribute: tuple[str, str], name: str, locale: str | None) -> None:
        family, code = attribute
        body: dict[str, Any] = {"code": name}
        if locale is not None:
            body["labels"] = {locale: name.upper()}
        answer = self.send("PATCH", f"/asset-families/{family}/attributes/{code}/options/{name}", body)
        # only an option both sides hold is worth holding: the rules that reuse it (a value, a delete under an
        # asset) then reach their own checks instead of a refused option (a text attribute has none)
        if answer.status < 300 and name not in self.option_codes.setdefault(attribute, []):
            self.option_codes[attribute].append(name)

    @precondition(lambda self: self.writes and self.specs)
    @rule(data=st.data(), name=st.sampled_from(["s", "m", "l"]), locale=st.sampled_from(LOCALES))
    def new_option(self, data: st.DataObject, name: str, locale: str | None) -> None:
        self.create_option(self.attribute(data), name, locale)

    @precondition(lambda self: self.writes and self.specs and self.bulky < BULKY_CALLS)
    @rule(data=st.data())
    def one_option_too_many(self, data: st.DataObject) -> None:
        self.bulky += 1
        family, code = self.attribute(data)
        for index in range(ITEM_LIMIT + 1):
            name = f"o{index:03}"
            self.send("PATCH", f"/asset-families/{family}/attributes/{code}/options/{name}", {"code": name})

    @precondition(lambda self: any(self.option_codes.values()))
    @rule(data=st.data(), listed=st.booleans())
    def read_options(self, data: st.DataObject, listed: bool) -> None:
        family, code, name = self.held_option(data)
        path = f"/asset-families/{family}/attributes/{code}/options"
        self.send("GET", path if listed else f"{path}/{name}")

    @precondition(lambda self: self.writes and any(self.option_codes.values()))
    @rule(data=st.data(), held=st.booleans())
    def delete_option(self, data: st.DataObject, held: bool) -> None:
        """The option deleted; at times under an asset that holds it, read before and after (its value goes)."""
        family, code, name = self.held_option(data)
        asset = f"/asset-families/{family}/assets/held_{code}"
        if held:
            entry = self.entry(
                family, code, data.draw, name if self.specs[(family, code)]["type"] == "single_option" else [name]
            )
            self.send("PATCH", asset, {"code": f"held_{code}", "values": {code: [entry]}})
            self.send("GET", asset)
        self.option_codes[(family, code)].remove(name)
        self.send("DELETE", f"/asset-families/{family}/attributes/{code}/options/{name}")
        if held:
            self.send("GET", asset)
