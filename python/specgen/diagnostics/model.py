"""Value types for diagnostics: severity, location and the diagnostic itself."""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import field

from specgen.values import value_type


class Severity(enum.Enum):
    """How bad a diagnostic is; errors stop generation, warnings and notes do not."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"


@value_type(slots=True)
class Location:
    """A place in a spec file: 1-based line and column, plus the JSON path there."""

    file: str
    line: int = 1
    column: int = 1
    json_path: str = "$"

    def __str__(self) -> str:
        """Render as ``file:line:col``."""
        return f"{self.file}:{self.line}:{self.column}"


@value_type(slots=True)
class Diagnostic:
    """One problem found in the user's input.

    ``related`` names other places that take part in the problem (the other
    definition of a duplicate type, the other field of a name collision).
    """

    code: str
    severity: Severity
    message: str
    location: Location
    hint: str = ""
    related: tuple[Location, ...] = field(default_factory=tuple)

    def sort_key(self) -> tuple[str, int, int, str]:
        """Order diagnostics by file, position and code, for stable output."""
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Return True if any diagnostic is an error."""
    return any(d.severity is Severity.ERROR for d in diagnostics)
