"""Rule-off mutants of the rule engines run after an asset is saved: the naming convention, the product link
rules, the transformations."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from mock_server.domain.automation import naming_convention
from mock_server.domain.catalog import product_values
from mock_server.services.automation import runner as automation_runner
from mutation.mutants.machinery import Mutant, attr, rule_off

# The originals, taken once at import (before any patch can exist), so the broken versions can delegate to them.
_ORIGINAL_NAME_NEW_ASSET = naming_convention.name_new_asset
_ORIGINAL_ASSIGNED = product_values.assigned


def _naming_never_applied(*args: Any) -> None:
    return None  # as if the family had no naming convention


def _naming_never_aborts(*args: Any) -> naming_convention.Naming | None:
    naming = _ORIGINAL_NAME_NEW_ASSET(*args)
    # abort_asset_creation_on_error: true, and the asset is created anyway
    return None if naming is None else dataclasses.replace(naming, aborts=False)


def _always_replace(current: list[str], asset_codes: Iterable[str], mode: str) -> list[str]:
    return _ORIGINAL_ASSIGNED(current, asset_codes, "replace")


def _no_transformation(*args: Any, **kwargs: Any) -> None:
    return None


AUTOMATION_MUTANTS: tuple[Mutant, ...] = (
    rule_off(
        "naming_convention_not_applied",
        "naming convention",
        "the family's naming convention is never applied to new assets",
        lambda: [attr(naming_convention, "name_new_asset", _naming_never_applied)],
        catch="create an asset whose code matches the family's naming convention: the captured values are set",
    ),
    rule_off(
        "naming_abort_ignored",
        "naming convention",
        "abort_asset_creation_on_error is ignored: an asset the convention cannot name is created anyway",
        lambda: [attr(naming_convention, "name_new_asset", _naming_never_aborts)],
        catch="create an asset whose code does not match a convention with abort_asset_creation_on_error: 422, nothing created",
    ),
    rule_off(
        "link_rule_add_replaces",
        "product link rules",
        "a product link rule assignment in mode `add` replaces the product's assets instead of adding to them",
        lambda: [attr(product_values, "assigned", _always_replace)],
        catch="a link rule in mode add: the product keeps its assets and gets the new one appended",
    ),
    rule_off(
        "transformations_not_run",
        "transformations",
        "the family's transformations never run after an asset is saved",
        lambda: [attr(automation_runner, "transform", _no_transformation)],
        catch="save a source image: the transformation's target value appears (eventually)",
    ),
)
