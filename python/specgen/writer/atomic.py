"""Atomic file writes: a temporary file in the same folder, then one rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> bool:
    """Write ``data`` to ``path`` so readers see the old or the new bytes, never a mix.

    Returns False (and touches nothing) when the file already holds ``data``, so
    build systems watching the file do not rebuild. The rename makes the write atomic
    for any interruption of the process; like compilers' outputs, files are not
    fsynced (durability across power loss is the file system's business).
    """
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        with contextlib.suppress(OSError):
            Path(tmp).chmod(path.stat().st_mode if path.exists() else 0o644)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True
