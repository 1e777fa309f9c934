"""Resolve validated specs into the IR.

Aliases are expanded, references are bound to the command whose spec declares
them, literal unions and inline objects get names (``<Owner><Field>``), and
recursive references are marked for boxing in Rust. Input must have passed
validation; resolution itself reports nothing.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

from specgen.external.model import ExternalDecl
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
from specgen.naming import (
    camel_case,
    command_type_name,
    pascal_case,
    rust_field_name,
    rust_variant_name,
    snake_case,
)
from specgen.realpaths import RealPaths
from specgen.spec.document import SpecDocument
from specgen.spec.v2 import ParamDef, TypeDef
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
    Union,
    parse_type_expr,
)

_MAX_ALIAS_DEPTH = 16


def _rust_spelling(name: str) -> tuple[str, bool]:
    """The Rust name of field ``name`` and whether serde must rename it back."""
    rust = rust_field_name(name)
    plain = rust.removeprefix("r#").rstrip("_")
    return rust, camel_case(plain) != name


def _field_ir(  # noqa: PLR0913, PLR0917  # one value per part of a field
    name: str,
    description: str,
    optional: bool,
    type_: IRType,
    default: object,
    spellings: dict[str, tuple[str, bool]],
) -> FieldIR:
    """``spellings`` remembers `_rust_spelling` for one resolution (field names repeat)."""
    spelling = spellings.get(name)
    if spelling is None:
        spelling = spellings[name] = _rust_spelling(name)
    return FieldIR(
        name=name,
        rust_name=spelling[0],
        needs_rename=spelling[1],
        description=description,
        optional=optional,
        type=type_,
        default=default,  # type: ignore[arg-type]  # JSON value from the spec
    )


class _CommandResolver:
    """Resolves one spec; collects the structs and enums it owns."""

    def __init__(  # noqa: PLR0913, PLR0917  # the project's tables, shared by every command
        self,
        doc: SpecDocument,
        owners: Mapping[str, tuple[str, str]],
        aliases: Mapping[str, str],
        taken: set[str],
        externals: Mapping[str, ExternalRef],
        spellings: dict[str, tuple[str, bool]],
    ) -> None:
        self.doc = doc
        self.spellings = spellings
        self.command = doc.spec.name
        self.owners = owners
        self.externals = externals
        self.aliases = aliases
        self.taken = taken
        self.structs: list[StructIR] = []
        self.enums: list[EnumIR] = []
        self.foreign: dict[str, NamedRef] = {}

    def fresh_name(self, base: str) -> str:
        """``base``, or ``base2``, ``base3``... when already taken in the project."""
        name, counter = base, 2
        while name in self.taken:
            name, counter = f"{base}{counter}", counter + 1
        self.taken.add(name)
        return name

    def convert(self, expr: TypeExpr, hint_name: str, depth: int = 0) -> tuple[IRType, bool]:  # noqa: PLR0911  # one branch per node kind
        """The IR type of ``expr``, and whether ``| undefined`` made it optional."""
        if isinstance(expr, Primitive):
            kind = expr.kind if expr.kind in ("string", "number", "boolean") else "unknown"
            return Prim(kind), False  # type: ignore[arg-type]  # narrowed above
        if isinstance(expr, Sized):
            return SizedNum(expr.kind), False  # type: ignore[arg-type]  # same literal set
        if isinstance(expr, ArrayOf):
            return ListOf(self.convert(expr.element, hint_name + "Item", depth)[0]), False
        if isinstance(expr, RecordOf):
            return MapOf(self.convert(expr.value, hint_name + "Value", depth)[0]), False
        if isinstance(expr, Ref):
            return self._ref(expr, hint_name, depth), False
        if isinstance(expr, Literal):
            return self._literal_enum((str(expr.value),), hint_name), False
        if isinstance(expr, ObjectType):
            return self._inline_struct(expr, hint_name), False
        return self._union(expr, hint_name, depth)

    def _ref(self, ref: Ref, hint_name: str, depth: int) -> IRType:
        if ref.name in self.owners:
            owner, kind = self.owners[ref.name]
            named = NamedRef(ref.name, owner, kind)  # type: ignore[arg-type]  # "struct" | "enum"
            if owner != self.command:
                self.foreign.setdefault(ref.name, named)
            return named
        if ref.name in self.externals:
            return self.externals[ref.name]
        if ref.name in self.aliases and depth < _MAX_ALIAS_DEPTH:
            try:
                target = parse_type_expr(self.aliases[ref.name])
            except TypeExprError:
                return Prim("unknown")
            return self.convert(target, hint_name, depth + 1)[0]
        return Prim("unknown")

    def _union(self, expr: Union, hint_name: str, depth: int) -> tuple[IRType, bool]:
        members = list(expr.members)
        has_null = any(isinstance(m, Primitive) and m.kind == "null" for m in members)
        has_undefined = any(isinstance(m, Primitive) and m.kind == "undefined" for m in members)
        rest = [
            m for m in members if not (isinstance(m, Primitive) and m.kind in ("null", "undefined"))
        ]
        if len(rest) == 1:
            inner = self.convert(rest[0], hint_name, depth)[0]
        else:
            inner = self._literal_enum(
                tuple(str(m.value) for m in rest if isinstance(m, Literal)), hint_name
            )
        return (Nullable(inner) if has_null else inner), has_undefined

    def _literal_enum(self, values: tuple[str, ...], hint_name: str) -> NamedRef:
        name = self.fresh_name(hint_name)
        variants = tuple(VariantIR(rust_variant_name(v), v) for v in dict.fromkeys(values))
        self.enums.append(EnumIR(name, "", variants, self.command, "inline"))
        return NamedRef(name, self.command, "enum")

    def _inline_struct(self, obj: ObjectType, hint_name: str) -> NamedRef:
        name = self.fresh_name(hint_name)
        fields = []
        for member in obj.fields:
            type_, undefined = self.convert(member.type, name + pascal_case(member.name))
            optional = member.optional or undefined
            fields.append(_field_ir(member.name, "", optional, type_, None, self.spellings))
        self.structs.append(StructIR(name, "", tuple(fields), self.command, "inline"))
        return NamedRef(name, self.command, "struct")

    def field(  # noqa: PLR0913, PLR0917  # one value per part of a field
        self,
        name: str,
        type_text: str,
        description: str,
        optional: bool,
        default: object,
        owner_name: str,
    ) -> FieldIR:
        """Resolve one declared field of ``owner_name``."""
        try:
            expr = parse_type_expr(type_text)
        except TypeExprError:
            expr = Primitive("unknown")
        type_, undefined = self.convert(expr, owner_name + pascal_case(name))
        return _field_ir(name, description, optional or undefined, type_, default, self.spellings)

    def declared(self, name: str, typedef: TypeDef) -> None:
        """Add a type of the spec's ``types`` block (an external one declares nothing)."""
        if typedef.external is not None:
            return
        if typedef.enum is not None:
            variants = tuple(VariantIR(rust_variant_name(v), v) for v in typedef.enum)
            self.enums.append(EnumIR(name, typedef.description, variants, self.command, "types"))
            return
        fields = tuple(
            self.field(field_name, f.type, f.description, f.optional, None, name)
            for field_name, f in (typedef.fields or {}).items()
        )
        self.structs.append(StructIR(name, typedef.description, fields, self.command, "types"))

    def command_struct(self, items: Sequence[ParamDef], suffix: str, prefix: str) -> StructIR:
        """The Params or Result struct of the command."""
        fields = tuple(
            self.field(p.name, p.type, p.description, p.optional, p.default, prefix) for p in items
        )
        if suffix == "Params":
            return StructIR(prefix + suffix, "", fields, self.command, "params")
        return StructIR(prefix + suffix, "", fields, self.command, "results")


