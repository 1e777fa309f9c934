"""A small Rust tokenizer: identifiers and punctuation with line numbers.

Comments, string and character literals and lifetimes are dropped (literals become one
``LITERAL`` token), so that braces and keywords inside them are never mistaken for code.
``::`` is one token; every other punctuation character is a token of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LITERAL = '"literal"'
"""The text of the token that stands for any string, character or number literal."""

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*|r#[A-Za-z_][A-Za-z0-9_]*")
_NUMBER = re.compile(r"[0-9][0-9A-Za-z_]*(?:\.[0-9][0-9A-Za-z_]*)?")
_RAW_STRING = re.compile(r'(?:b|c)?r(#*)"')
_PREFIXED_STRING = re.compile(r'(?:b|c)"')
_CHAR = re.compile(r"b?'(?:\\(?:x[0-9A-Fa-f]{2}|u\{[0-9A-Fa-f]*\}|.)|[^\\'\n])'")
_LIFETIME = re.compile(r"'[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Token:
    """One token: its ``text``, the 1-based ``line`` it starts on, and a literal's source."""

    text: str
    line: int
    source: str = ""


class _Scanner:
    """Walks the source once, keeping the position and the line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0
        self.line = 1
        self.tokens: list[Token] = []

    def advance_to(self, end: int) -> None:
        self.line += self.source.count("\n", self.pos, end)
        self.pos = end

    def emit(self, text: str, end: int) -> None:
        source = self.source[self.pos : end] if text == LITERAL else ""
        self.tokens.append(Token(text, self.line, source))
        self.advance_to(end)

    def block_comment_end(self) -> int:
        depth, index = 0, self.pos
        while index < len(self.source):
            if self.source.startswith("/*", index):
                depth, index = depth + 1, index + 2
            elif self.source.startswith("*/", index):
                depth, index = depth - 1, index + 2
                if depth == 0:
                    return index
            else:
                index += 1
        return len(self.source)

    def string_end(self, start: int) -> int:
        index = start
        while index < len(self.source) and self.source[index] != '"':
            index += 2 if self.source[index] == "\\" else 1
        return index + 1

    def step(self) -> None:  # noqa: C901 - one branch per token kind reads best here
        source, pos = self.source, self.pos
        char = source[pos]
        if char.isspace():
            self.advance_to(pos + 1)
        elif source.startswith("//", pos):
            end = source.find("\n", pos)
            self.advance_to(len(source) if end < 0 else end)
        elif source.startswith("/*", pos):
            self.advance_to(self.block_comment_end())
        elif raw := _RAW_STRING.match(source, pos):
            closing = '"' + raw.group(1)
            end = source.find(closing, raw.end())
            self.emit(LITERAL, len(source) if end < 0 else end + len(closing))
        elif char == '"' or _PREFIXED_STRING.match(source, pos):
            self.emit(LITERAL, self.string_end(source.index('"', pos) + 1))
        elif literal := _CHAR.match(source, pos):
            self.emit(LITERAL, literal.end())
        elif lifetime := _LIFETIME.match(source, pos):
            self.advance_to(lifetime.end())
        elif ident := _IDENT.match(source, pos):
            self.emit(ident.group(), ident.end())
        elif number := _NUMBER.match(source, pos):
            self.emit(LITERAL, number.end())
        elif source.startswith("::", pos):
            self.emit("::", pos + 2)
        else:
            self.emit(char, pos + 1)


def tokenize(source: str) -> list[Token]:
    """The tokens of a Rust ``source``, comments and whitespace dropped."""
    scanner = _Scanner(source)
    while scanner.pos < len(source):
        scanner.step()
    return scanner.tokens
