"""Options several commands take the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

_F = TypeVar("_F", bound=Callable[..., Any])


def format_option(*choices: str, help_text: str | None = None) -> Callable[[_F], _F]:
    """The ``--format`` option with the given choices (the first is the default).

    ``help_text`` replaces the help made from the choices.
    """
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help_text or "text for people; " + ", ".join(choices[1:]) + " for tools.",
    )
