"""Write the migrated specs that may be written, and report each spec's outcome.

Outcomes: ``written`` (the target now holds the v2 spec), ``unchanged`` (it already
did), ``printed`` (one spec, no destination: the spec went to stdout), ``skipped``
(not written although it migrated: its target already holds another file and
``--force`` was not given, another spec of the run has the same target, or
``--all-or-nothing`` and another spec failed) and ``failed`` (it has errors, or its
target could not be written: SG412).
Every write is atomic; a target that holds anything else is never replaced
without ``--force``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specgen.diagnostics import CODES, Diagnostic, Location, render_json
from specgen.migrate.batch import SpecPlan
from specgen.writer import write_atomic

OUTCOMES = ("written", "unchanged", "printed", "skipped", "failed")


@dataclass(frozen=True)
class Destination:
    """Where migrated specs go: a folder, over their sources, or stdout (neither)."""

    out_dir: Path | None = None
    in_place: bool = False
    force: bool = False
    all_or_nothing: bool = False

    def target(self, source: Path) -> Path | None:
        """The file the spec from ``source`` is written to (None: stdout)."""
        if self.in_place:
            return source
        return None if self.out_dir is None else self.out_dir / source.name


@dataclass
class SpecOutcome:
    """What happened to one spec file."""

    source: Path
    target: Path | None
    outcome: str
    reason: str = ""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    text: str | None = None

    def json(self) -> dict[str, Any]:
        """The spec's entry in the JSON report."""
        return {
            "source": str(self.source),
            "target": None if self.target is None else str(self.target),
            "outcome": self.outcome,
            "reason": self.reason,
            "notes": dict(sorted(Counter(d.code for d in self.diagnostics).items())),
            "diagnostics": render_json(sorted(self.diagnostics, key=Diagnostic.sort_key)),
        }


def _skip_reason(plan: SpecPlan, target: Path, taken: set[Path], *, force: bool) -> str:
    """Why an existing or shared target is not written ('' when it may be)."""
    key = target.resolve()
    if key in taken:
        return f"another spec of this run is written to {target}"
    taken.add(key)
    if force or key == plan.source.resolve() or not target.exists():
        return ""
    try:
        same = target.read_text(encoding="utf-8") == plan.text
    except (OSError, UnicodeDecodeError):
        same = False
    return "" if same else f"{target} exists and holds something else; --force replaces it"


def _write_failed(outcome: SpecOutcome, target: Path, exc: OSError) -> None:
    """Mark ``outcome`` failed: its target could not be written (nothing there changed)."""
    reason = exc.strerror or str(exc)
    outcome.outcome, outcome.reason = "failed", f"cannot write {target}: {reason}"
    outcome.diagnostics.append(
        Diagnostic(
            "SG412",
            CODES["SG412"].severity,
            f"migrated spec not written: cannot write {target}: {reason}",
            Location(str(target)),
            "make the folder writable (or free space), or choose another --out folder",
        )
    )


def settle(plans: list[SpecPlan], dest: Destination) -> list[SpecOutcome]:
    """Write what may be written (atomically) and return every spec's outcome."""
    outcomes: list[SpecOutcome] = []
    any_failed = any(not p.ok for p in plans)
    taken: set[Path] = set()
    for plan in plans:
        target = dest.target(plan.source)
        outcome = SpecOutcome(plan.source, target, "failed", plan.failure, list(plan.diagnostics))
        outcomes.append(outcome)
        if not plan.ok or plan.text is None:
            continue
        outcome.text = plan.text
        if dest.all_or_nothing and any_failed:
            outcome.outcome, outcome.reason = "skipped", "--all-or-nothing: another spec failed"
            continue
        if target is None:
            outcome.outcome, outcome.reason = "printed", ""
            continue
        reason = _skip_reason(plan, target, taken, force=dest.force)
        if reason:
            outcome.outcome, outcome.reason = "skipped", reason
            outcome.diagnostics.append(
                Diagnostic(
                    "SG411",
                    CODES["SG411"].severity,
                    f"migrated spec not written: {reason}",
                    Location(str(target)),
                    "pass --force to replace it, or choose another --out folder",
                )
            )
            continue
        try:
            changed = write_atomic(target, plan.text.encode("utf-8"))
        except OSError as exc:
            _write_failed(outcome, target, exc)
            continue
        outcome.outcome, outcome.reason = ("written" if changed else "unchanged"), ""
    return outcomes


def summary(outcomes: list[SpecOutcome]) -> dict[str, int]:
    """How many specs had each outcome."""
    tally = Counter(o.outcome for o in outcomes)
    return {name: tally.get(name, 0) for name in OUTCOMES}


def exit_status(outcomes: list[SpecOutcome], dest: Destination) -> int:
    """0 every spec migrated; 1 some were not written; 2 none migrated or all-or-nothing failed."""
    tally = summary(outcomes)
    if tally["failed"] and (dest.all_or_nothing or tally["failed"] == len(outcomes)):
        return 2
    return 1 if tally["failed"] or tally["skipped"] else 0
