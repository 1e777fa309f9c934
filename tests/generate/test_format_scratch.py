"""rustfmt's scratch folders go on every exit path (issue 16, item 7)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from specgen.renderers import format as format_step
from specgen.writer import stopping

RUST = {"src/a.rs": b"fn main() {}\n"}


@pytest.fixture
def slow_rustfmt(tmp_path: Path) -> str:
    """A stand-in for rustfmt that takes a minute (as a big batch can on a slow machine)."""
    script = tmp_path / "rustfmt"
    script.write_text("#!/bin/sh\nexec sleep 60\n")
    script.chmod(0o755)
    return str(script)


def _scratch_folders() -> list[Path]:
    base = Path(format_step._scratch_dir() or "/tmp")  # noqa: SLF001, S108  # where they go
    return sorted(base.glob(f"{format_step.SCRATCH_PREFIX}{os.getpid()}-*"))


def test_stale_scratch_of_dead_processes_is_removed_and_nothing_else(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          check=True, capture_output=True, text=True)  # fmt: skip
    dead = int(done.stdout)
    stale = tmp_path / f"{format_step.SCRATCH_PREFIX}{dead}-abc"
    live = tmp_path / f"{format_step.SCRATCH_PREFIX}{os.getpid()}-def"
    other = tmp_path / "specgen-fmt-unrelated"
    for folder in (stale, live, other):
        folder.mkdir()
        (folder / "f0.rs").write_bytes(b"x")
    assert format_step.remove_stale_scratch(str(tmp_path)) == [stale.name]
    assert not stale.exists()
    assert live.exists()
    assert other.exists()


def test_an_interrupted_format_ends_rustfmt_and_removes_its_scratch(slow_rustfmt: str) -> None:
    with stopping.handling_stops():
        pending = format_step.PendingFormat(RUST, slow_rustfmt)
        assert len(_scratch_folders()) == 1
        timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGTERM))
        timer.start()
        start = time.monotonic()
        try:
            with pytest.raises(stopping.Interrupted):
                pending.result()
        finally:
            timer.join()
    assert time.monotonic() - start < 10  # not the minute rustfmt takes
    assert _scratch_folders() == []


def test_remove_scratch_folders_ends_every_running_format(slow_rustfmt: str) -> None:
    pending = [format_step.PendingFormat(RUST, slow_rustfmt) for _ in range(2)]
    assert len(_scratch_folders()) == 2
    format_step.remove_scratch_folders()  # what a forked worker does before os._exit
    assert _scratch_folders() == []
    assert all(proc.poll() is not None for item in pending for proc in item._procs)  # noqa: SLF001
