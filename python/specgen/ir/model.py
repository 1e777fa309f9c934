"""The resolved IR: what adapters and renderers consume.

Every type is resolved (aliases expanded, references bound to the command that
owns them, inline objects and literal unions given names), so renderers are pure
functions of the IR and never look at spec text again.
"""

from __future__ import annotations

from dataclasses import field
from typing import Literal

from pydantic import JsonValue

from specgen.external.model import ExternalDecl
from specgen.values import value_type

PrimKind = Literal["string", "number", "boolean", "unknown"]
SizedKind = Literal["i32", "u32", "i64", "u64", "f32", "f64"]


@value_type(slots=True)
class Prim:
    """string, number, boolean or unknown."""

    kind: PrimKind


@value_type(slots=True)
class SizedNum:
    """A sized number: i32, u32, i64, u64, f32, f64."""

    kind: SizedKind


@value_type(slots=True)
class ListOf:
    """``T[]``: ``Vec<T>`` in Rust."""

    element: IRType


@value_type(slots=True)
class MapOf:
    """``Record<string, T>``: ``BTreeMap<String, T>`` in Rust."""

    value: IRType


@value_type(slots=True)
class Nullable:
    """``T | null``: ``Option<T>`` in Rust."""

    inner: IRType


@value_type(slots=True)
class NamedRef:
    """A named struct or enum, declared by the command ``owner``."""

    name: str
    owner: str
    kind: Literal["struct", "enum"]
    boxed: bool = False
    """Held through a Box in Rust because it is recursive."""


@value_type(slots=True)
class ExternalRef:
    """A type with a home elsewhere in the codebase: generated code imports it.

    TypeScript imports ``decl.ts_name`` from ``decl.ts_module``; Rust ``use``s
    ``decl.rust_path``, or holds the value as ``wire`` (the resolved wire representation).
    """

    decl: ExternalDecl
    wire: IRType | None = None

    @property
    def name(self) -> str:
        """The name specs and generated code use."""
        return self.decl.name


IRType = Prim | SizedNum | ListOf | MapOf | Nullable | NamedRef | ExternalRef


@value_type(slots=True)
class FieldIR:
    """One field: its wire name (as the spec wrote it) and its Rust spelling."""

    name: str
    rust_name: str
    needs_rename: bool
    """True when serde's camelCase of ``rust_name`` is not ``name``."""
    description: str
    optional: bool
    type: IRType
    default: JsonValue = None


@value_type(slots=True)
class StructIR:
    """A struct: declared in ``types``, made from an inline object, or Params/Result."""

    name: str
    description: str
    fields: tuple[FieldIR, ...]
    owner: str
    origin: Literal["types", "inline", "params", "results"]


@value_type(slots=True)
class VariantIR:
    """An enum variant: Rust name and wire value."""

    rust_name: str
    value: str


@value_type(slots=True)
class EnumIR:
    """A string enum: declared with ``enum`` or made from a literal union."""

    name: str
    description: str
    variants: tuple[VariantIR, ...]
    owner: str
    origin: Literal["types", "inline"]


@value_type(slots=True)
class RustIR:
    """Rust settings with defaults filled in."""

    module: str
    traits: tuple[str, ...]
    command_prefix: str
    imports: tuple[str, ...]


@value_type(slots=True)
class ExampleIR:
    """A usage example (JSON values pre-rendered as compact text)."""

    description: str
    command: str
    params_json: str
    expected_json: str
    notes: str


@value_type
class CommandIR:
    """One command, fully resolved: the input of every adapter."""

    name: str
    pascal: str
    camel: str
    snake: str
    description: str
    environment: str
    adapter: str
    access_level: str
    spec_file: str
    rust: RustIR
    params: StructIR
    results: StructIR
    structs: tuple[StructIR, ...]
    enums: tuple[EnumIR, ...]
    examples: tuple[ExampleIR, ...]
    foreign: tuple[NamedRef, ...] = field(default_factory=tuple)
    """Types this command uses that other commands own (to import)."""

    @property
    def segments(self) -> tuple[str, ...]:
        """The path segments of the command name."""
        return tuple(self.name.split("/"))

    def owned_names(self) -> list[str]:
        """Names of every struct and enum this command declares, sorted."""
        return sorted([s.name for s in self.structs] + [e.name for e in self.enums])
