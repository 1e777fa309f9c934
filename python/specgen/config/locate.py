"""Where a key of the config file is written, and config diagnostics located there."""

from __future__ import annotations

from pathlib import Path

from specgen.diagnostics import Diagnostic, Location, coded
from specgen.tomlkeys import key_positions, locate_key


def key_path(file: Path, key: str) -> tuple[str, ...]:
    """The full key path of the dotted ``key`` in ``file`` (below ``tool.specgen`` in pyproject)."""
    prefix = ("tool", "specgen") if file.name == "pyproject.toml" else ()
    return (*prefix, *key.split(".")) if key else prefix


def _position(
    file: Path, key: str, *, value: bool = False, index: int | None = None
) -> tuple[int, int]:
    """Line and column of the dotted ``key`` in ``file`` (its value with ``value``)."""
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return 1, 1
    return locate_key(key_positions(text), key_path(file, key), value=value, index=index)


def config_location(
    file: Path, key: str, *, value: bool = False, index: int | None = None
) -> Location:
    """Where the dotted ``key`` (``typescript.int64``; an alias: ``aliases.UUID``) is written.

    With ``value`` the value's column; with ``index`` a character of a one-line string
    value. A key not written there is located at its table, else at 1:1.
    """
    line, column = _position(file, key, value=value, index=index)
    return Location(str(file), line, column, key or "$")


def config_problem(  # noqa: PLR0913  # a location has several optional parts
    file: Path,
    message: str,
    hint: str,
    line: int = 1,
    column: int = 1,
    *,
    key: str | None = None,
    code: str = "SG104",
) -> Diagnostic:
    """A config diagnostic, at the dotted ``key``'s value when given, else at line:column."""
    where = (
        config_location(file, key, value=True)
        if key is not None
        else Location(str(file), line, column)
    )
    return coded(code, message, where, hint)
