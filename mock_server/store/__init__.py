"""In-memory repositories of the mock: one per aggregate, reset() and snapshot()/restore() for tests."""

from mock_server.store.memory import CatalogStore, Store, TokenStore

__all__ = ["CatalogStore", "Store", "TokenStore"]
