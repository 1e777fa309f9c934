"""The project lock (issue 16, item 6): one writer per output root, a clear wait, no stale lock."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from specgen.writer.lock import LOCK_NAME, LockTimeoutError, project_lock


def _hold_in_child(root: Path, *, shared: bool = False) -> tuple[int, int]:
    """Fork a process that takes the lock, says so, and waits to be killed: (pid, pipe)."""
    ready, told = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover  # the child
        try:
            os.close(ready)
            with project_lock(root, shared=shared):
                os.write(told, b"x")
                time.sleep(60)
        finally:
            os._exit(0)
    os.close(told)
    assert os.read(ready, 1) == b"x"
    return pid, ready


def _kill(pid: int, ready: int) -> None:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(ready)


def test_a_second_writer_waits_says_who_holds_it_and_times_out(tmp_path: Path) -> None:
    pid, ready = _hold_in_child(tmp_path)
    said: list[str] = []
    try:
        start = time.monotonic()
        with (
            pytest.raises(LockTimeoutError) as caught,
            project_lock(tmp_path, timeout=0.3, on_wait=said.append),
        ):
            pytest.fail("the lock was taken twice")
        assert time.monotonic() - start >= 0.3
        assert said == [f"waiting for lock on {tmp_path / LOCK_NAME} (held by pid {pid})"]
        assert caught.value.holder == f"pid {pid}"
        with pytest.raises(LockTimeoutError), project_lock(tmp_path, shared=True, timeout=0):
            pytest.fail("a check read the tree while a writer held it")
    finally:
        _kill(pid, ready)


def test_a_killed_holder_leaves_no_stale_lock_but_a_mark(tmp_path: Path) -> None:
    pid, ready = _hold_in_child(tmp_path)
    _kill(pid, ready)  # SIGKILL: no clean-up ran
    with project_lock(tmp_path, timeout=0) as lock:  # taken at once
        assert lock.interrupted == pid  # the next run knows a writer was killed
    assert not (tmp_path / LOCK_NAME).exists()  # a normal end leaves no file, so no mark
    with project_lock(tmp_path, timeout=0) as lock:
        assert lock.interrupted == 0


def test_a_failed_repair_keeps_the_mark_of_the_killed_writer(tmp_path: Path) -> None:
    pid, ready = _hold_in_child(tmp_path)
    _kill(pid, ready)
    with pytest.raises(RuntimeError), project_lock(tmp_path):
        raise RuntimeError("the repairing run failed")
    with project_lock(tmp_path, shared=True) as lock:  # a check does not wipe it either
        assert lock.interrupted == pid
    with project_lock(tmp_path) as lock:
        assert lock.interrupted == pid


def test_checks_share_the_lock_and_keep_writers_out(tmp_path: Path) -> None:
    pid, ready = _hold_in_child(tmp_path, shared=True)
    try:
        with project_lock(tmp_path, shared=True, timeout=0):  # two checks at once: fine
            pass
        assert (tmp_path / LOCK_NAME).exists()  # the other check still holds it
        with pytest.raises(LockTimeoutError), project_lock(tmp_path, timeout=0.1):
            pytest.fail("a writer ran while a check read the tree")
    finally:
        _kill(pid, ready)
    with project_lock(tmp_path, shared=True, timeout=0):
        pass
    assert list(tmp_path.iterdir()) == []  # the last check out leaves nothing behind


def test_a_check_of_a_missing_root_creates_nothing(tmp_path: Path) -> None:
    with project_lock(tmp_path / "out", shared=True) as lock:
        assert lock.path is None
    assert not (tmp_path / "out").exists()


def test_a_writer_failing_midway_leaves_a_mark_a_clean_refusal_does_not(tmp_path: Path) -> None:
    with pytest.raises(OSError, match="disk full"), project_lock(tmp_path):
        raise OSError(28, "disk full")  # a temporary file may be left: the next run repairs
    with project_lock(tmp_path) as lock:
        assert lock.interrupted == os.getpid()
    with (
        pytest.raises(ValueError, match="refused"),
        project_lock(tmp_path, clean_errors=(ValueError,)),
    ):
        raise ValueError("refused before any write")
    assert list(tmp_path.iterdir()) == []
