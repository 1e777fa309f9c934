"""TypeRenderer for TypeScript: IR types -> TS type syntax."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from specgen.ir.model import (
    ExternalRef,
    FieldIR,
    IRType,
    ListOf,
    MapOf,
    NamedRef,
    Nullable,
    Prim,
    SizedNum,
    StructIR,
)
from specgen.renderers.escape import ts_doc
from specgen.values import value_type


@value_type(slots=True)
class TsStyle:
    """Project choices for TypeScript output."""

    int64: Literal["number", "bigint"] = "number"
    optional_fields: Literal["question", "question-undefined"] = "question"


ExternalSpelling = Callable[[ExternalRef], str]
"""How a file spells an external type (default: by its name, imported at the top)."""


def ts_type(  # noqa: PLR0911  # one branch per IR type
    type_: IRType,
    style: TsStyle,
    enum_values: dict[str, tuple[str, ...]] | None = None,
    external: ExternalSpelling | None = None,
) -> str:
    """The TS spelling of ``type_``.

    ``enum_values`` maps names of enums made from literal unions to their values:
    such fields are printed as the union itself, as the conventions keep them.
    ``external`` spells external types (e.g. as ``import('module').Name``).
    """
    if isinstance(type_, Prim):
        return type_.kind
    if isinstance(type_, SizedNum):
        return "bigint" if type_.kind in ("i64", "u64") and style.int64 == "bigint" else "number"
    if isinstance(type_, ListOf):
        inner = ts_type(type_.element, style, enum_values, external)
        return f"({inner})[]" if " " in inner and not inner.startswith("Record<") else f"{inner}[]"
    if isinstance(type_, MapOf):
        return f"Record<string, {ts_type(type_.value, style, enum_values, external)}>"
    if isinstance(type_, Nullable):
        return f"{ts_type(type_.inner, style, enum_values, external)} | null"
    if isinstance(type_, ExternalRef):
        return external(type_) if external is not None else type_.name
    return _named(type_, enum_values)


def _named(ref: NamedRef, enum_values: dict[str, tuple[str, ...]] | None) -> str:
    if enum_values and ref.name in enum_values:
        return " | ".join(_quote(v) for v in enum_values[ref.name])
    return ref.name


def _quote(value: str) -> str:
    escaped = (
        value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    )
    escaped = escaped.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"'{escaped}'"


def ts_field(
    field: FieldIR, style: TsStyle, enum_values: dict[str, tuple[str, ...]] | None = None
) -> str:
    """``name?: type`` as declared in an interface (without the trailing ``;``)."""
    type_text = ts_type(field.type, style, enum_values)
    if field.optional:
        if style.optional_fields == "question-undefined":
            type_text += " | undefined"
        return f"{field.name}?: {type_text}"
    return f"{field.name}: {type_text}"


def ts_interface_body(
    struct: StructIR, style: TsStyle, enum_values: dict[str, tuple[str, ...]] | None = None
) -> str:
    """The members of an interface: each field's doc comment and declaration, two-space indent."""
    return "".join(
        f"{ts_doc(f.description, '  ')}  {ts_field(f, style, enum_values)};\n"
        for f in struct.fields
    )


def named_refs(type_: IRType) -> list[NamedRef]:
    """Every named type ``type_`` mentions (external types aside)."""
    if isinstance(type_, NamedRef):
        return [type_]
    if isinstance(type_, ListOf):
        return named_refs(type_.element)
    if isinstance(type_, MapOf):
        return named_refs(type_.value)
    if isinstance(type_, Nullable):
        return named_refs(type_.inner)
    return []
