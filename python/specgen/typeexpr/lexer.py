r"""Split a type expression into tokens.

One call of a compiled regular expression finds all the tokens; string escapes are
decoded only when a string has a backslash. The lexer never raises: at the first bad
character it ends the token list with an ``error`` token and returns the error, and the
parser raises it when it reaches that token. So errors come out in source order: in
``Map<string, $>`` the unsupported ``Map`` is reported, not the ``$`` after it.

Escapes follow JavaScript: ``\n \r \t \b \f \v \0 \xHH \uHHHH \u{H...}``, a backslash
before a line break continues the line, and any other escaped character stands for
itself. Octal escapes and unpaired surrogates are errors.
"""

from __future__ import annotations

import math
import re
from typing import Final, NamedTuple

from specgen.typeexpr.ast import Span
from specgen.typeexpr.errors import SYNTAX, UNSUPPORTED, TypeExprError

IDENTIFIER: Final = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""What a name looks like (types and unquoted field names)."""

_TOKEN: Final = re.compile(
    r"(\s*)(?:"  # 1: the space before the token
    r"([A-Za-z_][A-Za-z0-9_]*)"  # 2: identifier
    r"|(-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)"  # 3: number
    r"|('(?:[^'\\\n\r]|\\(?:\r\n|[\s\S]))*'"  # 4: string, single-quoted ...
    r"|\"(?:[^\"\\\n\r]|\\(?:\r\n|[\s\S]))*\")"  # ... or double-quoted
    r"|(=>|\.\.\.|[|&\[\]<>{}():;,?.])"  # 5: punctuation
    r"|(\S)"  # 6: anything else is an error
    r")"
)
_ESCAPE: Final = re.compile(r"\\(?:u\{[^}]*\}?|u[0-9A-Fa-f]{0,4}|x[0-9A-Fa-f]{0,2}|\r\n|[\s\S])")
_HEX: Final = re.compile(r"[0-9A-Fa-f]+")
_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_SIMPLE_ESCAPES: Final = {
    "n": "\n",
    "r": "\r",
    "t": "\t",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "\n": "",
    "\r": "",
    "\r\n": "",
    "\u2028": "",
    "\u2029": "",
}
_ESCAPE_HINT: Final = (
    "valid escapes are \\n \\r \\t \\b \\f \\v \\0 \\xHH \\uHHHH \\u{H...}, "
    "or a backslash before any other character"
)


class Token(NamedTuple):
    """One token.

    ``kind`` is ``ident``, ``number``, ``string``, ``eof``, ``error``, or the
    punctuation itself (``|``, ``[``, ``=>``, ...). ``text`` is the name for an
    identifier, the decoded value for a string and the source text otherwise;
    ``number`` is the value of a number token.
    """

    kind: str
    start: int
    end: int
    text: str
    number: int | float = 0


def tokenize(text: str) -> tuple[list[Token], TypeExprError | None]:
    """Split ``text`` into tokens.

    Args:
        text: the type expression.

    Returns:
        The tokens and ``None``, ending with an ``eof`` token; or, if the text has a
        lexical error, the tokens before it followed by an ``error`` token, and the
        error.
    """
    tokens: list[Token] = []
    append = tokens.append
    make = tuple.__new__  # skips NamedTuple's Python-level __new__; parsing is hot
    end = 0
    # One C call finds every token; the positions follow from the lengths, because
    # group 6 matches any character the others do not, so nothing is skipped.
    for space, ident, number, string, punct, other in _TOKEN.findall(text):
        start = end + len(space)
        if ident:
            end = start + len(ident)
            append(make(Token, ("ident", start, end, ident, 0)))
        elif punct:
            end = start + len(punct)
            append(make(Token, (punct, start, end, punct, 0)))
        elif string:
            end = start + len(string)
            try:
                value = _string_value(string, start)
            except TypeExprError as bad_string:
                append(make(Token, ("error", start, end, "", 0)))
                return tokens, bad_string
            append(make(Token, ("string", start, end, value, 0)))
        elif number:
            end = start + len(number)
            bad_number = _number_token(number, start, end)
            if isinstance(bad_number, TypeExprError):
                append(make(Token, ("error", start, end, "", 0)))
                return tokens, bad_number
            append(bad_number)
        else:
            bad = _bad_character(text, start, other)
            append(make(Token, ("error", bad.span.start, bad.span.end, "", 0)))
            return tokens, bad
    end = len(text)
    append(make(Token, ("eof", end, end, "", 0)))
    return tokens, None


def _number_token(source: str, start: int, end: int) -> Token | TypeExprError:
    """The token for a number literal, or the error if it is out of range."""
    if "." in source or "e" in source or "E" in source:
        value = float(source)
        if not math.isfinite(value):
            return TypeExprError(
                SYNTAX,
                "number literal is out of range",
                "use a number between about -1.8e308 and 1.8e308",
                Span(start, end),
            )
        return Token("number", start, end, source, value)
    return Token("number", start, end, source, int(source))


def _bad_character(text: str, pos: int, char: str) -> TypeExprError:
    """Explain why no token starts at ``pos``, where ``char`` is."""
    if char in "'\"":
        newline = min(
            (i for i in (text.find("\n", pos), text.find("\r", pos)) if i >= 0),
            default=len(text),
        )
        return TypeExprError(
            SYNTAX,
            "unterminated string literal",
            f"close the string with {char} on the same line",
            Span(pos, newline),
        )
    if char == "`":
        return TypeExprError(
            UNSUPPORTED,
            "template literal types are not supported",
            "list the allowed strings as a union, e.g. `'a' | 'b'`, or use `string`",
            Span(pos, pos + 1),
        )
    if char == "-":
        hint = "a negative number is written with the digits right after '-', e.g. `-1`"
    else:
        hint = (
            "a type is a name, a literal, `T[]`, `Array<T>`, `Record<string, T>`, "
            "`{ field: T }` or a union `A | B`"
        )
    return TypeExprError(
        SYNTAX, f"unexpected character {show_char(char)}", hint, Span(pos, pos + 1)
    )


def show_char(char: str) -> str:
    """Quote a character for a message; unprintable ones as ``U+XXXX``."""
    if char.isprintable():
        return f"'{char}'"
    return f"U+{ord(char):04X}"


def _string_value(source: str, start: int) -> str:
    """Decode a quoted string token found at offset ``start``."""
    body = source[1:-1]
    if "\\" in body:
        body = _ESCAPE.sub(lambda m: _unescape(m, start + 1), body)
    if _SURROGATE.search(body) is not None:
        try:
            body = body.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
        except UnicodeDecodeError:
            raise TypeExprError(
                SYNTAX,
                "string literal contains an unpaired surrogate",
                "use a whole character, or a pair of \\u escapes for one outside the BMP",
                Span(start, start + len(source)),
            ) from None
    return body


def _unescape(m: re.Match[str], offset: int) -> str:
    """Decode one escape sequence (``m`` matches in the string body at ``offset``)."""
    escape = m[0]
    code = escape[1:]
    simple = _SIMPLE_ESCAPES.get(code)
    if simple is not None:
        return simple
    lead = code[0]
    if lead in "0123456789":
        if code == "0" and not m.string.startswith(tuple("0123456789"), m.end()):
            return "\0"
        message = "octal escapes are not allowed"
    elif lead == "x":
        if len(code) == 3:
            return chr(int(code[1:], 16))
        message = "a \\x escape needs two hex digits"
    elif lead == "u":
        if code.startswith("u{"):
            digits = code[2:-1]
            if (
                code.endswith("}")
                and _HEX.fullmatch(digits) is not None
                and int(digits, 16) <= 0x10FFFF
            ):
                return chr(int(digits, 16))
            message = "a \\u{...} escape needs hex digits for a value up to 10FFFF"
        elif len(code) == 5:
            return chr(int(code[1:], 16))
        else:
            message = "a \\u escape needs four hex digits, or hex digits in braces"
    else:
        return code
    raise TypeExprError(SYNTAX, message, _ESCAPE_HINT, Span(offset + m.start(), offset + m.end()))
