"""Diagnostics: the one shape every user-facing problem takes.

A diagnostic has a stable code (``SGnnn``), a severity, a message, a location
(file:line:col plus the JSON path inside the spec) and a hint. Every step of the
pipeline collects diagnostics instead of raising, so a run reports all problems at
once (collect, then stop).
"""

from specgen.diagnostics.codes import CODES, Code, code_info, coded
from specgen.diagnostics.model import Diagnostic, Location, Severity, has_errors
from specgen.diagnostics.render import render_json, render_line

__all__ = [
    "CODES",
    "Code",
    "Diagnostic",
    "Location",
    "Severity",
    "code_info",
    "coded",
    "has_errors",
    "render_json",
    "render_line",
]
