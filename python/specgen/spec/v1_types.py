"""The v2 type of a v1 type as written.

v1 authors wrote types loosely: ``array``, ``Object``, ``String``, ``any`` (anywhere in
the type: ``Array<any>``, ``Record<string, any>``, ``{ x: any }``), and a result's
``Promise<T>`` copied from a method signature. v2 rejects ``any`` (SG202), so each
``any`` becomes ``unknown``; it is found among the type expression's tokens, so a
string literal ``'any'``, a field named ``any`` or a name such as ``Company`` is kept.
Migration notes every type it rewrote (SG402).
"""

from __future__ import annotations

import re
from itertools import pairwise

from specgen.typeexpr.lexer import tokenize

# Loose spellings seen in real v1 specs and what they mean in v2.
_V1_TYPE_SPELLINGS = {
    "array": "unknown[]",
    "object[]": "Record<string, unknown>[]",
    "Object": "Record<string, unknown>",
    "String": "string",
    "Number": "number",
    "Boolean": "boolean",
}
_PROMISE = re.compile(r"Promise\s*<(.*)>", re.DOTALL)
_FIELD_NAME_FOLLOWERS = (":", "?")
"""What follows a field name in an object type (``any: T``, ``any?: T``)."""


def v1_type_text(written: str) -> str:
    """The v2 type of a v1 type as written: loose spellings mapped, ``Promise<T>`` is ``T``.

    v1 authors copied types from method signatures: a result's ``Promise<T>`` is what
    the command resolves to, ``T``. Every ``any`` in the type is ``unknown``.
    """
    text = written.strip()
    while (promise := _PROMISE.fullmatch(text)) is not None:
        text = promise.group(1).strip()
    return _without_any(_V1_TYPE_SPELLINGS.get(text, text))


def _without_any(text: str) -> str:
    """``text`` with each ``any`` type in it written ``unknown``, the rest as it was.

    A lexical error ends the tokens: what comes before it is still rewritten, and
    validation reports the error in the migrated type.
    """
    tokens, _error = tokenize(text)
    pieces: list[str] = []
    done = 0
    for token, after in pairwise(tokens):
        if token.kind != "ident" or token.text != "any":
            continue
        if after.kind in _FIELD_NAME_FOLLOWERS:
            continue  # a field named ``any``
        pieces += [text[done : token.start], "unknown"]
        done = token.end
    return "".join(pieces) + text[done:]
