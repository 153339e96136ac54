"""A catalog as JSON lines, one entry a line, and a store read from it (`python -m mock_server --fixtures PATH`).

Why not the snapshot document (store/snapshot.py)? One JSON document of 1,000,000 assets must be parsed whole
before the first asset is stored, a second copy of the catalog in memory. Lines are read one at a time, so loading
holds only the store. Each line is one of the snapshot's `{"key", "value"}` entries with the map it belongs to:

    {"format": "akeneo-asset-manager-mock-catalog", "version": 1, "lines": 1234, "assets": 1000}   (the first line)
    {"kind": "catalog.channels", "key": "ecommerce", "value": {...}}     (catalog.<CATALOG_FLAT name>: one resource)
    {"kind": "catalog.attribute_options", "key": ["main_color", "red"], "value": {...}}
    {"kind": "asset_family", "key": "packshots", "value": {...}}
    {"kind": "asset_attribute", "key": ["packshots", "main_image"], "value": {...}}
    {"kind": "asset_attribute_option", "key": ["packshots", "size", "s"], "value": {...}}
    {"kind": "media_file", "value": {"code", "original_filename", "mime_type", "content" (base64)}}
    {"kind": "asset", "key": ["packshots", "amor_packshot"], "value": {...}}

The values are the store's own, as GET /mock/snapshot writes them. The reader trusts nothing: each entry is checked
by the snapshot module's own readers, each key appears once, an attribute, option or asset names an asset family
(and an option an attribute) of an earlier line, and an asset's `code` and `asset_family_code` match its key. The
first fault is one CatalogFileError naming its line; nothing is returned then. Automation rules do not run on load
(the file holds the result of any rules, as a snapshot does). A file whose name ends in `.gz` is gzip-compressed.
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from mock_server.domain.errors import ValidationFailed
from mock_server.store import snapshot
from mock_server.store.memory import CatalogStore, Store

FORMAT = "akeneo-asset-manager-mock-catalog"
VERSION = 1
KINDS = ("asset_family", "asset_attribute", "asset_attribute_option", "media_file", "asset")
KINDS += tuple(f"catalog.{name}" for name in (*snapshot.CATALOG_FLAT, "attribute_options"))


class CatalogFileError(ValueError):
    """A catalog file that cannot be loaded: the message names the line at fault."""


def header_line(lines: int, assets: int) -> str:
    """The first line: the format, and how many lines (this one included) and assets the file holds."""
    document = {"format": FORMAT, "version": VERSION, "lines": lines, "assets": assets}
    return json.dumps(document, separators=(",", ":")) + "\n"


def line(kind: str, key: Any, value: Any) -> str:
    """One entry as its line (newline included): compact, non-ASCII kept, the same bytes for the same entry."""
    entry = {"kind": kind, "value": value} if key is None else {"kind": kind, "key": key, "value": value}
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":")) + "\n"


def open_text(path: str, mode: str = "r", gzipped: bool | None = None) -> IO[str]:
    """The file as text ("r" or "w"), through gzip when `gzipped` (default: when its name ends in `.gz`), written
    with mtime 0 and no name in the gzip header: the same bytes for the same catalog."""
    if path.endswith(".gz") if gzipped is None else gzipped:
        return _GzipText(open(path, mode + "b"), mode)
    return open(path, mode, encoding="utf-8", newline="\n")


class _GzipText(io.TextIOWrapper):
    """Text through gzip over a file, which it closes too (GzipFile leaves a file it was given open)."""

    def __init__(self, raw: IO[bytes], mode: str) -> None:
        self._raw = raw
        super().__init__(gzip.GzipFile("", mode + "b", 6, raw, mtime=0), encoding="utf-8", newline="\n")

    def close(self) -> None:
        try:
            super().close()
        finally:
            self._raw.close()


def read_header(first: str) -> dict[str, Any]:
    """The first line: format, version, and how many lines and assets follow (for a progress bar)."""
    try:
        document = json.loads(first)
    except ValueError:
        document = None
    if not isinstance(document, dict) or document.get("format") != FORMAT or document.get("version") != VERSION:
        raise CatalogFileError(f'line 1: not a catalog file (the first line must be {{"format": "{FORMAT}", ...}}).')
    for name in ("lines", "assets"):
        if not isinstance(document.get(name), int) or isinstance(document.get(name), bool) or document[name] < 0:
            raise CatalogFileError(f'line 1: "{name}" must be a non-negative integer.')
    return document


def _codes(size: int, names: str) -> Callable[[Any, str], tuple[str, ...]]:
    def read_key(entry: Any, where: str) -> tuple[str, ...]:
        key = entry.get("key") if isinstance(entry, dict) else None
        if not isinstance(key, list) or len(key) != size or not all(isinstance(part, str) for part in key):
            raise snapshot.invalid("key", f'"key" must be [{names}].')
        return tuple(key)

    return read_key


_FAMILY_AND_CODE = _codes(2, "asset family code, code")
_OPTION_KEY = _codes(3, "asset family code, attribute code, option code")
_CATALOG_OPTION_KEY = _codes(2, "attribute code, option code")


def _shared_asset(asset: dict[str, Any]) -> dict[str, Any]:
    """The asset with its keys, family code and locale and channel codes interned (json makes new strings for them on every line)
    and lists of their exact size: the same data in less memory at a million assets. Anything unlike what the store
    writes is kept as is."""
    values = asset.get("values")
    if not isinstance(values, dict):
        return asset
    shared = {}
    for attribute, entries in values.items():
        if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
            return asset
        shared[sys.intern(attribute)] = list(  # through a tuple: a list of exactly its size, none to spare
            tuple(
                {sys.intern(k): v if k == "data" or not isinstance(v, str) else sys.intern(v) for k, v in entry.items()}
                for entry in entries
            )
        )
    asset = {sys.intern(k): shared if k == "values" else v for k, v in asset.items()}
    if isinstance(asset.get("asset_family_code"), str):
        asset["asset_family_code"] = sys.intern(asset["asset_family_code"])
    if asset.get("updated") == asset.get("created"):
        asset["updated"] = asset["created"]  # one string for both
    return asset


class _Reader:
    def __init__(self) -> None:
        self.store = Store(catalog=CatalogStore(attribute_groups={}))  # the file's groups only, as a snapshot's
        self.seen: set[tuple[str, Any]] = set()

    def once(self, kind: str, key: Any) -> None:
        if (kind, key) in self.seen:
            raise snapshot.invalid("key", f"the key {json.dumps(key)} appears twice in {kind} lines.")
        self.seen.add((kind, key))

    def family(self, code: str) -> None:
        if code not in self.store.asset_families:
            raise snapshot.invalid("key", f'the asset family "{code}" is not on an earlier asset_family line.')

    def read(self, entry: dict[str, Any]) -> None:
        kind = entry.get("kind")
        store = self.store
        if kind == "asset":
            (family, code), asset = snapshot.read_entry(entry, "", dict, _FAMILY_AND_CODE)
            self.family(family)
            index = store.family_assets(family)
            if code in index:
                raise snapshot.invalid("key", f'the asset "{code}" of "{family}" appears twice.')
            if asset.get("code") != code or asset.get("asset_family_code") != family:
                raise snapshot.invalid("value", '"value.code" and "value.asset_family_code" must match "key".')
            index[asset["code"]] = _shared_asset(asset)  # the asset's own code string keys it: no second copy
        elif kind == "media_file":
            media = snapshot.read_media_file(entry.get("value"), "value")
            self.once(kind, media.code)
            store.media_files[media.code] = media
        elif kind == "asset_family":
            code, family = snapshot.read_entry(entry, "")
            self.once(kind, code)
            store.asset_families[code] = family
            store.asset_attributes.setdefault(code, {})
            store.family_assets(code)
        elif kind == "asset_attribute":
            (family, code), attribute = snapshot.read_entry(entry, "", dict, _FAMILY_AND_CODE)
            self.family(family)
            self.once(kind, (family, code))
            store.asset_attributes[family][code] = attribute
        elif kind == "asset_attribute_option":
            (family, attribute, code), option = snapshot.read_entry(entry, "", dict, _OPTION_KEY)
            if attribute not in store.asset_attributes.get(family, {}):
                raise snapshot.invalid("key", f'the attribute "{attribute}" of "{family}" is not on an earlier line.')
            self.once(kind, (family, attribute, code))
            store.asset_attribute_options.setdefault((family, attribute), {})[code] = option
        elif kind == "catalog.attribute_options":
            (attribute, code), option = snapshot.read_entry(entry, "", dict, _CATALOG_OPTION_KEY)
            self.once(kind, (attribute, code))
            store.catalog.attribute_options.setdefault(attribute, {})[code] = option
        elif isinstance(kind, str) and kind in KINDS:
            code, resource = snapshot.read_entry(entry, "")
            self.once(kind, code)
            getattr(store.catalog, kind.removeprefix("catalog."))[code] = resource
        else:
            raise snapshot.invalid("kind", f'"kind" must be one of {", ".join(KINDS)}.')


def read_lines(lines: Iterable[str]) -> Store:
    """A new store from a catalog file's lines (the header first); CatalogFileError naming the first line at fault."""
    numbered: Iterator[tuple[int, str]] = enumerate(lines, start=1)
    first = next(numbered, None)
    if first is None:
        raise CatalogFileError("line 1: the file is empty.")
    expected = read_header(first[1])["lines"]
    reader = _Reader()
    number = 1
    for number, text in numbered:
        if not text.endswith("\n"):
            raise CatalogFileError(f"line {number}: the line has no end (the file is cut short).")
        try:
            entry = json.loads(text)
        except ValueError as exc:
            raise CatalogFileError(f"line {number}: not JSON ({exc}).") from None
        if not isinstance(entry, dict):
            raise CatalogFileError(f"line {number}: a line must be a JSON object.")
        try:
            reader.read(entry)
        except ValidationFailed as exc:
            raise CatalogFileError(f"line {number}: {exc.errors[0].message.removeprefix(snapshot.INVALID)}") from None
    if number != expected:
        raise CatalogFileError(f"line {number}: the header announces {expected} lines, the file has {number}.")
    return reader.store
