"""The calls: a Hypothesis state machine whose every rule sends one vendor call (or a short walk of them) to both
sides through a Sequence, which compares the answers. Bundles carry the codes created, as the contract's links
do (a family's code feeds its attributes, an attribute's its options, an upload's code the asset values).

Codes are the same on both sides (each sequence has tenants of its own), under the run prefix and the sequence
number. A sequence names two asset families at most (families cannot be deleted, a PIM holds 100). Calls on the
mock's default catalog (its packshots family, its products: link rules, transformations) are drawn only when the
target is a mock too.
"""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, initialize, multiple, precondition, rule

from conformance.differential.sequence import Session
from conformance.differential.sides import Call
from conformance.exchanges import TOKEN_PATH

API = "/api/rest/v1"
LOCALES = (None, "en_US", "fr_FR", "de_DE", "ar_SA", "xx_XX")  # activated, activated, ..., not activated, unknown
CHANNELS = (None, "ecommerce", "mobile", "nowhere")
SKUS = ("allie_jean", "amor", "XMLD500", "1111111195")  # products of the mock's default catalog
TYPES = ("text", "number", "media_file", "media_link", "single_option", "multiple_options", "boolean", "date")
BATCH_LIMIT = 100
ITEM_LIMIT = 100  # attributes per family, options per attribute


def _attribute_body(kind: str, draw: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"type": kind}
    if kind == "text":
        body.update(draw(st.fixed_dictionaries({}, optional={"max_characters": st.sampled_from([3, 10])})))
    elif kind == "number":
        body.update(draw(st.fixed_dictionaries({}, optional={"min_value": st.just("1"), "max_value": st.just("10")})))
    elif kind == "media_file":
        extra = {"allowed_extensions": st.sampled_from([["png"], ["jpg", "png"]]), "media_type": st.just("image")}
        body.update(draw(st.fixed_dictionaries({}, optional=extra)))
    elif kind == "media_link":
        body.update(draw(st.fixed_dictionaries({}, optional={"media_type": st.sampled_from(["image", "other"])})))
    body["value_per_locale"] = draw(st.booleans())
    body["value_per_channel"] = draw(st.booleans())
    if draw(st.booleans()):
        body["labels"] = {draw(st.sampled_from(LOCALES[1:])): "A label"}
    return body


def _data(kind: str, draw: Any, options: list[str], media: int) -> Any:
    by_kind: dict[str, Any] = {
        "text": st.sampled_from(["ab", "a longer text", "allie_jean"]),
        "number": st.sampled_from(["0", "5", "11", "2.5", 7]),
        "media_file": st.sampled_from([f"@media{index}@" for index in range(media)] or ["no_such_file.png"]),
        "media_link": st.sampled_from(["photo.png", "https://cdn.example.com/a.jpg"]),
        "single_option": st.sampled_from([*options, "no_such_option"]),
        "multiple_options": st.lists(st.sampled_from([*options, "no_such_option"]), max_size=2),
        "boolean": st.booleans(),
        "date": st.sampled_from(["2026-01-31T00:00:00+00:00", "yesterday"]),
    }
    if draw(st.integers(0, 3)) == 0:  # data of the wrong type, or null
        return draw(st.sampled_from([None, 12, ["a"]]))
    return draw(by_kind.get(kind, st.just("x")))


