"""Path rules: what an output path may look like and where it may lead."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

MANIFEST_NAME = ".specgen-manifest.json"
"""The manifest's file name, in the output root. No output may use it."""


def path_problem(path: str) -> str | None:
    """Say why ``path`` is not a canonical relative POSIX path, or None when it is one."""
    problem: str | None = None
    if not path:
        problem = "it is empty"
    elif "\\" in path:
        problem = "it contains a backslash (use '/')"
    elif any(ord(char) < 32 or ord(char) == 127 for char in path):
        problem = "it contains a control character"
    elif path.startswith("/") or PureWindowsPath(path).drive:
        problem = "it is absolute"
    elif ".." in path.split("/"):
        problem = "it contains '..'"
    elif "." in path.split("/"):
        problem = "it contains a '.' segment"
    elif "" in path.split("/"):
        problem = "it contains an empty segment"
    elif path == MANIFEST_NAME:
        problem = "the name is reserved for specgen's manifest"
    return problem


def escape_problem(root: Path, path: str, folders: dict[str, Path] | None = None) -> str | None:
    """Say why ``root / path`` leads outside ``root`` (following symlinks), or None.

    ``root`` must already be resolved. Existing symlinked folders and a symlinked file are
    followed; parts that do not exist yet are taken as written. ``folders`` caches the
    resolution of each parent folder, so a batch of files in few folders is cheap.
    """
    parent, _, name = path.rpartition("/")
    cache = {} if folders is None else folders
    try:
        if parent not in cache:
            cache[parent] = (root / parent).resolve() if parent else root
        resolved = cache[parent] / name
        if resolved.is_symlink():
            resolved = resolved.resolve()
    except (OSError, RuntimeError):
        return "it cannot be resolved (a symlink loop?)"
    if not resolved.is_relative_to(root):
        return f"it resolves outside the output root (to {resolved})"
    return None
