"""Escaping of user text for each place it lands in generated code.

Every string from a spec (descriptions, names, example values) reaches a template
through one of these functions, chosen by where it lands. None of them can be
closed early by its input: a ``*/`` cannot end a TS comment, a quote cannot end a
string, a newline cannot start a line of code, and Markdown code fences in Rust
docs cannot become doctests.
"""

from __future__ import annotations

import re

_LINE_BREAKS = re.compile(r"\r\n|\r|\n|\u2028|\u2029|\x0b|\x0c|\x85")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
"""Invisible and bidirectional-control characters: shown as <U+XXXX> so no reader is fooled."""


def _visible(text: str) -> str:
    return _INVISIBLE.sub(lambda m: f"<U+{ord(m.group()):04X}>", text)


_PLAIN_BREAKER = re.compile(
    "[\x00-\x1f\x7f\x85\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]"
)
"""Any character `_lines` changes or splits at; text without one is a single line."""


def _lines(text: str) -> list[str]:
    if _PLAIN_BREAKER.search(text) is None:
        return [text.strip()]
    clean = _visible(_CONTROL.sub(" ", text))
    return [line.strip() for line in _LINE_BREAKS.split(clean.strip())]


def _one_line(text: str) -> str:
    """The lines of ``text`` joined with spaces (``" ".join(_lines(text))``)."""
    if _PLAIN_BREAKER.search(text) is None:
        return text.strip()
    return " ".join(_lines(text))


def rust_doc(text: str, indent: str = "") -> str:
    """One ``///`` line for a Rust doc comment (empty text gives nothing).

    The text is joined into one paragraph and backticks are escaped, so nothing
    becomes a code block that rustdoc would compile as a doctest or a list that
    clippy's doc lints reject; ``*/`` is broken because ts-rs copies doc comments
    into TypeScript block comments.
    """
    text = " ".join(line for line in _lines(text) if line)
    if not text:
        return ""
    safe = text.replace("\\", "\\\\").replace("`", "\\`").replace("*/", "*\\/")
    safe = safe.replace("<", "\\<").replace("[", "\\[")
    return f"{indent}/// {safe}\n"


def _escape_table(quote: str, control: str) -> dict[int, str]:
    table = {code: control.format(code) for code in [*range(0x20), 0x7F]}
    table |= {ord("\\"): "\\\\", ord(quote): "\\" + quote}
    table |= {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}
    return table


_INVISIBLE_CODES = [0xAD, *range(0x200B, 0x2010), 0x2028, 0x2029, *range(0x202A, 0x202F)]
_INVISIBLE_CODES += [*range(0x2060, 0x206A), 0xFEFF]
RUST_STR_ESCAPES = _escape_table('"', "\\u{{{:x}}}") | {
    c: f"\\u{{{c:x}}}" for c in _INVISIBLE_CODES
}
TS_STR_ESCAPES = _escape_table("'", "\\x{:02x}") | {c: f"\\u{c:04x}" for c in _INVISIBLE_CODES}
"""What `rust_str` and `ts_str` escape (code point -> escape), control characters,
the quote, backslash and invisible or bidi marks."""


def _needs_any_of(table: dict[int, str]) -> re.Pattern[str]:
    """A pattern that finds a character ``table`` escapes.

    Most text has none, and a search costs a fraction of ``str.translate`` with a dict,
    which looks up every character.
    """
    return re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(table)) + "]")


_RUST_STR_NEEDS = _needs_any_of(RUST_STR_ESCAPES)
_TS_STR_NEEDS = _needs_any_of(TS_STR_ESCAPES)


def rust_str(text: str) -> str:
    """A Rust string literal (with quotes)."""
    if _RUST_STR_NEEDS.search(text) is None:
        return f'"{text}"'
    return '"' + text.translate(RUST_STR_ESCAPES) + '"'


def ts_doc(text: str, indent: str = "") -> str:
    """A ``/** ... */`` block for TypeScript (empty text gives nothing)."""
    if not text.strip():
        return ""
    lines = [line.replace("*/", "*\\/") for line in _lines(text)]
    if len(lines) == 1:
        return f"{indent}/** {lines[0]} */\n"
    body = "\n".join(f"{indent} *{' ' + line if line else ''}" for line in lines)
    return f"{indent}/**\n{body}\n{indent} */\n"


def ts_comment_text(text: str) -> str:
    """Text safe inside an existing TS block comment, on one line."""
    return _one_line(text).replace("*/", "*\\/")


def ts_str(text: str) -> str:
    """A single-quoted TypeScript string literal (with quotes)."""
    if _TS_STR_NEEDS.search(text) is None:
        return f"'{text}'"
    return "'" + text.translate(TS_STR_ESCAPES) + "'"


_MD_INLINE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "|": "\\|"})


def md_inline(text: str) -> str:
    """Text for one Markdown line or table cell: no HTML, no breaks, no cell splits."""
    return _one_line(text).translate(_MD_INLINE)


def md_code(text: str) -> str:
    """Inline Markdown code span that holds any backticks in ``text``."""
    joined = _one_line(text)
    fence = "`"
    while fence in joined:
        fence += "`"
    pad = " " if joined.startswith("`") or joined.endswith("`") else ""
    return f"{fence}{pad}{joined}{pad}{fence}"


def md_cell_code(text: str) -> str:
    r"""An inline code span inside a Markdown table cell.

    GitHub's tables split a row at every ``|``, inside code spans too, unless it is
    written ``\|`` (shown as ``|``): a union type or value would break the row.
    """
    return md_code(text).replace("|", "\\|")


def ts_rs_rename(value: str) -> str:
    r"""A ``#[ts(rename = ...)]`` attribute for a variant whose value ts-rs cannot print as is.

    ts-rs writes a variant's name between double quotes without escaping it, so a value
    with ``"`` or ``\`` would end the TypeScript string early; the TypeScript spelling,
    escaped, is given to ts-rs instead (serde keeps the value itself). Empty when the value
    needs nothing.
    """
    if '"' not in value and "\\" not in value:
        return ""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f"#[ts(rename = {rust_str(escaped)})]"
