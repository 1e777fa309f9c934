"""The audit for people: the seed's report shape, in colour where the terminal has it.

::

    273/312 commands conform to generator patterns
      39 commands missing static accessors
      23 commands with any in their types
      5 raw Commands.execute() calls found

    Top violations:
      sentinel/* (8 commands) — no static accessors, any casts
"""

from __future__ import annotations

from rich.console import Console

from specgen.audit.checker import AuditReport
from specgen.audit.findings import KINDS
from specgen.audit.summary import AuditSummary
from specgen.console import print_diagnostics


def _commands(count: int) -> str:
    return f"{count} command" + ("" if count == 1 else "s")


def print_text(
    report: AuditReport, summary: AuditSummary, console: Console, details: bool, root: str
) -> None:
    """Print the findings (with ``details``), then the summary and the top groups."""
    if details:
        print_diagnostics(report.findings, console)
        console.print()
    all_good = summary.commands > 0 and summary.conforming == summary.commands
    console.print(
        f"{summary.conforming}/{_commands(summary.commands)} conform to generator patterns"
        f" ({root})",
        style="bold green" if all_good else "bold yellow",
        markup=False,
    )
    if not summary.commands:
        console.print(
            "  no command folder below it: a command folder holds shared/<Name>Types.ts, "
            "server/*Command.ts or browser/*Command.ts (docs/migration-tools.md)",
            markup=False,
        )
    for kind in KINDS:
        count = summary.kinds[kind.slug]
        if count and kind.slug != "raw-execute":
            console.print(f"  {_commands(count)} {kind.summary}", markup=False)
    if summary.any_uses:
        console.print(f"  {summary.any_uses} uses of any in command types", markup=False)
    if summary.raw_execute_calls:
        outside = summary.raw_execute_calls_outside_commands
        where = f", {outside} outside command folders" if outside else ""
        console.print(
            f"  {summary.raw_execute_calls} raw Commands.execute() calls found{where}",
            markup=False,
        )
    if summary.groups:
        console.print()
        console.print("Top violations:", style="bold", markup=False)
        for group in summary.groups:
            console.print(f"  {group.line()}", markup=False)
    if report.problems:
        console.print()
        print_diagnostics(report.problems, console)
