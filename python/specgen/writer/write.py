"""Put a batch of generated files on disk without losing anything.

`write_outputs` is the writer's one entry point. It runs in three named steps:

1. **validate** every path before anything is touched (`UnsafePathError`,
   `WriteConflictError`);
2. **plan** one `FileChange` per file by comparing with the disk and the manifest;
3. **apply** the plan (``WriteMode.WRITE`` only): changed files are replaced atomically,
   stale generated files are removed, and the manifest is saved last with what was really
   done, even when a write fails midway.

Ownership rules:

- ``generated`` files are rewritten whenever their bytes differ; identical files are not
  touched (their mtime stays, so build systems do not rebuild).
- ``scaffold`` files are created when missing and otherwise kept, even when the spec now
  wants different content (reported as drift). ``force`` replaces them.
- A manifest entry whose spec no longer produces it is stale: a generated file is removed
  (and folders it leaves empty are pruned, never the root); a scaffold is kept and reported.
  With ``scope``, only entries of the listed specs are considered.
- A file the manifest does not list, found where a generated file goes, is not specgen's:
  the run is refused (`UnownedFileError`) before anything is written, unless its bytes are
  already the generated ones (then it is simply recorded). ``force`` replaces it and always
  keeps its old bytes in a ``.bak`` file.
- ``backup`` keeps the old bytes of every file the run replaces or deletes that the user may
  still want: a scaffold replaced with ``force`` and a stale generated file being removed. The
  copy is ``<name>.bak`` (or ``<name>.bak.1``, ``.bak.2``, ... when taken). Generated files
  that are merely updated get no backup: the spec reproduces them at will.

Crash consistency: each file is replaced atomically; a run stopped by SIGTERM or SIGINT
(`specgen.writer.stopping`) finishes the file at hand and saves the manifest with what it
wrote; the temporary files of a killed run are removed by the next one and reported by
``CHECK`` (`specgen.writer.leftovers`), and ``CHECK`` is stale when the manifest does not
match what a run would record.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path

from specgen.writer import atomic as _atomic
from specgen.writer import stopping
from specgen.writer._paths import (
    MANIFEST_NAME,
    FolderResolver,
    escape_problem,
    join_below,
    path_problem,
)
from specgen.writer.changes import (
    CHANGING_ACTIONS,
    Action,
    FileChange,
    WriteMode,
    WriteOptions,
    WriteReport,
)
from specgen.writer.errors import UnsafePathError, WriteConflictError
from specgen.writer.leftovers import find_leftovers, remove_leftovers
from specgen.writer.manifest import ManifestEntry, read_manifest, render_manifest
from specgen.writer.plan import OutputFile
from specgen.writer.planner import Plan, Planner, Step, read_bytes

__all__ = ["NewFolders", "unowned_paths", "write_outputs"]


_DEFAULT_OPTIONS = WriteOptions()


def write_outputs(
    root: Path,
    files: Sequence[OutputFile],
    options: WriteOptions = _DEFAULT_OPTIONS,
    *,
    scope: Collection[str] | None = None,
) -> WriteReport:
    """Bring ``root`` in line with ``files`` (or, in ``CHECK``/``DRY_RUN``, say how it differs).

    Args:
        root: The output root; created when needed.
        files: Everything the specs of this run produce.
        options: Mode, ``force`` and ``backup`` (see the module docs).
        scope: The specs whose outputs ``files`` fully covers. Only manifest entries of these
            specs can be stale, so generating one spec never deletes another spec's files.
            None means every manifest entry is in scope.

    Returns:
        The report, one `FileChange` per path, sorted by path.

    Raises:
        UnsafePathError: A path is not a plain relative path inside ``root``. Nothing written.
        WriteConflictError: Two files share a path, or a path must be both a file and a
            folder (in the batch or on disk). Nothing written.
        UnownedFileError: (a `WriteConflictError`) a file the manifest does not list is
            where a generated file goes, with other bytes, and ``force`` is off. Nothing
            written.
        Interrupted: A stop request (`specgen.writer.stopping`) ended the run between two
            files; the manifest records the files written.
        TypeError: ``scope`` is a single string instead of a collection of spec names.
        OSError: Reading the disk failed (nothing written), or a write failed midway: the
            files written so far are complete, the others untouched, and the manifest records
            exactly what was done.
    """
    if isinstance(scope, str):
        raise TypeError("scope must be a collection of spec names, not one string")
    real_root, folders = _validate(root, files)
    manifest, notes = read_manifest(root)
    in_scope = None if scope is None else frozenset(scope)
    planner = Planner(root, real_root, options, manifest, notes, folders)
    plan = planner.plan(files, in_scope)
    changes = [step.change for step in plan.steps]
    if options.mode is WriteMode.WRITE:
        leftovers = remove_leftovers(root)
        _apply(root, plan, manifest, NewFolders(root, folders))
        return WriteReport(changes=changes, mode=options.mode, notes=notes, leftovers=leftovers)
    if options.mode is WriteMode.CHECK:
        changes = [_with_diff(step) for step in plan.steps]
    return WriteReport(
        changes=changes,
        mode=options.mode,
        notes=notes,
        leftovers=find_leftovers(root),
        manifest_outdated=_manifest_outdated(root, plan, manifest),
    )


def unowned_paths(
    root: Path,
    files: Sequence[OutputFile],
    manifest: Mapping[str, ManifestEntry],
    folders: FolderResolver,
) -> list[str]:
    """Generated paths the manifest does not list where a file exists now.

    Those are refused by planning unless the file already holds the generated bytes.
    Paths in folders that do not exist cost no system call (a first run looks at nothing).
    """
    base = os.fspath(root)
    return [
        file.path
        for file in files
        if file.owner == "generated"
        and file.path not in manifest
        and not folders.missing(file.path.rpartition("/")[0])
        and os.path.lexists(join_below(base, file.path))
    ]


def _manifest_outdated(root: Path, plan: Plan, manifest: Mapping[str, ManifestEntry]) -> bool:
    """Whether applying ``plan`` would change the manifest file's bytes."""
    entries = {path: entry for path, entry in manifest.items() if path not in plan.drops}
    for step in plan.steps:
        if step.entry is None:
            entries.pop(step.change.path, None)
        else:
            entries[step.change.path] = step.entry
    path = root / MANIFEST_NAME
    current = read_bytes(path)
    if current is None:
        return bool(entries)
    return current != render_manifest(dict(sorted(entries.items())))


