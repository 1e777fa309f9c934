"""Terminal output: diagnostics one per line for people, or JSON for machines.

Diagnostics are printed without rich markup or wrapping, so each stays a single
line that editors and CI logs can jump to (``file:line:col``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any, Literal

from rich.console import Console

from specgen.diagnostics import Diagnostic, Severity, render_json, render_line

OutputFormat = Literal["text", "json"]


def stdout_console() -> Console:
    """A console for stdout that never wraps or interprets markup in our text."""
    return Console(soft_wrap=True, highlight=False)


def stderr_console() -> Console:
    """A console for stderr, same settings as stdout's."""
    return Console(soft_wrap=True, highlight=False, stderr=True)


def counts(diagnostics: Iterable[Diagnostic]) -> dict[str, int]:
    """How many diagnostics of each severity."""
    result = {s.value: 0 for s in Severity}
    for d in diagnostics:
        result[d.severity.value] += 1
    return result


def print_diagnostics(diagnostics: Iterable[Diagnostic], console: Console) -> None:
    """One line per diagnostic, coloured by severity."""
    styles = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.NOTE: "cyan"}
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        console.print(render_line(d), style=styles[d.severity], markup=False)


def print_json(data: object) -> None:
    """Write ``data`` as indented JSON to stdout."""
    sys.stdout.write(json.dumps(data, indent=2, sort_keys=True) + "\n")


def diagnostics_json(diagnostics: list[Diagnostic]) -> dict[str, Any]:
    """The JSON block shared by every command that reports diagnostics."""
    return {"diagnostics": render_json(diagnostics), "counts": counts(diagnostics)}
