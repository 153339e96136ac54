"""The app is wired to the contract: the operation table and the contract list the same operationIds, apps share
nothing, each starts from the catalog it is given, and settings come from the documented environment variables."""

from __future__ import annotations

import inspect

import pytest
from spec_lint import operations

from fixtures.catalog import load_start
from mock_server.api.operations import HANDLERS, handler_for
from mock_server.app import create_app
from mock_server.app_spec import load_spec
from mock_server.settings import Settings


def test_the_operation_table_lists_exactly_the_operation_ids_of_the_contract() -> None:
    contract = {operation["operationId"] for _, _, operation in operations(load_spec())}
    assert set(HANDLERS) == contract
    for operation_id, handler in HANDLERS.items():
        assert handler_for(operation_id) is handler
        assert handler.__name__ == operation_id  # grep operationId lands on its handler
        assert inspect.iscoroutinefunction(handler), f"{operation_id} should be async"
    with pytest.raises(LookupError):
        handler_for("not_an_operation")


def test_two_apps_have_separate_stores() -> None:
    first = create_app(settings=Settings(load_fixtures=False), start_catalog=load_start)
    second = create_app(settings=Settings(load_fixtures=False), start_catalog=load_start)
    first.mock_context.store.asset_families["x"] = {"code": "x"}
    assert second.mock_context.store.asset_families == {}


def test_credentials_come_from_the_mock_environment_variables() -> None:
    env = {"MOCK_CLIENT_ID": "id", "MOCK_CLIENT_SECRET": "sec", "MOCK_USERNAME": "u", "MOCK_PASSWORD": "p"}
    settings = Settings.from_env(env)
    assert (settings.client_id, settings.client_secret, settings.username, settings.password) == ("id", "sec", "u", "p")
    assert Settings.from_env({}) == Settings()


def test_the_default_app_loads_the_fixture_catalog() -> None:
    store = create_app(start_catalog=load_start).mock_context.store
    assert {"packshots", "model_pictures", "ambient_images", "user_instructions"} <= set(store.asset_families)
    assert store.catalog.locale_facts().activated >= {"en_US", "fr_FR", "de_DE"}
    assert set(store.catalog.channels) >= {"ecommerce", "mobile", "print"}
    assert any(media.mime_type == "image/jpeg" for media in store.media_files.values())


def test_an_app_starts_from_the_catalog_it_is_given_and_its_tenants_too() -> None:
    """The mock never imports fixtures (an import-linter contract): a store is filled only by the loader passed in."""
    bare = create_app().mock_context.store
    assert (bare.asset_families, bare.catalog.locales) == ({}, {})
    loaded = create_app(settings=Settings(load_fixtures=False), start_catalog=load_start)
    assert loaded.mock_context.store.asset_families == {}  # empty, as --empty runs: the installed locales only
    assert "en_US" in loaded.mock_context.store.catalog.locales
    tenant = loaded.mock_tenants.context("other")  # a new tenant starts as the app did: empty, with locales
    assert "en_US" in tenant.store.catalog.locales
    loaded.mock_tenants.reset(tenant, "default")  # POST /mock/reset?catalog=default
    assert "packshots" in tenant.store.asset_families


def test_the_settings_default_family_limit_is_the_domains_structure_family_limit() -> None:
    """STRUCTURE-FAMILY-LIMIT has one owner (the domain); the settings' default restates it without importing it."""
    from mock_server.domain.asset_manager.asset_family import FAMILY_LIMIT
    from mock_server.settings import Settings

    assert Settings().asset_family_limit == FAMILY_LIMIT
