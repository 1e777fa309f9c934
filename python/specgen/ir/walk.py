"""Walks over IR types: the named and external types a type or command mentions."""

from __future__ import annotations

from collections.abc import Iterable

from specgen.ir.model import (
    CommandIR,
    ExternalRef,
    IRType,
    ListOf,
    MapOf,
    Nullable,
    StructIR,
)


def leaf_type(type_: IRType) -> IRType:
    """The type inside ``type_``'s lists, maps and nullables (``type_`` itself if none).

    Only a leaf can name a struct, an enum or an external type: every other IR type
    wraps exactly one inner type.
    """
    while True:
        if isinstance(type_, ListOf):
            type_ = type_.element
        elif isinstance(type_, MapOf):
            type_ = type_.value
        elif isinstance(type_, Nullable):
            type_ = type_.inner
        else:
            return type_


def externals_in(structs: Iterable[StructIR]) -> list[ExternalRef]:
    """The external types the fields of ``structs`` use, each once, sorted by name."""
    found = {
        leaf.name: leaf
        for struct in structs
        for f in struct.fields
        if isinstance(leaf := leaf_type(f.type), ExternalRef)
    }
    return [found[name] for name in sorted(found)]


def externals_of(command: CommandIR) -> list[ExternalRef]:
    """Every external type ``command`` uses (its params, result and own structs)."""
    return externals_in([*command.structs, command.params, command.results])
