"""TypeRenderer for Rust: IR types -> Rust type syntax and serde/ts-rs attributes."""

from __future__ import annotations

from specgen.external.model import rust_name
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
    VariantIR,
)
from specgen.renderers.escape import rust_doc, rust_str, ts_rs_rename
from specgen.renderers.ts_types import ExternalSpelling, TsStyle, ts_type

_PRIM = {"string": "String", "number": "f64", "boolean": "bool", "unknown": "serde_json::Value"}


def rust_type(type_: IRType) -> str:  # noqa: PLR0911  # one branch per IR type
    """The Rust spelling of ``type_`` (without the Option of an optional field)."""
    if isinstance(type_, Prim):
        return _PRIM[type_.kind]
    if isinstance(type_, SizedNum):
        return type_.kind
    if isinstance(type_, ListOf):
        return f"Vec<{rust_type(type_.element)}>"
    if isinstance(type_, MapOf):
        return f"BTreeMap<String, {rust_type(type_.value)}>"
    if isinstance(type_, Nullable):
        return f"Option<{rust_type(type_.inner)}>"
    if isinstance(type_, ExternalRef):
        return _external_rust(type_)
    return f"Box<{type_.name}>" if type_.boxed else type_.name


def _external_rust(ref: ExternalRef) -> str:
    """A path's last segment (the wire file ``use``s the path), or the wire representation."""
    if ref.decl.rust_path is not None:
        return rust_name(ref.decl.rust_path)
    if ref.wire is not None:
        return rust_type(ref.wire)
    return "serde_json::Value"  # no Rust side: validation stops Rust-backed commands first


def rust_field_type(field: FieldIR) -> str:
    """The declared type of a struct field: optional fields are ``Option<T>``."""
    inner = rust_type(field.type)
    if field.optional and not isinstance(field.type, Nullable):
        return f"Option<{inner}>"
    return inner


def _needs_override(type_: IRType, style: TsStyle) -> bool:  # noqa: PLR0911  # one branch per IR type
    """True when ts-rs would not print our TS type: unknown, 64-bit as number, external."""
    if isinstance(type_, NamedRef):
        return False
    if isinstance(type_, ExternalRef):
        return True
    if isinstance(type_, Prim):
        return type_.kind == "unknown"
    if isinstance(type_, SizedNum):
        return type_.kind in ("i64", "u64") and style.int64 == "number"
    if isinstance(type_, ListOf):
        return _needs_override(type_.element, style)
    if isinstance(type_, MapOf):
        return True  # ts-rs prints `{ [key in string]: T }`; ours is Record<string, T>
    return _needs_override(type_.inner, style)


def _contains_ref(type_: IRType) -> bool:
    if isinstance(type_, NamedRef):
        return True
    if isinstance(type_, ListOf):
        return _contains_ref(type_.element)
    if isinstance(type_, MapOf):
        return _contains_ref(type_.value)
    if isinstance(type_, Nullable):
        return _contains_ref(type_.inner)
    return False


def rust_field_attributes(
    field: FieldIR, style: TsStyle, external: ExternalSpelling | None = None
) -> list[str]:
    """Serde and ts-rs attributes of a wire struct field, in a fixed order.

    A field of an external type gets ``#[ts(type = ...)]`` naming the TypeScript type,
    spelled by ``external`` (the bindings file cannot import it: ts-rs writes that file).
    """
    attrs = []
    if field.needs_rename:
        attrs.append(f"#[serde(rename = {rust_str(field.name)})]")
    if field.optional:
        attrs.append('#[serde(default, skip_serializing_if = "Option::is_none")]')
    if _needs_override(field.type, style) and not _contains_ref(field.type):
        text = ts_type(field.type, style, external=external)
        attrs.append(f"#[ts(type = {rust_str(text)})]")
    if field.optional:
        nullable = isinstance(field.type, Nullable)
        attrs.append("#[ts(optional = nullable)]" if nullable else "#[ts(optional)]")
    return attrs


def rust_struct_body(
    struct: StructIR, style: TsStyle, external: ExternalSpelling | None = None
) -> str:
    """The fields of a wire struct: each one's doc comment, attributes and declaration.

    Four-space indent, one field after another (the template writes the braces).
    """
    return "".join(
        rust_doc(f.description, "    ")
        + "".join(f"    {a}\n" for a in rust_field_attributes(f, style, external))
        + f"    pub {f.rust_name}: {rust_field_type(f)},\n"
        for f in struct.fields
    )


def rust_enum_body(variants: tuple[VariantIR, ...]) -> str:
    """The variants of a wire enum: serde's name for each (and ts-rs's where it needs one).

    Four-space indent, one variant after another (the template writes the braces).
    """
    return "".join(_variant(v) for v in variants)


def _variant(variant: VariantIR) -> str:
    rename = ts_rs_rename(variant.value)
    ts_line = f"    {rename}\n" if rename else ""
    return f"    #[serde(rename = {rust_str(variant.value)})]\n{ts_line}    {variant.rust_name},\n"


def uses_btreemap(types: list[IRType]) -> bool:
    """Whether any of ``types`` needs ``BTreeMap`` imported."""

    def walk(type_: IRType) -> bool:
        if isinstance(type_, MapOf):
            return True
        if isinstance(type_, ListOf):
            return walk(type_.element)
        if isinstance(type_, Nullable):
            return walk(type_.inner)
        if isinstance(type_, ExternalRef) and type_.decl.rust_path is None:
            return type_.wire is not None and walk(type_.wire)
        return False

    return any(walk(t) for t in types)
