"""Find where a key of a TOML file is written, for located config diagnostics.

tomllib gives values, not positions. This scans the text for the table header or
the ``key =`` line of a key path (tables, dotted headers and inline tables as
specgen's config uses them); when the exact key is not found it answers the
closest enclosing place it did find, else line 1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from specgen.diagnostics import Location

_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_KEY = re.compile(r"""^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_-]+)\s*=""")


def _parts(header: str) -> tuple[str, ...]:
    return tuple(part.strip().strip("\"'") for part in header.split("."))


def locate_key(file: Path, text: str, path: Sequence[str]) -> Location:
    """The line and column of the key ``path`` (a table path, then keys) in ``text``."""
    wanted = tuple(path)
    best = (0, 1, 1)  # (matched parts, line, column)
    table: tuple[str, ...] = ()
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is not None:
            table = _parts(header.group(1))
            if wanted[: len(table)] == table and len(table) > best[0]:
                best = (len(table), number, line.index("[") + 1)
            continue
        key = _KEY.match(line)
        if key is None:
            continue
        full = (*table, key.group(1).strip("\"'"))
        if wanted[: len(full)] == full and len(full) > best[0]:
            best = (len(full), number, key.start(1) + 1)
        if wanted[: len(full)] == full and len(full) < len(wanted):
            inner = _inline_key(line, wanted[len(full) :])
            if inner is not None and len(full) + 1 > best[0]:
                best = (len(full) + 1, number, inner + 1)
    return Location(str(file), best[1], best[2], ".".join(wanted))


def _inline_key(line: str, rest: Sequence[str]) -> int | None:
    """The column (0-based) of the key ``rest[0]`` inside an inline table on ``line``."""
    match = re.search(rf"[{{,]\s*({re.escape(rest[0])})\s*=", line)
    return match.start(1) if match else None
