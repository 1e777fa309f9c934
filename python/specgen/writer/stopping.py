"""Stopping a run cleanly on SIGTERM or SIGINT: finish the file at hand, record, exit.

`handling_stops` installs handlers for SIGTERM and SIGINT for the length of a run.
A stop request is then handled in one of two ways:

- outside a `deferred` section (rendering, planning), the handler raises `Interrupted`
  at once, as Python raises `KeyboardInterrupt`;
- inside one (the writer's loops, reading a worker's report), it only records the
  request; the code checks it with `check` between two files, so a file is never left
  half-done and the manifest is saved with every file written.

Processes registered with `forward_to` (the forked worker) get a SIGTERM on the first
request and a SIGKILL on the second (a second Ctrl-C means "now").
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from types import FrameType

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)


class Interrupted(BaseException):  # like KeyboardInterrupt: not an error
    """The run was asked to stop by a signal (a `BaseException`: ``except Exception`` lets it by).

    Attributes:
        signum: The signal that asked.
    """

    def __init__(self, signum: int) -> None:
        """Remember the signal."""
        super().__init__(signum)
        self.signum = signum

    def __str__(self) -> str:
        """Say which signal."""
        return f"interrupted by {signal.Signals(self.signum).name}"

    @property
    def exit_code(self) -> int:
        """The shell's convention for a process ended by a signal: 128 + its number."""
        return 128 + self.signum


class _State:
    """The process's stop request, deferral depth and processes to forward it to."""

    def __init__(self) -> None:
        self.signum = 0
        self.depth = 0
        self.children: set[int] = set()
        self.parent = 0
        """In a forked worker: the process it must not outlive (0: none)."""

    def reset(self) -> None:
        """Forget everything (a forked worker starts afresh)."""
        self.signum = 0
        self.depth = 0
        self.children = set()
        self.parent = 0


_STATE = _State()


def requested() -> int:
    """The signal that asked this process to stop, or 0."""
    return _STATE.signum


def check() -> None:
    """Raise `Interrupted` when a stop was requested (call it between two files).

    In a forked worker, the end of its parent is a stop request too.
    """
    if not _STATE.signum and _STATE.parent and os.getppid() != _STATE.parent:
        _STATE.signum = signal.SIGTERM
    if _STATE.signum:
        raise Interrupted(_STATE.signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """A section the signal handler does not interrupt: it records the request for `check`."""
    _STATE.depth += 1
    try:
        yield
    finally:
        _STATE.depth -= 1


@contextlib.contextmanager
def forward_to(pid: int) -> Iterator[None]:
    """Pass stop requests on to process ``pid`` while the section runs."""
    _STATE.children.add(pid)
    try:
        if _STATE.signum:  # asked before the process existed
            _signal_child(pid, signal.SIGTERM)
        yield
    finally:
        _STATE.children.discard(pid)


def _signal_child(pid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, signum)


def _handle(signum: int, _frame: FrameType | None) -> None:
    again = bool(_STATE.signum)
    _STATE.signum = _STATE.signum or signum
    for pid in list(_STATE.children):
        _signal_child(pid, signal.SIGKILL if again else signal.SIGTERM)
    if not _STATE.depth:
        raise Interrupted(_STATE.signum)


@contextlib.contextmanager
def handling_stops() -> Iterator[None]:
    """Handle SIGTERM and SIGINT as stop requests while the section runs (main thread only).

    Elsewhere (a thread, or handlers already installed by an outer section) it does nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
    if any(handler is _handle for handler in previous.values()):
        yield
        return
    _STATE.reset()
    for signum in STOP_SIGNALS:
        signal.signal(signum, _handle)
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        _STATE.reset()


def start_in_worker(parent: int) -> None:
    """In a freshly forked worker: forget the parent's state, handle stops from now on.

    ``parent`` is the process the worker must not outlive (`check` watches it).
    """
    _STATE.reset()
    _STATE.parent = parent
    for signum in STOP_SIGNALS:
        signal.signal(signum, _handle)
