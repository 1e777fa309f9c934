"""Where each key of a TOML file is written (line and column), for located config diagnostics.

tomllib gives values, not positions. This scanner reads the text line by line and
records, for every ``key = value`` and every ``[table]`` header, the position of the
key and of its value. It follows table headers and dotted keys; keys inside inline
tables and arrays are not recorded (their enclosing key is). It never raises: a line
it does not understand is skipped, and a key not found is located at its nearest
recorded ancestor, else at 1:1.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

KeyPath = tuple[str, ...]

_BARE = r"[A-Za-z0-9_-]+"
_BASIC = r'"(?:[^"\\]|\\.)*"'
_LITERAL = r"'[^']*'"
_PART = rf"(?:{_BARE}|{_BASIC}|{_LITERAL})"
_DOTTED = rf"{_PART}(?:\s*\.\s*{_PART})*"
_HEADER = re.compile(rf"^(\s*)\[\[?\s*({_DOTTED})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^(\s*)({_DOTTED})\s*=\s*")
_PARTS = re.compile(_PART)


@dataclass(frozen=True, slots=True)
class KeyPosition:
    """Where a key is written: 1-based line, the key's column and its value's column."""

    line: int
    column: int
    value_column: int
    value_text: str
    """The rest of the line from the value on (to locate inside a one-line string)."""
    header: bool = False
    """Written as a ``[table]`` (or ``[[table]]``) header, not as ``key = value``."""


def _parts(dotted: str) -> KeyPath:
    parts = []
    for match in _PARTS.finditer(dotted):
        text = match.group()
        if text[0] in "\"'":
            text = text[1:-1]
            if match.group()[0] == '"':
                text = text.encode("utf-8", "backslashreplace").decode("unicode_escape", "replace")
        parts.append(text)
    return tuple(parts)


def key_positions(text: str) -> dict[KeyPath, KeyPosition]:
    """Every key and table header of ``text`` by its full dotted path."""
    positions: dict[KeyPath, KeyPosition] = {}
    table: KeyPath = ()
    open_quote = ""
    for number, line in enumerate(text.splitlines(), start=1):
        if open_quote:  # inside a multi-line string: look only for its end
            if line.count(open_quote) % 2 == 1:
                open_quote = ""
            continue
        header = _HEADER.match(line)
        if header is not None:
            table = _parts(header.group(2))
            column = len(header.group(1)) + 1
            positions.setdefault(table, KeyPosition(number, column, column, "", header=True))
            continue
        assign = _ASSIGN.match(line)
        if assign is None:
            continue
        key = (*table, *_parts(assign.group(2)))
        value = line[assign.end() :]
        positions.setdefault(
            key, KeyPosition(number, len(assign.group(1)) + 1, assign.end() + 1, value)
        )
        for quote in ('"""', "'''"):
            if value.count(quote) % 2 == 1:
                open_quote = quote
    return positions


def locate_key(
    positions: dict[KeyPath, KeyPosition],
    key: Sequence[str],
    *,
    value: bool = False,
    index: int | None = None,
    inline: bool = False,
) -> tuple[int, int]:
    """Line and column of ``key`` (its value with ``value``), else of its nearest ancestor.

    ``index`` is an offset into the key's string value: when the value is a one-line
    string without escapes, the column is that character's; otherwise the value's.
    With ``inline``, a key written inside the one-line inline table of its nearest
    recorded ancestor (``typescript = { module = "..." }``) is located at that key.
    """
    path = tuple(key)
    while path:
        found = positions.get(path)
        if found is not None:
            inner = _inline_column(found, key[len(path)]) if inline and path != tuple(key) else None
            if inner is not None:
                return found.line, inner
            if index is not None:
                return found.line, _string_column(found, index)
            return found.line, found.value_column if value else found.column
        path = path[:-1]
        value, index = False, None
    return 1, 1


def array_table_lines(text: str, path: Sequence[str]) -> list[int]:
    """The 1-based lines of every ``[[path]]`` header of ``text``, in order."""
    wanted = tuple(path)
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header is None or not line.lstrip().startswith("[["):
            continue
        if _parts(header.group(2)) == wanted:
            lines.append(number)
    return lines


def _inline_column(found: KeyPosition, name: str) -> int | None:
    """The column of the key ``name`` inside the inline table ``found``'s value opens."""
    match = re.search(rf"[{{,]\s*({re.escape(name)})\s*=", found.value_text)
    return found.value_column + match.start(1) if match else None


def _string_column(found: KeyPosition, index: int) -> int:
    text = found.value_text
    quote = text[:1]
    if quote not in {'"', "'"} or text.startswith(quote * 3):
        return found.value_column
    end = text.find(quote, 1)
    body = text[1:end] if end > 0 else ""
    if end < 0 or (quote == '"' and "\\" in body) or index > len(body):
        return found.value_column
    return found.value_column + 1 + len(body[:index])
