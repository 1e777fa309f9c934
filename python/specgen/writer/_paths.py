"""Path rules: what an output path may look like and where it may lead."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path, PureWindowsPath

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

MANIFEST_NAME = ".specgen-manifest.json"
"""The manifest's file name, in the output root. No output may use it."""


def path_problem(path: str) -> str | None:
    """Say why ``path`` is not a canonical relative POSIX path, or None when it is one."""
    parts = path.split("/")
    problem: str | None = None
    if not path:
        problem = "it is empty"
    elif "\\" in path:
        problem = "it contains a backslash (use '/')"
    elif _CONTROL.search(path):
        problem = "it contains a control character"
    elif path.startswith("/") or (":" in path and PureWindowsPath(path).drive):
        problem = "it is absolute"
    elif ".." in parts:
        problem = "it contains '..'"
    elif "." in parts:
        problem = "it contains a '.' segment"
    elif "" in parts:
        problem = "it contains an empty segment"
    elif path == MANIFEST_NAME:
        problem = "the name is reserved for specgen's manifest"
    return problem


class FolderResolver:
    """Resolves folders below a (resolved) root, one path component at a time, memoised.

    Only components that are symlinks are followed with ``realpath``, so a batch of
    thousands of files in new or plain folders costs one ``lstat`` per distinct folder.
    A folder that cannot be looked at (it does not exist) is remembered as missing:
    nothing below it exists either, so no further system call is made for it.
    """

    def __init__(self, real_root: Path) -> None:
        """Start from the already resolved output root."""
        self.root = str(real_root)
        self._memo: dict[str, str] = {"": self.root}
        self._missing: set[str] = set()

    def resolve(self, folder: str) -> str:
        """The real path of ``root/folder`` (parts that do not exist are taken as written)."""
        known = self._memo.get(folder)
        if known is not None:
            return known
        parent, _, name = folder.rpartition("/")
        real = join_below(self.resolve(parent), name)
        if parent in self._missing:
            self._missing.add(folder)
        else:
            try:
                mode = os.lstat(real).st_mode
            except (OSError, ValueError):
                self._missing.add(folder)
            else:
                if stat.S_ISLNK(mode):
                    real = os.path.realpath(real)
        self._memo[folder] = real
        return real

    def missing(self, folder: str) -> bool:
        """Whether ``folder`` (already resolved) was found not to exist: nothing is below it."""
        return folder in self._missing

    def inside(self, real: str) -> bool:
        """Whether the real path ``real`` is the root or below it."""
        return real == self.root or real.startswith(self.root.rstrip("/") + "/")


def join_below(folder: str, relative: str) -> str:
    """``os.path.join(folder, relative)`` for a relative ``relative`` (as text, quickly)."""
    if not folder:
        return relative
    return folder + relative if folder.endswith("/") else f"{folder}/{relative}"


def escape_problem(root: Path, path: str, folders: FolderResolver | None = None) -> str | None:
    """Say why ``root / path`` leads outside ``root`` (following symlinks), or None.

    ``root`` must already be resolved. Existing symlinked folders and a symlinked file are
    followed; parts that do not exist yet are taken as written.
    """
    resolver = folders or FolderResolver(root)
    parent, _, name = path.rpartition("/")
    try:
        real = join_below(resolver.resolve(parent), name)
        if not resolver.missing(parent) and os.path.islink(real):
            real = os.path.realpath(real)
    except (OSError, RuntimeError, ValueError):
        return "it cannot be resolved (a symlink loop?)"
    if not resolver.inside(real):
        return f"it resolves outside the output root (to {real})"
    return None
