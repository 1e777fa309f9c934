"""The fields every command's Params and Result inherit from the runtime's base interfaces.

This is the one table of them: validation reserves these names (``naming``), reverse
drops them from hand-written interfaces, and v1 migration drops a v1 field that
restates one when its type is compatible with the base's (and reports a conflict when
it is not). Compatibility is by shape, since codebases name their base types
differently: an id may be ``string`` or a ``UUID``, the error ``string``, ``Error``
or a typed ``JTAGError``, the context ``object`` or a ``JTAGContext``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from specgen.typeexpr import (
    Literal,
    ObjectType,
    Primitive,
    RecordOf,
    Ref,
    TypeExpr,
    TypeExprError,
    Union,
    parse_type_expr,
)

PARAMS = "params"
RESULTS = "results"


def _is_boolean(expr: TypeExpr) -> bool:
    if isinstance(expr, Primitive):
        return expr.kind == "boolean"
    return isinstance(expr, Literal) and isinstance(expr.value, bool)


def _is_id(expr: TypeExpr) -> bool:
    if isinstance(expr, Primitive):
        return expr.kind == "string"
    return isinstance(expr, Ref) and expr.name.endswith(("UUID", "Uuid", "Id", "ID"))


def _is_objectish(expr: TypeExpr) -> bool:
    if isinstance(expr, Primitive):
        return expr.kind in {"object", "unknown"}
    return isinstance(expr, (RecordOf, ObjectType))


def _is_error(expr: TypeExpr) -> bool:
    if isinstance(expr, Primitive) and expr.kind == "string":
        return True
    if isinstance(expr, Ref):
        return expr.name.endswith(("Error", "Exception", "ErrorInfo"))
    return _is_objectish(expr)


def _is_context(expr: TypeExpr) -> bool:
    return _is_objectish(expr) or (isinstance(expr, Ref) and expr.name.endswith("Context"))


@dataclass(frozen=True, slots=True)
class BaseField:
    """A field of a base interface: who inherits it, its type there, what restates it."""

    name: str
    owners: frozenset[str]
    base_type: str
    """The type as the base declares it, in words for messages."""
    accepts: Callable[[TypeExpr], bool]
    """Whether a member of a restated type (``undefined``/``null`` left out) is compatible."""

    def compatible(self, type_text: str) -> bool:
        """Whether a field of type ``type_text`` restates this base field (not a conflict)."""
        try:
            expr = parse_type_expr(type_text)
        except TypeExprError:
            return False
        members = expr.members if isinstance(expr, Union) else (expr,)
        kept = [m for m in members if not _is_nothing(m)]
        return bool(kept) and all(self.accepts(m) for m in kept)


def _is_nothing(expr: TypeExpr) -> bool:
    return isinstance(expr, Primitive) and expr.kind in {"undefined", "null"}


BASE_FIELDS: tuple[BaseField, ...] = (
    BaseField(
        "context",
        frozenset({PARAMS, RESULTS}),
        "an object: the runtime's context type",
        _is_context,
    ),
    BaseField(
        "sessionId",
        frozenset({PARAMS, RESULTS}),
        "a string or UUID",
        _is_id,
    ),
    BaseField("userId", frozenset({PARAMS}), "a string or UUID", _is_id),
    BaseField("success", frozenset({RESULTS}), "boolean", _is_boolean),
    BaseField(
        "error",
        frozenset({RESULTS}),
        "a string, an Error type or an object",
        _is_error,
    ),
)
"""Every inherited field, in the order the base interfaces declare them."""


PAYLOAD_FIELDS: tuple[str, ...] = tuple(
    f.name for f in BASE_FIELDS if f.owners == frozenset({PARAMS, RESULTS})
)
"""The base fields both Params and Result inherit (``context``, ``sessionId``): the ones the
runtime's payload helpers (``createPayload(context, sessionId, data)``) fill."""


def base_field(owner: str, name: str) -> BaseField | None:
    """The base field ``name`` of ``owner`` ('params' or 'results'), else None."""
    return next((f for f in BASE_FIELDS if f.name == name and owner in f.owners), None)


def base_field_names(owner: str) -> tuple[str, ...]:
    """The names ``owner`` ('params' or 'results') inherits, in declaration order."""
    return tuple(f.name for f in BASE_FIELDS if owner in f.owners)


def base_interface(owner: str) -> str:
    """The base interface ``owner`` extends, by specgen's name."""
    return "CommandParams" if owner == PARAMS else "CommandResult"
