"""Loads the rule catalogue (conformance/rules.yaml and its rules_*.yaml parts) and checks its shape.

The catalogue is rules.yaml followed by every rules_<area>.yaml beside it, in name order, so that an area's rules
can be written apart; ids must be unique across all of them. A file is a mapping with one key, `rules`, holding a
list, or just the list.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

RULES_PATH = Path(__file__).with_name("rules.yaml")
ID_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+$")
# required: every conforming server; optional: a documented default a server may configure otherwise;
# vendor-messages: the vendor's exact message texts and property paths, scored apart so a candidate server can be
# judged with or without message parity (issue #10).
LEVELS = ("required", "optional", "vendor-messages")
KEYS = ("id", "rule", "source", "level")


class RulesError(ValueError):
    """rules.yaml is malformed; the message lists every fault found."""


@dataclass(frozen=True)
class Rule:
    id: str
    rule: str
    source: str
    level: str

    @property
    def optional(self) -> bool:
        return self.level == "optional"

    @property
    def marker(self) -> str | None:
        """The pytest marker the suite sets on a test whose rules all have this level (none for required)."""
        return None if self.level == "required" else self.level.replace("-", "_")

    def to_dict(self) -> dict[str, str]:
        return {"id": self.id, "rule": self.rule, "source": self.source, "level": self.level}


@dataclass(frozen=True)
class RuleCatalogue:
    rules: tuple[Rule, ...]

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def __contains__(self, rule_id: object) -> bool:
        return any(rule.id == rule_id for rule in self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    @property
    def ids(self) -> list[str]:
        return [rule.id for rule in self.rules]

    def matching(self, patterns: Iterable[str]) -> set[str]:
        """Ids selected by `patterns`: an exact id, an area prefix (AUTH selects AUTH-*), or a glob (AUTH-*-GRANT)."""
        return {rule.id for rule in self.rules if any(matches(rule.id, pattern) for pattern in patterns)}


def matches(rule_id: str, pattern: str) -> bool:
    pattern = pattern.strip()
    if not pattern:
        return False
    if any(char in pattern for char in "*?["):
        return fnmatch.fnmatchcase(rule_id, pattern)
    return rule_id == pattern or rule_id.startswith(pattern.rstrip("-") + "-")


def looks_like_rule_pattern(text: str) -> bool:
    """Whether a --select word names rules (upper case, digits, hyphens, globs) rather than a pytest -k expression."""
    return bool(re.fullmatch(r"[A-Z][A-Z0-9*?\-]*", text.strip()))


def catalogue_files(directory: Path | None = None) -> list[Path]:
    """rules.yaml, then the rules_*.yaml parts in name order."""
    folder = directory if directory is not None else RULES_PATH.parent
    return [folder / RULES_PATH.name, *sorted(folder.glob("rules_*.yaml"))]


def load_rules(path: Path | str | None = None) -> RuleCatalogue:
    """The catalogue: `path` alone if given, else rules.yaml and its parts; RulesError names every problem at once."""
    sources = [Path(path)] if path is not None else catalogue_files()
    entries: list[tuple[str, Any]] = []
    problems: list[str] = []
    for source in sources:
        try:
            data = yaml.safe_load(source.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            problems.append(f"{source.name}: cannot be read: {exc}")
            continue
        listed = data.get("rules") if isinstance(data, dict) and set(data) == {"rules"} else data
        if not isinstance(listed, list):
            problems.append(f"{source.name}: must be a list of rules, or a mapping with one key, `rules`, holding one")
            continue
        entries.extend((f"{source.name}: rules[{index}]", entry) for index, entry in enumerate(listed))
    return _check(entries, problems)


def parse_rules(data: Any, origin: str = "rules.yaml") -> RuleCatalogue:
    """A catalogue from parsed YAML: a mapping with one key, `rules`, holding a list."""
    if not isinstance(data, dict) or set(data) != {"rules"} or not isinstance(data["rules"], list):
        raise RulesError(f"{origin}: the document must be a mapping with one key, `rules`, holding a list")
    return _check([(f"{origin}: rules[{index}]", entry) for index, entry in enumerate(data["rules"])], [])


def _check(entries: list[tuple[str, Any]], problems: list[str]) -> RuleCatalogue:
    rules: list[Rule] = []
    seen: set[str] = set()
    for where, entry in entries:
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        where = f"{where} ({entry.get('id', '?')})"
        missing = [key for key in KEYS if key not in entry]
        unknown = sorted(set(entry) - set(KEYS))
        if missing:
            problems.append(f"{where}: missing {', '.join(missing)}")
        if unknown:
            problems.append(f"{where}: unknown keys {', '.join(map(str, unknown))} (allowed: {', '.join(KEYS)})")
        if missing:
            continue
        values = {key: entry[key] for key in KEYS}
        for key, value in values.items():
            if not isinstance(value, str) or not value.strip():
                problems.append(f"{where}: `{key}` must be a non-empty string")
        if any(not isinstance(value, str) for value in values.values()):
            continue
        if not ID_RE.match(values["id"]):
            problems.append(f"{where}: id must be UPPER-CASE words joined by hyphens, like AUTH-REFRESH-GRANT")
        if values["id"] in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(values["id"])
        if "\n" in values["rule"].strip():
            problems.append(f"{where}: `rule` must be one line")
        if values["level"] not in LEVELS:
            problems.append(f"{where}: level must be one of {', '.join(LEVELS)}")
        rules.append(Rule(**{key: value.strip() for key, value in values.items()}))
    if problems:
        raise RulesError("the rule catalogue (conformance/rules*.yaml) is malformed:\n  " + "\n  ".join(problems))
    return RuleCatalogue(tuple(rules))
