"""Relative paths between generated files, computed as text.

``posixpath.relpath`` makes both paths absolute first (asking the OS for the
working folder each time); output paths are canonical relative POSIX paths, for
which the answer only depends on their segments. Other paths go to ``relpath``.
"""

from __future__ import annotations

import posixpath

_ODD_SEGMENTS = frozenset({"", ".", ".."})


def _segments(path: str) -> list[str] | None:
    """The segments of a canonical relative path (None for any other path)."""
    if not path:
        return []
    parts = path.split("/")
    return None if _ODD_SEGMENTS.intersection(parts) else parts


def relative_path(path: str, start: str) -> str:
    """``posixpath.relpath(path, start)``; without system calls for canonical relative paths."""
    target = _segments(path)
    origin = _segments(start)
    if target is None or origin is None or not path or path.startswith("/"):
        return posixpath.relpath(path, start)
    common = 0
    for mine, theirs in zip(target, origin, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(origin) - common) + target[common:]
    return "/".join(parts) if parts else "."
