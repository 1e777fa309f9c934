"""Find where a type a file uses is declared, following its imports through the codebase.

An import's module is resolved the way TypeScript resolves it (`specgen.codebase.modules`):
relative paths, the tsconfig's ``paths`` aliases and ``baseUrl``, ``index.ts``; a
name that is re-exported (``export type { X } from './x'``, imported and then
``export type { X }``, or ``export * from './x'`` in a barrel file) is followed to its
declaration. A module that is not a file
of the codebase (a package) ends the search: the type is outside. Parsed files are
cached for the run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from specgen.codebase import TYPES_SUFFIX, ModuleResolver, ResolvedModule
from specgen.tsread.extract import read_ts_file
from specgen.tsread.model import TsAlias, TsFile, TsImport, TsInterface

MAX_HOPS = 8
"""Re-export chains longer than this are not followed."""


@dataclass(frozen=True, slots=True)
class Found:
    """Where an imported type is declared.

    ``foreign_command`` is True when that file is another command's Types file: the
    type then belongs to that command's spec and is referenced, not copied.
    """

    file: TsFile
    declaration: TsInterface | TsAlias
    foreign_command: bool


@dataclass(frozen=True, slots=True)
class Lookup:
    """Where a type a file uses comes from.

    ``via`` is the import of the using file that brings the name in (None when the
    file declares it), and ``module`` where that import's specifier leads. ``file``
    and ``declaration`` are the declaration at the end of the chain, None when it is
    outside the codebase (a package) or cannot be found in the file the chain ends in.
    ``foreign_command`` is True when that file is another command's Types file.
    """

    via: TsImport | None
    module: ResolvedModule | None
    file: TsFile | None
    declaration: TsInterface | TsAlias | None
    foreign_command: bool = False

    @property
    def declared_name(self) -> str | None:
        """The name the declaration has where it is declared."""
        return self.declaration.name if self.declaration is not None else None


def is_types_file(path: Path) -> bool:
    """Whether ``path`` is a command's Types file (``shared/*Types.ts``)."""
    return path.name.endswith(TYPES_SUFFIX) and path.parent.name == "shared"


class TypeSource:
    """Resolves names to declarations across files (one parse per file per run)."""

    def __init__(
        self, execute_object: str = "Commands", resolver: ModuleResolver | None = None
    ) -> None:
        """Start with an empty cache; ``resolver`` follows imports (a fresh one by default)."""
        self.execute_object = execute_object
        self.resolver = resolver or ModuleResolver()
        self._files: dict[Path, TsFile | None] = {}

    def file(self, path: Path, display: str) -> TsFile | None:
        """The parsed file at ``path`` (None when it cannot be read)."""
        key = path.resolve()
        if key not in self._files:
            try:
                self._files[key] = read_ts_file(key, display, self.execute_object)
            except (OSError, UnicodeDecodeError):
                self._files[key] = None
        return self._files[key]

    def resolve(self, importer: TsFile, name: str) -> Found | None:
        """The declaration ``name`` refers to in ``importer`` (declared there or imported).

        None when it is neither, or when the import leads outside the codebase or to
        no declaration (`lookup` tells these apart).
        """
        found = self.lookup(importer, name)
        if found is None or found.file is None or found.declaration is None:
            return None
        return Found(found.file, found.declaration, found.foreign_command)

    def lookup(self, importer: TsFile, name: str) -> Lookup | None:
        """Where ``name``, as ``importer`` uses it, comes from.

        None when ``importer`` neither declares nor imports it.
        """
        local = importer.interfaces.get(name) or importer.aliases.get(name)
        if local is not None:
            return Lookup(None, None, importer, local)
        imp = next((i for i in importer.imports if i.name == name), None)
        if imp is None:
            return None
        module = self.resolver.resolve(imp.module, importer.path)
        file, declaration = self._follow(importer, imp, module, 0)
        foreign = file is not None and declaration is not None and is_types_file(file.path)
        return Lookup(imp, module, file, declaration, foreign and file is not importer)

    def _follow(
        self, importer: TsFile, imp: TsImport, module: ResolvedModule, hops: int
    ) -> tuple[TsFile | None, TsInterface | TsAlias | None]:
        if module.file is None or hops > MAX_HOPS:
            return None, None
        parsed = self.file(module.file, _display(importer.display, importer.path, module.file))
        if parsed is None:
            return None, None
        found = parsed.interfaces.get(imp.imported) or parsed.aliases.get(imp.imported)
        if found is not None:
            return parsed, found
        onward = next((i for i in parsed.imports if i.name == imp.imported), None)
        if onward is not None:
            next_module = self.resolver.resolve(onward.module, parsed.path)
            return self._follow(parsed, onward, next_module, hops + 1)
        for star in parsed.star_exports:  # a barrel: export * from './x'
            star_import = TsImport(imp.imported, imp.imported, star, type_only=True, pos=imp.pos)
            star_module = self.resolver.resolve(star, parsed.path)
            file, found = self._follow(parsed, star_import, star_module, hops + 1)
            if found is not None:
                return file, found
        return parsed, None


def _display(importer_display: str, importer: Path, target: Path) -> str:
    """A display name for ``target`` in the same style as the importer's (relative or not)."""
    rel = os.path.relpath(target, importer.parent)
    return os.path.normpath(os.path.join(os.path.dirname(importer_display), rel))  # noqa: PTH118, PTH120  # plain string paths, as the user typed them
