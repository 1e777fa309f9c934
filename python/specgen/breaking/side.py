"""One side of a comparison: its specs, resolved to the IR, with ways to find things.

Both sides are resolved with the same aliases (the current configuration's), so a
type is compared by what it resolves to, never by how it is spelled: ``string[]``
and ``Array<string>`` are the same type, and so is an alias and its target.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from specgen.diagnostics import Location
from specgen.external.model import ExternalDecl
from specgen.ir import CommandIR, EnumIR, IRType, NamedRef, StructIR
from specgen.ir.resolve import resolve_commands
from specgen.ir.walk import leaf_type
from specgen.spec.document import SpecDocument
from specgen.spec.sourcemap import JsonPath


@dataclass(frozen=True, slots=True)
class Site:
    """A place in one spec: the document and a JSON path inside it."""

    doc: SpecDocument
    path: JsonPath

    def at(self, *parts: str | int) -> Site:
        """A site below this one."""
        return Site(self.doc, (*self.path, *parts))

    def location(self) -> Location:
        """The file:line:col of this place (its nearest existing ancestor if absent)."""
        return self.doc.source.locate(self.path)


@dataclass
class Side:
    """Every spec of one version, by command name, and every named type it resolves to."""

    documents: dict[str, SpecDocument]
    commands: dict[str, CommandIR]
    structs: dict[str, StructIR] = field(default_factory=dict)
    enums: dict[str, EnumIR] = field(default_factory=dict)
    declared_in: dict[str, SpecDocument] = field(default_factory=dict)
    """Which document declares each type of a ``types`` block."""
    externals: dict[str, ExternalDecl] = field(default_factory=dict)
    """The external types the specs declare (the config's are the same on both sides)."""

    def struct(self, ref: NamedRef) -> StructIR | None:
        """The struct ``ref`` names, if it is one."""
        return self.structs.get(ref.name) if ref.kind == "struct" else None

    def enum(self, ref: NamedRef) -> EnumIR | None:
        """The enum ``ref`` names, if it is one."""
        return self.enums.get(ref.name) if ref.kind == "enum" else None

    def type_site(self, name: str) -> Site | None:
        """Where the declared type ``name`` is written (None for inline types)."""
        doc = self.declared_in.get(name)
        return Site(doc, ("types", name)) if doc is not None else None


def build_side(
    documents: Sequence[SpecDocument],
    aliases: Mapping[str, str],
    externals: Mapping[str, ExternalDecl] | None = None,
) -> Side:
    """Resolve ``documents`` (a command declared twice keeps its first spec).

    ``externals`` are the config's external types (the current config, for both sides).
    """
    by_name: dict[str, SpecDocument] = {}
    for doc in documents:
        by_name.setdefault(doc.spec.name, doc)
    resolved = resolve_commands(list(by_name.values()), aliases, externals=externals)
    side = Side(by_name, {c.name: c for c in resolved})
    for command in resolved:
        for struct in command.structs:
            side.structs.setdefault(struct.name, struct)
        for enum in command.enums:
            side.enums.setdefault(enum.name, enum)
    for doc in by_name.values():
        for name, typedef in doc.spec.types.items():
            side.declared_in.setdefault(name, doc)
            if typedef.external is not None and name not in side.externals:
                side.externals[name] = ExternalDecl.from_typedef(name, typedef)
    return side


def named_refs(type_: IRType) -> list[NamedRef]:
    """The named type ``type_`` is made of (through lists, maps and nullability), if any."""
    leaf = leaf_type(type_)
    return [leaf] if isinstance(leaf, NamedRef) else []
