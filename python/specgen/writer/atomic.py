"""Atomic file writes: a temporary file in the same folder, then one rename."""

from __future__ import annotations

import os
from pathlib import Path

_DEFAULT_MODE = 0o644


def write_atomic(path: Path | str, data: bytes, *, compare: bool = True, new: bool = False) -> bool:
    """Write ``data`` to ``path`` so readers see the old or the new bytes, never a mix.

    With ``compare`` (the default), returns False and touches nothing when the file
    already holds ``data``, so build systems watching it do not rebuild; callers that
    already compared pass ``compare=False``. Missing folders are created. The rename
    makes the write atomic for any interruption of the process; like compilers'
    outputs, files are not fsynced (durability across power loss is the file
    system's business). The file keeps its permissions; a new one gets 0644. ``new``
    says the caller knows no file is there yet (its folder was just created): nothing
    is looked up before writing.
    """
    target = os.fspath(path)
    mode = _DEFAULT_MODE
    if not new:
        try:
            mode = os.stat(target).st_mode & 0o7777
            if compare:
                with open(target, "rb") as handle:
                    if handle.read() == data:
                        return False
        except OSError:
            pass
    folder, name = os.path.split(target)
    temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    try:
        fd = os.open(temporary, flags, mode)
    except FileNotFoundError:
        os.makedirs(folder or ".", exist_ok=True)
        fd = os.open(temporary, flags, mode)
    try:
        try:
            os.fchmod(fd, mode)
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return True
