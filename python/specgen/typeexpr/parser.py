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
parser nor a recursive walk over its result can exhaust the stack. The wording of the
errors is in ``specgen.typeexpr.parse_errors``.
"""

from __future__ import annotations

import functools
import re
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
from specgen.typeexpr.errors import UNSUPPORTED, TypeExprError
from specgen.typeexpr.keywords import FUNCTION_HINT, UNSUPPORTED_KEYWORDS
from specgen.typeexpr.lexer import tokenize
from specgen.typeexpr.parse_errors import (
    SPAN_CACHE_SIZE,
    ParseErrors,
    rejected_name,
    shared_span,
    syntax,
    token_span,
    unsupported,
)

if TYPE_CHECKING:
    from specgen.typeexpr.lexer import Token

MAX_LENGTH: Final = 4096
"""The longest expression accepted, in characters."""

MAX_DEPTH: Final = 32
"""The deepest nesting accepted, of brackets and of the tree alike."""

_CACHE_SIZE: Final = SPAN_CACHE_SIZE

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
    shared_span.cache_clear()


def parse_uncached(text: str) -> TypeExpr:
    """Parse like ``parse_type_expr``, bypassing the cache (for benchmarks and tests)."""
    if len(text) > MAX_LENGTH:
        raise TypeExprError(
            UNSUPPORTED,
            f"type expression is too long ({len(text)} characters, at most {MAX_LENGTH})",
            _TOO_DEEP_HINT,
            Span(MAX_LENGTH, len(text)),
        )
    simple = _simple(text)
    return simple if simple is not None else _Parser(text).parse()


_SIMPLE: Final = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)((?:\[\])*)")
"""A name and any number of ``[]``, no spaces: what most field types are."""


def _simple(text: str) -> TypeExpr | None:
    """The tree of ``Name`` or ``Name[][]``, exactly as `_Parser` builds it; else None.

    Only names the parser reads as a reference, a primitive or a sized number, and
    fewer brackets than the depth limit: anything else goes through the parser.
    """
    match = _SIMPLE.fullmatch(text)
    if match is None:
        return None
    name, brackets = match.groups()
    category, depth, end = _CATEGORY.get(name), len(brackets) // 2, len(name)
    node: TypeExpr
    if category is None:
        node = Ref(name, shared_span(0, end))
    elif category == _PRIMITIVE:
        node = Primitive(name, shared_span(0, end))
    elif category == _SIZED:
        node = Sized(name, shared_span(0, end))
    else:
        return None
    if depth >= MAX_DEPTH:
        return None
    for _ in range(depth):
        end += 2
        node = ArrayOf(node, shared_span(0, end))
    return node


def _too_deep(span: Span) -> TypeExprError:
    return unsupported(
        f"type expression nests too deeply (more than {MAX_DEPTH} levels)", _TOO_DEEP_HINT, span
    )


class _Parser:
    """One parse of one text; methods return a node and the height of its tree."""

    __slots__ = ("_depth", "_errors", "_i", "_text", "_tokens")

    def __init__(self, text: str) -> None:
        self._text = text
        self._tokens, lexer_error = tokenize(text)
        self._errors = ParseErrors(text, self._tokens, lexer_error)
        self._i = 0
        self._depth = 0

    def parse(self) -> TypeExpr:
        first = self._tokens[0]
        if first.kind == "eof":
            raise syntax(
                "empty type expression",
                "write a type such as `string`, `Item[]` or `'a' | 'b'`",
                Span(0, len(self._text)),
            )
        expr, _ = self._union(None)
        token = self._tokens[self._i]
        if token.kind != "eof":
            raise self._errors.trailing(token)
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
                raise self._errors.intersection(token)
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
            raise self._errors.intersection(token)
        span = shared_span(start, tokens[self._i - 1].end)
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
                raise self._errors.bad_index(bracket, close)
            self._i += 2
            span = shared_span(start, close.end)
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
            return Literal(token.text, token_span(token)), 0
        if kind == "number":
            self._i += 1
            return Literal(token.number, token_span(token)), 0
        if kind == "(":
            return self._group(token)
        if kind == "{":
            return self._object(token)
        raise self._errors.expected_type(token, after)

    def _named(self, token: Token) -> _Parsed:
        """Parse a name: a keyword, ``Array<T>``, ``Record<string, T>`` or a reference."""
        name = token.text
        self._i += 1
        following = self._tokens[self._i].kind
        category = _CATEGORY.get(name)
        if category is None:
            if following in ("<", "."):
                raise self._errors.bad_name_use(token, following, known=False)
            return Ref(name, token_span(token)), 0
        if category in (_ANY, _KEYWORD):
            raise rejected_name(token)
        if category in (_ARRAY, _RECORD) and following == "<":
            return self._generic(token, category)
        if following in ("<", "."):
            raise self._errors.bad_name_use(token, following, known=True)
        span = token_span(token)
        if category == _PRIMITIVE:
            return Primitive(name, span), 0
        if category == _SIZED:
            return Sized(name, span), 0
        if category == _BOOLEAN:
            return Literal(name == "true", span), 0
        if category == _OBJECT:
            return RecordOf(Primitive("unknown", span), span), 1
        example = "`T[]` or `Array<T>`" if category == _ARRAY else "`Record<string, T>`"
        raise unsupported(f"`{name}` needs type arguments", f"write {example}", span)

    def _generic(self, name: Token, category: int) -> _Parsed:
        """Parse the arguments of ``Array<...>`` or ``Record<...>`` and check them."""
        args, close = self._type_args(name)
        span = shared_span(name.start, close.end)
        if category == _ARRAY:
            if len(args) != 1:
                raise unsupported(
                    f"`Array` takes exactly one type argument, found {len(args)}",
                    "write `T[]` or `Array<T>`; for a fixed set of values use an inline object",
                    token_span(name),
                )
            element, height = args[0]
            if height >= MAX_DEPTH:
                raise _too_deep(span)
            return ArrayOf(element, span), height + 1
        if len(args) != 2:
            raise unsupported(
                f"`Record` takes two type arguments, found {len(args)}",
                "write `Record<string, T>`",
                token_span(name),
            )
        key = args[0][0]
        if not isinstance(key, Primitive) or key.kind != "string":
            raise unsupported(
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
                raise self._errors.expected_close(
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
                raise unsupported("function types are not supported", FUNCTION_HINT, function)
        self._enter(opener)
        self._i += 1
        result = self._union(opener)
        token = tokens[self._i]
        if token.kind != ")":
            raise self._errors.expected_close(
                token,
                "missing ')' to close '('",
                "expected ')'",
                "a group holds one type; close it with ')'",
            )
        self._i += 1
        self._depth -= 1
        arrow = tokens[self._i]
        if arrow.kind == "=>":
            raise unsupported(
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
                raise self._errors.expected_close(
                    token,
                    "missing '}' to close '{'",
                    f"expected ';' or '}}' after field `{field.name}`",
                    "separate fields with ';' and close the object with '}'",
                )
        self._i += 1
        self._depth -= 1
        span = shared_span(opener.start, token.end)
        if inner >= MAX_DEPTH:
            raise _too_deep(span)
        return ObjectType(tuple(fields), span), inner + 1

    def _field(self, names: set[str]) -> tuple[ObjectField, int]:
        """Parse ``name?: T``; ``names`` holds the names seen so far in the object."""
        tokens = self._tokens
        token = tokens[self._i]
        kind = token.kind
        if kind not in ("ident", "string"):
            raise self._errors.bad_field_name(token)
        name = token.text
        if kind == "ident" and name == "readonly" and tokens[self._i + 1].kind in _NAMES:
            message, hint = UNSUPPORTED_KEYWORDS["readonly"]
            raise unsupported(message, hint, token_span(token))
        if name in names:
            raise syntax(
                f"duplicate field `{name}`",
                "remove one of the two fields, or rename it",
                token_span(token),
            )
        names.add(name)
        self._i += 1
        colon = tokens[self._i]
        optional = colon.kind == "?"
        if optional:
            self._i += 1
            colon = tokens[self._i]
        if colon.kind != ":":
            raise self._errors.bad_colon(name, colon)
        self._i += 1
        node, height = self._union(colon)
        span = shared_span(token.start, tokens[self._i - 1].end)
        return ObjectField(name, optional, node, span), height

    def _enter(self, opener: Token) -> None:
        """Count one more open bracket; too many is an error at ``opener``."""
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise _too_deep(token_span(opener))

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