# --- validate ---------------------------------------------------------------------------------


def _validate(root: Path, files: Sequence[OutputFile]) -> tuple[Path, FolderResolver]:
    """Check every path of the batch; return the resolved root and its folders."""
    by_path = _check_batch(files)
    real_root = root.resolve()
    folders = FolderResolver(real_root)
    for file in by_path.values():
        problem = escape_problem(real_root, file.path, folders)
        if problem is not None:
            raise UnsafePathError(file.path, file.spec, problem)
    if root.exists() and not root.is_dir():
        raise NotADirectoryError(f"the output root {root} is not a folder")
    _check_disk(root, by_path, folders)
    return real_root, folders


def _check_batch(files: Sequence[OutputFile]) -> dict[str, OutputFile]:
    """Check the paths as text and against each other; map each path to its file."""
    by_path: dict[str, OutputFile] = {}
    for file in files:
        problem = path_problem(file.path)
        if problem is not None:
            raise UnsafePathError(file.path, file.spec, problem)
        if file.path in by_path:
            other = by_path[file.path]
            raise WriteConflictError(file.path, (other.spec, file.spec), "two outputs share it")
        by_path[file.path] = file
    if _all_folders(by_path).isdisjoint(by_path):
        return by_path
    for path, file in sorted(by_path.items()):  # a clash: report the first one, in path order
        for folder in _folders(path):
            if folder in by_path:
                specs = (by_path[folder].spec, file.spec)
                raise WriteConflictError(folder, specs, f"{path!r} needs it to be a folder")
    return by_path


def _all_folders(paths: Iterable[str]) -> set[str]:
    """Every folder above any of ``paths`` (each shared folder is walked once)."""
    seen: set[str] = set()
    for path in paths:
        folder = path.rpartition("/")[0]
        while folder and folder not in seen:
            seen.add(folder)
            folder = folder.rpartition("/")[0]
    return seen


def _check_disk(root: Path, by_path: Mapping[str, OutputFile], folders: FolderResolver) -> None:
    """Check that nothing on disk is in the way, and that no two paths are one file."""
    same_file: dict[str, OutputFile] = {}
    checked: set[str] = set()
    base = os.fspath(root)
    for path, file in sorted(by_path.items()):
        parent, _, name = path.rpartition("/")
        for folder in () if parent in checked else _folders(path):
            if folder in checked:
                continue
            checked.add(folder)
            if folders.missing(folder):  # nothing on disk below it can be in the way
                continue
            full = os.path.join(base, folder)
            if os.path.exists(full) and not os.path.isdir(full):
                reason = f"{folder!r} is a file on disk, not a folder; remove it first"
                raise WriteConflictError(path, (file.spec,), reason)
        if not folders.missing(parent) and _not_a_file(os.path.join(base, path)):
            reason = "something that is not a file (a folder?) is in the way; remove it first"
            raise WriteConflictError(path, (file.spec,), reason)
        identity = join_below(folders.resolve(parent), name)
        if identity in same_file:
            other = same_file[identity]
            reason = f"it is the same file as {other.path!r} through a symlinked folder"
            raise WriteConflictError(path, (other.spec, file.spec), reason)
        same_file[identity] = file


