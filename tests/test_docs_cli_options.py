"""The docs and the command line agree on every option.

- docs/cli.md has a section per ``specgen`` command whose table lists exactly the
  command's options (long and short forms), as click declares them.
- Everywhere in the README and docs/, an option written after ``specgen COMMAND`` is
  one of that command's, and any other ``--option`` is one of some specgen command, or
  of the other tool named in the same paragraph (``OTHER_TOOLS``).
"""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from docs_support import PAGES, ROOT
from specgen.cli import cli

REFERENCE = ROOT / "docs" / "cli.md"
HELP = {"-h", "--help"}
OPTION = re.compile(r"(?<![\w-])--?[A-Za-z][\w-]*")
# `specgen COMMAND ...` up to the end of its code span, comment or shell operator.
SPECGEN_LINE = re.compile(r"\bspecgen (?P<command>[a-z][a-z-]*)(?P<rest>[^`#|;&)\n]*)")
# Options of other tools the docs mention: option -> the tools that take it.
OTHER_TOOLS = {
    "--all-features": ("cargo",),
    "--batch": ("git",),
    "--find-links": ("pip",),
    "--http": ("gpu-stats-host", "host"),
    "--list": ("cargo",),
    "--no-build-isolation": ("pip",),
    "--no-deps": ("pip",),
    "--noEmit": ("tsc",),
    "--open": ("cargo",),
    "--release": ("maturin", "cargo"),
    "--save-dev": ("npm",),
    "--socket": ("gpu-stats-host",),
    "--text": ("./jtag",),
    "--workspace": ("cargo",),
}


def _options(command: click.Command) -> set[str]:
    return {
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in (*param.opts, *param.secondary_opts)
    }


COMMANDS: dict[str, set[str]] = {name: _options(c) for name, c in cli.commands.items()}
GLOBAL = _options(cli) | HELP


def _reference_sections() -> dict[str, str]:
    text = REFERENCE.read_text(encoding="utf-8")
    heads = list(re.finditer(r"^## `specgen (?P<name>[a-z-]+)[^`]*`$", text, re.MULTILINE))
    ends = [h.start() for h in heads[1:]] + [len(text)]
    return {h["name"]: text[h.end() : end] for h, end in zip(heads, ends, strict=True)}


def test_the_reference_has_one_section_per_command() -> None:
    assert sorted(_reference_sections()) == sorted(COMMANDS)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_reference_table_lists_exactly_the_options(command: str) -> None:
    rows = re.findall(
        r"^\| (`[^|]*?(?:\\\|[^|]*?)*) \|", _reference_sections()[command], re.MULTILINE
    )
    listed = {o for row in rows for o in OPTION.findall(row)} - {"-"}
    assert listed == COMMANDS[command], f"docs/cli.md, specgen {command}"


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line number, text) of each run of non-blank lines."""
    return [
        (text.count("\n", 0, match.start()) + 1, match.group())
        for match in re.finditer(r"(?:^.*\S.*$\n?)+", text, re.MULTILINE)
    ]


def _misplaced(paragraph: str) -> list[str]:
    """The options of ``paragraph`` that no command it names takes."""
    wrong: list[str] = []
    checked: list[tuple[int, int]] = []
    for use in SPECGEN_LINE.finditer(paragraph):
        command, rest = use["command"], use["rest"]
        if command not in COMMANDS:
            continue
        wrong.extend(
            f"specgen {command} has no {option}"
            for option in OPTION.findall(rest)
            if option.startswith("--") and option not in COMMANDS[command] | GLOBAL
        )
        checked.append(use.span("rest"))
    outside = paragraph
    for start, end in reversed(checked):
        outside = outside[:start] + " " * (end - start) + outside[end:]
    every = set().union(*COMMANDS.values()) | GLOBAL
    for option in re.findall(r"(?<![\w-])--[A-Za-z][\w-]*", outside):
        tools = OTHER_TOOLS.get(option, ())
        if option not in every and not any(tool in paragraph for tool in tools):
            wrong.append(f"{option} is no option of specgen, nor of a tool named here")
    return wrong


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_every_documented_option_exists(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    problems = [
        f"{page.relative_to(ROOT)}:{line}: {problem}"
        for line, paragraph in _paragraphs(text)
        for problem in _misplaced(paragraph)
    ]
    assert not problems, "\n".join(problems)


def test_the_check_catches_a_made_up_option() -> None:
    assert _misplaced("run `specgen generate --chek` first") == ["specgen generate has no --chek"]
    assert _misplaced("or `specgen audit --strict`")  # an option of enforce, not audit
    assert _misplaced("pass --frobnicate to it")
    assert not _misplaced("`cargo test --workspace --all-features`")
