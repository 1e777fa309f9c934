r"""Render an AST back to canonical TypeScript text.

The canonical form: single spaces around ``|``, ``T[]`` for every array (with the
element in parentheses when it is a union: ``('a' | 'b')[]``), ``Record<string, T>``
(so ``object`` comes back as ``Record<string, unknown>``), ``{ id: string; score?:
number }`` for objects, and single-quoted strings in which ``'`` and ``\`` are escaped
(as are control characters and U+2028/U+2029, so the text stays on one line).

For every tree the parser produces, ``parse_type_expr(render_ts(e)) == e``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

from specgen.typeexpr.ast import (
    ArrayOf,
    Literal,
    ObjectType,
    Primitive,
    RecordOf,
    Ref,
    Sized,
    Union,
)
from specgen.typeexpr.lexer import IDENTIFIER

if TYPE_CHECKING:
    from specgen.typeexpr.ast import TypeExpr

_NEEDS_ESCAPE: Final = re.compile("[\\\\'\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_ESCAPES: Final = {"\\": "\\\\", "'": "\\'", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def render_ts(expr: TypeExpr) -> str:
    """Render ``expr`` as canonical TypeScript.

    Args:
        expr: the expression.

    Returns:
        The TypeScript text, e.g. ``"{ id: string; tags?: ('a' | 'b')[] }"``.
    """
    if isinstance(expr, (Primitive, Sized)):
        return expr.kind
    if isinstance(expr, Ref):
        return expr.name
    if isinstance(expr, Literal):
        return render_literal(expr.value)
    if isinstance(expr, Union):
        return " | ".join(render_ts(member) for member in expr.members)
    return _render_composite(expr)


def _render_composite(expr: ArrayOf | RecordOf | ObjectType) -> str:
    if isinstance(expr, ArrayOf):
        element = render_ts(expr.element)
        return f"({element})[]" if isinstance(expr.element, Union) else f"{element}[]"
    if isinstance(expr, RecordOf):
        return f"Record<string, {render_ts(expr.value)}>"
    if not expr.fields:
        return "{}"
    fields = "; ".join(
        f"{_field_name(f.name)}{'?' if f.optional else ''}: {render_ts(f.type)}"
        for f in expr.fields
    )
    return f"{{ {fields} }}"


def render_literal(value: str | float) -> str:
    """Render a literal value: ``'text'``, ``42``, ``-1.5``, ``true``.

    Floats use Python's shortest round-tripping form (``1e+20``, ``0.1``), which is
    also valid TypeScript; infinities and NaN have no TypeScript literal form.
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, int):
        return str(value)
    return repr(value)


def quote(text: str) -> str:
    """Quote ``text`` as a single-quoted TypeScript string literal."""
    if _NEEDS_ESCAPE.search(text) is None:
        return f"'{text}'"
    return f"'{_NEEDS_ESCAPE.sub(_escape, text)}'"


def _escape(m: re.Match[str]) -> str:
    char = m[0]
    simple = _ESCAPES.get(char)
    if simple is not None:
        return simple
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _field_name(name: str) -> str:
    """A field name as written in an object type: bare if it is an identifier."""
    if IDENTIFIER.fullmatch(name) is not None:
        return name
    return quote(name)