def _rust_ir(doc: SpecDocument) -> RustIR:
    spec = doc.spec
    group = spec.name.split("/", 1)[0]
    rust = spec.rust
    return RustIR(
        module=(rust.module if rust and rust.module else f"modules/{group}"),
        traits=tuple(rust.traits) if rust else ("ManagedService",),
        command_prefix=(rust.command_prefix if rust and rust.command_prefix else f"{group}/"),
        imports=tuple(rust.imports) if rust else (),
    )


def _examples(doc: SpecDocument) -> tuple[ExampleIR, ...]:
    def dump(value: object) -> str:
        return "" if value is None else json.dumps(value, sort_keys=True, ensure_ascii=False)

    return tuple(
        ExampleIR(
            e.description, e.command or "", dump(e.params), dump(e.expected_result), e.notes or ""
        )
        for e in doc.spec.examples
    )


def _display_path(doc: SpecDocument, base: Path | None, real: RealPaths) -> str:
    """The spec's path relative to ``base`` (already resolved), else its file name."""
    if base is not None:
        resolved, folder = real.resolve_text(doc.file), str(base)
        prefix = folder if folder.endswith(os.sep) else folder + os.sep
        if resolved.startswith(prefix):
            return resolved[len(prefix) :].replace(os.sep, "/")
    return Path(doc.file).name


