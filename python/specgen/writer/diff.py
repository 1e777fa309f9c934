"""Unified diffs of file bytes, for ``--check``."""

from __future__ import annotations

import difflib


def unified_diff(path: str, old: bytes | None, new: bytes | None) -> str:
    """Diff ``old`` against ``new`` (None: the file does not exist) with git-style labels.

    Bytes are decoded as UTF-8 with replacement characters, so binary content still gives a
    (lossy) diff instead of an error. A last line without a newline is marked like git does.
    """
    before = _lines(old)
    after = _lines(new)
    out: list[str] = []
    for line in difflib.unified_diff(before, after, f"a/{path}", f"b/{path}"):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)


def _lines(data: bytes | None) -> list[str]:
    if data is None:
        return []
    # Split on "\n" only: str.splitlines would also break on \r, \f and friends.
    parts = data.decode("utf-8", errors="replace").split("\n")
    lines = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        lines.append(parts[-1])
    return lines
