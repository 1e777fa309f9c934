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

The lock file exists only while a run holds the lock, or after a writing run was
killed: the exclusive holder writes its process id into it and removes it when it
ends normally (still holding the lock; a waiting run that then gets the lock on the
removed file sees it is gone and locks the new one). A process id found there when
the lock is taken is the mark of a killed writer (`ProjectLock.interrupted`): the
next writing run skips the no-op shortcut and repairs. A shared holder removes the
file only when it is the last holder and the file holds no such mark. A forked
worker shares its parent's lock and never releases it itself.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from specgen.writer._paths import LOCK_NAME

__all__ = [
    "LOCK_NAME",
    "LockFileError",
    "LockTimeoutError",
    "ProjectLock",
    "holder_of",
    "project_lock",
]

DENIED = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
"""Why a lock file cannot be created or written: no permission, or a read-only file system."""


class LockFileError(OSError):
    """The lock file cannot be created or opened for a writing run (or at all)."""

    def __init__(self, path: Path, cause: OSError) -> None:
        """Name the lock file and say why it cannot be opened."""
        super().__init__(
            cause.errno,
            f"cannot open the project lock {path}: {cause.strerror or cause}; "
            "the output folder must be writable to generate into it",
        )
        self.path = path


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
    note: str = ""
    """Why a shared section runs without the lock (a read-only root with no lock file)."""


@contextlib.contextmanager
def project_lock(
    root: Path,
    *,
    shared: bool = False,
    timeout: float | None = None,
    on_wait: Callable[[str], None] | None = None,
    clean_errors: tuple[type[BaseException], ...] = (),
) -> Iterator[ProjectLock]:
    """Hold the lock on ``root`` while the section runs (see the module docs).

    A shared lock on a root that does not exist locks nothing (and creates nothing); an
    exclusive one creates the root. An exclusive section that raises leaves the lock file
    with a mark, so the next writing run repairs, unless what it raises is one of
    ``clean_errors`` (errors known to leave nothing behind, such as a refusal before
    any write, or a stop between two files).

    A shared lock on a root this process cannot write to (read-only, or another user's)
    locks an existing lock file opened read-only; where there is none and none can be
    created, the section runs without a lock and `ProjectLock.note` says so.

    Raises:
        LockTimeoutError: The lock was not free within ``timeout`` seconds.
        LockFileError: The lock file cannot be created or opened.
    """
    if shared and not root.is_dir():
        yield ProjectLock(None)
        return
    path = root / LOCK_NAME
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd = _acquire(path, shared=shared, timeout=timeout, on_wait=on_wait)
    except LockTimeoutError:
        raise
    except OSError as exc:
        raise LockFileError(path, exc) from exc
    if fd is None:
        yield ProjectLock(None, note=f"{path} cannot be created here: read without the lock")
        return
    holder = os.getpid()
    interrupted = _recorded_pid(fd)  # no writer holds it now: a pid there is a killed one
    mark = interrupted or holder  # kept in the file unless the section ends cleanly
    try:
        if not shared:
            _record(fd, f"{holder}\n".encode())
        yield ProjectLock(path, interrupted)
        mark = 0
    except clean_errors:
        mark = interrupted
        raise
    finally:
        try:
            if os.getpid() == holder:  # never in a forked worker (it ends with os._exit)
                _release(fd, path, shared=shared, mark=mark)
        finally:
            os.close(fd)  # releases the lock (unless a forked worker still has it open)


def _acquire(
    path: Path,
    *,
    shared: bool,
    timeout: float | None,
    on_wait: Callable[[str], None] | None,
) -> int | None:
    """An open descriptor of the lock file at ``path``, locked (see `project_lock`).

    None: a shared lock where no lock file exists and none can be created.
    """
    deadline = None if timeout is None else time.monotonic() + timeout
    said: list[str] = []

    def say(message: str) -> None:
        if not said and on_wait is not None:
            on_wait(message)
        said.append(message)

    while True:
        fd = _open(path, shared=shared)
        if fd is None:
            return None
        try:
            _wait(fd, path, fcntl.LOCK_SH if shared else fcntl.LOCK_EX, deadline, say)
        except BaseException:
            os.close(fd)
            raise
        if _is_at(fd, path):
            return fd
        os.close(fd)  # its holder removed it on the way out: lock the new one


def _open(path: Path, *, shared: bool) -> int | None:
    """The lock file opened for locking; read-only for a shared lock that cannot write it."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        if not shared or exc.errno not in DENIED:
            raise
    try:  # flock(LOCK_SH) works on a descriptor opened read-only
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in DENIED:
            return None
        raise


def _wait(
    fd: int, path: Path, operation: int, deadline: float | None, say: Callable[[str], None]
) -> None:
    """Poll for the lock on ``fd`` until ``deadline``; `LockTimeoutError` after it."""
    start = time.monotonic()
    while True:
        try:
            fcntl.flock(fd, operation | fcntl.LOCK_NB)
        except BlockingIOError:
            pass
        else:
            return
        now = time.monotonic()
        if deadline is not None and now >= deadline:
            raise LockTimeoutError(path, round(deadline - start, 3), holder_of(path))
        say(f"waiting for lock on {path} (held by {holder_of(path)})")
        time.sleep(POLL_SECONDS if deadline is None else min(POLL_SECONDS, deadline - now))


def _is_at(fd: int, path: Path) -> bool:
    """Whether ``fd`` is still the file at ``path`` (not removed or replaced meanwhile)."""
    try:
        here, there = os.fstat(fd), path.stat()
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def _release(fd: int, path: Path, *, shared: bool, mark: int) -> None:
    """Leave no lock file behind unless it marks a killed writer (``mark``, or found there)."""
    if shared:
        try:  # only the last holder, and only when no killed writer left its mark
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return
        if _recorded_pid(fd):
            return
    elif mark:  # a killed run's mark not yet repaired, or this run failed while writing
        _record(fd, f"{mark}\n".encode())
        return
    if _is_at(fd, path):
        with contextlib.suppress(OSError):
            path.unlink()


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


def _record(fd: int, data: bytes) -> None:
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        if data:
            os.pwrite(fd, data, 0)
