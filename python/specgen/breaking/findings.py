"""A finding: one rule broken at one place, located in the new spec and the old one."""

from __future__ import annotations

from dataclasses import dataclass, field

from specgen.breaking.rules import RULE_BY_ID, WARNING_RULES, Rule
from specgen.diagnostics import Diagnostic, Location, Severity


@dataclass(frozen=True, slots=True)
class Finding:
    """A breaking change (or a warning about one to come).

    ``location`` is in the new spec (for a command that is gone: where it was in the old
    spec, the only place left); ``old_location`` is the same thing in the old spec.
    """

    rule_id: str
    command: str
    message: str
    location: Location
    old_location: Location | None = None
    hint: str = ""
    subject: tuple[str, ...] = ()
    """For a removal: what was removed (``("command", name)``, ``("command", name,
    "params", param)``, ``("type", name, field)``), to look its deprecation up."""
    downgraded: str = ""
    """Why an error became a warning (an allowed removal), empty otherwise."""

    @property
    def rule(self) -> Rule:
        """The rule this finding reports."""
        return RULE_BY_ID[self.rule_id]

    @property
    def severity(self) -> Severity:
        """ERROR for a breaking change, WARNING for deprecations and allowed removals."""
        if self.rule_id in WARNING_RULES or self.downgraded:
            return Severity.WARNING
        return Severity.ERROR

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """File, position, rule, message: a stable report order."""
        loc = self.location
        return (loc.file, loc.line, loc.column, self.rule_id, self.message)


@dataclass
class BreakingReport:
    """What a comparison found, plus what was wrong with its input."""

    findings: list[Finding] = field(default_factory=list)
    ignored: list[tuple[Finding, str]] = field(default_factory=list)
    """Findings a configured ignore removed, with its reason."""
    problems: list[Diagnostic] = field(default_factory=list)
    """Diagnostics about the input (bad ref, old specs that do not load...)."""
    commands_compared: int = 0
    old_specs: int = 0
    new_specs: int = 0

    @property
    def breaking(self) -> list[Finding]:
        """The findings that fail the check (errors)."""
        return [f for f in self.findings if f.severity is Severity.ERROR]
