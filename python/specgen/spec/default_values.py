"""Whether a ``default`` is a value of its field's type.

Generation writes a default verbatim into the params factory, so a default of the
wrong JSON kind does not compile (``limit: "10"`` where ``limit: number``). v2
validation reports one (SG206), and so does v1 migration, where hand-written specs
give defaults as people type them. The check is conservative: what a named type
admits is asked of the caller (`NamedCheck`); a type it cannot judge is taken on trust.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from specgen.typeexpr import (
    ArrayOf,
    Literal,
    ObjectType,
    Primitive,
    RecordOf,
    Ref,
    Sized,
    TypeExpr,
    TypeExprError,
    parse_type_expr,
)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_PRIMITIVE_CHECKS: dict[str, Callable[[object], bool]] = {
    "string": lambda v: isinstance(v, str),
    "number": _is_number,
    "boolean": lambda v: isinstance(v, bool),
    "unknown": lambda _v: True,
    "null": lambda v: v is None,
    "undefined": lambda _v: False,  # JSON has no undefined
}


def _sized(kind: str, value: object) -> bool:
    if not _is_number(value):
        return False
    if kind.startswith(("i", "u")) and not float(value).is_integer():  # type: ignore[arg-type]
        return False
    return not (kind.startswith("u") and value < 0)  # type: ignore[operator]


NamedCheck = Callable[[str, object], bool]
"""Whether a JSON value is a value of the named type (True when it cannot be judged)."""


def enum_or_struct(value: object, enum: list[str] | None, fields: object) -> bool:
    """What a declared type admits: one of its strings (an enum), an object (a struct)."""
    if enum is not None:
        return isinstance(value, str) and value in enum
    return isinstance(value, dict) if fields is not None else True


def spec_types(types: Mapping[str, Any]) -> NamedCheck:
    """`NamedCheck` of a spec's own ``types`` as JSON (a v1 spec's migrated customTypes)."""

    def named(name: str, value: object) -> bool:
        entry = types.get(name)
        if not isinstance(entry, dict):
            return True  # declared elsewhere: not checked
        enum = entry.get("enum")
        return enum_or_struct(value, enum if isinstance(enum, list) else None, entry.get("fields"))

    return named


def fits(value: object, expr: TypeExpr, named: NamedCheck) -> bool:  # noqa: PLR0911  # one return per node kind
    """Whether the JSON ``value`` is a value of ``expr`` (``named`` judges named types)."""
    if isinstance(expr, Primitive):
        check = _PRIMITIVE_CHECKS.get(expr.kind)
        return check is None or check(value)
    if isinstance(expr, Sized):
        return _sized(expr.kind, value)
    if isinstance(expr, Literal):
        return isinstance(value, bool) == isinstance(expr.value, bool) and value == expr.value
    if isinstance(expr, Ref):
        return named(expr.name, value)
    if isinstance(expr, ArrayOf):
        return isinstance(value, list) and all(fits(v, expr.element, named) for v in value)
    if isinstance(expr, RecordOf):
        return isinstance(value, dict) and all(fits(v, expr.value, named) for v in value.values())
    if isinstance(expr, ObjectType):
        return isinstance(value, dict) and all(
            (f.optional and f.name not in value)
            or (f.name in value and fits(value[f.name], f.type, named))
            for f in expr.fields
        )
    return any(fits(value, m, named) for m in expr.members)  # a Union


def unquoted(value: object, expr: TypeExpr, named: NamedCheck) -> tuple[bool, object]:
    """(True, the value) when ``value`` is a value of ``expr`` written in quotes (``"10"``).

    A default that does not fit as it is, but does once its quotes are taken off, is
    what a hand-written v1 spec means: migration carries the unquoted value (with a note).
    ``"null"`` is not unquoted: a null default reads as no default.
    """
    if isinstance(value, str) and not fits(value, expr, named):
        try:
            inner = json.loads(value)
        except ValueError:
            return False, value
        if inner is not None and fits(inner, expr, named):
            return True, inner
    return False, value


def mismatch_hint(value: object, expr: TypeExpr, type_text: str, named: NamedCheck) -> str | None:
    """A hint when ``value`` is not a value of ``expr`` (written ``type_text``); None if it fits."""
    if fits(value, expr, named):
        return None
    found, inner = unquoted(value, expr, named)
    if found:
        return f"write the default as {json.dumps(inner)}, without the quotes"
    return f"give a default of type {type_text}, or remove it"


def _parsed(type_text: str) -> TypeExpr | None:
    """The type expression ``type_text``; None when it does not parse (validation says so)."""
    try:
        return parse_type_expr(type_text)
    except TypeExprError:
        return None


def default_mismatch(value: object, type_text: str, types: Mapping[str, Any]) -> str | None:
    """`mismatch_hint` of a type written as text, named types judged by a spec's ``types``.

    A type that does not parse is not judged here: validation reports its syntax.
    """
    expr = _parsed(type_text)
    return None if expr is None else mismatch_hint(value, expr, type_text, spec_types(types))


def unquoted_default(
    value: object, type_text: str, types: Mapping[str, Any]
) -> tuple[bool, object]:
    """`unquoted` of a type written as text (False when the type does not parse)."""
    expr = _parsed(type_text)
    return (False, value) if expr is None else unquoted(value, expr, spec_types(types))
