"""The report for people (one line per finding) and as JSON for tools.

A text line reads like a diagnostic, with the rule id where the code would be::

    specs/gpu-stats.json:25:5: error[WIRE_PARAM_MADE_REQUIRED] param 'mode' is now
    required; old clients may leave it out (WIRE; was main:specs/gpu-stats.json:24:5);
    hint: keep it optional and give it a default
"""

from __future__ import annotations

from typing import Any

from specgen.breaking.findings import BreakingReport, Finding
from specgen.diagnostics import Location, Severity


def finding_line(finding: Finding) -> str:
    """One line: location, severity, rule id, message, class, old location, hint."""
    parts = [f"{finding.rule.rule_class.value}"]
    if finding.old_location is not None and finding.old_location != finding.location:
        parts.append(f"was {finding.old_location}")
    if finding.downgraded:
        parts.append(f"allowed: {finding.downgraded}")
    line = (
        f"{finding.location}: {finding.severity.value}[{finding.rule_id}] {finding.message} "
        f"({'; '.join(parts)})"
    )
    return line + (f"; hint: {finding.hint}" if finding.hint else "")


def summary_line(report: BreakingReport, against: str) -> str:
    """The closing line: how many breaking changes of each class, warnings, ignored."""
    breaking = report.breaking
    wire = sum(1 for f in breaking if f.rule.rule_class.value == "WIRE")
    warnings = sum(1 for f in report.findings if f.severity is Severity.WARNING)
    return (
        f"{len(breaking)} breaking change(s) ({wire} WIRE, {len(breaking) - wire} SOURCE), "
        f"{warnings} warning(s), {len(report.ignored)} ignored; "
        f"{report.commands_compared} command(s) compared against {against}"
    )


def text_report(report: BreakingReport, against: str) -> str:
    """Every finding, then the summary line."""
    lines = [finding_line(f) for f in report.findings]
    lines.append(summary_line(report, against))
    return "\n".join(lines) + "\n"


def _location(loc: Location | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    return {"file": loc.file, "line": loc.line, "column": loc.column, "jsonPath": loc.json_path}


def finding_json(finding: Finding) -> dict[str, Any]:
    """A finding as JSON (camelCase keys, like the rest of specgen's JSON)."""
    rule = finding.rule
    return {
        "ruleId": finding.rule_id,
        "class": rule.rule_class.value,
        "breaksTypeScript": rule.breaks_ts,
        "severity": finding.severity.value,
        "command": finding.command,
        "message": finding.message,
        "hint": finding.hint,
        "location": _location(finding.location),
        "oldLocation": _location(finding.old_location),
        "allowed": finding.downgraded or None,
    }


def json_report(report: BreakingReport, against: str) -> dict[str, Any]:
    """The whole report as JSON."""
    breaking = report.breaking
    return {
        "against": against,
        "breaking": bool(breaking),
        "findings": [finding_json(f) for f in report.findings],
        "ignored": [finding_json(f) | {"reason": reason} for f, reason in report.ignored],
        "summary": {
            "breaking": len(breaking),
            "wire": sum(1 for f in breaking if f.rule.rule_class.value == "WIRE"),
            "source": sum(1 for f in breaking if f.rule.rule_class.value == "SOURCE"),
            "warnings": len(report.findings) - len(breaking),
            "ignored": len(report.ignored),
            "commandsCompared": report.commands_compared,
            "oldSpecs": report.old_specs,
            "newSpecs": report.new_specs,
        },
    }
