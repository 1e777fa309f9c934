"""Rules on a field's type: nullability, numbers, enum values, and changes of kind.

Types are compared resolved (the IR), so spelling never matters. In the INPUT flow a
type may widen (the new server accepts more); in the OUTPUT flow it may narrow (old
clients get less variety). Each direction's violation has its own rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from specgen.breaking.context import Comparison, Flow, Pair
from specgen.ir import (
    EnumIR,
    ExternalRef,
    IRType,
    ListOf,
    MapOf,
    NamedRef,
    Nullable,
    Prim,
    SizedNum,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from specgen.ir import StructIR

NUMBER_KINDS = ("number", "f64", "f32", "i32", "u32", "i64", "u64")
_CONTAINS: dict[str, frozenset[str]] = {
    "f64": frozenset({"f64", "f32", "i32", "u32"}),
    "f32": frozenset({"f32"}),
    "i64": frozenset({"i64", "i32", "u32"}),
    "u64": frozenset({"u64", "u32"}),
    "i32": frozenset({"i32"}),
    "u32": frozenset({"u32"}),
}
"""Which number types' every value each one reads exactly (``number`` is ``f64``)."""


def number_kind(type_: IRType) -> str | None:
    """``f64`` for ``number``, the sized kind for a sized number, None otherwise."""
    if isinstance(type_, Prim) and type_.kind == "number":
        return "f64"
    if isinstance(type_, SizedNum):
        return type_.kind
    return None


def _kind(type_: IRType, cmp: Comparison, old: bool) -> str:  # noqa: PLR0911  # one per kind
    """A short name of what ``type_`` is, for messages and kind checks."""
    side = cmp.old if old else cmp.new
    if isinstance(type_, Prim):
        return type_.kind
    if isinstance(type_, SizedNum):
        return type_.kind
    if isinstance(type_, ListOf):
        return "array"
    if isinstance(type_, MapOf):
        return "record"
    if isinstance(type_, Nullable):
        return "nullable"
    if isinstance(type_, ExternalRef):
        return f"external {type_.name}"
    if side.enum(type_) is not None:
        return "enum"
    return "struct"


def compare_type(  # noqa: PLR0913, PLR0917  # the comparison's parts
    cmp: Comparison,
    command: str,
    old: IRType,
    new: IRType,
    flow: Flow,
    pair: Pair,
    what: str,
    structs: Callable[[Comparison, str, StructIR, StructIR, Flow, Pair, str], None],
) -> None:
    """Report what breaks between the ``old`` and ``new`` type of ``what`` in ``flow``."""
    if isinstance(old, Nullable) or isinstance(new, Nullable):
        _nullability(cmp, command, old, new, flow, pair, what)
        old = old.inner if isinstance(old, Nullable) else old
        new = new.inner if isinstance(new, Nullable) else new
    if isinstance(old, ListOf) and isinstance(new, ListOf):
        compare_type(cmp, command, old.element, new.element, flow, pair, what + " items", structs)
        return
    if isinstance(old, MapOf) and isinstance(new, MapOf):
        compare_type(cmp, command, old.value, new.value, flow, pair, what + " values", structs)
        return
    if isinstance(old, NamedRef) and isinstance(new, NamedRef):
        _named(cmp, command, old, new, flow, pair, what, structs)
        return
    if isinstance(old, ExternalRef) and isinstance(new, ExternalRef) and old.name == new.name:
        return  # an external type's home is compared once, where it is declared
    if old == new:
        return
    _leaf(cmp, command, old, new, flow, pair, what)


def _nullability(  # noqa: PLR0913, PLR0917  # the comparison's parts
    cmp: Comparison, command: str, old: IRType, new: IRType, flow: Flow, pair: Pair, what: str
) -> None:
    was, now = isinstance(old, Nullable), isinstance(new, Nullable)
    if was and not now and Flow.INPUT in flow:
        cmp.report(
            "WIRE_PARAM_MADE_NON_NULLABLE",
            command,
            f"{what} no longer accepts null; old clients may send it",
            pair,
            hint="keep `| null` on input types until every client stopped sending null",
        )
    if now and not was and Flow.OUTPUT in flow:
        cmp.report(
            "WIRE_RESULT_MADE_NULLABLE",
            command,
            f"{what} may now be null; old clients expect a value",
            pair,
            hint="add a new optional field instead of making an existing one nullable",
        )


