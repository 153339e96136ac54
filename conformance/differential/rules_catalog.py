"""The state machine's calls on the mock's default catalog (its packshots family's automation, the ambient images
link rule, its products, an expired token): drawn only when the target is a mock too; and in read-only runs, the
reads of the target's own families, which the reference holds a copy of (seeding.py)."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from conformance.differential.rules_assets import SKUS, AssetRules
from conformance.differential.state import API
from conformance.exchanges import TOKEN_PATH


class CatalogRules(AssetRules):
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
