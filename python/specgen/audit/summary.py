"""The numbers of an audit: N/M conform, commands per violation kind, the worst groups."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from specgen.audit.checker import AuditReport
from specgen.audit.findings import KIND_BY_SLUG, KINDS


@dataclass(frozen=True)
class GroupSummary:
    """One command group (``sentinel/*``): how many of its commands violate what."""

    group: str
    commands: int
    non_conforming: int
    kinds: dict[str, int]
    """Violation kind -> commands of the group with it, most frequent first."""

    def line(self) -> str:
        """``sentinel/* (8 commands) — no static accessors, any casts``."""
        shorts = ", ".join(KIND_BY_SLUG[k].short for k in self.kinds)
        plural = "command" if self.non_conforming == 1 else "commands"
        return f"{self.group}/* ({self.non_conforming} {plural}) — {shorts}"


@dataclass(frozen=True)
class AuditSummary:
    """The counts the report prints and the labels test compares."""

    commands: int
    conforming: int
    kinds: dict[str, int]
    """Violation kind -> number of commands with it (every kind, zeros included)."""
    raw_execute_calls: int
    raw_execute_calls_outside_commands: int
    any_uses: int
    groups: list[GroupSummary] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The summary as JSON data."""
        return {
            "commands": self.commands,
            "conforming": self.conforming,
            "commandsWith": self.kinds,
            "rawExecuteCalls": self.raw_execute_calls,
            "rawExecuteCallsOutsideCommands": self.raw_execute_calls_outside_commands,
            "anyUses": self.any_uses,
            "topGroups": [
                {
                    "group": g.group,
                    "commands": g.commands,
                    "nonConforming": g.non_conforming,
                    "commandsWith": g.kinds,
                }
                for g in self.groups
            ],
        }


def summarize(report: AuditReport, top: int = 5) -> AuditSummary:
    """Count the report; ``top`` groups with the most non-conforming commands."""
    kinds = {k.slug: 0 for k in KINDS}
    per_group: dict[str, Counter[str]] = {}
    group_sizes: Counter[str] = Counter()
    group_bad: Counter[str] = Counter()
    for audit in report.commands:
        group = audit.command.group
        group_sizes[group] += 1
        violations = audit.violations
        if violations:
            group_bad[group] += 1
        for slug in violations:
            kinds[slug] += 1
            per_group.setdefault(group, Counter())[slug] += 1
    order = {k.slug: i for i, k in enumerate(KINDS)}
    groups = [
        GroupSummary(
            group,
            group_sizes[group],
            bad,
            dict(sorted(per_group[group].items(), key=lambda kv: (-kv[1], order[kv[0]]))),
        )
        for group, bad in sorted(group_bad.items(), key=lambda kv: (-kv[1], kv[0]))
    ][:top]
    loose = len(report.loose_findings)
    return AuditSummary(
        commands=len(report.commands),
        conforming=sum(1 for a in report.commands if a.conforms),
        kinds=kinds,
        raw_execute_calls=sum(a.raw_calls for a in report.commands) + loose,
        raw_execute_calls_outside_commands=loose,
        any_uses=sum(a.any_uses for a in report.commands),
        groups=groups,
    )
