"""Real paths of many files at once: each folder is resolved only once.

``Path.resolve`` checks every component of every path for a symlink; the specs of
a project share a few folders, so a run resolves those folders once and then only
asks whether each file itself is a symlink.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_SPECIAL_NAMES = frozenset({"", ".", ".."})


class RealPaths:
    """``Path.resolve()`` (not strict) with the folders' answers remembered."""

    def __init__(self) -> None:
        """Start with no folder resolved."""
        self._folders: dict[Path, Path] = {}
        self._text_folders: dict[str, str] = {}

    def resolve(self, path: Path) -> Path:
        """The same path as ``path.resolve()``."""
        name = path.name
        if name in _SPECIAL_NAMES:
            return path.resolve()
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return path.resolve()
        except (OSError, ValueError):
            pass  # missing or unreadable: resolve() keeps the name as written too
        folder = path.parent
        real = self._folders.get(folder)
        if real is None:
            real = self._folders[folder] = folder.resolve()
        return real / name

    def resolve_text(self, path: str) -> str:
        """``str(Path(path).resolve())``, with strings alone where it can (many files)."""
        name = os.path.basename(path)  # noqa: PTH119  # strings: no Path per file
        if name in _SPECIAL_NAMES:
            return str(Path(path).resolve())
        try:
            if stat.S_ISLNK(os.lstat(path).st_mode):
                return str(Path(path).resolve())
        except (OSError, ValueError):
            pass  # missing or unreadable: resolve() keeps the name as written too
        folder = os.path.dirname(path)  # noqa: PTH120  # strings: no Path per file
        real = self._text_folders.get(folder)
        if real is None:
            real = self._text_folders[folder] = str(Path(folder).resolve())
        return os.path.join(real, name)  # noqa: PTH118  # strings: no Path per file
