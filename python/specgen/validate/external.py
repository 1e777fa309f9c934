"""Checks of external types: each declaration's syntax, and how they meet the project.

Single-spec checks (`check_spec_externals`): the TypeScript module and exported name,
the Rust path or wire representation, and the spec's ``rust.imports``. Project
checks (`check_project_externals`): one type declared differently in two places, a
config declaration meeting a spec's struct or enum, and Rust names that would meet
in generated code. Rust-backed commands using a type without a Rust side are checked
when generating, once the adapters are known (`check_external_rust_sides`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence

from specgen.diagnostics import CODES, Diagnostic
from specgen.external.checks import (
    Problem,
    check_module,
    check_rust_path,
    check_ts_name,
    check_wire,
)
from specgen.external.model import ExternalDecl, rust_name
from specgen.ir.model import CommandIR, ExternalRef
from specgen.ir.walk import externals_of
from specgen.spec.document import SpecDocument
from specgen.spec.sourcemap import JsonPath

WIRE_NAMES = frozenset({"Serialize", "Deserialize", "TS", "BTreeMap"})
"""Names every generated ``wire.rs`` imports itself."""


def _located(doc: SpecDocument, path: JsonPath, problems: Iterable[Problem]) -> list[Diagnostic]:
    return [
        doc.source.diagnostic(p.code, p.message, path, index=p.index, hint=p.hint) for p in problems
    ]


def check_spec_externals(doc: SpecDocument) -> list[Diagnostic]:
    """The syntax of each external declaration of ``doc`` and of its ``rust.imports``."""
    diags: list[Diagnostic] = []
    for name, typedef in doc.spec.types.items():
        external = typedef.external
        if external is None:
            continue
        base: JsonPath = ("types", name, "external")
        ts = external.typescript
        diags += _located(doc, (*base, "typescript", "module"), check_module(ts.module))
        if ts.name is not None:
            diags += _located(doc, (*base, "typescript", "name"), check_ts_name(ts.name))
        rust = external.rust
        if rust is not None and rust.path is not None:
            diags += _located(doc, (*base, "rust", "path"), check_rust_path(rust.path))
        if rust is not None and rust.wire is not None:
            diags += _located(doc, (*base, "rust", "wire"), check_wire(rust.wire))
    if doc.spec.rust is not None:
        for index, path in enumerate(doc.spec.rust.imports):
            problems = check_rust_path(path, allow_glob=True)
            diags += _located(doc, ("rust", "imports", index), problems)
    return diags


def check_project_externals(
    documents: Sequence[SpecDocument],
    config_externals: Mapping[str, ExternalDecl],
    aliases: Collection[str] = (),
) -> list[Diagnostic]:
    """Declarations that disagree, and names that would meet in generated code."""
    diags: list[Diagnostic] = []
    first: dict[str, tuple[SpecDocument, ExternalDecl]] = {}
    declared: dict[str, SpecDocument] = {}
    for doc in documents:
        for name, typedef in doc.spec.types.items():
            if typedef.external is None:
                declared.setdefault(name, doc)
                continue
            decl = ExternalDecl.from_typedef(name, typedef)
            seen = first.get(name)
            if name in aliases:
                diags.append(
                    doc.source.diagnostic(
                        "SG310",
                        f"external type '{name}' is also an alias in the config",
                        ("types", name),
                        key=True,
                        hint=f"remove {name} from [aliases] or this declaration",
                    )
                )
            if seen is None:
                first[name] = (doc, decl)
            elif not seen[1].same_home(decl):
                diags.append(_declared_differently(name, doc, seen[0]))
    for name, doc in sorted(declared.items()):
        config = config_externals.get(name)
        if config is not None and name not in first:
            related = (config.declared_at,) if config.declared_at else ()
            diags.append(
                doc.source.diagnostic(
                    "SG310",
                    f"type '{name}' is declared here and as an external type in the config",
                    ("types", name),
                    key=True,
                    related=related,
                    hint=f"remove one: [external_types.{name}] or this declaration",
                )
            )
    effective = {**config_externals, **{n: d for n, (_, d) in first.items()}}
    diags += _rust_name_clashes(effective, first, set(declared))
    return diags


def _declared_differently(name: str, doc: SpecDocument, other: SpecDocument) -> Diagnostic:
    return doc.source.diagnostic(
        "SG310",
        f"external type '{name}' is declared differently in {other.file}",
        ("types", name),
        key=True,
        related=(other.source.locate(("types", name), key=True),),
        hint="declare it the same way everywhere, or once in the config's [external_types]",
    )


def _rust_name_clashes(
    effective: Mapping[str, ExternalDecl],
    in_specs: Mapping[str, tuple[SpecDocument, ExternalDecl]],
    struct_names: set[str],
) -> list[Diagnostic]:
    diags: list[Diagnostic] = []
    by_rust_name: dict[str, ExternalDecl] = {}
    for name in sorted(effective):
        decl = effective[name]
        if decl.rust_path is None:
            continue
        used = rust_name(decl.rust_path)
        other = by_rust_name.setdefault(used, decl)
        problem = None
        if used in WIRE_NAMES:
            problem = f"its Rust path ends in '{used}', a name generated Rust imports itself"
        elif used in struct_names:
            problem = f"its Rust path ends in '{used}', the name of a type the specs declare"
        elif other.rust_path != decl.rust_path:
            problem = f"its Rust path ends in '{used}', as the path of '{other.name}' does"
        if problem is None:
            continue
        message = f"external type '{name}': {problem}"
        hint = "use 'wire', or a path to a Rust type alias with another name"
        if name in in_specs:
            doc = in_specs[name][0]
            path: JsonPath = ("types", name, "external", "rust", "path")
            diags.append(doc.source.diagnostic("SG312", message, path, hint=hint))
        elif decl.declared_at is not None:
            diags.append(
                Diagnostic("SG312", CODES["SG312"].severity, message, decl.declared_at, hint)
            )
    return diags


def check_external_rust_sides(
    documents: Sequence[SpecDocument], commands: Sequence[CommandIR], rust_backed: set[str]
) -> list[Diagnostic]:
    """A command whose adapter generates Rust uses an external type with no Rust side (SG311).

    ``rust_backed`` names the commands whose adapter generates Rust.
    """
    by_name = {d.spec.name: d for d in documents}
    diags: list[Diagnostic] = []
    for command in commands:
        if command.name not in rust_backed:
            continue
        for ref in externals_of(command):
            if ref.decl.has_rust:
                continue
            declaring = [d for d in documents if _declares_external(d, ref.name)]
            doc = declaring[0] if declaring else by_name[command.name]
            diags.append(_no_rust_side(ref, doc, command.name))
    return diags


def _declares_external(doc: SpecDocument, name: str) -> bool:
    typedef = doc.spec.types.get(name)
    return typedef is not None and typedef.external is not None


def _no_rust_side(ref: ExternalRef, doc: SpecDocument, command: str) -> Diagnostic:
    """Located at the declaration: in the spec that declares it, or in the config."""
    decl = ref.decl
    message = (
        f"external type '{decl.name}' has no Rust side, "
        f"but the Rust-backed command '{command}' uses it"
    )
    hint = 'add "rust": { "path": "..." } or { "wire": "string" } to its declaration'
    if _declares_external(doc, decl.name):
        return doc.source.diagnostic(
            "SG311", message, ("types", decl.name, "external"), key=True, hint=hint
        )
    if decl.declared_at is not None:
        hint = 'add rust = { path = "..." } or rust = { wire = "string" } to its declaration'
        return Diagnostic("SG311", CODES["SG311"].severity, message, decl.declared_at, hint)
    return doc.source.diagnostic("SG311", message, ("name",), hint=hint)