def resolve_commands(
    documents: Sequence[SpecDocument],
    aliases: Mapping[str, str] | None = None,
    base: Path | None = None,
    default_adapter: str = "server-only",
    externals: Mapping[str, ExternalDecl] | None = None,
) -> list[CommandIR]:
    """Resolve every document; ``base`` makes spec paths in headers relative.

    ``externals`` are the config's external types; a spec's own declaration wins.
    """
    owners: dict[str, tuple[str, str]] = {}
    for doc in documents:
        for name, typedef in doc.spec.types.items():
            if typedef.external is None:
                owners.setdefault(
                    name, (doc.spec.name, "enum" if typedef.enum is not None else "struct")
                )
    external_refs = {
        name: ExternalRef(decl, _wire_ir(decl.rust_wire))
        for name, decl in effective_externals(documents, externals or {}).items()
    }
    taken = set(owners) | set(external_refs)
    for doc in documents:
        base_name = command_type_name(doc.spec.name)
        taken.update({base_name, base_name + "Params", base_name + "Result"})
    commands = []
    real = RealPaths()
    real_base = base.resolve() if base is not None else None
    spellings: dict[str, tuple[str, bool]] = {}
    for doc in sorted(documents, key=lambda d: d.spec.name):
        resolver = _CommandResolver(doc, owners, aliases or {}, taken, external_refs, spellings)
        for name, typedef in doc.spec.types.items():
            resolver.declared(name, typedef)
        pascal = command_type_name(doc.spec.name)
        params = resolver.command_struct(doc.spec.params, "Params", pascal)
        results = resolver.command_struct(doc.spec.results, "Result", pascal)
        commands.append(
            CommandIR(
                name=doc.spec.name,
                pascal=pascal,
                camel=pascal[:1].lower() + pascal[1:],
                snake=snake_case(doc.spec.name),
                description=doc.spec.description,
                environment=doc.spec.environment,
                adapter=doc.spec.adapter or default_adapter,
                access_level=doc.spec.access_level,
                spec_file=_display_path(doc, real_base, real),
                rust=_rust_ir(doc),
                params=params,
                results=results,
                structs=tuple(resolver.structs),
                enums=tuple(resolver.enums),
                examples=_examples(doc),
                foreign=tuple(sorted(resolver.foreign.values(), key=lambda r: r.name)),
            )
        )
    return _box_recursion(commands)


def effective_externals(
    documents: Sequence[SpecDocument], config: Mapping[str, ExternalDecl]
) -> dict[str, ExternalDecl]:
    """The external types of a project: the config's, overridden by the specs' (first wins)."""
    found = dict(config)
    declared: set[str] = set()
    for doc in documents:
        for name, typedef in doc.spec.types.items():
            if typedef.external is not None and name not in declared:
                declared.add(name)
                found[name] = ExternalDecl.from_typedef(name, typedef)
    return found


def _wire_ir(text: str | None) -> IRType | None:
    """The IR of a (validated) wire representation."""
    if text is None:
        return None
    try:
        return _wire_type(parse_type_expr(text))
    except TypeExprError:
        return Prim("unknown")


def _wire_type(expr: TypeExpr) -> IRType:
    if isinstance(expr, Primitive):
        kind = expr.kind if expr.kind in ("string", "number", "boolean") else "unknown"
        return Prim(kind)  # type: ignore[arg-type]  # narrowed above
    if isinstance(expr, Sized):
        return SizedNum(expr.kind)  # type: ignore[arg-type]  # same literal set
    if isinstance(expr, ArrayOf):
        return ListOf(_wire_type(expr.element))
    if isinstance(expr, RecordOf):
        return MapOf(_wire_type(expr.value))
    if isinstance(expr, Union):
        rest = [m for m in expr.members if not (isinstance(m, Primitive) and m.kind == "null")]
        if len(rest) == 1:
            return Nullable(_wire_type(rest[0]))
    return Prim("unknown")  # validation rejects the rest


def _direct_target(type_: IRType) -> str | None:
    if isinstance(type_, Nullable):
        type_ = type_.inner
    if isinstance(type_, NamedRef) and type_.kind == "struct":
        return type_.name
    return None


def strongly_connected(edges: dict[str, set[str]]) -> dict[str, int]:  # noqa: C901  # Tarjan reads best as one loop
    """Component number of every node (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    roots: list[str] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges.get(start, ()))))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                number = len(roots)
                roots.append(node)
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = number
                    if member == node:
                        break
    return component


def _box_recursion(commands: list[CommandIR]) -> list[CommandIR]:
    """Mark by-value references that lead back to their own struct as boxed."""
    structs = [s for c in commands for s in (*c.structs, c.params, c.results)]
    targets = {id(s): [_direct_target(f.type) for f in s.fields] for s in structs}
    edges: dict[str, set[str]] = {s.name: set() for s in structs}
    for struct in structs:
        edges[struct.name].update(t for t in targets[id(struct)] if t is not None)

    scc = strongly_connected(edges)

    def fix(struct: StructIR) -> StructIR:
        own = scc.get(struct.name)
        boxes = [
            t is not None and own is not None and scc.get(t) == own for t in targets[id(struct)]
        ]
        if not any(boxes):
            return struct  # most structs: nothing to box, nothing to copy
        fields = tuple(
            replace(f, type=_boxed(f.type)) if box else f
            for f, box in zip(struct.fields, boxes, strict=True)
        )
        return replace(struct, fields=fields)

    fixed = []
    for c in commands:
        params, results = fix(c.params), fix(c.results)
        own = tuple(fix(s) for s in c.structs)
        unchanged = params is c.params and results is c.results
        if unchanged and all(new is old for new, old in zip(own, c.structs, strict=True)):
            fixed.append(c)
        else:
            fixed.append(replace(c, params=params, results=results, structs=own))
    return fixed


def _boxed(type_: IRType) -> IRType:
    if isinstance(type_, Nullable):
        return Nullable(_boxed(type_.inner))
    if isinstance(type_, NamedRef):
        return replace(type_, boxed=True)
    return type_