def _named(  # noqa: PLR0913, PLR0917  # the comparison's parts
    cmp: Comparison,
    command: str,
    old: NamedRef,
    new: NamedRef,
    flow: Flow,
    pair: Pair,
    what: str,
    structs: Callable[[Comparison, str, StructIR, StructIR, Flow, Pair, str], None],
) -> None:
    same_declared = (
        old.name == new.name and old.name in cmp.old.declared_in and new.name in cmp.new.declared_in
    )
    if same_declared and old.kind == new.kind:
        return  # a declared type is compared once, with every use's flow (rules_fields)
    old_enum, new_enum = cmp.old.enum(old), cmp.new.enum(new)
    if old_enum is not None and new_enum is not None:
        compare_enums(cmp, command, old_enum, new_enum, flow, pair, what)
        return
    old_struct, new_struct = cmp.old.struct(old), cmp.new.struct(new)
    if old_struct is not None and new_struct is not None:
        inner = _named_pair(cmp, old, new, pair)
        structs(cmp, command, old_struct, new_struct, flow, inner, what)
        return
    _leaf(cmp, command, old, new, flow, pair, what)


def _named_pair(cmp: Comparison, old: NamedRef, new: NamedRef, pair: Pair) -> Pair:
    """Where two structs' fields are written: their declarations, else the field's type."""
    old_site = cmp.old.type_site(old.name) or pair.old
    new_site = cmp.new.type_site(new.name) or pair.new
    return Pair(old_site, new_site)


def compare_enums(  # noqa: PLR0913, PLR0917  # the comparison's parts
    cmp: Comparison, command: str, old: EnumIR, new: EnumIR, flow: Flow, pair: Pair, what: str
) -> None:
    """Values removed from an input enum, or added to an output enum."""
    old_values = [v.value for v in old.variants]
    new_values = [v.value for v in new.variants]
    removed = [v for v in old_values if v not in new_values]
    added = [v for v in new_values if v not in old_values]
    if removed and Flow.INPUT in flow:
        cmp.report(
            "WIRE_PARAM_ENUM_VALUE_REMOVED",
            command,
            f"{what} no longer accepts {_values(removed)}; old clients may send it",
            pair,
            hint="keep accepting the value (deprecate it in the description) until clients stop",
        )
    if added and Flow.OUTPUT in flow:
        cmp.report(
            "WIRE_RESULT_ENUM_VALUE_ADDED",
            command,
            f"{what} may now be {_values(added)}, which old clients do not know",
            pair,
            hint="old Rust clients refuse an unknown variant; add a new field for the new value",
        )


def _values(values: list[str]) -> str:
    return ", ".join(repr(v) for v in values)


def _leaf(  # noqa: PLR0913, PLR0917  # the comparison's parts
    cmp: Comparison, command: str, old: IRType, new: IRType, flow: Flow, pair: Pair, what: str
) -> None:
    """Two different types that are not containers of comparable things."""
    old_kind, new_kind = _kind(old, cmp, old=True), _kind(new, cmp, old=False)
    old_number, new_number = number_kind(old), number_kind(new)
    if old_number is not None and new_number is not None:
        _numbers(cmp, command, old_number, new_number, flow, pair, what)
        return
    change = f"{what} changed from {old_kind} to {new_kind}"
    widened = old_kind != "unknown" and (
        new_kind == "unknown" or (old_kind == "enum" and new_kind == "string")
    )
    narrowed = new_kind != "unknown" and (
        old_kind == "unknown" or (old_kind == "string" and new_kind == "enum")
    )
    if Flow.INPUT in flow and not widened:
        rule = "WIRE_PARAM_TYPE_NARROWED" if narrowed else "WIRE_PARAM_TYPE_CHANGED"
        cmp.report(
            rule,
            command,
            f"{change}; old clients send the old type",
            pair,
            hint="an input type may only widen; add a new optional param for the new type",
        )
    if Flow.OUTPUT in flow and not narrowed:
        rule = "WIRE_RESULT_TYPE_WIDENED" if widened else "WIRE_RESULT_TYPE_CHANGED"
        cmp.report(
            rule,
            command,
            f"{change}; old clients expect the old type",
            pair,
            hint="a result type may only narrow; add a new result field for the new type",
        )


def _numbers(  # noqa: PLR0913, PLR0917  # the comparison's parts
    cmp: Comparison, command: str, old: str, new: str, flow: Flow, pair: Pair, what: str
) -> None:
    if old == new:
        return
    widened = old in _CONTAINS[new]
    narrowed = new in _CONTAINS[old]
    change = f"{what} changed from {_shown(old)} to {_shown(new)}"
    if Flow.INPUT in flow and not widened:
        cmp.report(
            "WIRE_PARAM_NUMBER_NARROWED",
            command,
            f"{change}; the new server refuses values old clients may send",
            pair,
            hint="an input number may only widen (i32 -> i64, f32 -> f64)",
        )
    if Flow.OUTPUT in flow and not narrowed:
        cmp.report(
            "WIRE_RESULT_NUMBER_WIDENED",
            command,
            f"{change}; old clients cannot read every value the new server sends",
            pair,
            hint="a result number may only narrow (i64 -> i32); add a new field instead",
        )


def _shown(kind: str) -> str:
    return "number" if kind == "f64" else kind
