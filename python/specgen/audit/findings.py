"""The violation kinds audit counts, and what one command's audit found.

A command conforms when it has none of the kinds below (the conventions'
Conformance section). Notes (SG510: a Types file not named after its path, an
accessor naming another command) are reported but do not count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from specgen.codebase import CommandDir
from specgen.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Kind:
    """A violation kind: its slug, its diagnostic code, and how the report names it."""

    slug: str
    code: str
    summary: str
    """Report line, after a count of commands: ``39 commands missing static accessors``."""
    short: str
    """Within a group line: ``sentinel/* (8 commands) — no static accessors, any casts``."""


KINDS: tuple[Kind, ...] = (
    Kind("no-spec", "SG505", "without specs", "no specs"),
    Kind("no-types-file", "SG507", "without a Types file", "no Types file"),
    Kind("syntax-error", "SG501", "with syntax errors in their Types file", "syntax errors"),
    Kind(
        "no-params-result",
        "SG506",
        "without Params and Result extending the bases",
        "no Params/Result",
    ),
    Kind("no-static-accessor", "SG503", "missing static accessors", "no static accessors"),
    Kind("any-type", "SG502", "with any in their types", "any casts"),
    Kind("raw-execute", "SG504", "with raw Commands.execute() calls", "raw execute calls"),
)
KIND_BY_SLUG: dict[str, Kind] = {k.slug: k for k in KINDS}
KIND_BY_CODE: dict[str, Kind] = {k.code: k for k in KINDS}


@dataclass
class CommandAudit:
    """What audit found for one command folder."""

    command: CommandDir
    name: str
    spec: Path | None = None
    findings: list[Diagnostic] = field(default_factory=list)
    any_uses: int = 0
    raw_calls: int = 0

    @property
    def violations(self) -> list[str]:
        """The kinds of violation found, in report order, each once."""
        codes = {d.code for d in self.findings}
        return [k.slug for k in KINDS if k.code in codes]

    @property
    def conforms(self) -> bool:
        """True when the command has no violation (notes do not count)."""
        return not self.violations
