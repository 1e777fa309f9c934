"""Command-line plumbing the migration tools share: paths as shown, options, exit codes.

Kept here rather than in ``specgen.cli`` so that the tools' own modules do not import
the CLI module (which imports them to register their commands).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

_F = TypeVar("_F", bound=Callable[..., Any])

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


def format_option(*choices: str) -> Callable[[_F], _F]:
    """The ``--format`` option with the given choices (the first is the default)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="text for people; " + ", ".join(choices[1:]) + " for tools.",
    )


def shown(path: Path, base: Path | None = None) -> str:
    """``path`` as the user should see it: relative to ``base`` (the cwd) when below it.

    Paths are made absolute without resolving links (cheap, and what the user typed).
    """
    target = os.path.abspath(path)  # noqa: PTH100  # string paths: called once per file shown
    start = os.path.abspath(base or os.curdir)  # noqa: PTH100
    relative = os.path.relpath(target, start)
    if relative.startswith(os.pardir + os.sep + os.pardir + os.sep + os.pardir):
        return target
    return relative.replace(os.sep, "/")
