"""Source maps for JSON text: JSON path -> file position.

``json.loads`` is fast but forgets where things were. Specs are parsed with it, and
only when a diagnostic needs a position is the text scanned again by this module,
which records where every key and value starts. A path is a tuple of object keys
and array indexes, e.g. ``("params", 0, "type")``.

The scanner assumes the text is valid JSON (``json.loads`` accepted it first); it is
iterative, so deeply nested input cannot exhaust the Python stack.
"""

from __future__ import annotations

import bisect
import json
import re

from specgen.values import value_type

JsonPath = tuple[str | int, ...]

_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null")
_SPACE = re.compile(r"[ \t\r\n]*")
_HIGH_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def format_path(path: JsonPath) -> str:
    """Render a path as ``$.params[0].type`` (keys that are not identifiers quoted)."""
    out = ["$"]
    for part in path:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            out.append(f".{part}")
        else:
            escaped = part.replace("\\", "\\\\").replace('"', '\\"')
            out.append(f'["{escaped}"]')
    return "".join(out)


@value_type(slots=True)
class Position:
    """A 1-based line and column (in characters)."""

    line: int
    column: int


class LineIndex:
    """Turns character offsets into line/column positions."""

    def __init__(self, text: str) -> None:
        """Index the line starts of ``text``."""
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def position(self, offset: int) -> Position:
        """Return the position of a 0-based character offset."""
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line + 1, offset - self._starts[line] + 1)


class SourceMap:
    """Where each key and value of a JSON document starts."""

    def __init__(self, text: str) -> None:
        """Scan ``text`` (valid JSON) and record every path's offsets."""
        self.text = text
        self._lines = LineIndex(text)
        self._values: dict[JsonPath, int] = {}
        self._keys: dict[JsonPath, int] = {}
        self.duplicate_keys: list[tuple[JsonPath, int]] = []
        """Keys that repeat inside one object: (path, offset of the repeat)."""
        _scan(text, self._values, self._keys, self.duplicate_keys)

    def position(self, offset: int) -> Position:
        """Position of a 0-based character offset in the text."""
        return self._lines.position(offset)

    def value_offset(self, path: JsonPath) -> int | None:
        """Offset of the value at ``path``, or None when the path is absent."""
        return self._values.get(path)

    def locate(self, path: JsonPath, *, key: bool = False) -> Position:
        """Position of the value (or of its key) at ``path``.

        A path that is not in the document (a missing field) falls back to its
        nearest existing ancestor, so a diagnostic still points somewhere useful.
        """
        probe = path
        while True:
            table = self._keys if key and probe else self._values
            offset = table.get(probe)
            if offset is not None:
                return self._lines.position(offset)
            if not probe:
                return Position(1, 1)
            probe = probe[:-1]

    def locate_in_string(self, path: JsonPath, index: int) -> Position:
        """Position of character ``index`` of the decoded string value at ``path``.

        Escape sequences in the raw text are walked, so the column is exact even
        when the string holds escaped newlines, quotes or unicode escapes.
        """
        start = self._values.get(path)
        if start is None or self.text[start : start + 1] != '"':
            return self.locate(path)
        return self._lines.position(_raw_offset(self.text, start, index))


def _raw_offset(text: str, quote: int, index: int) -> int:
    """Raw offset in ``text`` of decoded character ``index`` of the string at ``quote``."""
    pos = quote + 1
    decoded = 0
    while decoded < index and pos < len(text) and text[pos] != '"':
        if text[pos : pos + 2] == "\\u":
            pos += 12 if _HIGH_SURROGATE.match(text, pos) else 6
        elif text[pos] == "\\":
            pos += 2
        else:
            pos += 1
        decoded += 1
    return pos


def decode_key(raw: str) -> str:
    """Decode a raw JSON string token (with its quotes)."""
    body = raw[1:-1]
    if "\\" not in body:
        return body
    decoded: str = json.loads(raw)
    return decoded


def _scan(
    text: str,
    values: dict[JsonPath, int],
    keys: dict[JsonPath, int],
    duplicates: list[tuple[JsonPath, int]],
) -> None:
    """Walk the JSON text once, filling ``values`` and ``keys`` by path.

    The walk keeps an explicit stack of open containers: each frame is the path of
    the container and, for arrays, the index of the next element.
    """
    pos = _skip_space(text, 0)
    stack: list[tuple[JsonPath, list[int] | None]] = []
    path: JsonPath | None = ()
    while path is not None and pos < len(text):
        values.setdefault(path, pos)
        ch = text[pos]
        if ch in "{[":
            stack.append((path, None if ch == "{" else [0]))
            pos = _skip_space(text, pos + 1)
            if text[pos : pos + 1] not in ("}", "]"):
                pos, path = _enter_member(text, pos, stack, keys, duplicates)
                continue
            stack.pop()
            pos += 1
        elif ch == '"':
            token = _STRING.match(text, pos)
            pos = token.end() if token else len(text)
        else:
            scalar = _SCALAR.match(text, pos)
            pos = scalar.end() if scalar and scalar.end() > pos else pos + 1
        pos, path = _after_value(text, pos, stack, keys, duplicates)


def _skip_space(text: str, pos: int) -> int:
    """The first offset at or after ``pos`` that is not JSON whitespace."""
    match = _SPACE.match(text, pos)
    return match.end() if match else pos


def _enter_member(
    text: str,
    pos: int,
    stack: list[tuple[JsonPath, list[int] | None]],
    keys: dict[JsonPath, int],
    duplicates: list[tuple[JsonPath, int]],
) -> tuple[int, JsonPath]:
    """At the first or next member of the innermost container, return its path."""
    parent, counter = stack[-1]
    if counter is not None:
        member: JsonPath = (*parent, counter[0])
        counter[0] += 1
        return pos, member
    token = _STRING.match(text, pos)
    if token is None:  # not valid JSON; stop scanning gracefully
        return len(text), parent
    member = (*parent, decode_key(token.group()))
    if member in keys:
        duplicates.append((member, pos))
    else:
        keys[member] = pos
    pos = _skip_space(text, token.end())
    pos = _skip_space(text, pos + 1)  # past the ':'
    return pos, member


def _after_value(
    text: str,
    pos: int,
    stack: list[tuple[JsonPath, list[int] | None]],
    keys: dict[JsonPath, int],
    duplicates: list[tuple[JsonPath, int]],
) -> tuple[int, JsonPath | None]:
    """After a complete value: close finished containers, move to the next member."""
    while True:
        pos = _skip_space(text, pos)
        if not stack:
            return pos, None
        ch = text[pos : pos + 1]
        if ch == ",":
            pos = _skip_space(text, pos + 1)
            return _enter_member(text, pos, stack, keys, duplicates)
        if ch in ("}", "]"):
            stack.pop()
            pos += 1
            continue
        return len(text), None
