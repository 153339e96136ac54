"""The state machine's calls on asset families (their link rules, transformations, naming convention), on tokens,
and the requests refused before any resource is read (unknown family, wrong Content-Type, no token)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from conformance.differential.sides import Call
from conformance.differential.state import FAMILIES, MachineState
from conformance.differential.values import LOCALES
from conformance.exchanges import TOKEN_PATH

NAMING_PATTERN = "/^(?P<{group}>[a-z]+)_[a-z0-9]+/"  # "ab_1" matches, "a1" does not


class FamilyRules(MachineState):
    @precondition(lambda self: self.writes)
    @rule(target=FAMILIES, name=st.sampled_from(["fam_a", "fam_b"]), locale=st.sampled_from(LOCALES))
    def create_family(self, name: str, locale: str | None) -> str:
        family = self.seq.code(name)
        body: dict[str, Any] = {"code": family}
        if locale is not None:
            body["labels"] = {locale: "Family"}
        self.send("PATCH", f"/asset-families/{family}", body)
        return family

    @precondition(lambda self: self.writes)
    @rule(family=FAMILIES, data=st.data())
    def change_family(self, family: str, data: st.DataObject) -> None:
        """One field at a time (a body of many is refused for its first fault and hides the others)."""
        mine = [code for (owner, code) in self.specs if owner == family]
        media = [code for code in mine if self.specs[(family, code)]["type"] == "media_file"] or ["missing"]
        texts = [code for code in mine if self.specs[(family, code)]["type"] == "text"] or ["missing"]
        field = data.draw(st.sampled_from(["main", "links", "bad_link", "transformations", "naming", "labels", "code"]))
        body: dict[str, Any] = {"code": family}
        if field == "main":
            body["attribute_as_main_media"] = data.draw(st.sampled_from([*media, *mine, "missing"]))
        elif field in ("links", "bad_link"):
            operator = "=" if field == "links" else "LIKE"
            mode = data.draw(st.sampled_from(["add", "replace", "merge"]))  # merge: refused, with the vendor's text
            link = {
                "product_selections": [{"field": "sku", "operator": operator, "value": f"{{{{{texts[0]}}}}}"}],
                "assign_assets_to": [{"attribute": "packshots", "mode": mode}],
            }
            body["product_link_rules"] = [link] * data.draw(st.integers(1, 3))
        elif field == "transformations":
            source, *targets = data.draw(st.lists(st.sampled_from(media), min_size=2, max_size=3))
            body["transformations"] = [
                {
                    "label": f"t{number}",
                    "source": {"attribute": source, "locale": None, "channel": None},
                    "target": {"attribute": target, "locale": None, "channel": None},
                    "operations": [{"type": "thumbnail", "parameters": {"width": 10, "height": 10}}],
                    "filename_suffix": f"_t{number}",
                }
                for number, target in enumerate(targets)
            ]
        elif field == "naming":
            body["naming_convention"] = {
                "source": {"property": data.draw(st.sampled_from(["code", *media])), "locale": None, "channel": None},
                "pattern": NAMING_PATTERN.format(group=texts[0]),
                "abort_asset_creation_on_error": data.draw(st.booleans()),
            }
        elif field == "labels":
            body["labels"] = {data.draw(st.sampled_from(LOCALES[1:])): "Label"}
        else:
            body.update({"code": family + "_other", **data.draw(st.sampled_from([{}, {"colour": "red"}]))})
        self.send("PATCH", f"/asset-families/{family}", body)

    @precondition(lambda self: self.writes)
    @rule(family=FAMILIES, abort=st.booleans(), name=st.sampled_from(["ab_1", "a1"]))
    def named_asset(self, family: str, abort: bool, name: str) -> None:
        """A naming convention on the asset code, then an asset created whose code matches it or not: named, or
        refused (abort_asset_creation_on_error) or created without the values (NAMING-ABORT-*)."""
        self.send("PATCH", f"/asset-families/{family}/attributes/title", {"code": "title", "type": "text"})
        self.specs.setdefault((family, "title"), {"type": "text"})
        convention = {
            "source": {"property": "code", "locale": None, "channel": None},
            "pattern": NAMING_PATTERN.format(group="title"),
            "abort_asset_creation_on_error": abort,
        }
        self.send("PATCH", f"/asset-families/{family}", {"code": family, "naming_convention": convention})
        self.send("PATCH", f"/asset-families/{family}/assets/{name}", {"code": name})
        self.send("GET", f"/asset-families/{family}/assets/{name}")

    @rule(family=FAMILIES)
    def get_family(self, family: str) -> None:
        self.send("GET", f"/asset-families/{family}")

    @rule(raw=st.sampled_from([None, b"{not json", b'{"values": 3}']))
    def unknown_family(self, raw: bytes | None) -> None:
        """The vendor's controller looks the family up before it reads an asset's body (CHECK-ORDER-*)."""
        family = self.seq.code("unknown")
        if raw is None or not self.writes:
            self.send("GET", f"/asset-families/{family}")
        else:
            self.send("PATCH", f"/asset-families/{family}/assets/a", content=raw, content_type="application/json")

    @precondition(lambda self: self.writes)
    @rule(family=FAMILIES)
    def wrong_content_type(self, family: str) -> None:
        self.send("PATCH", f"/asset-families/{family}", content=b"code=x", content_type="text/plain")

    @rule(family=FAMILIES)
    def anonymous(self, family: str) -> None:
        self.send("GET", f"/asset-families/{family}", anonymous=True)

    @rule(kind=st.sampled_from(["too big", "refresh twice"]))
    def token(self, kind: str) -> None:
        """Each side's own API client and user (the target's come from AKENEO_*); tokens are normalised away."""
        if kind == "too big":
            body = json.dumps({"grant_type": "password", "username": "u" * 400, "password": "p"}).encode()
            self.seq.call(Call("POST", TOKEN_PATH, content=body, content_type="application/json", anonymous=True))
            return
        granted: dict[str, str] = {}

        def grant(side: Any) -> Any:
            answer = side.token({"grant_type": "password"})
            granted[side.name] = json.loads(answer.content).get("refresh_token", "") if answer.status == 200 else ""
            return answer

        def refresh(side: Any) -> Any:
            return side.token({"grant_type": "refresh_token", "refresh_token": granted[side.name]})

        self.seq.each(f"POST {TOKEN_PATH}  (password grant, the side's own credentials)", grant)
        self.seq.each(f"POST {TOKEN_PATH}  (refresh_token grant with that refresh token)", refresh)
        self.seq.each(f"POST {TOKEN_PATH}  (the same refresh token again)", refresh)
