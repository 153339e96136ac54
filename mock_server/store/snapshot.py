"""The store as a JSON document and back (GET/PUT /mock/snapshot), exactly: every resource, in its order.

Keyed maps are written as lists of `{"key", "value"}` entries rather than JSON objects: JSON parsers (JavaScript's
among them) reorder integer-like keys such as product identifiers, and the mock lists resources in insertion order.
Media files carry their bytes in base64. Tokens are left out: a restore keeps the tokens in use.

`from_document` checks the document as it reads it and raises ValidationFailed naming the first fault by its path
(`asset_families[2].key`), before anything is stored: the caller swaps the result in whole or not at all.
"""

from __future__ import annotations

import base64
import binascii
import copy
import dataclasses
import json
from collections.abc import Callable, Hashable
from typing import Any

from mock_server.domain.access.api_users import ApiUser, user_errors, user_from
from mock_server.domain.asset_manager.media_file import MediaFile
from mock_server.domain.errors import ValidationFailed
from mock_server.store.code_index import code_index
from mock_server.store.memory import AutomationEvent, AutomationJob, CatalogStore, Store

FORMAT = "akeneo-asset-manager-mock-snapshot"
VERSION = 1
CATALOG_FLAT = ("locales", "channels", "categories", "attributes", "attribute_groups", "families")
CATALOG_FLAT += ("family_variants", "products", "product_models")
CATALOG_NESTED = ("attribute_options",)
# What the document holds of the store; tokens are the only field left out (a test keeps this list complete).
STORE_FIELDS = ("asset_families", "asset_attributes", "asset_attribute_options", "assets", "media_files", "catalog")
STORE_FIELDS += ("automation_events", "automation_jobs", "automation_paused", "users")


def _entries(mapping: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"key": key, "value": value} for key, value in mapping.items()]


def _nested(mapping: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"key": key, "value": _entries(inner)} for key, inner in mapping.items()]


def to_document(store: Store, shared: bool = False) -> dict[str, Any]:
    """The store as plain JSON data (shares nothing mutable with it). `shared`: without the deep copy, the document
    refers to the store's own resources; encode it before the store changes (the state file, on the event loop)."""
    catalog = store.catalog
    document = {
        "format": FORMAT,
        "version": VERSION,
        "asset_families": _entries(store.asset_families),
        "asset_attributes": _nested(store.asset_attributes),
        "asset_attribute_options": [
            {"key": [family, attribute], "value": _entries(options)}
            for (family, attribute), options in store.asset_attribute_options.items()
        ],
        "assets": _nested(store.assets),
        "media_files": [media_file_entry(media) for media in store.media_files.values()],
        "catalog": {
            **{name: _entries(getattr(catalog, name)) for name in CATALOG_FLAT},
            **{name: _nested(getattr(catalog, name)) for name in CATALOG_NESTED},
        },
        "automation": {
            "events": [dataclasses.asdict(event) for event in store.automation_events],
            "jobs": [
                {
                    "asset_family_code": job.asset_family_code,
                    "asset_code": job.asset_code,
                    "transformations": [{"label": label, "transformation": t} for label, t in job.transformations],
                    "product_link_rules": job.product_link_rules,
                }
                for job in store.automation_jobs
            ],
            "paused": store.automation_paused,
        },
        # the API users beside the admin, passwords included: a restore gives back the same logins
        "users": [{**user.public(), "password": user.password} for user in store.users.values()],
    }
    return document if shared else copy.deepcopy(document)


# -- reading -------------------------------------------------------------------------------------------------------


INVALID = "The snapshot is invalid: "


def invalid(path: str, message: str) -> ValidationFailed:
    return ValidationFailed.single(path, INVALID + message)


def _get(document: dict[str, Any], name: str, kind: type | tuple[type, ...], path: str) -> Any:
    value = document.get(name) if isinstance(document, dict) else None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        expected = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", int: "an integer"}
        names = kind if isinstance(kind, tuple) else (kind,)
        wanted = " or ".join(expected.get(k, k.__name__) for k in names)
        where = f"{path}.{name}" if path else name
        raise invalid(where, f'"{where}" must be {wanted}.')
    return value


def _read_entries(
    items: Any, path: str, value_kind: type = dict, read_key: Callable[[Any, str], Hashable] | None = None
) -> dict[Any, Any]:
    """A map from its entries; each key once (a string, or what `read_key` reads), each value an object (or what
    `value_kind` says)."""
    if not isinstance(items, list):
        raise invalid(path, f'"{path}" must be an array of {{"key", "value"}} entries.')
    mapping: dict[Any, Any] = {}
    for index, entry in enumerate(items):
        where = f"{path}[{index}]"
        key, value = read_entry(entry, where, value_kind, read_key)
        if key in mapping:
            raise invalid(f"{where}.key", f'the key {json.dumps(key)} appears twice in "{path}".')
        mapping[key] = value
    return mapping


def read_entry(
    entry: Any, where: str, value_kind: type = dict, read_key: Callable[[Any, str], Hashable] | None = None
) -> tuple[Any, Any]:
    """One `{"key", "value"}` entry checked (also for the catalog lines' reader, store/catalog_lines.py)."""
    key = read_key(entry, where) if read_key else _get(entry, "key", str, where)
    return key, _get(entry, "value", value_kind, where)


def _read_nested(
    items: Any, path: str, read_key: Callable[[Any, str], Hashable] | None = None
) -> dict[Any, dict[str, Any]]:
    """A map of maps: entries whose values are entries in turn."""
    outer = _read_entries(items, path, list, read_key)
    return {key: _read_entries(inner, f"{path}[{index}].value") for index, (key, inner) in enumerate(outer.items())}


