"""What every rule module shares: the two sides, the flow of data, and the findings.

A field is compared in a *flow*: ``INPUT`` when clients send it (params, and the
fields of every type params use), ``OUTPUT`` when the server sends it (results and
their types), both for a type used on both sides. The rules ask the old clients'
question in each flow: can the new server still read what old clients send (input
may only widen), and can old clients still read what the new server sends (output may
only narrow)?
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from specgen.breaking.findings import Finding
from specgen.breaking.side import Side, Site


class Flow(enum.Flag):
    """Who sends a field: clients (INPUT), the server (OUTPUT), or both."""

    NONE = 0
    INPUT = enum.auto()
    OUTPUT = enum.auto()


@dataclass(frozen=True, slots=True)
class Pair:
    """The same thing in the old spec and the new one."""

    old: Site
    new: Site

    def at(self, *parts: str | int) -> Pair:
        """Both sites, one level down."""
        return Pair(self.old.at(*parts), self.new.at(*parts))


@dataclass
class Comparison:
    """The two sides being compared and the findings so far."""

    old: Side
    new: Side
    findings: list[Finding] = field(default_factory=list)
    declared_flows: dict[str, Flow] = field(default_factory=dict)
    """How each declared type of the new side is used across the project."""
    declared_users: dict[str, list[str]] = field(default_factory=dict)
    unchanged: set[str] = field(default_factory=set)
    """Commands whose spec text is the same in both versions (nothing in them to compare)."""

    def report(  # noqa: PLR0913  # a finding has this many parts
        self,
        rule_id: str,
        command: str,
        message: str,
        pair: Pair,
        *,
        hint: str = "",
        subject: tuple[str, ...] = (),
    ) -> None:
        """Record a finding located at both sites of ``pair``."""
        self.findings.append(
            Finding(
                rule_id,
                command,
                message,
                pair.new.location(),
                pair.old.location(),
                hint,
                subject,
            )
        )
