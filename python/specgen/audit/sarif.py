"""The audit as SARIF 2.1.0, the format code-scanning tools read.

One run, tool ``specgen``, one rule per diagnostic code found (id ``SGnnn``, its
title, default level, and the fix from docs/diagnostics.md as help), one result
per finding with a physical location relative to ``%SRCROOT%`` (the folder the
audit ran in) and a 1-based region whose columns count Unicode code points.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from specgen.audit.checker import AuditReport
from specgen.audit.summary import AuditSummary
from specgen.diagnostics import CODES, Diagnostic, Severity
from specgen.diagnostics.sarif import SRCROOT, sarif_envelope

_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "note"}


def _artifact(file: str, base: Path) -> dict[str, Any]:
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    uri = quote(path.as_posix()) + ("/" if (base / path).is_dir() else "")
    return {"uri": uri, "uriBaseId": SRCROOT}


def _result(finding: Diagnostic, rule_index: int, base: Path) -> dict[str, Any]:
    loc = finding.location
    physical: dict[str, Any] = {"artifactLocation": _artifact(loc.file, base)}
    if not (base / loc.file).is_dir():
        physical["region"] = {"startLine": loc.line, "startColumn": loc.column}
    text = finding.message + (f". Hint: {finding.hint}" if finding.hint else "")
    return {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": _LEVELS[finding.severity],
        "message": {"text": text},
        "locations": [{"physicalLocation": physical}],
    }


def _rule(code: str) -> dict[str, Any]:
    info = CODES[code]
    return {
        "id": code,
        "name": "".join(w.capitalize() for w in info.title.replace("`", "").split()),
        "shortDescription": {"text": info.title},
        "defaultConfiguration": {"level": _LEVELS[info.severity]},
        "help": {"text": f"See {code} in docs/diagnostics.md of specgen."},
    }


def sarif_log(report: AuditReport, summary: AuditSummary, base: Path) -> dict[str, Any]:
    """The SARIF log of ``report``; paths are relative to ``base``."""
    findings = report.findings
    codes = sorted({f.code for f in findings})
    index = {code: i for i, code in enumerate(codes)}
    return sarif_envelope(
        [_rule(code) for code in codes],
        [_result(f, index[f.code], base) for f in findings],
        summary.as_json(),
        base,
    )
