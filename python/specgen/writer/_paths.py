"""Path rules: what an output path may look like and where it may lead."""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path, PureWindowsPath

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

MANIFEST_NAME = ".specgen-manifest.json"
"""The manifest's file name, in the output root. No output may use it."""
LOCK_NAME = ".specgen-lock"
"""The project lock's file name, in the output root (`specgen.writer.lock`). Nor that."""

MAX_SEGMENT_BYTES = 255
"""The longest file or folder name (in UTF-8 bytes) common file systems take (ext4, APFS, NTFS)."""
WRITER_AFFIX_BYTES = 24
"""Room kept for what the writer adds to a name: ``.<name>.<pid>.tmp``, ``<name>.bak``."""
MAX_NAME_BYTES = MAX_SEGMENT_BYTES - WRITER_AFFIX_BYTES
"""The longest name of a generated file or folder."""

WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{device}{n}" for device in ("com", "lpt") for n in "123456789\u00b9\u00b2\u00b3"}
)
"""Device names Windows reserves in every folder, in any case and with any extension."""


def segment_too_long(segment: str) -> str | None:
    """Say why ``segment`` is too long for a file or folder name, or None."""
    size = len(segment.encode("utf-8", "surrogatepass"))
    if size <= MAX_NAME_BYTES:
        return None
    shown = segment if len(segment) <= 40 else segment[:37] + "..."
    return (
        f"the name '{shown}' is {size} bytes long; at most {MAX_NAME_BYTES} fit "
        f"(file systems allow {MAX_SEGMENT_BYTES}, temporary files add up to {WRITER_AFFIX_BYTES})"
    )


def windows_reserved(segment: str) -> str | None:
    """Say why Windows cannot hold a file or folder named ``segment``, or None."""
    stem = segment.split(".", 1)[0].rstrip(" ").lower()
    if stem not in WINDOWS_RESERVED:
        return None
    return f"'{segment}' is a device name Windows reserves (a Windows checkout cannot hold it)"


@functools.lru_cache(maxsize=1 << 16)
def segment_problem(segment: str) -> str | None:
    """Say why ``segment`` cannot name a file or folder everywhere, or None when it can.

    Remembered: the folder names of a run's thousands of paths repeat.
    """
    return segment_too_long(segment) or windows_reserved(segment)


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
    elif path == LOCK_NAME:
        problem = "the name is reserved for specgen's project lock"
    else:
        problem = next(filter(None, map(segment_problem, parts)), None)
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
                    real = real_path(real)
        self._memo[folder] = real
        return real

    def missing(self, folder: str) -> bool:
        """Whether ``folder`` (already resolved) was found not to exist: nothing is below it."""
        return folder in self._missing

    def inside(self, real: str) -> bool:
        """Whether the real path ``real`` is the root or below it."""
        return real == self.root or real.startswith(self.root.rstrip("/") + "/")


def root_problem(root: Path) -> str | None:
    """Say why the output root ``root`` cannot be used (a symlink loop, a file), or None."""
    try:
        real = real_path(os.fspath(root.absolute()))
    except (OSError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"the output folder {root} cannot be resolved ({why})"
    if os.path.exists(real) and not os.path.isdir(real):
        return f"the output folder {root} is not a folder"
    return None


def real_path(path: str) -> str:
    """``os.path.realpath`` that raises OSError on a symlink loop (it returns the loop as is).

    A link to something that does not exist yet resolves as written, as realpath does.
    """
    try:
        return os.path.realpath(path, strict=True)
    except FileNotFoundError:
        return os.path.realpath(path)


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
            real = real_path(real)
    except (OSError, RuntimeError, ValueError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return f"it cannot be resolved ({why})"
    if not resolver.inside(real):
        return f"it resolves outside the output root (to {real})"
    return None