def _not_a_file(target: str) -> bool:
    """Something other than a regular file (a folder, a device) exists at ``target``."""
    try:
        mode = os.stat(target).st_mode  # one call where exists() and isfile() took two
    except (OSError, ValueError):
        return False
    return not stat.S_ISREG(mode)


def _folders(path: str) -> list[str]:
    """The folders above ``path``, outermost first: ``a/b/c`` -> ``a``, ``a/b``."""
    folders = []
    end = path.find("/")
    while end != -1:
        folders.append(path[:end])
        end = path.find("/", end + 1)
    return folders


def _with_diff(step: Step) -> FileChange:
    if step.change.action not in CHANGING_ACTIONS:
        return step.change
    return dataclasses.replace(step.change, contents=(step.old, step.new))


# --- apply ------------------------------------------------------------------------------------


def _apply(
    root: Path, plan: Plan, manifest: Mapping[str, ManifestEntry], new_folders: NewFolders
) -> None:
    """Carry out the plan; save the manifest last, recording only what was really done.

    Writes come before removals, so a run that fails midway leaves at worst a stale file
    behind (still listed, removed next time), never a missing one.
    """
    entries = {path: entry for path, entry in manifest.items() if path not in plan.drops}
    removals = [step for step in plan.steps if step.change.action is Action.REMOVE]
    others = [step for step in plan.steps if step.change.action is not Action.REMOVE]
    with stopping.deferred():  # a stop request ends the loop between two files
        try:
            for step in others + removals:
                stopping.check()
                _apply_step(root, step, new_folders)
                if step.entry is None:
                    entries.pop(step.change.path, None)
                else:
                    entries[step.change.path] = step.entry
                if step.change.action is Action.REMOVE:
                    _prune(root, step.change.path)
        finally:
            _save_manifest(root, entries)


class NewFolders:
    """Creates the folders that validation found missing: each once, outermost first.

    One ``mkdir`` per new folder, instead of a failed ``open`` and a ``makedirs`` walk
    per file. A file in such a folder is known not to exist, so it is written without
    looking first. Two processes writing shares of one batch may both create a shared
    folder: the second finds it there.
    """

    def __init__(self, root: Path, folders: FolderResolver) -> None:
        """Folders below ``root``, as ``folders`` (the batch's resolver) found them."""
        self.base = os.fspath(root)
        self.folders = folders
        self.made: set[str] = set()

    def prepare(self, path: str) -> bool:
        """Create the missing folders above ``path``; True when its folder is new."""
        parent = path.rpartition("/")[0]
        if parent in self.made:
            return True
        if not self.folders.missing(parent):
            return False
        if not self.made:
            os.makedirs(self.base, exist_ok=True)
        for folder in _folders(path):
            if folder not in self.made and self.folders.missing(folder):
                with contextlib.suppress(FileExistsError):
                    os.mkdir(join_below(self.base, folder))
                self.made.add(folder)
        return True


def _apply_step(root: Path, step: Step, new_folders: NewFolders | None = None) -> None:
    change = step.change
    if change.action is Action.REMOVE:
        target = root / change.path
        if change.backup:
            target.replace(root / change.backup)
        else:
            target.unlink(missing_ok=True)
        return
    if step.new is None:
        return
    if change.backup and step.old is not None:
        _atomic.write_atomic(root / change.backup, step.old, compare=False)
    new = new_folders is not None and new_folders.prepare(change.path)
    _atomic.write_atomic(join_below(os.fspath(root), change.path), step.new, compare=False, new=new)


def _prune(root: Path, path: str) -> None:
    """Remove the folders above ``path`` that are now empty, innermost first; never ``root``."""
    with contextlib.suppress(OSError):  # not empty (or not ours to remove): stop there
        for folder in reversed(_folders(path)):
            (root / folder).rmdir()


def _save_manifest(root: Path, entries: Mapping[str, ManifestEntry]) -> None:
    path = root / MANIFEST_NAME
    if entries or os.path.lexists(path):
        _atomic.write_atomic(path, render_manifest(dict(sorted(entries.items()))))
