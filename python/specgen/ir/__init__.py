"""The resolved intermediate representation of a project's commands."""

from specgen.ir.model import (
    CommandIR,
    EnumIR,
    ExampleIR,
    ExternalRef,
    FieldIR,
    IRType,
    ListOf,
    MapOf,
    NamedRef,
    Nullable,
    Prim,
    RustIR,
    SizedNum,
    StructIR,
    VariantIR,
)
from specgen.ir.resolve import resolve_commands

__all__ = [
    "CommandIR",
    "EnumIR",
    "ExampleIR",
    "ExternalRef",
    "FieldIR",
    "IRType",
    "ListOf",
    "MapOf",
    "NamedRef",
    "Nullable",
    "Prim",
    "RustIR",
    "SizedNum",
    "StructIR",
    "VariantIR",
    "resolve_commands",
]