class DifferentialMachine(RuleBasedStateMachine):
    families = Bundle("families")
    assets = Bundle("assets")
    uploads = Bundle("uploads")

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.seq = session.open()
        self.writes = not session.target.read_only
        self.on_mock = session.target.tenant is not None
        self.specs: dict[tuple[str, str], dict[str, Any]] = {}  # (family, attribute) -> the last body sent
        self.option_codes: dict[tuple[str, str], list[str]] = {}
        self.uploaded = 0
        self.bulky = False  # one call of a hundred items (attributes, options, batch entries) per sequence at most

    def teardown(self) -> None:
        self.seq.close()

    def send(self, method: str, path: str, body: Any = None, **call: Any) -> Any:
        target, _ = self.seq.call(Call(method, f"{API}{path}", body, **call))
        return target

    # -- the start: a family and a few attributes, so that short sequences reach values (none when read-only) ----
    @initialize(
        target=families,
        locale=st.sampled_from(LOCALES[:3]),  # a family that exists: bad labels are change_family's
        kinds=st.lists(st.sampled_from(TYPES), max_size=3, unique=True),
        data=st.data(),
    )
    def start(self, locale: str | None, kinds: list[str], data: st.DataObject) -> Any:
        if not self.writes:
            return multiple()
        family = self.create_family("fam_a", locale)
        for kind in kinds:
            attribute = self.create_attribute(family, kind, 0, data)
            if kind in ("single_option", "multiple_options"):
                for name in ("s", "m"):
                    self._option(attribute, name, None)
        return family

    # -- asset families ----------------------------------------------------------------------------------------
    @precondition(lambda self: self.writes)
    @rule(target=families, name=st.sampled_from(["fam_a", "fam_b"]), locale=st.sampled_from(LOCALES))
    def create_family(self, name: str, locale: str | None) -> str:
        family = self.seq.code(name)
        body: dict[str, Any] = {"code": family}
        if locale is not None:
            body["labels"] = {locale: "Family"}
        self.send("PATCH", f"/asset-families/{family}", body)
        return family

    @precondition(lambda self: self.writes)
    @rule(family=families, data=st.data())
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
            link = {
                "product_selections": [{"field": "sku", "operator": operator, "value": f"{{{{{texts[0]}}}}}"}],
                "assign_assets_to": [
                    {"attribute": "packshots", "mode": data.draw(st.sampled_from(["add", "replace"]))}
                ],
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
                "pattern": f"/^(?P<{texts[0]}>[a-z]+)_[a-z0-9]+/",
                "abort_asset_creation_on_error": data.draw(st.booleans()),
            }
        elif field == "labels":
            body["labels"] = {data.draw(st.sampled_from(LOCALES[1:])): "Label"}
        else:
            body.update({"code": family + "_other", **data.draw(st.sampled_from([{}, {"colour": "red"}]))})
        self.send("PATCH", f"/asset-families/{family}", body)

    @rule(family=families)
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
    @rule(family=families)
    def wrong_content_type(self, family: str) -> None:
        self.send("PATCH", f"/asset-families/{family}", content=b"code=x", content_type="text/plain")

    @rule(family=families)
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

    # -- attributes and options ------------------------------------------------------------------------------
    def _attribute(self, data: st.DataObject) -> tuple[str, str]:
        return data.draw(st.sampled_from(sorted(self.specs)))

    @precondition(lambda self: self.writes)
    @rule(family=families, kind=st.sampled_from(TYPES), index=st.integers(0, 1), data=st.data())
    def new_attribute(self, family: str, kind: str, index: int, data: st.DataObject) -> None:
        self.create_attribute(family, kind, index, data)

    def create_attribute(self, family: str, kind: str, index: int, data: st.DataObject) -> tuple[str, str]:
        code = f"{kind}_{index}"
        body = {"code": code, **_attribute_body(kind, data.draw)}
        self.send("PATCH", f"/asset-families/{family}/attributes/{code}", body)
        self.specs.setdefault((family, code), body)
        return family, code

    @precondition(lambda self: self.writes and self.specs)
    @rule(data=st.data(), change=st.sampled_from(["type", "value_per_locale", "value_per_channel", "bad"]))
    def change_attribute(self, data: st.DataObject, change: str) -> None:
        attribute = self._attribute(data)
        family, code = attribute
        body: dict[str, Any] = {"code": code}
        if change == "type":
            body["type"] = "boolean" if self.specs[attribute]["type"] != "boolean" else "text"
        elif change == "bad":
            body.update({"max_characters": "many", "colour": "red"})
        else:
            body[change] = not self.specs[attribute].get(change, False)
        self.send("PATCH", f"/asset-families/{family}/attributes/{code}", body)

    @rule(family=families, one=st.booleans(), data=st.data())
    def read_attributes(self, family: str, one: bool, data: st.DataObject) -> None:
        if one and self.specs:
            attribute = self._attribute(data)
            self.send("GET", f"/asset-families/{attribute[0]}/attributes/{attribute[1]}")
        else:
            self.send("GET", f"/asset-families/{family}/attributes")

    @precondition(lambda self: self.writes and not self.bulky)
    @rule(family=families)
    def one_attribute_too_many(self, family: str) -> None:
        self.bulky = True
        for index in range(ITEM_LIMIT + 1):
            self.send(
                "PATCH", f"/asset-families/{family}/attributes/t{index:03}", {"code": f"t{index:03}", "type": "text"}
            )

    def _option(self, attribute: tuple[str, str], name: str, locale: str | None) -> None:
        family, code = attribute
        body: dict[str, Any] = {"code": name}
        if locale is not None:
            body["labels"] = {locale: name.upper()}
        self.send("PATCH", f"/asset-families/{family}/attributes/{code}/options/{name}", body)
        if name not in self.option_codes.setdefault(attribute, []):
            self.option_codes[attribute].append(name)

    @precondition(lambda self: self.writes and self.specs)
    @rule(data=st.data(), name=st.sampled_from(["s", "m", "l"]), locale=st.sampled_from(LOCALES))
    def create_option(self, data: st.DataObject, name: str, locale: str | None) -> None:
        self._option(self._attribute(data), name, locale)

    @precondition(lambda self: self.writes and self.specs and not self.bulky)
    @rule(data=st.data())
    def one_option_too_many(self, data: st.DataObject) -> None:
        self.bulky = True
        family, code = self._attribute(data)
        for index in range(ITEM_LIMIT + 1):
            name = f"o{index:03}"
            self.send("PATCH", f"/asset-families/{family}/attributes/{code}/options/{name}", {"code": name})

    def _held_option(self, data: st.DataObject) -> tuple[str, str, str]:
        held = sorted((*attribute, name) for attribute, names in self.option_codes.items() for name in names)
        return data.draw(st.sampled_from(held))

    @precondition(lambda self: any(self.option_codes.values()))
    @rule(data=st.data(), listed=st.booleans())
    def read_options(self, data: st.DataObject, listed: bool) -> None:
        family, code, name = self._held_option(data)
        path = f"/asset-families/{family}/attributes/{code}/options"
        self.send("GET", path if listed else f"{path}/{name}")

    @precondition(lambda self: self.writes and any(self.option_codes.values()))
    @rule(data=st.data())
    def delete_option(self, data: st.DataObject) -> None:
        family, code, name = self._held_option(data)
        self.option_codes[(family, code)].remove(name)
        self.send("DELETE", f"/asset-families/{family}/attributes/{code}/options/{name}")

    # -- media files -------------------------------------------------------------------------------------------
    @precondition(lambda self: self.writes)
    @rule(
        target=uploads, stem=st.sampled_from([*SKUS[:2], "photo_1", "Nothing"]), kind=st.sampled_from(["PNG", "JPEG"])
    )
    def upload(self, stem: str, kind: str) -> int:
        from PIL import Image  # the suite's images are made in memory, a few hundred bytes each

        buffer = io.BytesIO()
        Image.new("RGB", (4 + self.uploaded, 3), (200, 30 * self.uploaded % 255, 10)).save(buffer, kind)
        suffix = "png" if kind == "PNG" else "jpg"
        self.seq.call(
            Call("POST", f"{API}/asset-media-files", upload=(f"{stem}.{suffix}", buffer.getvalue(), f"image/{suffix}"))
        )
        self.uploaded += 1
        return self.uploaded - 1

    @rule(index=uploads)
    def download(self, index: int) -> None:
        self.send("GET", f"/asset-media-files/@media{index}@")

    # -- assets ------------------------------------------------------------------------------------------------
    def _asset_body(self, family: str, code: str, draw: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"code": code}
        values: dict[str, list[dict[str, Any]]] = {}
        known = [key for key in self.specs if key[0] == family]
        for _, attribute in (
            draw(st.lists(st.sampled_from(known), min_size=1, max_size=3, unique=True)) if known else []
        ):
            spec = self.specs[(family, attribute)]
            options = self.option_codes.get((family, attribute), [])
            localised = spec.get("value_per_locale") or draw(st.integers(0, 3)) == 0
            locale = draw(st.sampled_from(LOCALES)) if localised else None
            channel = draw(st.sampled_from(CHANNELS)) if spec.get("value_per_channel") else None
            entry = {"locale": locale, "channel": channel, "data": _data(spec["type"], draw, options, self.uploaded)}
            values[attribute] = [entry]
        if draw(st.integers(0, 9)) == 0:
            values["no_such_attribute"] = [{"locale": None, "channel": None, "data": "x"}]
        if values:
            body["values"] = values
        if draw(st.integers(0, 3)) == 0:  # one fault of the body's shape: a code unlike the URL's, an unknown field
            body.update(draw(st.sampled_from([{"code": code + "_x"}, {"colour": "red"}, {"values": [1]}])))
        return body

    @precondition(lambda self: self.writes)
    @rule(target=assets, family=families, name=st.sampled_from(["a1", "a2", "b1"]), data=st.data())
    def upsert_asset(self, family: str, name: str, data: st.DataObject) -> tuple[str, str]:
        self.send("PATCH", f"/asset-families/{family}/assets/{name}", self._asset_body(family, name, data.draw))
        return family, name

    @precondition(lambda self: self.writes)
    @rule(
        target=assets,
        family=families,
        names=st.lists(st.sampled_from(["a1", "a2", "b1", ""]), min_size=1, max_size=3),
        data=st.data(),
    )
    def upsert_batch(self, family: str, names: list[str], data: st.DataObject) -> Any:
        body = [self._asset_body(family, name, data.draw) if name else {"values": {}} for name in names]
        self.send("PATCH", f"/asset-families/{family}/assets", body)
        return (family, names[0] or "a1")

    @precondition(lambda self: self.writes and not self.bulky)
    @rule(family=families, size=st.sampled_from([BATCH_LIMIT, BATCH_LIMIT + 1]))
    def big_batch(self, family: str, size: int) -> None:
        """A full batch (then the family's pages: more than 100 assets), or one entry too many."""
        self.bulky = True
        self.send("PATCH", f"/asset-families/{family}/assets", [{"code": f"p{index:03}"} for index in range(size)])
        if size == BATCH_LIMIT:  # one more: the list has two pages
            self.send("PATCH", f"/asset-families/{family}/assets/q100", {"code": "q100"})
            self.list_assets(family, "", 3)

    @rule(asset=assets)
    def get_asset(self, asset: tuple[str, str]) -> None:
        self.send("GET", f"/asset-families/{asset[0]}/assets/{asset[1]}")

    @precondition(lambda self: self.writes)
    @rule(asset=consumes(assets))
    def delete_asset(self, asset: tuple[str, str]) -> None:
        self.send("DELETE", f"/asset-families/{asset[0]}/assets/{asset[1]}")

    @rule(
        family=families, search=st.sampled_from(["", "code", "updated", "not json", "unknown"]), pages=st.integers(1, 3)
    )
    def list_assets(self, family: str, search: str, pages: int) -> None:
        filters = {
            "code": json.dumps({"code": [{"operator": "IN", "value": ["a1", "b1", "p050", "zz"]}]}),
            "updated": json.dumps({"updated": [{"operator": ">", "value": "2000-01-01T00:00:00Z"}]}),
            "not json": "{code",
            "unknown": json.dumps({"colour": [{"operator": "=", "value": "red"}]}),
        }
        query = (("search", filters[search]),) if search else ()
        target, reference = self.seq.call(Call("GET", f"{API}/asset-families/{family}/assets", query=query))
        for _ in range(pages - 1):
            hrefs = [_next(answer.content) for answer in (target, reference)]
            if None in hrefs:
                return
            target, reference = self.seq.follow(*hrefs)  # type: ignore[misc]

    # -- the mock's default catalog: its automation and products (mock targets only) -----------------------------
    @precondition(lambda self: self.writes and self.on_mock)
    @rule(sku=st.sampled_from(SKUS[:2]), named=st.booleans(), delete=st.booleans())
    def packshot(self, sku: str, named: bool, delete: bool) -> None:
        """The packshots family's automation: an image named after a product (or not) names the asset by its
        naming convention (or not), its link rule assigns it to the product, its transformations make thumbnails."""
        index = self.upload(sku if named else "Nothing", "PNG")
        code = f"{sku}_{index}"
        body = {"code": code, "values": {"main_image": [{"locale": None, "channel": None, "data": f"@media{index}@"}]}}
        self.send("PATCH", f"/asset-families/packshots/assets/{code}", body)
        self.send("GET", f"/asset-families/packshots/assets/{code}")
        if delete:
            self.send("DELETE", f"/asset-families/packshots/assets/{code}")
        self.send("GET", f"/products/{sku}")

    @precondition(lambda self: self.writes and self.on_mock)
    @rule(category=st.sampled_from(["men", "women"]))
    def ambient_image(self, category: str) -> None:
        """The ambient_images link rule adds the asset to the products of a category (mode add)."""
        values = {"product_categories": [{"locale": None, "channel": None, "data": [category]}]}
        for number in (1, 2):  # the second is added beside the first
            code = f"ambient_{category}_{number}"
            self.send("PATCH", f"/asset-families/ambient_images/assets/{code}", {"code": code, "values": values})
        for sku in ("allie_jean", "sku_amor_blue"):  # women, men
            self.send("GET", f"/products/{sku}")

    @precondition(lambda self: self.on_mock and self.writes)
    @rule()
    def expired_token(self) -> None:
        """An access token used after its lifetime (the mock's clock, moved forward on each side's tenant)."""
        tokens: dict[str, str] = {}

        def grant(side: Any) -> Any:
            answer = side.token({"grant_type": "password"})
            tokens[side.name] = json.loads(answer.content).get("access_token", "") if answer.status == 200 else ""
            return answer

        def read(side: Any) -> Any:
            side.plain.post("/mock/clock/advance", json={"seconds": 3601})
            return side.raw("GET", f"{API}/asset-families", {"Authorization": f"Bearer {tokens[side.name]}"})

        self.seq.each(f"POST {TOKEN_PATH}  (password grant)", grant)
        self.seq.each(f"GET {API}/asset-families  (that token, after its 3600 s: the clock moved forward)", read)

    @precondition(lambda self: self.on_mock)
    @rule()
    def list_families(self) -> None:
        """The list of every family: the same on both sides only where both started from the same catalog."""
        self.send("GET", "/asset-families")

    @precondition(lambda self: self.on_mock)
    @rule(sku=st.sampled_from(SKUS))
    def get_product(self, sku: str) -> None:
        self.send("GET", f"/products/{sku}")

    # -- read-only runs: the target's own families, which the reference holds a copy of (seeding.py) -------------
    @precondition(lambda self: bool(self.session.held))
    @rule(data=st.data(), what=st.sampled_from(["family", "attributes", "asset", "option", "search", "filter"]))
    def read_held(self, data: st.DataObject, what: str) -> None:
        family = data.draw(st.sampled_from(self.session.held))
        unknown = self.seq.code("unknown")
        paths = {
            "family": (f"/asset-families/{family}", ()),
            "attributes": (f"/asset-families/{family}/attributes", ()),
            "asset": (f"/asset-families/{family}/assets/{unknown}", ()),
            "option": (f"/asset-families/{family}/attributes/{unknown}/options", ()),
            "search": (f"/asset-families/{family}/assets", (("search", "{code"),)),
            "filter": (f"/asset-families/{family}/assets", (("search", '{"colour":[{"operator":"=","value":1}]}'),)),
        }
        path, query = paths[what]
        self.send("GET", path, query=query)

    # The calls that change and read assets and their attributes are drawn more often than the others.
    upsert_asset_again = upsert_asset
    upsert_asset_once_more = upsert_asset
    get_asset_again = get_asset
    change_attribute_again = change_attribute
    change_family_again = change_family
    list_assets_again = list_assets


def _next(content: bytes) -> str | None:
    try:
        return json.loads(content)["_links"]["next"]["href"]
    except (ValueError, KeyError, TypeError):
        return None
