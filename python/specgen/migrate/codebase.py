"""Types a v1 spec names but cannot declare, found in the codebase (``migrate --from DIR``).

The codebase is read the way ``specgen reverse`` reads it: every command folder's
Types file is parsed with the TypeScript parser and extracted (``specgen.reverse``),
and a name is resolved from the command's own Types file first (declared there, or
imported through a relative path), then from any Types file that declares it, then
from any file that imports it.

- A type declared in a command's Types file, or in the ts-rs bindings folder (a type
  Rust owns), is carried into the spec as a struct or an enum, as reverse does; the
  types its fields name are resolved the same way, from that file. A name the
  generated code cannot declare (a runtime name such as ``PressureLevel``) is
  referred to as an external type instead.
- Imports are followed as TypeScript follows them (`specgen.codebase`): relative
  paths, and aliases through the ``paths``/``baseUrl`` of the tsconfig at or above
  each file (``extends`` chains read). A tree with no tsconfig at or above DIR is read
  with the conventional mapping, ``@system/core/X`` as ``DIR/system/core/X``.
- A type declared anywhere else (a core module), or imported from a module that
  cannot be followed (a package, an alias nothing maps), becomes an external type reference:
  its TypeScript module is the import path as written, a relative one rewritten
  relative to the project's TypeScript root (where generated ``.ts`` files live), as
  the external type shape wants it. Its Rust side is a ``wire``
  representation when the declaration is a plain alias of string, number or boolean
  (or a string union); otherwise it is left to the batch (``rust_wire`` is None).
- A name no file declares or imports stays unresolved.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from specgen.codebase import (
    TYPES_SUFFIX,
    ModuleResolver,
    TsConfig,
    command_path,
    conventional_config,
    module_path,
    scan_tree,
    specifier_from,
)
from specgen.diagnostics import Diagnostic
from specgen.naming import reserved_type_name
from specgen.reverse.declare import (
    Declared,
    declare_type,
    located,
    parameter_values,
    same_file_members,
)
from specgen.reverse.externals import external_entry
from specgen.reverse.typesource import TypeSource
from specgen.reverse.utility import utility_members
from specgen.spec.sourcemap import JsonPath
from specgen.tsread.model import GenericUse, TsAlias, TsFile, TsImport, TsInterface
from specgen.tsread.parser import SourcePos
from specgen.tsread.typetext import UTILITY_TYPES
from specgen.typeexpr import (
    PRIMITIVES,
    SIZED_NUMBERS,
    TypeExprError,
    iter_refs,
    parse_type_expr,
)

_BUILTIN = frozenset(PRIMITIVES) | frozenset(SIZED_NUMBERS)


@dataclass
class FoundType:
    """One type definition for the spec's ``types`` block, and where it came from."""

    name: str
    entry: dict[str, Any]
    """The ``types`` entry; an external one has no ``rust`` yet when ``rust_wire`` is None."""
    file: str
    pos: SourcePos
    owner_command: str | None = None
    """The command whose Types file declares a carried type (it owns the type)."""
    external: bool = False
    rust_wire: str | None = None
    is_object: bool = False
    needs: tuple[str, ...] = ()
    """Names the type's fields use (carried types only)."""
    home: TsFile | None = None
    """The file a carried type is declared in: the names it uses are resolved there."""
    need_sites: dict[str, tuple[str, SourcePos, JsonPath]] = field(default_factory=dict)
    """Where each name of ``needs`` is first used: (file, position, spec path of the type)."""
    diagnostics: list[Diagnostic] = field(default_factory=list)


@dataclass
class CodebaseIndex:
    """The Types files under DIR, by command name and by the names they declare."""

    root: Path
    source: TypeSource
    by_command: dict[str, TsFile] = field(default_factory=dict)
    command_of: dict[Path, str] = field(default_factory=dict)
    """Each Types file's command name: the accessor's, else its path below ``commands/``."""
    declaring: dict[str, list[TsFile]] = field(default_factory=dict)
    importing: dict[str, list[tuple[TsFile, TsImport]]] = field(default_factory=dict)
    types_files: int = 0
    bindings_dir: str = "bindings"
    ts_root: Path | None = None
    """What a relative external module is written relative to (default: ``root``)."""
    tsconfig: TsConfig | None = None
    """The tsconfig at or above ``root`` (None: the conventional ``@x/*`` mapping applies)."""

    def config_problems(self) -> list[Diagnostic]:
        """The tsconfig files that could not be read so far (SG540, SG541), located."""
        return [
            replace(d, location=replace(d.location, file=_display(Path(d.location.file))))
            for d in self.source.resolver.configs.problems
        ]


