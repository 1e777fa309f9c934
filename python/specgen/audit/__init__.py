"""Audit: measure a tree of hand-written commands against the conventions.

``run_audit`` checks every command folder (ConformanceChecker), ``summarize``
counts the report the way the seed shows it, and the report is rendered as text,
JSON or SARIF 2.1.0. Exports are imported on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from specgen.lazy import lazy_exports

if TYPE_CHECKING:
    from specgen.audit.checker import AuditReport as AuditReport
    from specgen.audit.checker import ConformanceChecker as ConformanceChecker
    from specgen.audit.checker import run_audit as run_audit
    from specgen.audit.findings import KINDS as KINDS
    from specgen.audit.findings import CommandAudit as CommandAudit
    from specgen.audit.findings import Kind as Kind
    from specgen.audit.sarif import sarif_log as sarif_log
    from specgen.audit.summary import AuditSummary as AuditSummary
    from specgen.audit.summary import GroupSummary as GroupSummary
    from specgen.audit.summary import summarize as summarize

__getattr__, __all__ = lazy_exports(
    __name__,
    {
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
    },
)
