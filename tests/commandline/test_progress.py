"""The progress line of audit, reverse and adopt: on a terminal only, erased at the end.

A tree of hundreds of commands takes these commands seconds to read; the scale test
(400 commands in 40 groups) showed them silent that long. The unit tests drive
``Progress`` with a fake clock; the command tests run each command on a copy of the
adoption fixture with stderr replaced by a fake terminal and no delay, and check the
line was written, counted to the number of commands, and erased, and that stdout (what
tools read) carries none of it.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from specgen.commandline import progress
from specgen.commandline.progress import Progress, counted
from support import RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"
COMMANDS = 24


class Terminal(io.StringIO):
    """A captured stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_nothing_is_written_before_the_delay_and_the_line_is_erased_after() -> None:
    stream, clock = Terminal(), Clock()
    bar = Progress("reverse", 3, stream=stream, delay=1.0, clock=clock)
    bar.advance()
    assert stream.getvalue() == ""
    clock.now += 1.5
    bar.advance()
    assert stream.getvalue() == "\rreverse: 2/3 commands"
    bar.close()
    assert stream.getvalue().endswith("\r" + " " * len("reverse: 2/3 commands") + "\r")


def test_rewrites_are_throttled() -> None:
    stream, clock = Terminal(), Clock()
    bar = Progress("audit", 1000, stream=stream, delay=0.0, clock=clock)
    for _ in range(1000):
        bar.advance()
    assert stream.getvalue().count("\r") == 1
    clock.now += 1.0
    bar.advance()
    assert stream.getvalue().count("\r") == 2


def test_a_stream_that_is_not_a_terminal_gets_nothing() -> None:
    stream = io.StringIO()
    assert list(counted(range(5), "audit", 5, stream=stream)) == list(range(5))
    bar = Progress("audit", 5, stream=stream, delay=0.0)
    bar.advance()
    bar.close()
    assert stream.getvalue() == ""


def test_a_loop_left_early_still_erases_the_line() -> None:
    stream = Terminal()
    bar = Progress("x", 1, stream=stream, delay=0.0)
    bar.advance()
    bar.close()
    written = stream.getvalue()
    assert written.startswith("\rx: 1/1 commands")
    assert written.endswith("\r")


@pytest.fixture
def terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Terminal:
    """A copy of the adoption fixture as the cwd, and a fake terminal as stderr."""
    shutil.copytree(FIXTURE, tmp_path / "tree")
    monkeypatch.chdir(tmp_path / "tree")
    stream = Terminal()
    monkeypatch.setattr(progress, "terminal", lambda: stream)
    monkeypatch.setattr(progress, "DELAY_S", 0.0)
    monkeypatch.setattr(progress, "INTERVAL_S", 0.0)
    return stream


@pytest.mark.parametrize(
    ("args", "labels"),
    [
        (("audit",), ["audit"]),
        (("reverse", "src/commands"), ["reverse"]),
        (("adopt", "src/commands", "--check"), ["adopt: planning", "adopt: checking"]),
    ],
)
def test_tree_commands_show_progress_on_a_terminal(
    terminal: Terminal, run_cli: RunCli, args: tuple[str, ...], labels: list[str]
) -> None:
    run = run_cli(*args)
    written = terminal.getvalue()
    for label in labels:
        assert f"\r{label}: 1/{COMMANDS} commands" in written
        assert f"\r{label}: {COMMANDS}/{COMMANDS} commands" in written
    assert written.endswith("\r")
    assert "commands" not in written.rsplit("\r", 2)[-2]  # the last write erases
    assert f"{labels[0]}: " not in run.stdout


def test_init_reading_a_tree_shows_progress_in_files(terminal: Terminal, run_cli: RunCli) -> None:
    Path("specgen.toml").unlink()
    run = run_cli("init", "--commands", "src/commands")
    assert run.exit_code == 0, run.stdout + run.stderr
    written = terminal.getvalue()
    assert "\rinit: reading: 1/" in written
    assert " files" in written
    assert written.endswith("\r")
