"""The fenced code blocks of the README and docs/*.md, each with the line it starts on.

A failing docs test names ``docs/page.md:LINE``, the line of the opening fence, so the
example to fix is one click away.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = (ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")))
FENCE = re.compile(r"^(?P<indent> *)(?P<fence>```+)(?P<info>[^`]*)$")


@dataclass(frozen=True)
class Block:
    """One fenced block: its page, the line of its opening fence, language and text."""

    page: Path
    line: int
    language: str
    text: str

    @property
    def where(self) -> str:
        """``docs/page.md:LINE``, relative to the repository root."""
        return f"{self.page.relative_to(ROOT).as_posix()}:{self.line}"

    def preceding_text(self, lines: int = 3) -> str:
        """The ``lines`` lines of the page just above the opening fence."""
        above = self.page.read_text(encoding="utf-8").splitlines()[: self.line - 1]
        return "\n".join(above[-lines:])


def fenced_blocks(page: Path) -> list[Block]:
    """Every fenced block of ``page``, in order; an unclosed fence is an error."""
    blocks: list[Block] = []
    opened: tuple[int, str, str, str] | None = None  # line, indent, fence, language
    body: list[str] = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), start=1):
        match = FENCE.match(line)
        if opened is None:
            if match:
                info = match["info"].strip().split()
                opened = (number, match["indent"], match["fence"], info[0] if info else "")
                body = []
            continue
        start, indent, fence, language = opened
        if match and match["fence"] == fence and not match["info"].strip():
            blocks.append(Block(page, start, language, "\n".join(body) + "\n" if body else ""))
            opened = None
        else:
            body.append(line.removeprefix(indent))
    if opened is not None:
        msg = f"{page}:{opened[0]}: a fenced block is never closed"
        raise ValueError(msg)
    return blocks


def all_blocks() -> list[Block]:
    """The fenced blocks of every page (README first, then docs/ by name)."""
    return [block for page in PAGES for block in fenced_blocks(page)]


def command_lines(block: Block) -> list[list[str]]:
    """The commands of a shell block, each split into words as the shell would.

    In a sh block every line is a command; in a console or text block only the lines
    that start with ``$ `` are (the rest is output). A trailing backslash continues a
    line, ``#`` starts a comment and ``&&`` separates commands.
    """
    lines = block.text.splitlines()
    prompted = [i for i, line in enumerate(lines) if line.startswith("$ ")]
    if block.language in ("sh", "bash", "shell"):
        starts = [i for i, line in enumerate(lines) if line.strip()]
    elif prompted:
        starts = prompted
    else:
        return []
    commands: list[list[str]] = []
    for start in starts:
        text = lines[start].removeprefix("$ ")
        end = start
        while text.endswith("\\") and end + 1 < len(lines):
            end += 1
            text = text[:-1] + " " + lines[end]
        if (
            block.language in ("sh", "bash", "shell")
            and start > 0
            and lines[start - 1].endswith("\\")
        ):
            continue
        words = shlex.split(text, comments=True)
        command: list[str] = []
        for word in [*words, "&&"]:
            if word == "&&":
                if command:
                    commands.append(command)
                command = []
            else:
                command.append(word)
    return commands
