"""Plan a write run: one `Step` per path, from the batch, the disk and the manifest.

Planning reads files and touches nothing: `Planner` decides each path's `Action` by the
ownership rules (`specgen.writer.write`), and picks the backup names.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from specgen.values import value_type
from specgen.writer._paths import FolderResolver, escape_problem
from specgen.writer.changes import Action, FileChange, WriteOptions, carries_header
from specgen.writer.errors import UnownedFileError
from specgen.writer.manifest import ManifestEntry, sha256_hex
from specgen.writer.plan import OutputFile


@value_type
class Step:
    """One planned change, with what applying it needs."""

    change: FileChange
    old: bytes | None
    """The bytes on disk now (None: no file)."""
    new: bytes | None
    """The bytes to write (None: write nothing)."""
    entry: ManifestEntry | None
    """The manifest entry afterwards (None: drop it)."""


@dataclass
class Plan:
    """The steps of a run, in path order, and the manifest entries it only forgets."""

    steps: list[Step]
    drops: set[str]
    """Manifest entries to forget without touching the disk (their file is gone or not ours)."""


@dataclass
class Planner:
    """Compares the batch with the disk and the manifest, one path at a time."""

    root: Path
    real_root: Path
    options: WriteOptions
    manifest: Mapping[str, ManifestEntry]
    notes: list[str]
    folders: FolderResolver
    """The folders `_validate` looked at (a missing one holds no file to read)."""
    taken: set[str] = field(default_factory=set)
    """Names a backup must not take: every planned path and every backup chosen so far."""

    def plan(self, files: Sequence[OutputFile], scope: frozenset[str] | None) -> Plan:
        """The steps for ``files`` and for the manifest entries in ``scope`` they leave out."""
        planned = {file.path for file in files}
        self.taken.update(planned)
        steps = self.plan_files(files)
        leftovers = self.plan_leftovers(planned, scope)
        steps += leftovers.steps
        steps.sort(key=lambda step: step.change.path)
        return Plan(steps=steps, drops=leftovers.drops)

    def plan_files(self, files: Sequence[OutputFile]) -> list[Step]:
        """One step per file of the batch, comparing with what is on disk now."""
        steps = []
        for file in files:
            parent = file.path.rpartition("/")[0]
            old = (
                None
                if self.folders.missing(parent)
                else read_bytes(os.path.join(self.root, file.path))
            )
            step = (
                self.generated(file, old) if file.owner == "generated" else self.scaffold(file, old)
            )
            steps.append(step)
        return steps

    def plan_leftovers(self, planned: Collection[str], scope: frozenset[str] | None) -> Plan:
        """The steps (and silent drops) of manifest entries in scope that are not ``planned``."""
        self.taken.update(planned)
        plan = Plan(steps=[], drops=set())
        for path, entry in self.manifest.items():
            if path in planned or (scope is not None and entry.spec not in scope):
                continue
            leftover = self.leftover(path, entry)
            if leftover is None:
                plan.drops.add(path)
            else:
                plan.steps.append(leftover)
        return plan

    def generated(self, file: OutputFile, old: bytes | None) -> Step:
        """A generated file: rewritten when its bytes differ; refused when it is not ours."""
        backup = ""
        if old is None:
            action = Action.CREATE
        elif old == file.content:
            action = Action.UNCHANGED
        elif file.path in self.manifest or (self.options.repair and carries_header(old)):
            action = Action.UPDATE
        elif self.options.force:  # not specgen's: replaced, its bytes always kept
            action = Action.REPLACE_UNOWNED
            backup = self.backup_name(file.path, always=True)
        else:
            raise UnownedFileError(file.path, file.spec)
        change = FileChange(file.path, action, file.owner, file.spec, backup=backup)
        new = None if action is Action.UNCHANGED else file.content
        return Step(
            change, old, new, ManifestEntry(file.owner, file.spec, sha256_hex(file.content))
        )

    def scaffold(self, file: OutputFile, old: bytes | None) -> Step:
        """A scaffold: created when missing, else kept (replaced only with ``force``)."""
        written = ManifestEntry(file.owner, file.spec, sha256_hex(file.content))
        if old is None:
            change = FileChange(file.path, Action.CREATE, file.owner, file.spec)
            return Step(change, old, file.content, written)
        drift = old != file.content
        if drift and self.options.force:
            backup = self.backup_name(file.path)
            change = FileChange(
                file.path, Action.REPLACE_SCAFFOLD, file.owner, file.spec, backup=backup
            )
            return Step(change, old, file.content, written)
        # Kept: the hash stays the one of the bytes specgen wrote (or first found) there.
        previous = self.manifest.get(file.path)
        sha = previous.sha256 if previous is not None else sha256_hex(old)
        change = FileChange(file.path, Action.KEEP_SCAFFOLD, file.owner, file.spec, drift=drift)
        return Step(change, old, None, ManifestEntry(file.owner, file.spec, sha))

    def leftover(self, path: str, entry: ManifestEntry) -> Step | None:
        """A manifest entry in scope that no file of this run has; None: just forget it."""
        problem = escape_problem(self.real_root, path)
        target = self.root / path
        if problem is None and not target.is_file() and (target.exists() or target.is_symlink()):
            problem = "it is not a regular file"
        if problem is not None:
            self.notes.append(f"left {path!r} alone although the manifest lists it: {problem}")
            return None
        old = read_bytes(target)
        if old is None:
            return None
        if entry.owner == "scaffold":
            change = FileChange(path, Action.ORPHAN_SCAFFOLD, entry.owner, entry.spec)
            return Step(change, old, None, entry)
        backup = self.backup_name(path)
        change = FileChange(path, Action.REMOVE, entry.owner, entry.spec, backup=backup)
        return Step(change, old, None, None)

    def backup_name(self, path: str, *, always: bool = False) -> str:
        """``<path>.bak``, or ``<path>.bak.N`` with the smallest free N; "" without backup.

        ``always``: a backup even when the options did not ask for backups.
        """
        if not (self.options.backup or always):
            return ""
        name = f"{path}.bak"
        number = 0
        while name in self.taken or os.path.lexists(self.root / name):
            number += 1
            name = f"{path}.bak.{number}"
        self.taken.add(name)
        return name


def read_bytes(path: Path | str) -> bytes | None:
    """The bytes of the file at ``path``; None when there is none."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
