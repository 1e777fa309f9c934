"""Leftovers of an interrupted run: the writer's temporary files that were never renamed.

`specgen.writer.atomic` writes each file as ``.<name>.<pid>.tmp`` next to its target and
renames it into place. A process killed between the two (SIGKILL, out of memory, power
loss) leaves that temporary file behind. `find_leftovers` lists them below an output
root; `remove_leftovers` deletes them (a writing run does, before it writes) and
``--check`` reports them, so a tree with leftovers is never called fresh.

Only names of exactly that pattern are touched, only regular files, only below the root
(symlinked folders are not followed), and only when the process named in the file is
gone: a live writer's file is left to it.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

_TEMPORARY = re.compile(r"\..+\.(\d+)\.tmp")
"""`specgen.writer.atomic`'s temporary names: ``.<name>.<pid>.tmp``."""


def find_leftovers(root: Path) -> list[str]:
    """The temporary files of dead processes below ``root``, as sorted relative paths."""
    found: list[str] = []
    pending = [""]
    base = os.fspath(root)
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(os.path.join(base, folder) if folder else base))  # noqa: PTH118
        except OSError:  # gone, or not a folder: nothing below it
            continue
        for entry in entries:  # the kind comes with the listing: no system call per file
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(f"{folder}/{name}" if folder else name)
                elif (
                    name.endswith(".tmp")
                    and entry.is_file(follow_symlinks=False)
                    and _abandoned(name)
                ):
                    found.append(f"{folder}/{name}" if folder else name)
            except OSError:
                continue
    return sorted(found)


def remove_leftovers(root: Path) -> list[str]:
    """Delete the temporary files `find_leftovers` lists; the paths removed."""
    removed = []
    for path in find_leftovers(root):
        try:
            os.unlink(os.path.join(root, path))  # noqa: PTH108, PTH118
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def _abandoned(name: str) -> bool:
    """Whether ``name`` is a writer's temporary file whose process is gone."""
    match = _TEMPORARY.fullmatch(name)
    return match is not None and not _alive(int(match.group(1)))


def _alive(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):  # another user's process (or a silly number)
        return pid < 2**31
    return True
