"""The in-memory store. Resources are kept as plain dicts in the vendor format, in insertion order."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mock_server.domain.access.api_users import ApiUser
from mock_server.domain.asset_manager.media_file import MediaFile
from mock_server.domain.catalog.attribute_groups import DEFAULT_GROUP, default_group
from mock_server.domain.shared.value_coordinates import LocaleFacts
from mock_server.store.code_index import FamilyAssets, code_index


@dataclass
class Grant:
    """What a token was issued to, and until when it is valid."""

    username: str
    expires_at: datetime


@dataclass
class TokenStore:
    """Grants keyed by the SHA-256 digest of their token (services/access/authentication.token_key), never the token."""

    access: dict[bytes, Grant] = field(default_factory=dict)
    refresh: dict[bytes, Grant] = field(default_factory=dict)


@dataclass
class CatalogStore:
    """The product side the Asset Manager links to."""

    locales: dict[str, dict] = field(default_factory=dict)
    channels: dict[str, dict] = field(default_factory=dict)
    categories: dict[str, dict] = field(default_factory=dict)
    attributes: dict[str, dict] = field(default_factory=dict)
    attribute_options: dict[str, dict[str, dict]] = field(default_factory=dict)  # attribute -> code -> option
    # a fresh PIM has the group `other` (PRODUCT-GROUP-DEFAULT-OTHER)
    attribute_groups: dict[str, dict] = field(default_factory=lambda: {DEFAULT_GROUP: default_group()})
    families: dict[str, dict] = field(default_factory=dict)
    family_variants: dict[str, dict] = field(default_factory=dict)  # code -> variant (its family inside)
    products: dict[str, dict] = field(default_factory=dict)
    product_models: dict[str, dict] = field(default_factory=dict)

    def locale_facts(self) -> LocaleFacts:
        """The channels' locales and the activated ones, read in one pass: a service reads them once per request and
        passes them to every check."""
        return LocaleFacts.of(self.channels)


@dataclass(frozen=True)
class AutomationEvent:
    """One run of an asset family rule on one asset, as the control plane lists it: `outcome` is "success",
    "failure" (the asset is kept, `reason` says why) or "aborted" (the naming convention refused the creation)."""

    id: int
    created: str
    asset_family_code: str
    asset_code: str
    kind: str  # "naming_convention" | "transformation" | "product_link_rules"
    rule: str
    outcome: str
    reason: str | None = None


@dataclass(frozen=True)
class AutomationJob:
    """The rules to run on a saved asset after its PATCH: the transformations whose source changed (their label
    and definition, as the family had them) and whether the product link rules run (on creation)."""

    asset_family_code: str
    asset_code: str
    transformations: tuple[tuple[str, dict], ...] = ()
    product_link_rules: bool = False


@dataclass
class Store:
    """Everything the mock remembers. Asset-side maps are nested by family so a family's items stay together."""

    asset_families: dict[str, dict] = field(default_factory=dict)
    asset_attributes: dict[str, dict[str, dict]] = field(default_factory=dict)  # family -> code -> attribute
    asset_attribute_options: dict[tuple[str, str], dict[str, dict]] = field(default_factory=dict)
    assets: dict[str, FamilyAssets] = field(default_factory=dict)  # family -> code -> asset (family_assets)
    media_files: dict[str, MediaFile] = field(default_factory=dict)
    catalog: CatalogStore = field(default_factory=CatalogStore)
    tokens: TokenStore = field(default_factory=TokenStore)
    users: dict[str, ApiUser] = field(
        default_factory=dict
    )  # API users beside the settings' admin (services/access/users.py)
    automation_events: list[AutomationEvent] = field(default_factory=list)  # oldest first
    automation_jobs: list[AutomationJob] = field(default_factory=list)  # background mode: not run yet, in order
    automation_paused: bool = False  # background jobs wait (for drain) while set

    def __post_init__(self) -> None:
        # Not fields (snapshots and restores leave them out): a count of the requests that may have changed this
        # store, and what other layers derive from it and keep while that count stays (api/http/rendered_assets.py).
        self.generation = 0
        self.derived: dict[str, Any] = {}

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "derived": {}}  # a copy (snapshot) starts with nothing derived

    def changed(self) -> None:
        """Something may have changed: what was derived from the store before is stale."""
        self.generation += 1

    def family_assets(self, family_code: str) -> FamilyAssets:
        """The assets of a family, by code and in the lists' order (store/code_index.py); created empty."""
        assets = self.assets.get(family_code)
        if assets is None:
            assets = self.assets[family_code] = code_index()
        return assets

    def reset(self) -> None:
        """Forget everything (tokens included)."""
        self.restore(Store())

    def snapshot(self) -> Store:
        return copy.deepcopy(self)

    def restore(self, snapshot: Store) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, copy.deepcopy(getattr(snapshot, name)))
        self.changed()
