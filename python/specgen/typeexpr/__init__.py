"""Type expressions: TypeScript-syntax types, parsed into a small typed AST.

Spec fields declare their types as TypeScript text; this package turns that text into
an immutable tree that the renderers turn into Rust and TypeScript::

    >>> expr = parse_type_expr("{ id: string; tags?: ('a' | 'b')[] }")
    >>> render_ts(expr)
    "{ id: string; tags?: ('a' | 'b')[] }"
    >>> [ref.name for ref in iter_refs(parse_type_expr("Item[] | Record<string, Tag>"))]
    ['Item', 'Tag']

Supported: ``string number boolean unknown null undefined``, the sized numbers ``i32
u32 i64 u64 f32 f64``, string / number / boolean literals, names of declared types,
``T[]``, ``Array<T>``, ``Record<string, T>``, ``object``, inline object types, unions
and parentheses. Everything else raises ``TypeExprError`` with a code, a message, a
hint and the exact span of the offending text. The module uses only the standard
library.
"""

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
    iter_refs,
)
from specgen.typeexpr.errors import TypeExprError
from specgen.typeexpr.parser import parse_type_expr
from specgen.typeexpr.printer import render_ts

__all__ = [
    "PRIMITIVES",
    "SIZED_NUMBERS",
    "ArrayOf",
    "Literal",
    "ObjectField",
    "ObjectType",
    "Primitive",
    "RecordOf",
    "Ref",
    "Sized",
    "Span",
    "TypeExpr",
    "TypeExprError",
    "Union",
    "iter_refs",
    "parse_type_expr",
    "render_ts",
]
