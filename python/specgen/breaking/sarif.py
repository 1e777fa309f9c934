"""The comparison as SARIF 2.1.0, in the shape ``specgen audit`` writes.

One run, tool ``specgen``; one rule per rule id found (its title, its class and whether
TypeScript callers break as properties, docs/breaking.md as help); one result per
finding at the new spec's position, the old position as a related location. Ignored
findings are results too, suppressed with the configured reason, so a code-scanning
tool shows what the project accepted and why.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import quote

from specgen.breaking.findings import BreakingReport, Finding
from specgen.breaking.report import json_report
from specgen.breaking.rules import RULE_BY_ID
from specgen.diagnostics import Location, Severity
from specgen.diagnostics.sarif import SRCROOT, sarif_envelope


def _artifact(file: str, against: str) -> dict[str, Any]:
    """The artifact of ``file``; a file read at the revision loses its ``REF:`` prefix."""
    path = Path(file.removeprefix(f"{against}:"))
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix()), "uriBaseId": SRCROOT}


def _physical(loc: Location, against: str) -> dict[str, Any]:
    return {
        "artifactLocation": _artifact(loc.file, against),
        "region": {"startLine": loc.line, "startColumn": loc.column},
    }


def _result(finding: Finding, index: int, against: str, reason: str | None) -> dict[str, Any]:
    text = finding.message + (f". Hint: {finding.hint}" if finding.hint else "")
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index,
        "level": "error" if finding.severity is Severity.ERROR else "warning",
        "message": {"text": text},
        "locations": [{"physicalLocation": _physical(finding.location, against)}],
        "properties": {"class": finding.rule.rule_class.value, "command": finding.command},
    }
    old = finding.old_location
    if old is not None and old != finding.location:
        result["relatedLocations"] = [
            {
                "id": 1,
                "message": {"text": f"before: {old}"},
                "physicalLocation": _physical(old, against),
            }
        ]
    if reason is not None:
        result["suppressions"] = [{"kind": "external", "justification": reason}]
    return result


def _rule(rule_id: str) -> dict[str, Any]:
    rule = RULE_BY_ID[rule_id]
    return {
        "id": rule_id,
        "name": "".join(w.capitalize() for w in rule_id.split("_")),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": f"{rule.title} ({rule.rule_class.value}; breaks {rule.who})"},
        "defaultConfiguration": {"level": "warning" if rule_id == "DEPRECATED" else "error"},
        "help": {"text": f"See {rule_id} in docs/breaking.md of specgen."},
        "properties": {"class": rule.rule_class.value, "breaksTypeScript": rule.breaks_ts},
    }


def sarif_log(report: BreakingReport, against: str, base: Path) -> dict[str, Any]:
    """The SARIF log of ``report``; paths are relative to ``base``."""
    every = [(f, None) for f in report.findings] + list(report.ignored)
    ids = sorted({f.rule_id for f, _reason in every})
    index = {rule_id: i for i, rule_id in enumerate(ids)}
    return sarif_envelope(
        [_rule(rule_id) for rule_id in ids],
        [_result(f, index[f.rule_id], against, reason) for f, reason in every],
        json_report(report, against)["summary"],
        base,
    )
