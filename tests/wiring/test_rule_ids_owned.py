"""Every rule of the conformance catalogue is found at its owner by its id (issue #15): `grep RULE-ID` lands on the
check in mock_server/ that enforces it, or, for a rule the contract alone enforces (a JSON shape Connexion refuses
from the schema), on a `# RULE-ID: ...` comment beside that schema piece in openapi/parts/*.yaml (comments do not
reach the bundle)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from conformance.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_TAG = "# RULE-ID:"


def _mentions(rule_id: str) -> re.Pattern[str]:
    """The id as a whole word: AUTH-TOKEN-BODY-LIMIT-MESSAGE does not name AUTH-TOKEN-BODY-LIMIT."""
    return re.compile(r"(?<![A-Z0-9-])" + re.escape(rule_id) + r"(?![A-Z0-9-])")


def contract_tags(root: Path = ROOT) -> str:
    """The `# RULE-ID:` comment lines of openapi/parts (a tag may run on to the next comment lines)."""
    found = []
    for part in sorted((root / "openapi" / "parts").glob("*.yaml")):
        tagged = False
        for line in part.read_text(encoding="utf-8").splitlines():
            comment = line.lstrip().startswith("#")
            tagged = comment and (CONTRACT_TAG in line or tagged)
            if tagged:
                found.append(line)
    return "\n".join(found)


def unowned(rule_ids: Iterable[str], texts: Iterable[str]) -> list[str]:
    """The ids named in none of `texts`, in the order given."""
    corpus = "\n".join(texts)
    return [rule_id for rule_id in rule_ids if not _mentions(rule_id).search(corpus)]


def _owners() -> list[str]:
    mock = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "mock_server").rglob("*.py"))]
    return [*mock, contract_tags()]


def test_every_rule_id_of_the_catalogue_is_named_at_its_owner() -> None:
    """Required, vendor-messages and optional rules alike: each id appears in mock_server/ or as a contract-only tag."""
    catalogue = load_rules()
    missing = unowned(catalogue.ids, _owners())
    by_level = {rule.id: rule.level for rule in catalogue}
    listed = "\n  ".join(f"{rule_id} ({by_level[rule_id]})" for rule_id in missing)
    assert not missing, (
        f"{len(missing)} rule ids of conformance/rules*.yaml are named nowhere in mock_server/ nor tagged contract-only "
        f"(`{CONTRACT_TAG} ID` beside the schema piece in openapi/parts/*.yaml): name each at the check that enforces "
        f"it, in a short comment:\n  {listed}"
    )


def test_an_id_is_matched_whole_and_a_contract_tag_only_in_a_tag_comment(tmp_path: Path) -> None:
    """The check can fail: a longer id does not name its prefix, and a rule id in a schema description is no tag."""
    texts = ["# AUTH-TOKEN-BODY-LIMIT-MESSAGE: the 413's text"]
    assert unowned(["AUTH-TOKEN-BODY-LIMIT", "AUTH-TOKEN-BODY-LIMIT-MESSAGE"], texts) == ["AUTH-TOKEN-BODY-LIMIT"]
    parts = tmp_path / "openapi" / "parts"
    parts.mkdir(parents=True)
    (parts / "10-x.yaml").write_text(
        "paths:\n"
        "  /x:\n"
        "    get:\n"
        "      description: |\n"
        "        Answers X-DESCRIBED.\n"
        "      # RULE-ID: X-TAGGED (the schema refuses it),\n"
        "      # X-CONTINUED on the next comment line\n"
        "      security: []  # X-TRAILING\n",
        encoding="utf-8",
    )
    tags = contract_tags(tmp_path)
    assert unowned(["X-DESCRIBED", "X-TAGGED", "X-CONTINUED", "X-TRAILING"], [tags]) == ["X-DESCRIBED", "X-TRAILING"]
