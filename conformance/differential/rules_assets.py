"""The state machine's calls on media files and assets: uploads and downloads, single and batch upserts (a full
batch, one entry too many), reads, deletes, and the list with its filters and pages."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import consumes, precondition, rule

from conformance.differential.sides import Call
from conformance.differential.state import API, ASSETS, BULKY_CALLS, FAMILIES, UPLOADS, MachineState

SKUS = ("allie_jean", "amor", "XMLD500", "1111111195")  # products of the mock's default catalog
BATCH_LIMIT = 100


class AssetRules(MachineState):
    @precondition(lambda self: self.writes)
    @rule(
        target=UPLOADS, stem=st.sampled_from([*SKUS[:2], "photo_1", "Nothing"]), kind=st.sampled_from(["PNG", "JPEG"])
    )
    def upload(self, stem: str, kind: str) -> int:
        return self.upload_image(stem, kind)

    @rule(index=UPLOADS)
    def download(self, index: int) -> None:
        self.send("GET", f"/asset-media-files/@media{index}@")

    @precondition(lambda self: self.writes)
    @rule(target=ASSETS, family=FAMILIES, name=st.sampled_from(["a1", "a2", "b1"]), data=st.data())
    def upsert_asset(self, family: str, name: str, data: st.DataObject) -> tuple[str, str]:
        self.send("PATCH", f"/asset-families/{family}/assets/{name}", self.asset_body(family, name, data.draw))
        return family, name

    @precondition(lambda self: self.writes)
    @rule(
        target=ASSETS,
        family=FAMILIES,
        names=st.lists(st.sampled_from(["a1", "a2", "b1", ""]), min_size=1, max_size=3),
        data=st.data(),
    )
    def upsert_batch(self, family: str, names: list[str], data: st.DataObject) -> Any:
        body = [self.asset_body(family, name, data.draw) if name else {"values": {}} for name in names]
        self.send("PATCH", f"/asset-families/{family}/assets", body)
        return (family, names[0] or "a1")

    @precondition(lambda self: self.writes)
    @rule(family=FAMILIES, refused=st.integers(0, 2))
    def batch_with_a_refused_entry(self, family: str, refused: int) -> None:
        """Entries that hold nothing to refuse around one that has no code: each line answers for itself."""
        body: list[dict[str, Any]] = [{"code": name} for name in ("a1", "b1")]
        body.insert(refused, {"values": {}})
        self.send("PATCH", f"/asset-families/{family}/assets", body)
        self.send("GET", f"/asset-families/{family}/assets/b1")

    @precondition(lambda self: self.writes and self.bulky < BULKY_CALLS)
    @rule(family=FAMILIES, size=st.sampled_from([BATCH_LIMIT, BATCH_LIMIT + 1]))
    def big_batch(self, family: str, size: int) -> None:
        """A full batch (then the family's pages: more than 100 assets), or one entry too many."""
        self.bulky += 1
        self.send("PATCH", f"/asset-families/{family}/assets", [{"code": f"p{index:03}"} for index in range(size)])
        if size == BATCH_LIMIT:  # one more: the list has two pages
            self.send("PATCH", f"/asset-families/{family}/assets/q100", {"code": "q100"})
            self.list_assets(family, "", 3)

    @rule(asset=ASSETS)
    def get_asset(self, asset: tuple[str, str]) -> None:
        self.send("GET", f"/asset-families/{asset[0]}/assets/{asset[1]}")

    @precondition(lambda self: self.writes)
    @rule(asset=consumes(ASSETS))
    def delete_asset(self, asset: tuple[str, str]) -> None:
        self.send("DELETE", f"/asset-families/{asset[0]}/assets/{asset[1]}")

    @rule(
        family=FAMILIES, search=st.sampled_from(["", "code", "updated", "not json", "unknown"]), pages=st.integers(1, 3)
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


def _next(content: bytes) -> str | None:
    try:
        return json.loads(content)["_links"]["next"]["href"]
    except (ValueError, KeyError, TypeError):
        return None
