"""A replacing write allocates the new file's blocks first, and works where that is refused.

ext4 flushes a file renamed over another one unless its blocks are allocated
(`specgen.writer.atomic._allocate`); what readers see must not depend on it.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from specgen.writer.atomic import write_atomic


def _record_allocations(monkeypatch: pytest.MonkeyPatch, *, refuse: bool) -> list[int]:
    sizes: list[int] = []
    real = os.posix_fallocate

    def allocate(fd: int, offset: int, size: int) -> None:
        sizes.append(size)
        if refuse:
            raise OSError(errno.EOPNOTSUPP, "not supported by this file system")
        real(fd, offset, size)

    monkeypatch.setattr(os, "posix_fallocate", allocate)
    return sizes


def test_replacing_allocates_the_new_size_and_a_new_file_does_not(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = _record_allocations(monkeypatch, refuse=False)
    target = tmp_path / "out.ts"
    assert write_atomic(target, b"first\n")
    assert sizes == []  # nothing to replace: no flush to avoid
    target.chmod(0o600)
    assert write_atomic(target, b"second, longer\n")
    assert sizes == [len(b"second, longer\n")]
    assert target.read_bytes() == b"second, longer\n"
    assert target.stat().st_mode & 0o777 == 0o600
    assert not write_atomic(target, b"second, longer\n")  # unchanged: nothing written
    assert write_atomic(target, b"")  # an empty file needs no blocks
    assert sizes == [len(b"second, longer\n")]
    assert target.read_bytes() == b""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.ts"]


def test_a_file_system_that_cannot_allocate_still_gets_the_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sizes = _record_allocations(monkeypatch, refuse=True)
    target = tmp_path / "out.rs"
    target.write_bytes(b"old\n")
    assert write_atomic(target, b"new bytes\n")
    assert sizes == [len(b"new bytes\n")]
    assert target.read_bytes() == b"new bytes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.rs"]
