"""Render diagnostics for people (one line each) and for machines (JSON)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from specgen.diagnostics.model import Diagnostic, Location


def render_line(diagnostic: Diagnostic) -> str:
    """One line: ``file:line:col: severity[CODE] message (at $.path); hint: ...``.

    Related locations follow on the same line so that each problem stays one line
    that editors and CI logs can jump to.
    """
    d = diagnostic
    text = f"{d.location}: {d.severity.value}[{d.code}] {d.message} (at {d.location.json_path})"
    if d.related:
        text += "; see also " + ", ".join(str(r) for r in d.related)
    if d.hint:
        text += f"; hint: {d.hint}"
    return text


def _location_json(loc: Location) -> dict[str, Any]:
    return {"file": loc.file, "line": loc.line, "column": loc.column, "jsonPath": loc.json_path}


def render_json(diagnostics: Iterable[Diagnostic]) -> list[dict[str, Any]]:
    """Return diagnostics as JSON-ready dicts, in a stable order."""
    return [
        {
            "code": d.code,
            "severity": d.severity.value,
            "message": d.message,
            "hint": d.hint,
            "location": _location_json(d.location),
            "related": [_location_json(r) for r in d.related],
        }
        for d in sorted(diagnostics, key=Diagnostic.sort_key)
    ]