def index_codebase(
    root: Path,
    execute_object: str = "Commands",
    bindings_dir: str = "bindings",
    ts_root: Path | None = None,
) -> CodebaseIndex:
    """Parse every command's Types file under ``root`` (a command folder per ``scan_tree``).

    ``ts_root`` is the project's TypeScript root: relative external modules are
    written relative to it (default: ``root``).
    """
    resolver = ModuleResolver()
    tsconfig = resolver.configs.for_folder(root.resolve())
    resolver.fallback = tsconfig or conventional_config(root)
    index = CodebaseIndex(
        root,
        TypeSource(execute_object, resolver),
        bindings_dir=bindings_dir,
        ts_root=ts_root,
        tsconfig=tsconfig,
    )
    commands, _loose = scan_tree(root)
    for command in commands:
        if command.types_file is None:
            continue
        parsed = index.source.file(command.types_file, _display(command.types_file))
        if parsed is None:
            continue
        index.types_files += 1
        accessor = next((a for a in parsed.accessors if a.command_name or a.forwarded), None)
        canonical = command_path(command.path, None)
        if accessor is not None:
            canonical = accessor.command_name or accessor.forwarded or canonical
        index.command_of[parsed.path] = canonical
        for name in (canonical, command.rel, *_tail_names(command.rel)):
            index.by_command.setdefault(name, parsed)
        for declared in (*parsed.interfaces, *parsed.aliases):
            index.declaring.setdefault(declared, []).append(parsed)
        for imp in parsed.imports:
            index.importing.setdefault(imp.name, []).append((parsed, imp))
    return index


def _tail_names(rel: str) -> list[str]:
    """``commands/gpu/stats`` also answers to ``gpu/stats`` (the tree may start above it)."""
    parts = rel.split("/")
    return ["/".join(parts[i:]) for i in range(1, len(parts) - 1)]


def _display(path: Path) -> str:
    try:
        return os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)


class TypeFinder:
    """Resolves the names one batch of specs needs, each definition made once."""

    def __init__(self, index: CodebaseIndex) -> None:
        """Resolve against ``index``."""
        self.index = index
        self.found: dict[str, FoundType | None] = {}
        self.instances: dict[str, tuple[GenericUse, TsFile]] = {}
        """Generic and utility uses of carried types (``Page<Item>``, ``Partial<Item>``) by
        the name the spec gives them (``ItemPage``, ``ItemPartial``)."""

    def resolve(
        self, command: str, names: Iterable[str], notes: list[Diagnostic] | None = None
    ) -> dict[str, FoundType | None]:
        """Each name (and the names its definition uses), as seen from ``command``'s file.

        A name is defined once per batch (specs share one namespace); when ``command``'s
        file declares another type under a name already carried, SG410 goes to ``notes``.
        """
        own = self.index.by_command.get(command)
        result: dict[str, FoundType | None] = {}
        queue: list[tuple[str, TsFile | None]] = [(n, own) for n in names]
        while queue:
            name, where = queue.pop(0)
            if name in result or name in _BUILTIN:
                continue
            if name in self.found:
                found = self.found[name]
                if notes is not None:
                    notes.extend(_collision(name, where, found))
            else:
                found = self._find(name, where)
            self.found[name] = found
            result[name] = found
            if found is not None:
                queue.extend((n, found.home) for n in found.needs)
        return result

    def shadowed(self, command: str, name: str, declarer: str, owner: str) -> list[Diagnostic]:
        """SG410 when the codebase has its own ``name`` for ``command``, but a spec declares it.

        ``declarer`` (a spec file of the batch, for the command ``owner``) declares
        ``name`` itself, so ``command``'s spec uses that type without looking it up. The
        codebase's type is the one ``command`` would have got: the one its own Types file
        declares or imports, else any Types file's; none of ``owner``'s own file.
        """
        own = self.index.by_command.get(command)
        found = None if own is None else self.index.source.resolve(own, name)
        if found is not None:
            home, decl = found.file, found.declaration
        else:
            homes = self.index.declaring.get(name, [])
            if not homes:
                return []
            home = homes[0]
            decl = home.interfaces.get(name) or home.aliases[name]
        if self.index.command_of.get(home.path) == owner:
            return []  # the declaring spec's own command: the same type
        return [
            located(
                "SG410",
                f"'{name}' declared here is not the '{name}' that {declarer} declares, "
                f"which {command} now uses (specs share one type namespace)",
                home.display,
                decl.pos,
                ("types", name),
                hint="rename one of the two types, or declare the one meant in the spec",
            )
        ]

    def _find(self, name: str, where: TsFile | None) -> FoundType | None:
        if name in self.instances:
            return self._instance(name)
        candidates: list[TsFile] = [where] if where is not None else []
        candidates += self.index.declaring.get(name, [])
        for file in candidates:
            found = self._from_file(name, file)
            if found is not None:
                return found
        for file, imp in self.index.importing.get(name, []):
            return self._external(name, file, imp, None)
        return None

    def _from_file(self, name: str, file: TsFile) -> FoundType | None:
        imp = next((i for i in file.imports if i.name == name), None)
        resolved = self.index.source.resolve(file, name)
        if resolved is None:
            return self._external(name, file, imp, None) if imp is not None else None
        decl, home = resolved.declaration, resolved.file
        carriable = (
            home.path.name.endswith(TYPES_SUFFIX) or self.index.bindings_dir in home.path.parts
        )
        if carriable and reserved_type_name(name) is None:
            declared = declare_type(name, decl, home)
            if declared.entry is not None:
                return self._carried(name, decl, home, declared)
        if imp is None:  # declared in this file but not a spec shape: refer to the file itself
            module = _root_module(self.index.ts_root or self.index.root, home.path)
            return self._external_at(
                name, module, decl.name, file=home.display, pos=decl.pos, decl=decl
            )
        return self._external(name, file, imp, decl)

    def _carried(
        self, name: str, decl: TsInterface | TsAlias, home: TsFile, declared: Declared
    ) -> FoundType:
        """A type carried into the specs; the generic uses of its fields become findable."""
        assert declared.entry is not None  # noqa: S101  # callers pass a declared entry
        self.instances.update({use.name: (use, file) for use, file in declared.generics})
        return FoundType(
            name,
            declared.entry,
            home.display,
            decl.pos,
            owner_command=self._command_of(home),
            is_object=isinstance(decl, TsInterface),
            needs=tuple(dict.fromkeys(r for r, *_ in declared.refs)),
            home=home,
            need_sites=_need_sites(declared.refs),
            diagnostics=declared.diagnostics,
        )

    def _instance(self, name: str) -> FoundType | None:
        """The struct a carried type's field names (``ItemPartial``, ``ItemPage``).

        Declared as reverse declares it: a utility type's fields, or the generic's fields
        with its arguments; None when the interface is not found (SG409 then).
        """
        use, where = self.instances[name]
        utility = use.generic in UTILITY_TYPES
        found = self.index.source.lookup(where, use.args[0] if utility else use.generic)
        decl = found.declaration if found is not None else None
        if found is None or found.file is None or not isinstance(decl, TsInterface):
            return None
        if utility and decl.type_params:  # Partial<Page>: the arguments are missing
            return None
        if not utility and not decl.type_params:  # Item<X>: not a generic interface
            return None
        if utility:
            chosen = utility_members(use, same_file_members(decl, found.file))
            declared = declare_type(name, decl, found.file, members=lambda _d, _f: chosen)
        else:
            values = parameter_values(decl, use.args)
            declared = declare_type(name, decl, found.file, values=values)
        if declared.entry is None:
            return None
        carried = self._carried(name, decl, found.file, declared)
        if utility:
            return carried
        arguments = [ref for arg in use.args for ref in _names_in(arg)]  # Item of Page<Item>
        return replace(carried, needs=tuple(dict.fromkeys([*carried.needs, *arguments])))

    def _command_of(self, file: TsFile) -> str | None:
        return self.index.command_of.get(file.path)

    def _external(
        self, name: str, file: TsFile, imp: TsImport, decl: TsInterface | TsAlias | None
    ) -> FoundType:
        module = imp.module
        if module.startswith("."):
            target = (file.path.parent / module).resolve()
            module = _root_module(self.index.ts_root or self.index.root, target)
        elif decl is None:  # an alias: its declaration, when it leads into the codebase
            found = self.index.source.resolve(file, imp.name)
            decl = found.declaration if found is not None else None
        return self._external_at(
            name, module, imp.imported, file=file.display, pos=imp.pos, decl=decl
        )

    def _external_at(  # noqa: PLR0913  # a definition has this many parts
        self,
        name: str,
        module: str,
        exported: str,
        *,
        file: str,
        pos: SourcePos,
        decl: TsInterface | TsAlias | None,
    ) -> FoundType:
        own_name = name if exported == "default" else exported  # a default export takes ours
        entry = external_entry(name, own_name, module, decl)
        wire = entry["external"].get("rust", {}).get("wire")
        return FoundType(
            name,
            entry,
            file,
            pos,
            external=True,
            rust_wire=wire,
            is_object=isinstance(decl, TsInterface),
        )


