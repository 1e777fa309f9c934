"""Find every type a command's fields reach, and decide what its spec says about each.

Where the declaration is decides:

- the command's own files, the ts-rs bindings, another command's Types file: carried
  into ``types`` as a struct or an enum (`specgen.reverse.ownership` later keeps one
  declaration per project and makes the other specs refer to it);
- any other module of the codebase (through an alias or a relative import), or a
  package: an external type reference (`specgen.reverse.externals`);
- a generic interface used with arguments (``Page<ChatMessage>``): a struct of its own
  (``ChatMessagePage``), the arguments in place of its parameters;
- a utility type of an interface (``Partial<User>``, ``Pick<User, 'id'>``): a struct of
  its own too (``UserPartial``, ``UserPickId``; `specgen.reverse.utility`).

A name the file neither declares nor imports is reported (SG508); nothing is dropped
silently.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from specgen.codebase import CommandDir
from specgen.codebase.settings import MigrationSettings
from specgen.diagnostics import Diagnostic
from specgen.naming import reserved_type_name
from specgen.reverse import utility
from specgen.reverse.declare import (
    Members,
    declare_type,
    default_refs,
    parameter_values,
    type_problem_diagnostics,
)
from specgen.reverse.declare import located as diagnostic
from specgen.reverse.externals import external_entry, loose_wire, spec_module
from specgen.reverse.typesource import Lookup, TypeSource
from specgen.spec.sourcemap import JsonPath
from specgen.tsread.model import GenericUse, TsAlias, TsField, TsFile, TsInterface, TypeProblem
from specgen.tsread.parser import SourcePos
from specgen.tsread.typetext import UTILITY_TYPES, rename_refs
from specgen.typeexpr import (
    PRIMITIVES,
    SIZED_NUMBERS,
    TypeExprError,
    iter_refs,
    parse_type_expr,
)

_BUILTIN_NAMES = frozenset(PRIMITIVES) | frozenset(SIZED_NUMBERS)

_BYTES_HINT = "JSON carries bytes as numbers or as a base64 string: write `number[]` or `string`"
LIBRARY_TYPES = {
    "Date": "JSON carries a Date as an ISO 8601 string: write `string` if that is what travels",
    "RegExp": "JSON carries a pattern as its source: write `string`",
    "Error": "write the fields that travel (`{ message: string }`), or the runtime's error",
    "URL": "JSON carries a URL as a string: write `string`",
    "Blob": _BYTES_HINT,
    "Buffer": _BYTES_HINT,
    "ArrayBuffer": _BYTES_HINT,
    "Uint8Array": _BYTES_HINT,
}
"""TypeScript's own types a field may name without declaring or importing them (and what
to write instead). A file that declares or imports such a name gets its own."""

Home = tuple[str, ...]
"""Identifies a declared type across specs: the same home is the same type."""
Root = tuple[str, TsFile, SourcePos, JsonPath]
"""A name to find: as written in a file, where, and the spec path it went to."""


class TypeCollector:
    """The ``types`` of one command's spec, and where each came from."""

    def __init__(
        self,
        command: CommandDir,
        settings: MigrationSettings,
        source: TypeSource,
        diags: list[Diagnostic],
        *,
        rust_backed: bool,
    ) -> None:
        """Collect for ``command``; diagnostics go to ``diags``."""
        self.command = command
        self.settings = settings
        self.source = source
        self.diags = diags
        self.rust_backed = rust_backed
        """Whether the command's adapter is Rust-backed (bindings found on the way say so)."""
        self.declared: dict[str, dict[str, Any]] = {}
        self.renames: dict[str, str] = {}
        self.homes: dict[str, Home] = {}
        self.own: set[str] = set()
        self.used_at: dict[str, tuple[str, SourcePos]] = {}
        self.instances: dict[str, tuple[GenericUse, TsFile]] = {}
        self.loose: dict[str, str] = {}
        """External types without a Rust side: the wire a Rust-backed adapter would use."""
        self.command_root = command.path.resolve()

    def type_problems(self, problems: tuple[TypeProblem, ...], file: str, path: JsonPath) -> None:
        """Report what a type lost on its way into the spec."""
        self.diags.extend(type_problem_diagnostics(problems, file, path))

    def uses(self, generics: tuple[GenericUse, ...], file: TsFile) -> None:
        """Note the generic instances a type written in ``file`` names."""
        for use in generics:
            self.instances.setdefault(use.name, (use, file))

    def collect(self, roots: list[Root]) -> None:
        """Find each name of ``roots`` and what it uses in turn; fill ``declared``."""
        queue = deque(roots)
        seen: set[str] = set()
        while queue:
            name, where, pos, path = queue.popleft()
            if name in seen or name in _BUILTIN_NAMES or name in self.settings.aliases:
                continue
            seen.add(name)
            if name in self.settings.config_externals:
                continue  # the config declares it for every spec
            instance = self.instances.get(name)
            if instance is not None:
                self.used_at.setdefault(name, (where.display, pos))
                queue.extend(self.instantiate(name, *instance, path))
                continue
            found = self.source.lookup(where, name)
            if found is None and name in LIBRARY_TYPES:
                self.library_type(name, where, pos, path)
                continue
            if found is None:
                self.diags.append(
                    diagnostic(
                        "SG508",
                        f"type '{name}' is neither declared in the file nor imported by it",
                        where.display,
                        pos,
                        path,
                        hint=f"declare {name!r} in the spec's types, or alias it in specgen.toml",
                    )
                )
                continue
            self.used_at.setdefault(name, (where.display, pos))
            if found.via is not None and (found.declaration is None or self.outside(found)):
                self.external(name, where, found, pos, path)
                continue
            queue.extend(self.carry(name, where, found, pos, path))

    def outside(self, found: Lookup) -> bool:
        """Whether the declaration is beyond the spec's reach.

        Within reach: the command's own files, the ts-rs bindings, another command's
        Types file.
        """
        if found.file is None:
            return True
        file = found.file.path.resolve()
        if self.command_root in file.parents or found.foreign_command:
            return False
        return self.settings.bindings_dir not in file.parts

    def carry(
        self, name: str, where: TsFile, found: Lookup, pos: SourcePos, path: JsonPath
    ) -> list[Root]:
        """Declare the type in the spec (a struct or an enum); the names it uses to find."""
        declaration, file = found.declaration, found.file
        if declaration is None or file is None:  # pragma: no cover - outside() sent it away
            return []
        if isinstance(declaration, TsAlias) and _inlinable(declaration):
            return self.inline_alias(name, declaration, file, path)
        true_name = declaration.name
        reserved = reserved_type_name(true_name)
        if reserved is not None and found.via is not None:
            self.diags.append(
                diagnostic(
                    "SG544",
                    f"type '{true_name}' cannot be declared in a spec: {reserved}; "
                    "it is kept as an external reference to its declaration",
                    where.display,
                    pos,
                    path,
                    hint="nothing to do; or rename the type in the codebase",
                )
            )
            self.external(name, where, found, pos, path)
            return []
        if reserved is not None:
            renamed = self.command.pascal + true_name
            self.diags.append(
                diagnostic(
                    "SG544",
                    f"type '{true_name}' cannot be declared in a spec: {reserved}; "
                    f"it is declared as '{renamed}'",
                    file.display,
                    declaration.pos,
                    ("types", renamed),
                    hint="nothing to do; or rename the type in the codebase",
                )
            )
            true_name = renamed
        if true_name != name:  # imported under another name: the spec uses the real one
            self.renames[name] = true_name
        if self.settings.bindings_dir in file.path.parts:
            self.rust_backed = True
        self.homes[true_name] = ("decl", str(file.path.resolve()), declaration.name)
        if self.command_root in file.path.resolve().parents:
            self.own.add(true_name)
        self.used_at.setdefault(true_name, (where.display, pos))
        return self.declare(true_name, declaration, file)

    def library_type(self, name: str, where: TsFile, pos: SourcePos, path: JsonPath) -> None:
        """A type of TypeScript's library (``Date``), neither declared nor imported: unknown."""
        self.renames[name] = "unknown"
        self.diags.append(
            diagnostic(
                "SG509",
                f"`{name}` is a type of TypeScript's library, not in the spec type language; "
                "read as `unknown`",
                where.display,
                pos,
                path,
                hint=LIBRARY_TYPES[name],
            )
        )

    def inline_alias(self, name: str, alias: TsAlias, file: TsFile, path: JsonPath) -> list[Root]:
        """Write a plain alias's target where its name is used: a spec declares no aliases."""
        target = alias.type
        self.renames[name] = target.text
        self.diags.append(
            diagnostic(
                "SG548",
                f"type alias '{alias.name}' = `{target.written}` is written in place of its "
                f"name (`{target.text}`)",
                file.display,
                alias.pos,
                path,
                hint=f'nothing to do; to keep the name, declare "{alias.name}" under '
                "[aliases] in specgen.toml",
            )
        )
        self.type_problems(target.problems, file.display, path)
        self.uses(target.generics, file)
        return [(ref, file, alias.pos, path) for ref in target.refs]

    def external(
        self, name: str, where: TsFile, found: Lookup, pos: SourcePos, path: JsonPath
    ) -> None:
        """Refer to the type where it lives: an ``external`` entry with its import path."""
        imp, module = found.via, found.module
        if imp is None or module is None:  # pragma: no cover - only imported names get here
            return
        if module.file is None and module.kind != "package":
            how = "relative to the file" if module.kind == "relative" else "through tsconfig paths"
            self.diags.append(
                diagnostic(
                    "SG547",
                    f"module '{imp.module}' (imported for '{name}') is not found {how}; "
                    "the type is kept as an external reference to it, as written",
                    where.display,
                    imp.pos,
                    path,
                    hint="check the import and the tsconfig's baseUrl/paths",
                )
            )
        elif found.declaration is None:
            where_from = "the package" if module.kind == "package" else "the module"
            self.diags.append(
                diagnostic(
                    "SG542",
                    f"type '{name}' comes from {where_from} '{imp.module}', whose declaration "
                    "is not read; it is kept as an external reference",
                    where.display,
                    pos,
                    path,
                    hint="give it a Rust side in the spec if a Rust-backed adapter uses it",
                )
            )
        specifier = spec_module(imp.module, where.path, self.settings.ts_root)
        self.declared[name] = external_entry(name, imp.imported, specifier, found.declaration)
        if found.file is not None and found.declaration is not None:
            self.homes[name] = ("decl", str(found.file.path.resolve()), found.declaration.name)
        else:
            self.homes[name] = ("module", specifier, imp.imported)
        if "rust" not in self.declared[name]["external"]:
            self.loose[name] = loose_wire(found.declaration)

    def instantiate(self, name: str, use: GenericUse, where: TsFile, path: JsonPath) -> list[Root]:
        """Declare a use of a generic interface as a struct of its own (``ChatMessagePage``)."""
        if use.generic in UTILITY_TYPES:  # Partial<User>: `specgen.reverse.utility`
            return utility.expand(self, name, use, where, path)
        found = self.source.lookup(where, use.generic)
        declaration = found.declaration if found is not None else None
        if found is None or found.file is None or not isinstance(declaration, TsInterface):
            self.diags.append(
                diagnostic(
                    "SG509",
                    f"generic type `{use.generic}<{', '.join(use.args)}>`: no generic interface "
                    f"'{use.generic}' is found through the file's imports; read as `unknown`",
                    where.display,
                    use.pos,
                    path,
                    hint="declare a struct for it in the spec",
                )
            )
            self.renames[name] = "unknown"
            return []
        params = declaration.type_params
        values = parameter_values(declaration, use.args)
        self.diags.append(
            diagnostic(
                "SG546",
                f"generic interface '{declaration.name}<{', '.join(params)}>' is declared as "
                f"'{name}' with " + ", ".join(f"{p} = {v}" for p, v in values.items()),
                where.display,
                use.pos,
                ("types", name),
                hint="the spec has no type parameters; rename the struct if you like",
            )
        )
        self.homes[name] = ("generic", str(found.file.path.resolve()), declaration.name, *use.args)
        refs = [
            r for r in self.declare(name, declaration, found.file, values) if r[0] not in values
        ]
        for arg in use.args:
            try:
                arg_refs = [ref.name for ref in iter_refs(parse_type_expr(arg))]
            except TypeExprError:  # pragma: no cover - args are rendered type expressions
                continue
            refs.extend((r, where, use.pos, path) for r in arg_refs)
        left_out = default_refs(declaration, len(use.args))  # parameters without an argument
        refs.extend((r, found.file, declaration.pos, path) for r in left_out)
        return refs

    def declare(
        self,
        name: str,
        decl: TsInterface | TsAlias,
        file: TsFile,
        values: dict[str, str] | None = None,
        *,
        members: Members | None = None,
    ) -> list[Root]:
        """Declare ``decl`` as ``name``; ``values`` stand for a generic's parameters.

        ``members`` gives the fields (by default: ``decl``'s, inherited ones first).
        """
        path: JsonPath = ("types", name)
        declared = declare_type(
            name,
            decl,
            file,
            values=values,
            members=members or (lambda d, f: self.members(d, f, path, frozenset())),
        )
        self.diags.extend(declared.diagnostics)
        for use, home in declared.generics:
            self.uses((use,), home)
        if declared.entry is None:
            return []
        self.declared[name] = declared.entry
        return declared.refs

    def members(
        self, decl: TsInterface, file: TsFile, path: JsonPath, seen: frozenset[str]
    ) -> list[tuple[TsField, TsFile]]:
        """The fields of ``decl``, those of the interfaces it extends first.

        Each comes with the file its type names are looked up in (a parent may be
        declared in another file).
        """
        seen = seen | {decl.name}
        members: list[tuple[TsField, TsFile]] = []
        for parent in decl.extends:
            found = self.source.lookup(file, parent)
            inherited = found.declaration if found is not None else None
            if parent in seen:
                continue
            if found is None or found.file is None or not isinstance(inherited, TsInterface):
                self.diags.append(
                    diagnostic(
                        "SG508",
                        f"'{decl.name}' extends '{parent}', whose fields cannot be read; "
                        "they are not in the spec",
                        file.display,
                        decl.pos,
                        path,
                        hint="add the fields to the spec by hand",
                    )
                )
                continue
            members.extend(self.members(inherited, found.file, path, seen))
        members.extend((f, file) for f in decl.fields)
        return members

    def finish(self, params: list[dict[str, Any]], results: list[dict[str, Any]]) -> None:
        """Apply renames to the spec's fields and give Rust-backed externals a Rust side."""
        if self.renames:
            self.apply_renames(params, results)
        if self.rust_backed:
            self.loose_rust_sides()

    def loose_rust_sides(self) -> None:
        """A Rust-backed adapter needs a Rust side for every external type: a loose wire."""
        for name, wire in self.loose.items():
            external = self.declared[name]["external"]
            external["rust"] = {"wire": wire}
            file, pos = self.used_at.get(name, (str(self.command.path), SourcePos(1, 1)))
            self.diags.append(
                diagnostic(
                    "SG543",
                    f"external type '{name}' has no Rust side that can be read off its "
                    f"declaration; the Rust-backed adapter carries it as `{wire}`",
                    file,
                    pos,
                    ("types", name, "external", "rust"),
                    hint='give its Rust type instead: "rust": { "path": "crate::..." }',
                )
            )

    def apply_renames(self, params: list[dict[str, Any]], results: list[dict[str, Any]]) -> None:
        """Use the declared names of types the file imports under other names."""
        for entry in (*params, *results):
            entry["type"] = _renamed(entry["type"], self.renames)
        for declared in self.declared.values():
            for item in declared.get("fields", {}).values():
                item["type"] = _renamed(item["type"], self.renames)
        for old, new in self.renames.items():
            if old in self.declared and new not in self.declared and new != "unknown":
                self.declared[new] = self.declared.pop(old)


def _inlinable(alias: TsAlias) -> bool:
    """A plain alias (not a string enum) whose target does not name the alias itself."""
    return alias.values is None and alias.name not in alias.type.refs


_MAX_RENAME_ROUNDS = 16
"""An alias may name another: renames apply until nothing changes (or this many times)."""


def _renamed(text: str, renames: dict[str, str]) -> str:
    """``text`` with ``renames`` applied until it no longer changes (chained aliases)."""
    for _ in range(_MAX_RENAME_ROUNDS):
        renamed = rename_refs(text, renames)
        if renamed == text:
            break
        text = renamed
    return text
