"""Parse a type expression into the AST: a small recursive-descent parser.

Grammar (TypeScript syntax, the subset specgen supports)::

    union    := '|'? postfix ('|' postfix)*
    postfix  := primary ('[' ']')*
    primary  := name | name '<' union (',' union)* '>' | string | number
              | '(' union ')' | '{' (field (';' | ',')?)* '}'
    field    := (name | string) '?'? ':' union

The parser stops at the first problem and raises ``TypeExprError`` pointing at the
offending token (or at the end of the input). Anything else a caller might trip over
is bounded up front: the text is at most ``MAX_LENGTH`` characters, and neither the
bracket nesting nor the height of the tree may pass ``MAX_DEPTH``, so neither the
parser nor a recursive walk over its result can exhaust the stack.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Final

from specgen.typeexpr.ast import (
    PRIMITIVES,
    SIZED_NUMBERS,
    ArrayOf,
    Literal,
    ObjectField,
    ObjectType,
    Primitive,
    RecordOf,
    Ref,
    Sized,
    Span,
    TypeExpr,
    Union,
)
from specgen.typeexpr.errors import ANY, SYNTAX, UNSUPPORTED, TypeExprError
from specgen.typeexpr.keywords import (
    DEFAULT_GENERIC_HINT,
    FUNCTION_HINT,
    GENERIC_HINTS,
    NAMED_TYPE_HINT,
    UNSUPPORTED_KEYWORDS,
)
from specgen.typeexpr.lexer import tokenize

if TYPE_CHECKING:
    from specgen.typeexpr.lexer import Token

MAX_LENGTH: Final = 4096
"""The longest expression accepted, in characters."""

MAX_DEPTH: Final = 32
"""The deepest nesting accepted, of brackets and of the tree alike."""

_CACHE_SIZE: Final = 8192

# What a name means; names not listed are references to named types.
_PRIMITIVE: Final = 1
_SIZED: Final = 2
_BOOLEAN: Final = 3
_ANY: Final = 4
_OBJECT: Final = 5
_ARRAY: Final = 6
_RECORD: Final = 7
_KEYWORD: Final = 8
_CATEGORY: Final[dict[str, int]] = {
    **dict.fromkeys(PRIMITIVES, _PRIMITIVE),
    **dict.fromkeys(SIZED_NUMBERS, _SIZED),
    "true": _BOOLEAN,
    "false": _BOOLEAN,
    "any": _ANY,
    "object": _OBJECT,
    "Array": _ARRAY,
    "Record": _RECORD,
    **dict.fromkeys(UNSUPPORTED_KEYWORDS, _KEYWORD),
}

_NAMES: Final = ("ident", "string")
_ANY_MESSAGE: Final = "`any` is not allowed"
_ANY_HINT: Final = 'use `unknown`, or declare a named type in "types"'
_TYPE_HINT: Final = (
    "a type is a name (`string`, `Item`), a literal (`'a'`, `1`, `true`), "
    "`T[]`, `Array<T>`, `Record<string, T>`, `{ field: T }` or `( ... )`"
)
_TOO_DEEP_HINT: Final = 'declare the inner parts as named types in "types"'

_Parsed = tuple[TypeExpr, int]  # a node and the height of its tree


def parse_type_expr(text: str) -> TypeExpr:
    """Parse a type expression.

    Results are cached by text (the AST is immutable, so sharing it is safe).

    Args:
        text: the expression, e.g. ``"{ id: string; tags?: ('a' | 'b')[] }"``.

    Returns:
        The root node of the expression.

    Raises:
        TypeExprError: the text is not a supported type expression: ``SG201`` for a
            syntax error, ``SG202`` for ``any``, ``SG204`` for TypeScript that specgen
            does not support. No other exception escapes, whatever the text.
    """
    return _parse_cached(text)


@functools.lru_cache(maxsize=_CACHE_SIZE)
def _parse_cached(text: str) -> TypeExpr:
    return parse_uncached(text)


def clear_cache() -> None:
    """Forget every parsed expression and shared span (`specgen.caches`)."""
    _parse_cached.cache_clear()
    _SPAN.cache_clear()


def parse_uncached(text: str) -> TypeExpr:
    """Parse like ``parse_type_expr``, bypassing the cache (for benchmarks and tests)."""
    if len(text) > MAX_LENGTH:
        raise TypeExprError(
            UNSUPPORTED,
            f"type expression is too long ({len(text)} characters, at most {MAX_LENGTH})",
            _TOO_DEEP_HINT,
            Span(MAX_LENGTH, len(text)),
        )
    return _Parser(text).parse()


def _syntax(message: str, hint: str, span: Span) -> TypeExprError:
    return TypeExprError(SYNTAX, message, hint, span)


def _unsupported(message: str, hint: str, span: Span) -> TypeExprError:
    return TypeExprError(UNSUPPORTED, message, hint, span)


def _too_deep(span: Span) -> TypeExprError:
    return _unsupported(
        f"type expression nests too deeply (more than {MAX_DEPTH} levels)", _TOO_DEEP_HINT, span
    )


def _rejected_name(token: Token) -> TypeExprError:
    """The error for ``any`` or an unsupported keyword such as ``never``."""
    if token.text == "any":
        return TypeExprError(ANY, _ANY_MESSAGE, _ANY_HINT, _span(token))
    message, hint = UNSUPPORTED_KEYWORDS[token.text]
    return _unsupported(message, hint, _span(token))


# Spans repeat across expressions (and are immutable): share them.
_SPAN: Final = functools.lru_cache(maxsize=_CACHE_SIZE)(Span)


def _span(token: Token) -> Span:
    return _SPAN(token.start, token.end)


class _Parser:
    """One parse of one text; methods return a node and the height of its tree."""

    __slots__ = ("_depth", "_error", "_i", "_text", "_tokens")

    def __init__(self, text: str) -> None:
        self._text = text
        self._tokens, self._error = tokenize(text)
        self._i = 0
        self._depth = 0

    def parse(self) -> TypeExpr:
        first = self._tokens[0]
        if first.kind == "eof":
            raise _syntax(
                "empty type expression",
                "write a type such as `string`, `Item[]` or `'a' | 'b'`",
                Span(0, len(self._text)),
            )
        expr, _ = self._union(None)
        token = self._tokens[self._i]
        if token.kind != "eof":
            raise self._trailing(token)
        return expr

    # -- grammar ---------------------------------------------------------------------

    def _union(self, after: Token | None) -> _Parsed:
        """Parse ``'|'? postfix ('|' postfix)*``; ``after`` is the token before it."""
        tokens = self._tokens
        token = tokens[self._i]
        start = token.start
        if token.kind == "|":
            after = token
            self._i += 1
        node, height = self._postfix(after)
        token = tokens[self._i]
        if token.kind != "|":
            if token.kind == "&":
                raise self._intersection(token)
            return node, height
        members: list[TypeExpr] = []
        inner = 0  # the greatest height among the (flattened) members
        while True:
            if isinstance(node, Union):
                members.extend(node.members)
                inner = max(inner, height - 1)
            else:
                members.append(node)
                inner = max(inner, height)
            token = tokens[self._i]
            if token.kind != "|":
                break
            self._i += 1
            node, height = self._postfix(token)
        if token.kind == "&":
            raise self._intersection(token)
        span = _SPAN(start, tokens[self._i - 1].end)
        if inner >= MAX_DEPTH:
            raise _too_deep(span)
        return Union(tuple(members), span), inner + 1

    def _postfix(self, after: Token | None) -> _Parsed:
        """Parse a primary type followed by any number of ``[]``."""
        tokens = self._tokens
        start = tokens[self._i].start
        node, height = self._primary(after)
        while tokens[self._i].kind == "[":
            bracket = tokens[self._i]
            close = tokens[self._i + 1]
            if close.kind != "]":
                raise self._bad_index(bracket, close)
            self._i += 2
            span = _SPAN(start, close.end)
            if height >= MAX_DEPTH:
                raise _too_deep(span)
            node, height = ArrayOf(node, span), height + 1
        return node, height

    def _primary(self, after: Token | None) -> _Parsed:
        token = self._tokens[self._i]
        kind = token.kind
        if kind == "ident":
            return self._named(token)
        if kind == "string":
            self._i += 1
            return Literal(token.text, _span(token)), 0
        if kind == "number":
            self._i += 1
            return Literal(token.number, _span(token)), 0
        if kind == "(":
            return self._group(token)
        if kind == "{":
            return self._object(token)
        raise self._expected_type(token, after)

    def _named(self, token: Token) -> _Parsed:
        """Parse a name: a keyword, ``Array<T>``, ``Record<string, T>`` or a reference."""
        name = token.text
        self._i += 1
        following = self._tokens[self._i].kind
        category = _CATEGORY.get(name)
        if category is None:
            if following in ("<", "."):
                raise self._bad_name_use(token, following)
            return Ref(name, _span(token)), 0
        if category in (_ANY, _KEYWORD):
            raise _rejected_name(token)
        if category in (_ARRAY, _RECORD) and following == "<":
            return self._generic(token, category)
        if following in ("<", "."):
            raise self._bad_name_use(token, following)
        span = _span(token)
        if category == _PRIMITIVE:
            return Primitive(name, span), 0
        if category == _SIZED:
            return Sized(name, span), 0
        if category == _BOOLEAN:
            return Literal(name == "true", span), 0
        if category == _OBJECT:
            return RecordOf(Primitive("unknown", span), span), 1
        example = "`T[]` or `Array<T>`" if category == _ARRAY else "`Record<string, T>`"
        raise _unsupported(f"`{name}` needs type arguments", f"write {example}", span)

    def _generic(self, name: Token, category: int) -> _Parsed:
        """Parse the arguments of ``Array<...>`` or ``Record<...>`` and check them."""
        args, close = self._type_args(name)
        span = _SPAN(name.start, close.end)
        if category == _ARRAY:
            if len(args) != 1:
                raise _unsupported(
                    f"`Array` takes exactly one type argument, found {len(args)}",
                    "write `T[]` or `Array<T>`; for a fixed set of values use an inline object",
                    _span(name),
                )
            element, height = args[0]
            if height >= MAX_DEPTH:
                raise _too_deep(span)
            return ArrayOf(element, span), height + 1
        if len(args) != 2:
            raise _unsupported(
                f"`Record` takes two type arguments, found {len(args)}",
                "write `Record<string, T>`",
                _span(name),
            )
        key = args[0][0]
        if not isinstance(key, Primitive) or key.kind != "string":
            raise _unsupported(
                "`Record` keys must be `string`",
                "write `Record<string, T>` (JSON object keys are strings); "
                "for a fixed set of keys use an inline object `{ a: T; b: T }`",
                key.span,
            )
        value, height = args[1]
        if height >= MAX_DEPTH:
            raise _too_deep(span)
        return RecordOf(value, span), height + 1

    def _type_args(self, name: Token) -> tuple[list[_Parsed], Token]:
        """Parse ``'<' union (',' union)* '>'``; return the arguments and the ``>``."""
        tokens = self._tokens
        opener = tokens[self._i]
        self._enter(opener)
        self._i += 1
        args: list[_Parsed] = []
        token = tokens[self._i]
        if token.kind == ">":
            self._i += 1
            self._depth -= 1
            return args, token
        after = opener
        while True:
            args.append(self._union(after))
            token = tokens[self._i]
            if token.kind == ">":
                break
            if token.kind != ",":
                raise self._expected_close(
                    token,
                    f"missing '>' to close '{name.text}<'",
                    "expected ',' or '>' after a type argument",
                    "separate type arguments with ',' and close them with '>'",
                )
            self._i += 1
            after = token
        self._i += 1
        self._depth -= 1
        return args, token

    def _group(self, opener: Token) -> _Parsed:
        """Parse ``'(' union ')'``, rejecting function types."""
        tokens = self._tokens
        i = self._i
        following = tokens[i + 1].kind
        if following in (")", "...") or (
            following == "ident" and tokens[i + 2].kind in (":", "?", ",")
        ):
            function = self._function_span(i)
            if function is not None:
                raise _unsupported("function types are not supported", FUNCTION_HINT, function)
        self._enter(opener)
        self._i += 1
        result = self._union(opener)
        token = tokens[self._i]
        if token.kind != ")":
            raise self._expected_close(
                token,
                "missing ')' to close '('",
                "expected ')'",
                "a group holds one type; close it with ')'",
            )
        self._i += 1
        self._depth -= 1
        arrow = tokens[self._i]
        if arrow.kind == "=>":
            raise _unsupported(
                "function types are not supported", FUNCTION_HINT, Span(opener.start, arrow.end)
            )
        return result

    def _object(self, opener: Token) -> _Parsed:
        """Parse an inline object type ``{ name: T; other?: U }``."""
        tokens = self._tokens
        self._enter(opener)
        self._i += 1
        fields: list[ObjectField] = []
        names: set[str] = set()
        inner = 0
        token = tokens[self._i]
        while token.kind != "}":
            field, height = self._field(names)
            fields.append(field)
            inner = max(inner, height)
            token = tokens[self._i]
            if token.kind in (";", ","):
                self._i += 1
                token = tokens[self._i]
            elif token.kind != "}":
                raise self._expected_close(
                    token,
                    "missing '}' to close '{'",
                    f"expected ';' or '}}' after field `{field.name}`",
                    "separate fields with ';' and close the object with '}'",
                )
        self._i += 1
        self._depth -= 1
        span = _SPAN(opener.start, token.end)
        if inner >= MAX_DEPTH:
            raise _too_deep(span)
        return ObjectType(tuple(fields), span), inner + 1

    def _field(self, names: set[str]) -> tuple[ObjectField, int]:
        """Parse ``name?: T``; ``names`` holds the names seen so far in the object."""
        tokens = self._tokens
        token = tokens[self._i]
        kind = token.kind
        if kind not in ("ident", "string"):
            raise self._bad_field_name(token)
        name = token.text
        if kind == "ident" and name == "readonly" and tokens[self._i + 1].kind in _NAMES:
            message, hint = UNSUPPORTED_KEYWORDS["readonly"]
            raise _unsupported(message, hint, _span(token))
        if name in names:
            raise _syntax(
                f"duplicate field `{name}`",
                "remove one of the two fields, or rename it",
                _span(token),
            )
        names.add(name)
        self._i += 1
        colon = tokens[self._i]
        optional = colon.kind == "?"
        if optional:
            self._i += 1
            colon = tokens[self._i]
        if colon.kind != ":":
            raise self._bad_colon(name, colon)
        self._i += 1
        node, height = self._union(colon)
        span = _SPAN(token.start, tokens[self._i - 1].end)
        return ObjectField(name, optional, node, span), height

    def _enter(self, opener: Token) -> None:
        """Count one more open bracket; too many is an error at ``opener``."""
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _too_deep(_span(opener))

    def _function_span(self, i: int) -> Span | None:
        """If the ``(`` at token ``i`` starts ``(...) =>``, return the span up to ``=>``."""
        tokens = self._tokens
        depth = 0
        for j in range(i, len(tokens)):
            kind = tokens[j].kind
            if kind == "(":
                depth += 1
            elif kind == ")":
                depth -= 1
                if depth == 0:
                    arrow = tokens[j + 1]
                    return Span(tokens[i].start, arrow.end) if arrow.kind == "=>" else None
        return None

    # -- errors ----------------------------------------------------------------------

    def _describe(self, token: Token) -> str:
        """Name a token in a message."""
        if token.kind == "eof":
            return "the end of the expression"
        source = self._text[token.start : token.end]
        if token.kind == source:  # punctuation
            return f"'{source}'"
        if len(source) > 24:
            source = source[:20] + "..."
        return f"`{source}`"

    def _special(self, token: Token) -> TypeExprError | None:
        """The error for a token that is wrong wherever it appears, if it is one."""
        kind = token.kind
        if kind == "error":
            assert self._error is not None  # noqa: S101 - the lexer pairs them
            return self._error
        if kind == "&":
            return self._intersection(token)
        if kind == "=>":
            return _unsupported("function types are not supported", FUNCTION_HINT, _span(token))
        if kind == "ident" and token.text == "extends":
            return _unsupported(
                "conditional types are not supported", NAMED_TYPE_HINT, _span(token)
            )
        if kind == "?":
            return _syntax(
                "unexpected '?' after a type",
                "mark a field optional with `name?: T`, or allow null with `T | null`",
                _span(token),
            )
        return None

    def _intersection(self, token: Token) -> TypeExprError:
        return _unsupported(
            "intersection types (`&`) are not supported",
            'declare a named type in "types" with all the fields, or an inline object type',
            _span(token),
        )

    def _bad_name_use(self, token: Token, following: str) -> TypeExprError:
        """The error for a name followed by ``<`` (a generic) or ``.`` (a qualified name)."""
        name = token.text
        if following == ".":
            return self._qualified(token)
        if name in _CATEGORY:
            return _unsupported(
                f"`{name}` does not take type arguments", "remove the `<...>`", _span(token)
            )
        hint = GENERIC_HINTS.get(name, DEFAULT_GENERIC_HINT)
        return _unsupported(f"generic type `{name}<...>` is not supported", hint, _span(token))

    def _qualified(self, token: Token) -> TypeExprError:
        """The error for ``a.B``: span the whole dotted name."""
        tokens = self._tokens
        j = self._i  # at the first '.'
        last = token
        while tokens[j].kind == "." and tokens[j + 1].kind == "ident":
            last = tokens[j + 1]
            j += 2
        if last is token:
            return _syntax("expected a name after '.'", _TYPE_HINT, _span(tokens[j]))
        dotted = self._text[token.start : last.end]
        return _unsupported(
            f"qualified name `{dotted}` is not supported",
            f"refer to the type by its bare name `{last.text}`; names are resolved "
            "across the project",
            Span(token.start, last.end),
        )

    def _expected_type(self, token: Token, after: Token | None) -> TypeExprError:
        special = self._special(token)
        if special is not None:
            return special
        span = _span(token)
        if token.kind == "[":
            return _unsupported(
                "tuple types are not supported",
                "use an array `T[]`, or an inline object `{ first: A; second: B }`",
                span,
            )
        where = (
            "expected a type" if after is None else f"expected a type after {self._describe(after)}"
        )
        if token.kind == "eof":
            if after is not None and after.kind == "|":
                return _syntax(where, "remove the trailing '|' or add another member", span)
            return _syntax(where, _TYPE_HINT, span)
        return _syntax(f"{where}, found {self._describe(token)}", _TYPE_HINT, span)

    def _expected_close(self, token: Token, at_end: str, expected: str, hint: str) -> TypeExprError:
        special = self._special(token)
        if special is not None:
            return special
        if token.kind == "eof":
            return _syntax(at_end, hint, _span(token))
        return _syntax(f"{expected}, found {self._describe(token)}", hint, _span(token))

    def _trailing(self, token: Token) -> TypeExprError:
        """The error for a token after a complete expression."""
        special = self._special(token)
        if special is not None:
            return special
        kind = token.kind
        if kind in (")", ">", "}", "]"):
            hint = "remove it, or add the bracket that opens it"
        elif kind == ",":
            hint = "combine types with '|'; only `Record<string, T>` takes two type arguments"
        else:
            hint = "combine types with '|'"
        return _syntax(
            f"unexpected {self._describe(token)} after a complete type", hint, _span(token)
        )

    def _bad_index(self, bracket: Token, token: Token) -> TypeExprError:
        """The error for a ``[`` after a type that is not followed by ``]``."""
        if token.kind in ("eof", "error"):
            return self._expected_close(
                token, "missing ']' after '['", "expected ']'", "write `T[]` for an array of `T`"
            )
        return _unsupported(
            "indexed access types such as `T['key']` are not supported",
            "write the type of the property itself",
            _span(bracket),
        )

    def _bad_field_name(self, token: Token) -> TypeExprError:
        special = self._special(token)
        if special is not None:
            return special
        kind = token.kind
        if kind == "eof":
            return _syntax("missing '}' to close '{'", "close the object with '}'", _span(token))
        if kind == "[":
            return _unsupported(
                "index signatures and mapped types are not supported",
                "use `Record<string, T>`",
                _span(token),
            )
        if kind in ("(", "<"):
            return _unsupported("function types are not supported", FUNCTION_HINT, _span(token))
        return _syntax(
            f"expected a field name or '}}', found {self._describe(token)}",
            "fields are written `name: T` or `'quoted name': T`, separated by ';'",
            _span(token),
        )

    def _bad_colon(self, name: str, token: Token) -> TypeExprError:
        if token.kind in ("(", "<"):
            return _unsupported("function types are not supported", FUNCTION_HINT, _span(token))
        return self._expected_close(
            token,
            f"expected ':' after field `{name}`",
            f"expected ':' after field `{name}`",
            f"write `{name}: T`, or `{name}?: T` for an optional field",
        )
