"""Rule-off mutants patch the mock's public seams (a rule function named after its rule, a checker table the domain
reads at call time), never a private name: a refactor of the mock's insides must not break the catalogue."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import Any
from unittest import mock

from mock_server.domain.asset_manager import asset_values
from mutation.mutants import MUTANTS, RULE_OFF, attr, item


def _public_owners(table: object) -> list[str]:
    """The public names `table` is bound to: a module global or a class attribute, in any module loaded but the
    harness's own and the tests' (a name the catalogue gives a table does not make it a seam of the mock)."""
    owners = []
    for module_name, module in list(sys.modules.items()):
        if module_name.partition(".")[0] in ("mutation", "tests"):
            continue
        for name, value in list(getattr(module, "__dict__", {}).items()):
            if name.startswith("_"):
                continue
            if value is table:
                owners.append(f"{module_name}.{name}")
            elif isinstance(value, type):
                owners += [f"{module_name}.{name}.{key}" for key, held in vars(value).items() if held is table]
    return [owner for owner in owners if not any(part.startswith("_") for part in owner.split("."))]


def _private_names(patchers: Iterable[Any]) -> list[str]:
    """What each patcher replaces, when that is not a public name."""
    faults = []
    for patcher in patchers:
        if isinstance(patcher, mock._patch):
            target = patcher.getter()
            owner = getattr(target, "__name__", type(target).__name__)
            if patcher.attribute.startswith("_") or any(part.startswith("_") for part in owner.split(".")):
                faults.append(f"{owner}.{patcher.attribute}")
        elif isinstance(patcher, mock._patch_dict):
            faults += [f"an entry {key!r}" for key in patcher.values if str(key).startswith("_")]
            if not _public_owners(patcher.in_dict):
                faults.append(f"a table with no public name ({sorted(patcher.in_dict)[:3]} ...)")
        else:
            faults.append(f"an unknown kind of patch: {patcher!r}")
    return faults


def test_every_rule_off_mutant_patches_public_names_only() -> None:
    rule_off = [mutant for mutant in MUTANTS if mutant.kind == RULE_OFF]
    assert rule_off
    faults = {}
    for mutant in rule_off:
        assert mutant.patches is not None, mutant.name
        if found := _private_names(mutant.patches()):
            faults[mutant.name] = found
    assert not faults, f"mutants patching private names (expose a public seam named after the rule): {faults}"


def test_the_check_sees_a_private_name_a_private_entry_and_an_unnamed_table() -> None:
    faults = _private_names(
        [
            attr(asset_values, "_private_rule", None),  # a patcher is only made here, never started
            item({"text": None}, "text", None),
            item({"_hidden": 1}, "_hidden", 2),
        ]
    )
    assert faults[0] == "mock_server.domain.asset_manager.asset_values._private_rule"
    assert faults[1].startswith("a table with no public name")
    assert "an entry '_hidden'" in faults[2:]
