"""Human-readable lines for a `WriteReport` (plain text, no markup)."""

from __future__ import annotations

from specgen.writer._paths import MANIFEST_NAME
from specgen.writer.changes import Action, FileChange, WriteMode, WriteReport

_DONE = {
    Action.CREATE: "created",
    Action.UPDATE: "updated",
    Action.UNCHANGED: "unchanged",
    Action.REMOVE: "removed",
    Action.KEEP_SCAFFOLD: "kept scaffold",
    Action.REPLACE_SCAFFOLD: "replaced scaffold",
    Action.ORPHAN_SCAFFOLD: "kept scaffold",
    Action.REPLACE_UNOWNED: "replaced",
}
_PLANNED = {
    Action.CREATE: "would create",
    Action.UPDATE: "would update",
    Action.UNCHANGED: "unchanged",
    Action.REMOVE: "would remove",
    Action.KEEP_SCAFFOLD: "would keep scaffold",
    Action.REPLACE_SCAFFOLD: "would replace scaffold",
    Action.ORPHAN_SCAFFOLD: "would keep scaffold",
    Action.REPLACE_UNOWNED: "would replace",
}


def render_report(report: WriteReport, *, verbose: bool = False) -> list[str]:
    """One line per path worth mentioning, then one per leftover, then one per note.

    Unchanged files and scaffolds kept as they should be are left out unless ``verbose``.
    Outside ``WRITE`` mode the verbs say "would".
    """
    writing = report.mode is WriteMode.WRITE
    verbs = _DONE if writing else _PLANNED
    lines = [
        f"{verbs[change.action]} {change.path}{_reason(change)}"
        for change in report.changes
        if verbose or _worth_saying(change)
    ]
    remove = "removed" if writing else "would remove"
    lines.extend(
        f"{remove} leftover {path} (a temporary file of an interrupted run)"
        for path in report.leftovers
    )
    if report.manifest_outdated and not report.written() and not report.leftovers:
        lines.append(  # the files are right, only the manifest is not (a killed run)
            f"would update {MANIFEST_NAME} (it does not list exactly the files a run records)"
        )
    lines.extend(f"note: {note}" for note in report.notes)
    return lines


def _worth_saying(change: FileChange) -> bool:
    if change.action is Action.UNCHANGED:
        return False
    return change.action is not Action.KEEP_SCAFFOLD or change.drift


def _reason(change: FileChange) -> str:
    backup = f"; old bytes kept in {change.backup}" if change.backup else ""
    if change.action is Action.REMOVE:
        return f" (its spec {change.spec} no longer produces it{backup})"
    if change.action is Action.ORPHAN_SCAFFOLD:
        return f" whose spec is gone ({change.spec} no longer produces it; delete it if unused)"
    if change.action is Action.REPLACE_SCAFFOLD:
        return f" (--force{backup})"
    if change.action is Action.REPLACE_UNOWNED:
        return f" (a file specgen did not write; --force{backup})"
    if change.action is Action.KEEP_SCAFFOLD and change.drift:
        return (
            f" ({change.spec} changed its expected content; "
            "the compiler will tell you what to change)"
        )
    return ""
