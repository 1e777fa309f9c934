"""JSON with comments, as tsconfig files are written (``//``, ``/* */``, trailing commas).

TypeScript reads its config files leniently; so does this: comments become
spaces (line and column numbers of an error stay right), a comma before ``}`` or
``]`` is dropped, and the rest is plain JSON.
"""

from __future__ import annotations

import json


class JsoncError(ValueError):
    """The text is not JSON even with comments and trailing commas allowed."""

    def __init__(self, message: str, line: int, column: int) -> None:
        """The parser's message and where it stopped (1-based)."""
        super().__init__(f"{message} at {line}:{column}")
        self.message = message
        self.line = line
        self.column = column


def strip_jsonc(text: str) -> str:
    """``text`` with comments blanked out and trailing commas removed (same line breaks)."""
    out: list[str] = []
    i, n = 0, len(text)
    pending_comma: int | None = None  # index in ``out`` of a comma that may be trailing
    while i < n:
        char = text[i]
        if char == '"':
            end = _string_end(text, i)
            out.append(text[i:end])
            pending_comma = None
            i = end
        elif text.startswith("//", i):
            end = text.find("\n", i)
            end = n if end < 0 else end
            out.append(" " * (end - i))
            i = end
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append("".join(c if c == "\n" else " " for c in text[i:end]))
            i = end
        else:
            if char == ",":
                pending_comma = len(out)
            elif char in "}]" and pending_comma is not None:
                out[pending_comma] = " "
                pending_comma = None
            elif not char.isspace():
                pending_comma = None
            out.append(char)
            i += 1
    return "".join(out)


def _string_end(text: str, start: int) -> int:
    """The index after the JSON string starting at ``start`` (the end of text if unclosed)."""
    i = start + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] in '"\n':
            return i + 1
        i += 1
    return len(text)


def loads_jsonc(text: str) -> object:
    """Parse JSONC ``text``; raises `JsoncError` with the line and column of the problem."""
    try:
        return json.loads(strip_jsonc(text.removeprefix("\ufeff")))
    except json.JSONDecodeError as exc:
        raise JsoncError(exc.msg, exc.lineno, exc.colno) from None
