"""The calls: a Hypothesis state machine whose every rule sends one vendor call (or a short walk of them) to both
sides through a Sequence, which compares the answers. Bundles carry the codes created, as the contract's links
do (a family's code feeds its attributes, an attribute's its options, an upload's code the asset values).

The rules live by resource: rules_families.py, rules_attributes.py, rules_assets.py, rules_catalog.py (the mock's
default catalog, and read-only runs); state.py holds what they share, values.py the bodies they draw. A sequence
names two asset families at most (families cannot be deleted, a PIM holds 100).
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import initialize, multiple

from conformance.differential.rules_attributes import AttributeRules
from conformance.differential.rules_catalog import CatalogRules
from conformance.differential.rules_families import FamilyRules
from conformance.differential.state import FAMILIES
from conformance.differential.values import LOCALES, OPTION_TYPES, TYPES


class DifferentialMachine(FamilyRules, AttributeRules, CatalogRules):
    # -- the start: a family and a few attributes, so that short sequences reach values (none when read-only) ----
    @initialize(
        target=FAMILIES,
        locale=st.sampled_from(LOCALES[:3]),  # a family that exists: bad labels are change_family's
        kinds=st.lists(st.sampled_from(TYPES), max_size=4, unique=True),
        data=st.data(),
    )
    def start(self, locale: str | None, kinds: list[str], data: st.DataObject) -> Any:
        if not self.writes:
            return multiple()
        family = self.create_family("fam_a", locale)
        for kind in kinds:
            attribute = self.create_attribute(family, kind, 0, data)
            if kind in OPTION_TYPES:
                for name in ("s", "m"):
                    self.create_option(attribute, name, None)
        return family

    # The calls that change and read assets and their attributes are drawn more often than the others (Hypothesis
    # also leaves some rules out of each sequence: a rule under several names is rarely left out altogether).
    upsert_asset_again = CatalogRules.upsert_asset
    value_of_a_new_attribute_again = AttributeRules.value_of_a_new_attribute
    value_of_a_new_attribute_once_more = AttributeRules.value_of_a_new_attribute
    value_of_a_new_attribute_thrice = AttributeRules.value_of_a_new_attribute
    get_asset_again = CatalogRules.get_asset
    change_attribute_again = AttributeRules.change_attribute
    change_family_again = FamilyRules.change_family
    list_assets_again = CatalogRules.list_assets
