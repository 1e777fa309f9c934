"""One broken rule, at a place in a file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Violation:
    """A rule broken at ``path:line``, described by ``message``."""

    path: Path
    line: int
    message: str

    def render(self, root: Path) -> str:
        """``path:line: message``, with ``path`` relative to ``root`` where it lies under it."""
        shown = self.path.relative_to(root) if self.path.is_relative_to(root) else self.path
        return f"{shown}:{self.line}: {self.message}"
