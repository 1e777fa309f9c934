"""The ``[breaking]`` table of ``specgen.toml`` (or ``[tool.specgen.breaking]``).

::

    [breaking]
    categories = ["WIRE", "SOURCE"]   # the classes of rules to check (default: both)
    allow_removal_after = "v1.2"      # removing a deprecated thing is allowed when the
                                      # spec at this revision already deprecated it

    [[breaking.ignore]]
    id = "WIRE_ACCESS_LEVEL_RAISED"   # a rule id (docs/breaking.md)
    reason = "only the admin UI calls these, and it ships with the server"
    command = "admin/*"               # optional: commands it applies to (glob)

Every ignore needs a reason: an ignore is a decision someone has to be able to read.
Problems are SG705 (wrong shape), SG706 (an ignore without a reason) and SG707 (an
unknown rule id), each at the line of the table, with a hint.
"""

from __future__ import annotations

import difflib
import fnmatch
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specgen.breaking.findings import Finding
from specgen.breaking.rules import RULE_BY_ID, RuleClass
from specgen.config import ProjectConfig
from specgen.diagnostics import Diagnostic, Location, coded
from specgen.tomlkeys import array_table_lines, key_positions


@dataclass(frozen=True, slots=True)
class Ignore:
    """Findings of one rule (for some commands) that the project accepts, and why."""

    rule_id: str
    reason: str
    command: str = "*"

    def matches(self, finding: Finding) -> bool:
        """True when ``finding`` is of this rule and its command matches the glob."""
        return finding.rule_id == self.rule_id and fnmatch.fnmatchcase(
            finding.command, self.command
        )


@dataclass(frozen=True)
class BreakingSettings:
    """What to check, what to accept, and from when removals are allowed."""

    categories: frozenset[RuleClass] = frozenset(RuleClass)
    ignores: tuple[Ignore, ...] = ()
    allow_removal_after: str | None = None
    file: Path | None = field(default=None, compare=False)


class _Reader:
    """Collects diagnostics while reading the table."""

    def __init__(self, file: Path, text: str, table: tuple[str, ...]) -> None:
        self.file = file
        self.text = text
        self.table = table
        """The key path of the table: ``("breaking",)``, or below ``tool.specgen``."""
        self.diagnostics: list[Diagnostic] = []

    def bad(self, code: str, message: str, hint: str, line: int | None = None) -> None:
        if line is None:
            header = key_positions(self.text).get(self.table)
            line = header.line if header is not None and header.header else 1
        where = Location(str(self.file), line, 1)
        self.diagnostics.append(coded(code, message, where, hint))

    def categories(self, value: object) -> frozenset[RuleClass]:
        names = [c.value for c in RuleClass]
        if not isinstance(value, list) or not value or any(v not in names for v in value):
            self.bad(
                "SG705",
                f"breaking.categories must be a non-empty list of {' and '.join(names)}",
                'write categories = ["WIRE", "SOURCE"] (or just one of them)',
            )
            return frozenset(RuleClass)
        return frozenset(RuleClass(v) for v in value)

    def ignores(self, value: object) -> tuple[Ignore, ...]:
        if not isinstance(value, list):
            self.bad("SG705", "breaking.ignore must be a list of tables", "use [[breaking.ignore]]")
            return ()
        found = []
        headers = array_table_lines(self.text, (*self.table, "ignore"))
        for index, item in enumerate(value):
            line = headers[index] if index < len(headers) else 1
            ignore = self.ignore(item, line)
            if ignore is not None:
                found.append(ignore)
        return tuple(found)

    def ignore(self, item: Any, line: int) -> Ignore | None:  # noqa: ANN401  # raw TOML
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            self.bad("SG705", "an ignore needs an id (a rule id)", 'write id = "RULE_ID"', line)
            return None
        rule_id = item["id"]
        if rule_id not in RULE_BY_ID:
            close = difflib.get_close_matches(rule_id, list(RULE_BY_ID), n=1)
            hint = f"did you mean {close[0]}?" if close else "see the rule ids in docs/breaking.md"
            self.bad("SG707", f"unknown rule id '{rule_id}'", hint, line)
            return None
        reason = item.get("reason")
        if not isinstance(reason, str) or not reason.strip():
            self.bad(
                "SG706",
                f"the ignore of {rule_id} has no reason",
                'say why the project accepts it: reason = "..."',
                line,
            )
            return None
        command = item.get("command", "*")
        unknown = sorted(set(item) - {"id", "reason", "command"})
        if not isinstance(command, str) or unknown:
            self.bad(
                "SG705",
                f"an ignore takes id, reason and command (a glob); got {', '.join(unknown)}"
                if unknown
                else "ignore.command must be a glob string",
                'write command = "gpu/*"',
                line,
            )
            return None
        return Ignore(rule_id, reason.strip(), command)


def parse_breaking(
    table: object, file: Path, text: str, path: tuple[str, ...]
) -> tuple[BreakingSettings, list[Diagnostic]]:
    """Settings from the raw ``[breaking]`` table (at the key ``path`` of ``text``)."""
    reader = _Reader(file, text, path)
    if not isinstance(table, dict):
        reader.bad("SG705", "breaking must be a table", "write [breaking] on a line of its own")
        return BreakingSettings(file=file), reader.diagnostics
    # A key this table does not know is warned about by load_config (SG116, did-you-mean).
    categories = reader.categories(table.get("categories", [c.value for c in RuleClass]))
    ignores = reader.ignores(table.get("ignore", []))
    after = table.get("allow_removal_after")
    if after is not None and (not isinstance(after, str) or not after):
        reader.bad("SG705", "breaking.allow_removal_after must be a revision", 'write "v1.2"')
        after = None
    return BreakingSettings(categories, ignores, after, file), reader.diagnostics


def load_breaking_settings(config: ProjectConfig) -> tuple[BreakingSettings, list[Diagnostic]]:
    """The ``[breaking]`` settings of the project's config, as loaded (defaults without one)."""
    config_file = config.file
    if config_file is None or "breaking" not in config.table:  # an unreadable file: SG104
        return BreakingSettings(file=config_file), []
    path = (
        ("tool", "specgen", "breaking") if config_file.name == "pyproject.toml" else ("breaking",)
    )
    return parse_breaking(config.table["breaking"], config_file, config.text, path)
