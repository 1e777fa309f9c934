"""The SARIF 2.1.0 log every specgen report is written in (audit, breaking).

One run, tool ``specgen`` with the rules the report found, results located relative to
``%SRCROOT%`` (the folder the command ran in), columns counted in Unicode code points,
and the report's summary as the run's properties. Each report builds its own rules and
results; this module wraps them the same way for every command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specgen.version import __version__

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SRCROOT = "SRCROOT"


def sarif_envelope(
    rules: list[dict[str, Any]],
    results: list[dict[str, Any]],
    summary: dict[str, Any],
    base: Path,
) -> dict[str, Any]:
    """The SARIF log of one run of specgen; ``base`` is what ``%SRCROOT%`` stands for."""
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "specgen",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "rules": rules,
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": base.resolve().as_uri().rstrip("/") + "/"}},
                "columnKind": "unicodeCodePoints",
                "results": results,
                "properties": {"summary": summary},
            }
        ],
    }
