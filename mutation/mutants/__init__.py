"""The mutant catalogue: deliberately broken versions of the mock that the conformance suite must catch.

Two kinds:

- RULE_OFF: one documented business rule switched off inside the mock. The app is built as usual (the default
  catalog loads unmutated) and wrapped in `PatchedRequests`, which swaps the mock's own function (or constant, or
  table entry) for a broken one while a request is being handled, with `unittest.mock.patch`, and puts the original
  back when the last request in flight leaves. Nothing stays patched between requests, so a mutant can never leak
  into the clean run, another mutant or the caller. The patch targets are public seams of the mock, named after
  the rule they hold (a rule function, a constant, a checker table the domain reads at call time), so the broken
  version is the one that runs and a refactor of the mock's insides does not break the catalogue
  (tests/mutation/test_public_seams.py).
- RESPONSE: the mock unchanged, its answers altered on the way out by `RewriteResponses`, an ASGI middleware that
  buffers the responses of the selected routes and hands status, headers and body to a rewrite function.

Every mutant is a `Mutant(name, kind, description, build)`; `build()` returns a new, independent ASGI app.
machinery.py holds what they are made of; each rule_off_*.py holds the mutants of one part of the mock,
responses.py the response mutants; this module assembles the catalogue.
"""

from __future__ import annotations

from collections.abc import Iterable

from mutation.mutants.machinery import (
    API,
    KINDS,
    RESPONSE,
    RULE_OFF,
    SETTINGS,
    Exchange,
    Mutant,
    PatchedRequests,
    RewriteResponses,
    attr,
    clean_app,
    item,
)
from mutation.mutants.responses import RESPONSE_MUTANTS
from mutation.mutants.rule_off_assets import ASSET_MUTANTS
from mutation.mutants.rule_off_automation import AUTOMATION_MUTANTS
from mutation.mutants.rule_off_requests import REQUEST_MUTANTS
from mutation.mutants.rule_off_structure import STRUCTURE_MUTANTS
from mutation.mutants.rule_off_values import VALUE_MUTANTS

__all__ = [
    "API",
    "KINDS",
    "MUTANTS",
    "RESPONSE",
    "RESPONSE_MUTANTS",
    "RULE_MUTANTS",
    "RULE_OFF",
    "SETTINGS",
    "Exchange",
    "Mutant",
    "PatchedRequests",
    "RewriteResponses",
    "attr",
    "by_name",
    "clean_app",
    "item",
]

RULE_MUTANTS: tuple[Mutant, ...] = (
    STRUCTURE_MUTANTS + VALUE_MUTANTS + ASSET_MUTANTS + AUTOMATION_MUTANTS + REQUEST_MUTANTS
)
MUTANTS: tuple[Mutant, ...] = RULE_MUTANTS + RESPONSE_MUTANTS


def by_name(names: Iterable[str] | None = None) -> list[Mutant]:
    """The mutants named (in catalogue order), or all; KeyError names the unknown ones."""
    if not names:
        return list(MUTANTS)
    wanted = list(dict.fromkeys(names))
    known = {mutant.name for mutant in MUTANTS}
    unknown = [name for name in wanted if name not in known]
    if unknown:
        raise KeyError(f"unknown mutant(s): {', '.join(unknown)}")
    return [mutant for mutant in MUTANTS if mutant.name in wanted]
