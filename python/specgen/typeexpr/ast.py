"""The typed AST of a type expression.

Every node is a frozen, slotted dataclass with a ``span`` that points back into the
expression text. Spans take no part in equality or hashing, so two parses of the same
type written with different spacing or quoting compare equal::

    parse_type_expr("('a'|'b')[]") == parse_type_expr("Array<'a' | 'b'>")

Invariants the parser guarantees (and hand-built trees should keep):

- a ``Union`` has at least two members and none of them is itself a ``Union``;
- the names of an ``ObjectType``'s fields are distinct;
- a number ``Literal`` is finite.
"""

from __future__ import annotations

from dataclasses import field
from typing import TYPE_CHECKING, Final, TypeAlias

from specgen.values import value_type

if TYPE_CHECKING:
    from collections.abc import Iterator

PRIMITIVES: Final = ("string", "number", "boolean", "unknown", "null", "undefined")
"""The primitive keywords, in the order the docs list them."""

SIZED_NUMBERS: Final = ("i32", "u32", "i64", "u64", "f32", "f64")
"""Sized number keywords: ``number`` in TypeScript, the named type in Rust."""


@value_type(slots=True)
class Span:
    """A range of the expression text: 0-based offsets, ``end`` exclusive."""

    start: int
    end: int


_NOWHERE: Final = Span(0, 0)


@value_type(slots=True)
class Primitive:
    """One of the keywords in ``PRIMITIVES``, e.g. ``string`` or ``null``."""

    kind: str
    span: Span = field(default=_NOWHERE, compare=False)


@value_type(slots=True)
class Sized:
    """A sized number keyword from ``SIZED_NUMBERS``, e.g. ``u64``."""

    kind: str
    span: Span = field(default=_NOWHERE, compare=False)


@value_type(slots=True)
class Literal:
    """A literal type: ``'text'``, ``42``, ``-1.5``, ``true`` or ``false``.

    ``true`` and ``1`` are different types, so equality keeps booleans apart from
    numbers (plain Python equality would not); ``1`` and ``1.0`` compare equal, as
    they do in TypeScript.
    """

    value: str | int | float | bool
    span: Span = field(default=_NOWHERE, compare=False)

    def __eq__(self, other: object) -> bool:
        """Compare values, keeping booleans apart from numbers."""
        if not isinstance(other, Literal):
            return NotImplemented
        mine, theirs = self.value, other.value
        return isinstance(mine, bool) == isinstance(theirs, bool) and mine == theirs

    def __hash__(self) -> int:
        """Hash consistently with ``__eq__``."""
        return hash((isinstance(self.value, bool), self.value))


@value_type(slots=True)
class Ref:
    """A reference to a named type, resolved later by the project's type registry."""

    name: str
    span: Span = field(default=_NOWHERE, compare=False)


@value_type(slots=True)
class ArrayOf:
    """An array: ``T[]`` or ``Array<T>``."""

    element: TypeExpr
    span: Span = field(default=_NOWHERE, compare=False)


@value_type(slots=True)
class RecordOf:
    """A string-keyed map: ``Record<string, T>``; ``object`` is ``Record<string, unknown>``."""

    value: TypeExpr
    span: Span = field(default=_NOWHERE, compare=False)


@value_type(slots=True)
class ObjectField:
    """One field of an inline object type: ``name: T`` or ``name?: T``."""

    name: str
    optional: bool
    type: TypeExpr
    span: Span = field(default=_NOWHERE, compare=False)


@value_type(slots=True)
class ObjectType:
    """An inline object type such as ``{ id: string; score?: number }``."""

    fields: tuple[ObjectField, ...]
    span: Span = field(default=_NOWHERE, compare=False)


@value_type(slots=True)
class Union:
    """A union ``A | B | C``: two or more members, none of them a union."""

    members: tuple[TypeExpr, ...]
    span: Span = field(default=_NOWHERE, compare=False)


TypeExpr: TypeAlias = Primitive | Sized | Literal | Ref | ArrayOf | RecordOf | ObjectType | Union
"""Any type expression node (``ObjectField`` is part of an ``ObjectType``, not a type)."""


def iter_refs(expr: TypeExpr) -> Iterator[Ref]:
    """Yield every ``Ref`` in ``expr``, depth first, in source order.

    The walk uses an explicit stack, so it works on trees of any depth.

    Args:
        expr: the expression to walk.

    Yields:
        Each ``Ref`` node, in the order its name appears in the text.
    """
    stack: list[TypeExpr] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Ref):
            yield node
        elif isinstance(node, ArrayOf):
            stack.append(node.element)
        elif isinstance(node, RecordOf):
            stack.append(node.value)
        elif isinstance(node, ObjectType):
            stack.extend(f.type for f in reversed(node.fields))
        elif isinstance(node, Union):
            stack.extend(reversed(node.members))
