"""Audit: measure a tree of hand-written commands against the conventions.

``run_audit`` checks every command folder (ConformanceChecker), ``summarize``
counts the report the way the seed shows it, and the report is rendered as text,
JSON or SARIF 2.1.0. Exports are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from specgen.audit.checker import AuditReport, ConformanceChecker, run_audit
    from specgen.audit.findings import KINDS, CommandAudit, Kind
    from specgen.audit.sarif import sarif_log
    from specgen.audit.summary import AuditSummary, GroupSummary, summarize

_EXPORTS = {
    "AuditReport": "specgen.audit.checker",
    "AuditSummary": "specgen.audit.summary",
    "CommandAudit": "specgen.audit.findings",
    "ConformanceChecker": "specgen.audit.checker",
    "GroupSummary": "specgen.audit.summary",
    "KINDS": "specgen.audit.findings",
    "Kind": "specgen.audit.findings",
    "run_audit": "specgen.audit.checker",
    "sarif_log": "specgen.audit.sarif",
    "summarize": "specgen.audit.summary",
}

__all__ = [
    "KINDS",
    "AuditReport",
    "AuditSummary",
    "CommandAudit",
    "ConformanceChecker",
    "GroupSummary",
    "Kind",
    "run_audit",
    "sarif_log",
    "summarize",
]


def __getattr__(name: str) -> object:
    """Import an export on first use, so ``specgen --help`` does not load the parser."""
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module {__name__!r} has no attribute {name!r}"
        raise AttributeError(msg)
    return getattr(importlib.import_module(module), name)
