"""A progress line on a terminal, for the commands that read a whole command tree.

``audit``, ``reverse`` and ``adopt`` read every command of a tree; on a tree of hundreds
of commands that takes seconds, and a silent terminal looks hung. ``Progress`` writes
one line to stderr (``reverse: 120/400 commands``), rewritten in place, and erases it
when the work is done, so the command's own output is what stays on the screen.

It writes only to a terminal (never to a pipe, a file or a test's captured stream, so
output that tools read is unchanged), and only once the work has run for ``delay``
seconds: a run that finishes sooner prints nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TextIO, TypeVar

_T = TypeVar("_T")

DELAY_S = 1.0
"""How long the work runs before the line first shows."""
INTERVAL_S = 0.1
"""The least time between two rewrites of the line."""


def terminal() -> TextIO:
    """Where progress goes: stderr as it is when the work starts (tests replace it)."""
    return sys.stderr


class Progress:
    """``label: done/total unit`` on ``stream`` while the work runs, if it is a terminal."""

    def __init__(  # noqa: PLR0913  # the text, and what tests replace
        self,
        label: str,
        total: int,
        unit: str = "commands",
        stream: TextIO | None = None,
        *,
        delay: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        """Count to ``total``; ``stream`` is stderr and ``delay`` ``DELAY_S`` unless given."""
        self.label = label
        self.total = total
        self.unit = unit
        self.stream = stream if stream is not None else terminal()
        self.clock = clock
        self.start = clock()
        self.delay = DELAY_S if delay is None else delay
        self.done = 0
        self.shown_at: float | None = None
        self.width = 0
        try:
            self.live = self.stream.isatty() and total > 0
        except (AttributeError, ValueError):  # a closed or odd stream
            self.live = False

    def advance(self, count: int = 1) -> None:
        """``count`` more items are done; rewrite the line when it is time to."""
        self.done += count
        if not self.live:
            return
        now = self.clock()
        if now - self.start < self.delay:
            return
        if self.shown_at is not None and now - self.shown_at < INTERVAL_S:
            return
        self.shown_at = now
        text = f"{self.label}: {self.done}/{self.total} {self.unit}"
        self.width = max(self.width, len(text))
        self.stream.write("\r" + text.ljust(self.width))
        self.stream.flush()

    def close(self) -> None:
        """Erase the line, if one was written."""
        if self.shown_at is not None:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.shown_at = None


def counted(
    items: Iterable[_T],
    label: str,
    total: int,
    stream: TextIO | None = None,
    *,
    unit: str = "commands",
) -> Iterator[_T]:
    """``items``, advancing a ``Progress`` past each; the line is erased at the end.

    The line is also erased when the loop stops early (an exception, or ``break``
    followed by the generator's close).
    """
    progress = Progress(label, total, unit, stream=stream)
    try:
        for item in items:
            yield item
            progress.advance()
    finally:
        progress.close()