def _read_options(items: Any, families: dict[str, dict]) -> dict[tuple[str, str], dict[str, dict]]:
    """The options of each (asset family, attribute) of `families`."""

    def family_and_attribute(entry: Any, where: str) -> tuple[str, str]:
        key = _get(entry, "key", list, where)
        if len(key) != 2 or not all(isinstance(part, str) for part in key):
            raise invalid(f"{where}.key", f'"{where}.key" must be [asset family code, attribute code].')
        family, attribute = key
        if attribute not in families.get(family, {}):
            raise invalid(f"{where}.key", f'the attribute "{attribute}" of the asset family "{family}" is not in it.')
        return family, attribute

    return _read_nested(items, "asset_attribute_options", family_and_attribute)


def _read_media_files(items: Any) -> dict[str, MediaFile]:
    path = "media_files"
    if not isinstance(items, list):
        raise invalid(path, f'"{path}" must be an array.')
    files: dict[str, MediaFile] = {}
    for index, item in enumerate(items):
        where = f"{path}[{index}]"
        media = read_media_file(item, where)
        if media.code in files:
            raise invalid(f"{where}.code", f'the media file "{media.code}" appears twice.')
        files[media.code] = media
    return files


def read_media_file(item: Any, where: str) -> MediaFile:
    """One media file as `to_document` writes it, its content in base64."""
    code = _get(item, "code", str, where)
    try:
        content = base64.b64decode(_get(item, "content", str, where), validate=True)
    except binascii.Error:
        raise invalid(f"{where}.content", f'"{where}.content" is not base64.') from None
    return MediaFile(code, _get(item, "original_filename", str, where), _get(item, "mime_type", str, where), content)


def media_file_entry(media: MediaFile) -> dict[str, str]:
    """A media file as the document holds it (`read_media_file` reads it back)."""
    return {
        "code": media.code,
        "original_filename": media.original_filename,
        "mime_type": media.mime_type,
        "content": base64.b64encode(media.content).decode("ascii"),
    }


def _read_automation(document: dict[str, Any]) -> tuple[list[AutomationEvent], list[AutomationJob], bool]:
    automation = _get(document, "automation", dict, "")
    events = []
    for index, event in enumerate(_get(automation, "events", list, "automation")):
        where = f"automation.events[{index}]"
        fields = {f.name for f in dataclasses.fields(AutomationEvent)}
        if not isinstance(event, dict) or set(event) != fields:
            raise invalid(where, f'"{where}" must be an object with exactly {", ".join(sorted(fields))}.')
        for name in fields - {"id", "reason"}:
            _get(event, name, str, where)
        _get(event, "id", int, where)
        if event["reason"] is not None:
            _get(event, "reason", str, where)
        events.append(AutomationEvent(**event))
    jobs = []
    for index, job in enumerate(_get(automation, "jobs", list, "automation")):
        where = f"automation.jobs[{index}]"
        transformations = []
        for number, item in enumerate(_get(job, "transformations", list, where)):
            inner = f"{where}.transformations[{number}]"
            transformations.append((_get(item, "label", str, inner), _get(item, "transformation", dict, inner)))
        jobs.append(
            AutomationJob(
                _get(job, "asset_family_code", str, where),
                _get(job, "asset_code", str, where),
                tuple(transformations),
                _get(job, "product_link_rules", bool, where),
            )
        )
    return events, jobs, _get(automation, "paused", bool, "automation")


def _read_users(items: Any) -> dict[str, ApiUser]:
    if not isinstance(items, list):
        raise invalid("users", '"users" must be an array.')
    users: dict[str, ApiUser] = {}
    for index, item in enumerate(items):
        where = f"users[{index}]"
        errors = user_errors(item)
        if errors:
            inner = f"{where}.{errors[0].property}" if errors[0].property else where
            raise invalid(inner, errors[0].message)
        if item["username"] in users:
            raise invalid(f"{where}.username", f'the user "{item["username"]}" appears twice.')
        users[item["username"]] = user_from(item)
    return users


def from_document(document: Any) -> Store:
    """A new store from a document `to_document` wrote (tokens empty); ValidationFailed naming the first fault."""
    if not isinstance(document, dict):
        raise invalid("", "the snapshot must be a JSON object.")
    if document.get("format") != FORMAT or document.get("version") != VERSION:
        raise invalid("format", f'only documents of "format": "{FORMAT}", "version": {VERSION} can be restored.')
    families = _read_entries(document.get("asset_families"), "asset_families")
    attributes = _read_nested(document.get("asset_attributes"), "asset_attributes")
    assets = {
        family: code_index(items.items()) for family, items in _read_nested(document.get("assets"), "assets").items()
    }
    for path, mapping in (("asset_attributes", attributes), ("assets", assets)):
        for index, family in enumerate(mapping):
            if family not in families:
                raise invalid(f"{path}[{index}].key", f'the asset family "{family}" is not in "asset_families".')
    for family in families:  # the services give every family both maps; a hand-written document may not
        attributes.setdefault(family, {})
        assets.setdefault(family, code_index())
    catalog_document = _get(document, "catalog", dict, "")
    catalog = CatalogStore(
        **{name: _read_entries(catalog_document.get(name), f"catalog.{name}") for name in CATALOG_FLAT},
        **{name: _read_nested(catalog_document.get(name), f"catalog.{name}") for name in CATALOG_NESTED},
    )
    events, jobs, paused = _read_automation(document)
    return Store(
        asset_families=families,
        asset_attributes=attributes,
        asset_attribute_options=_read_options(document.get("asset_attribute_options"), attributes),
        assets=assets,
        media_files=_read_media_files(document.get("media_files")),
        catalog=catalog,
        automation_events=events,
        automation_jobs=jobs,
        automation_paused=paused,
        users=_read_users(document.get("users", [])),  # documents written before users existed have none
    )