def _need_sites(
    refs: list[tuple[str, TsFile, SourcePos, JsonPath]],
) -> dict[str, tuple[str, SourcePos, JsonPath]]:
    """The first place each name is used, for a diagnostic when it cannot be resolved."""
    sites: dict[str, tuple[str, SourcePos, JsonPath]] = {}
    for name, file, pos, path in refs:
        sites.setdefault(name, (file.display, pos, path))
    return sites


def _collision(name: str, where: TsFile | None, found: FoundType | None) -> list[Diagnostic]:
    """SG410 when ``where`` declares its own ``name`` but another file's was carried."""
    local = None if where is None else where.interfaces.get(name) or where.aliases.get(name)
    if local is None or found is None or found.home is None or found.home is where:
        return []
    return [
        located(
            "SG410",
            f"'{name}' declared here differs from the '{name}' of {found.file}, which the "
            "migrated specs already use (specs share one type namespace)",
            where.display if where is not None else found.file,
            local.pos,
            ("types", name),
            hint="rename one of the two types, then declare it in the spec by hand",
        )
    ]


def _root_module(root: Path, target: Path) -> str:
    """``target`` as a module path relative to ``root``: ``./system/core/types/X``."""
    stem = module_path(target)
    return specifier_from(root.resolve(), stem.parent if stem.name == "index" else stem)


def _names_in(type_text: str) -> list[str]:
    """The type names a spec type expression (a generic's argument) uses."""
    try:
        return [ref.name for ref in iter_refs(parse_type_expr(type_text))]
    except TypeExprError:
        return []
