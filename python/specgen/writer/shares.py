"""Writing one batch in shares: validate once, write disjoint shares, finish once.

`write_outputs` plans and applies a batch in one go. Here the same steps are cut
apart, so that a forked worker process can write part of a batch while this
process writes the rest (``WriteMode.WRITE`` only):

1. `prepare_write` validates every path of the whole batch (contents are not needed
   yet), reads the manifest and plans its stale entries; nothing is written;
2. `write_share` plans and applies one share (some of the batch's files, each file
   in exactly one share) and returns a `ShareOutcome`: the share's changes, the
   manifest entries of the steps carried out, and the failure that stopped it. It
   never raises, so what it wrote is always reported;
3. `finish_write` merges the outcomes into the manifest. When a share failed, the
   manifest is saved with what was done and the first failure is raised (stale files
   are then kept, as a failed `write_outputs` keeps them); otherwise the stale files
   are removed and the manifest saved, as `write_outputs` does.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from specgen.writer import stopping
from specgen.writer.changes import Action, FileChange, WriteMode, WriteOptions, WriteReport
from specgen.writer.leftovers import remove_leftovers
from specgen.writer.manifest import ManifestEntry, read_manifest
from specgen.writer.plan import OutputFile
from specgen.writer.planner import Plan, Planner
from specgen.writer.write import (
    NewFolders,
    _apply_step,
    _prune,
    _save_manifest,
    _validate,
    unowned_paths,
)


@dataclass
class PreparedWrite:
    """A validated batch: its root, options, manifest and stale entries."""

    root: Path
    manifest: dict[str, ManifestEntry]
    notes: list[str]
    planner: Planner
    leftovers: Plan
    unowned: list[str] = field(default_factory=list)
    """Generated paths where a file the manifest does not know exists (see `unowned_paths`)."""
    removed_leftovers: list[str] = field(default_factory=list)
    """Temporary files of an interrupted run that were removed (`specgen.writer.leftovers`)."""


@dataclass
class ShareOutcome:
    """What `write_share` planned and did for one share."""

    changes: list[FileChange] = field(default_factory=list)
    """One change per file of the share (empty when planning failed)."""
    done: list[tuple[str, ManifestEntry | None]] = field(default_factory=list)
    """The manifest entry after each step carried out, in order (None: no entry)."""
    failure: BaseException | None = None
    """What stopped the share; the steps in ``done`` were carried out all the same."""


def prepare_write(
    root: Path,
    files: Sequence[OutputFile],
    options: WriteOptions,
    *,
    scope: Collection[str] | None = None,
) -> PreparedWrite:
    """Check the whole batch as `write_outputs` does before writing; plan its stale entries.

    ``files`` may carry empty contents: only paths, owners and specs are looked at.

    Raises:
        ValueError: ``options`` is not ``WriteMode.WRITE``.
        TypeError: ``scope`` is a single string.
        UnsafePathError, WriteConflictError, OSError: as `write_outputs`; nothing written.
    """
    if options.mode is not WriteMode.WRITE:
        raise ValueError("only WriteMode.WRITE writes in shares")
    if isinstance(scope, str):
        raise TypeError("scope must be a collection of spec names, not one string")
    real_root, folders = _validate(root, files)
    manifest, notes = read_manifest(root)
    planner = Planner(root, real_root, options, manifest, notes, folders)
    planned = {file.path for file in files}
    leftovers = planner.plan_leftovers(planned, None if scope is None else frozenset(scope))
    unowned = unowned_paths(root, files, manifest, folders)
    removed = remove_leftovers(root)
    return PreparedWrite(root, manifest, notes, planner, leftovers, unowned, removed)


def write_share(prepared: PreparedWrite, files: Sequence[OutputFile]) -> ShareOutcome:
    """Plan and write ``files`` (one share of the prepared batch); never raises.

    A stop request (`stopping`) ends the share between two files, as a failure.
    """
    outcome = ShareOutcome()
    try:
        steps = prepared.planner.plan_files(files)
        outcome.changes = [step.change for step in steps]
        new_folders = NewFolders(prepared.root, prepared.planner.folders)
        with stopping.deferred():
            for step in steps:
                stopping.check()
                _apply_step(prepared.root, step, new_folders)
                outcome.done.append((step.change.path, step.entry))
    except BaseException as exc:  # noqa: BLE001  # reported; finish_write raises it
        outcome.failure = exc
    return outcome


def finish_write(prepared: PreparedWrite, outcomes: Sequence[ShareOutcome]) -> WriteReport:
    """Record every share's steps, remove stale files, save the manifest; the run's report.

    Raises:
        BaseException: The first share's failure, after the manifest is saved with every
            step carried out (stale files are kept), or a failure removing a stale file.
    """
    root = prepared.root
    drops = prepared.leftovers.drops
    entries = {path: entry for path, entry in prepared.manifest.items() if path not in drops}
    for outcome in outcomes:
        for path, entry in outcome.done:
            _record(entries, path, entry)
    failure = next((o.failure for o in outcomes if o.failure is not None), None)
    with stopping.deferred():
        try:
            if failure is not None:
                raise failure
            for step in prepared.leftovers.steps:
                stopping.check()
                _apply_step(root, step)
                _record(entries, step.change.path, step.entry)
                if step.change.action is Action.REMOVE:
                    _prune(root, step.change.path)
        finally:
            _save_manifest(root, entries)
    changes = [change for outcome in outcomes for change in outcome.changes]
    changes += [step.change for step in prepared.leftovers.steps]
    changes.sort(key=lambda change: change.path)
    return WriteReport(
        changes=changes,
        mode=WriteMode.WRITE,
        notes=prepared.notes,
        leftovers=prepared.removed_leftovers,
    )


def _record(entries: dict[str, ManifestEntry], path: str, entry: ManifestEntry | None) -> None:
    if entry is None:
        entries.pop(path, None)
    else:
        entries[path] = entry
