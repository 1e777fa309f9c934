"""The migrate report: diagnostics and a per-spec summary for people, or JSON for tools.

The JSON shape (documented in docs/migration-tools.md)::

    {"ok": bool, "mode": "per-spec" | "all-or-nothing",
     "summary": {"written": n, "unchanged": n, "printed": n, "skipped": n, "failed": n},
     "specs": [{"source", "target", "outcome", "reason", "notes": {code: n},
                "diagnostics": [...]}],
     "written": [target, ...], "diagnostics": [...], "counts": {...}}
"""

from __future__ import annotations

import sys

from rich.console import Console

from specgen import console as out
from specgen.diagnostics import Diagnostic
from specgen.migrate.batch import undeclared_name
from specgen.migrate.outcome import Destination, SpecOutcome, summary


def report_json(
    outcomes: list[SpecOutcome], extra: list[Diagnostic], dest: Destination
) -> dict[str, object]:
    """The report as JSON data."""
    tally = summary(outcomes)
    diags = extra + [d for o in outcomes for d in o.diagnostics]
    return {
        "ok": not (tally["failed"] or tally["skipped"]),
        "mode": "all-or-nothing" if dest.all_or_nothing else "per-spec",
        "summary": tally,
        "specs": [o.json() for o in outcomes],
        "written": [str(o.target) for o in outcomes if o.outcome == "written"],
    } | out.diagnostics_json(diags)


def print_report(
    outcomes: list[SpecOutcome], extra: list[Diagnostic], output_format: str, dest: Destination
) -> None:
    """Print the report: JSON on stdout, or diagnostics and a summary on stderr."""
    if output_format == "json":
        out.print_json(report_json(outcomes, extra, dest))
        return
    printed = "".join(o.text or "" for o in outcomes if o.outcome == "printed")
    if printed:
        sys.stdout.write(printed)
    err = out.stderr_console()
    every = extra + [d for o in outcomes for d in o.diagnostics]
    out.print_diagnostics(list(dict.fromkeys(every)), err)  # a type's note, once
    _say_targets(outcomes, err)
    tally = summary(outcomes)
    if len(outcomes) > 1 or tally["failed"] or tally["skipped"]:
        parts = ", ".join(f"{n} {name}" for name, n in tally.items() if n)
        err.print(f"{len(outcomes)} spec(s): {parts}", markup=False)
    missing = [o for o in outcomes if o.outcome in {"failed", "skipped"}]
    if missing:
        err.print("not written:", markup=False)
        for outcome in missing:
            err.print(f"  {outcome.source}: {outcome.outcome}: {outcome.reason}", markup=False)
    undeclared = sorted({undeclared_name(d) for d in every if d.code == "SG403"})
    if undeclared:
        err.print(
            f"{len(undeclared)} type(s) named but not declared ({', '.join(undeclared)}): "
            "pass --from DIR (the codebase's TypeScript sources) to fill them in",
            markup=False,
        )
    if dest.all_or_nothing and tally["failed"]:
        err.print("nothing written: fix the errors above first", markup=False)


def _say_targets(outcomes: list[SpecOutcome], err: Console) -> None:
    """One line per target written, or already holding the v2 form (a rerun says so)."""
    for outcome in outcomes:
        if outcome.outcome == "written":
            err.print(f"wrote {outcome.target}", markup=False)
        elif outcome.outcome == "unchanged":
            err.print(f"unchanged {outcome.target} (already this spec's v2 form)", markup=False)
