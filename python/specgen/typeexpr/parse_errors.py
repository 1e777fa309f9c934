"""The errors of the type expression parser: what went wrong, where, and what to write.

``ParseErrors`` knows the text and its tokens, so it can name a token as the user wrote
it (``'>'``, `` `Map` ``, "the end of the expression") and span what is wrong, such as
the whole of a dotted name. The parser (``specgen.typeexpr.parser``) decides *that*
something is wrong; this module words it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final

from specgen.typeexpr.ast import Span
from specgen.typeexpr.errors import ANY, SYNTAX, UNSUPPORTED, TypeExprError
from specgen.typeexpr.keywords import (
    DEFAULT_GENERIC_HINT,
    FUNCTION_HINT,
    GENERIC_HINTS,
    NAMED_TYPE_HINT,
    UNSUPPORTED_KEYWORDS,
)

if TYPE_CHECKING:
    from specgen.typeexpr.lexer import Token

SPAN_CACHE_SIZE: Final = 8192

_ANY_MESSAGE: Final = "`any` is not allowed"
_ANY_HINT: Final = 'use `unknown`, or declare a named type in "types"'
TYPE_HINT: Final = (
    "a type is a name (`string`, `Item`), a literal (`'a'`, `1`, `true`), "
    "`T[]`, `Array<T>`, `Record<string, T>`, `{ field: T }` or `( ... )`"
)

# Spans repeat across expressions (and are immutable): share them.
shared_span: Final = functools.lru_cache(maxsize=SPAN_CACHE_SIZE)(Span)


def token_span(token: Token) -> Span:
    """The span of ``token``, shared with every equal span."""
    return shared_span(token.start, token.end)


def syntax(message: str, hint: str, span: Span) -> TypeExprError:
    """A syntax error (SG201)."""
    return TypeExprError(SYNTAX, message, hint, span)


def unsupported(message: str, hint: str, span: Span) -> TypeExprError:
    """TypeScript that specgen does not support (SG204)."""
    return TypeExprError(UNSUPPORTED, message, hint, span)


def rejected_name(token: Token) -> TypeExprError:
    """The error for ``any`` or an unsupported keyword such as ``never``."""
    if token.text == "any":
        return TypeExprError(ANY, _ANY_MESSAGE, _ANY_HINT, token_span(token))
    message, hint = UNSUPPORTED_KEYWORDS[token.text]
    return unsupported(message, hint, token_span(token))


class ParseErrors:
    """The errors of one parse: each method returns the error for a token found wrong."""

    __slots__ = ("lexer_error", "text", "tokens")

    def __init__(self, text: str, tokens: list[Token], lexer_error: TypeExprError | None) -> None:
        """``text``, its tokens and the lexer's error (for its ``error`` token), if any."""
        self.text = text
        self.tokens = tokens
        self.lexer_error = lexer_error

    def describe(self, token: Token) -> str:
        """Name a token in a message."""
        if token.kind == "eof":
            return "the end of the expression"
        source = self.text[token.start : token.end]
        if token.kind == source:  # punctuation
            return f"'{source}'"
        if len(source) > 24:
            source = source[:20] + "..."
        return f"`{source}`"

    def special(self, token: Token) -> TypeExprError | None:
        """The error for a token that is wrong wherever it appears, if it is one."""
        kind = token.kind
        if kind == "error":
            assert self.lexer_error is not None  # noqa: S101 - the lexer pairs them
            return self.lexer_error
        if kind == "&":
            return self.intersection(token)
        if kind == "=>":
            return unsupported("function types are not supported", FUNCTION_HINT, token_span(token))
        if kind == "ident" and token.text == "extends":
            return unsupported(
                "conditional types are not supported", NAMED_TYPE_HINT, token_span(token)
            )
        if kind == "?":
            return syntax(
                "unexpected '?' after a type",
                "mark a field optional with `name?: T`, or allow null with `T | null`",
                token_span(token),
            )
        return None

    def intersection(self, token: Token) -> TypeExprError:
        """The error for ``&``: intersection types are not supported."""
        return unsupported(
            "intersection types (`&`) are not supported",
            'declare a named type in "types" with all the fields, or an inline object type',
            token_span(token),
        )

    def bad_name_use(self, token: Token, following: str, *, known: bool) -> TypeExprError:
        """The error for a name followed by ``<`` (a generic) or ``.`` (a qualified name).

        ``known``: the name is a keyword or built-in (``string``, ``Array``), not a reference.
        """
        name = token.text
        if following == ".":
            return self.qualified(token)
        if known:
            return unsupported(
                f"`{name}` does not take type arguments", "remove the `<...>`", token_span(token)
            )
        hint = GENERIC_HINTS.get(name, DEFAULT_GENERIC_HINT)
        return unsupported(f"generic type `{name}<...>` is not supported", hint, token_span(token))

    def qualified(self, token: Token) -> TypeExprError:
        """The error for ``a.B``: span the whole dotted name."""
        tokens = self.tokens
        j = tokens.index(token) + 1  # at the first '.'
        last = token
        while tokens[j].kind == "." and tokens[j + 1].kind == "ident":
            last = tokens[j + 1]
            j += 2
        if last is token:
            return syntax("expected a name after '.'", TYPE_HINT, token_span(tokens[j]))
        dotted = self.text[token.start : last.end]
        return unsupported(
            f"qualified name `{dotted}` is not supported",
            f"refer to the type by its bare name `{last.text}`; names are resolved "
            "across the project",
            Span(token.start, last.end),
        )

    def expected_type(self, token: Token, after: Token | None) -> TypeExprError:
        """The error for ``token`` where a type should start; ``after``: the token before."""
        special = self.special(token)
        if special is not None:
            return special
        span = token_span(token)
        if token.kind == "[":
            return unsupported(
                "tuple types are not supported",
                "use an array `T[]`, or an inline object `{ first: A; second: B }`",
                span,
            )
        where = (
            "expected a type" if after is None else f"expected a type after {self.describe(after)}"
        )
        if token.kind == "eof":
            if after is not None and after.kind == "|":
                return syntax(where, "remove the trailing '|' or add another member", span)
            return syntax(where, TYPE_HINT, span)
        return syntax(f"{where}, found {self.describe(token)}", TYPE_HINT, span)

    def expected_close(self, token: Token, at_end: str, expected: str, hint: str) -> TypeExprError:
        """The error for ``token`` where a closing bracket or separator should be."""
        special = self.special(token)
        if special is not None:
            return special
        if token.kind == "eof":
            return syntax(at_end, hint, token_span(token))
        return syntax(f"{expected}, found {self.describe(token)}", hint, token_span(token))

    def trailing(self, token: Token) -> TypeExprError:
        """The error for a token after a complete expression."""
        special = self.special(token)
        if special is not None:
            return special
        kind = token.kind
        if kind in (")", ">", "}", "]"):
            hint = "remove it, or add the bracket that opens it"
        elif kind == ",":
            hint = "combine types with '|'; only `Record<string, T>` takes two type arguments"
        else:
            hint = "combine types with '|'"
        return syntax(
            f"unexpected {self.describe(token)} after a complete type", hint, token_span(token)
        )

    def bad_index(self, bracket: Token, token: Token) -> TypeExprError:
        """The error for a ``[`` after a type that is not followed by ``]``."""
        if token.kind in ("eof", "error"):
            return self.expected_close(
                token, "missing ']' after '['", "expected ']'", "write `T[]` for an array of `T`"
            )
        return unsupported(
            "indexed access types such as `T['key']` are not supported",
            "write the type of the property itself",
            token_span(bracket),
        )

    def bad_field_name(self, token: Token) -> TypeExprError:
        """The error for ``token`` where an object field's name (or ``}``) should be."""
        special = self.special(token)
        if special is not None:
            return special
        kind = token.kind
        if kind == "eof":
            return syntax(
                "missing '}' to close '{'", "close the object with '}'", token_span(token)
            )
        if kind == "[":
            return unsupported(
                "index signatures and mapped types are not supported",
                "use `Record<string, T>`",
                token_span(token),
            )
        if kind in ("(", "<"):
            return unsupported("function types are not supported", FUNCTION_HINT, token_span(token))
        return syntax(
            f"expected a field name or '}}', found {self.describe(token)}",
            "fields are written `name: T` or `'quoted name': T`, separated by ';'",
            token_span(token),
        )

    def bad_colon(self, name: str, token: Token) -> TypeExprError:
        """The error for ``token`` where the ``:`` after field ``name`` should be."""
        if token.kind in ("(", "<"):
            return unsupported("function types are not supported", FUNCTION_HINT, token_span(token))
        return self.expected_close(
            token,
            f"expected ':' after field `{name}`",
            f"expected ':' after field `{name}`",
            f"write `{name}: T`, or `{name}?: T` for an optional field",
        )
