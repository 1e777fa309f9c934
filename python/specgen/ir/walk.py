"""Walks over IR types: the named and external types a type or command mentions."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from specgen.ir.model import (
    CommandIR,
    ExternalRef,
    IRType,
    ListOf,
    MapOf,
    Nullable,
    StructIR,
)


def inner_types(type_: IRType) -> Iterator[IRType]:
    """``type_`` and every type inside it (not through named structs)."""
    yield type_
    if isinstance(type_, ListOf):
        yield from inner_types(type_.element)
    elif isinstance(type_, MapOf):
        yield from inner_types(type_.value)
    elif isinstance(type_, Nullable):
        yield from inner_types(type_.inner)


def externals_in(structs: Iterable[StructIR]) -> list[ExternalRef]:
    """The external types the fields of ``structs`` use, each once, sorted by name."""
    found = {
        t.name: t
        for struct in structs
        for f in struct.fields
        for t in inner_types(f.type)
        if isinstance(t, ExternalRef)
    }
    return [found[name] for name in sorted(found)]


def externals_of(command: CommandIR) -> list[ExternalRef]:
    """Every external type ``command`` uses (its params, result and own structs)."""
    return externals_in([*command.structs, command.params, command.results])
