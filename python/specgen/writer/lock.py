"""The project lock: one writing run per output root at a time.

Like git's ``index.lock`` or cargo's build-folder lock, but with ``flock(2)`` on
``<root>/.specgen-lock``, so the kernel releases it when its holder ends, however it
ends: a killed run never leaves a stale lock behind.

- A writing run holds it exclusively, for the whole run (reading the manifest,
  writing, saving the manifest and the no-op cache). Two runs at once would each save
  a manifest missing the other's files.
- ``--check`` and ``--dry-run`` hold it shared: any number of them run together, and
  none reads a tree a writer is halfway through (a check mid-write would see files of
  two runs and could call a stale tree fresh, or a fresh one stale).
- A run that has to wait says so once ("waiting for lock on <path> (held by pid N)")
  and waits up to its timeout (None: as long as it takes), then fails with
  `LockTimeoutError`.

The exclusive holder writes its process id into the file and empties it when it
ends normally. A process id found there when the lock is taken is the mark of a run
that was killed while writing (`ProjectLock.interrupted`). A forked worker shares its
parent's lock and never releases it itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from specgen.writer._paths import LOCK_NAME

__all__ = ["LOCK_NAME", "LockTimeoutError", "ProjectLock", "holder_of", "project_lock"]

POLL_SECONDS = 0.05
"""How often a waiting run tries the lock again."""


class LockTimeoutError(TimeoutError):
    """Another run held the project lock for longer than the timeout."""

    def __init__(self, path: Path, waited: float, holder: str) -> None:
        """Name the lock file, how long this run waited and who holds it."""
        self.path = path
        self.waited = waited
        self.holder = holder
        super().__init__(
            f"timed out after {waited:g} s waiting for the lock on {path} (held by {holder})"
        )


@dataclass(frozen=True)
class ProjectLock:
    """A lock held on an output root."""

    path: Path | None
    """The lock file (None: nothing was locked, the root does not exist)."""
    interrupted: int = 0
    """The process id a killed writing run left in the lock file (0: none); the next
    writing run removes its leftovers and brings the manifest in line."""


@contextlib.contextmanager
def project_lock(
    root: Path,
    *,
    shared: bool = False,
    timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> Iterator[ProjectLock]:
    """Hold the lock on ``root`` while the section runs (see the module docs).

    A shared lock on a root that does not exist locks nothing (and creates nothing); an
    exclusive one creates the root.

    Raises:
        LockTimeoutError: The lock was not free within ``timeout`` seconds.
        OSError: The lock file cannot be created or opened.
    """
    if shared and not root.is_dir():
        yield ProjectLock(None)
        return
    root.mkdir(parents=True, exist_ok=True)
    path = root / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        _acquire(fd, path, shared=shared, timeout=timeout, on_wait=on_wait)
        interrupted = _recorded_pid(fd)  # no writer holds it now: a pid there is a killed one
        if not shared:
            _record(fd, f"{os.getpid()}\n".encode())
        try:
            yield ProjectLock(path, interrupted)
        finally:
            if not shared and os.getpid() == _owner_of(fd):
                _record(fd, b"")  # a normal end: no mark of an interrupted run
    finally:
        os.close(fd)  # releases the lock (unless a forked worker still has it open)


def _acquire(
    fd: int,
    path: Path,
    *,
    shared: bool,
    timeout: float | None,
    on_wait: Callable[[str], None] | None,
) -> None:
    operation = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    start = time.monotonic()
    told = False
    while True:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
        except BlockingIOError:
            pass
        else:
            return
        waited = time.monotonic() - start
        if timeout is not None and waited >= timeout:
            raise LockTimeoutError(path, timeout, holder_of(path))
        if not told and on_wait is not None:
            on_wait(f"waiting for lock on {path} (held by {holder_of(path)})")
            told = True
        time.sleep(POLL_SECONDS if timeout is None else min(POLL_SECONDS, timeout - waited))


def holder_of(path: Path) -> str:
    """Who holds the lock on ``path``, in words: ``pid N`` when it can be told."""
    pids = _lock_holders(path)
    if not pids:
        with contextlib.suppress(OSError, ValueError):
            recorded = int(path.read_text(encoding="ascii").strip() or "0")
            if recorded:
                pids = [recorded]
    if not pids:
        return "another process"
    return ", ".join(f"pid {pid}" for pid in sorted(set(pids)))


def _lock_holders(path: Path) -> list[int]:
    """The processes holding a ``flock`` on ``path``, from Linux's ``/proc/locks``."""
    try:
        inode = path.stat().st_ino
        lines = Path("/proc/locks").read_text(encoding="ascii").splitlines()
    except OSError:
        return []
    pids = []
    for line in lines:
        fields = line.split()
        # "1: FLOCK  ADVISORY  WRITE 1234 08:02:131087 0 EOF" ("->" marks a waiter)
        if len(fields) < 6 or fields[1] != "FLOCK" or "->" in fields:
            continue
        with contextlib.suppress(ValueError, IndexError):
            if int(fields[5].rsplit(":", 1)[1]) == inode:
                pids.append(int(fields[4]))
    return pids


def _recorded_pid(fd: int) -> int:
    try:
        return int(os.pread(fd, 32, 0).decode("ascii").strip() or "0")
    except (OSError, ValueError, UnicodeDecodeError):
        return 0


def _owner_of(fd: int) -> int:
    return _recorded_pid(fd)


def _record(fd: int, data: bytes) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        if data:
            os.pwrite(fd, data, 0)
