"""Find the declaration of an imported type by following relative imports.

Rust-owned types are imported from the ts-rs bindings folder and re-exported;
shared types may come from a sibling module. Relative module paths are resolved
the way TypeScript does (``./X``, ``./X.ts``, ``./X.js`` -> ``X.ts``,
``./X/index.ts``); path aliases (``@shared/...``) are not, so a type imported
through one is reported as not found. Parsed files are cached for the run.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from specgen.reverse.codebase import TYPES_SUFFIX
from specgen.reverse.extract import read_ts_file
from specgen.reverse.model import TsAlias, TsFile, TsInterface


@dataclass(frozen=True, slots=True)
class Found:
    """Where an imported type is declared.

    ``foreign_command`` is True when that file is another command's Types file: the
    type then belongs to that command's spec and is referenced, not copied.
    """

    file: TsFile
    declaration: TsInterface | TsAlias
    foreign_command: bool


def _module_file(importer: Path, module: str) -> Path | None:
    if not module.startswith("."):
        return None
    base = importer.parent / module
    stem = base.with_suffix("") if base.suffix in {".js", ".ts", ".mjs"} else base
    for candidate in (
        stem.with_name(stem.name + ".ts"),
        stem.with_name(stem.name + ".d.ts"),
        stem / "index.ts",
    ):
        if candidate.is_file():
            return candidate
    return None


class TypeSource:
    """Resolves names to declarations across files (one parse per file per run)."""

    def __init__(self, execute_object: str = "Commands") -> None:
        """Start with an empty cache."""
        self.execute_object = execute_object
        self._files: dict[Path, TsFile | None] = {}

    def file(self, path: Path, display: str) -> TsFile | None:
        """The parsed file at ``path`` (None when it cannot be read)."""
        key = path.resolve()
        if key not in self._files:
            try:
                self._files[key] = read_ts_file(key, display, self.execute_object)
            except OSError:
                self._files[key] = None
        return self._files[key]

    def resolve(self, importer: TsFile, name: str, depth: int = 0) -> Found | None:
        """The declaration ``name`` refers to in ``importer`` (declared there or imported)."""
        local = importer.interfaces.get(name) or importer.aliases.get(name)
        if local is not None:
            return Found(importer, local, foreign_command=False)
        if depth > 8:
            return None
        imp = next((i for i in importer.imports if i.name == name), None)
        target = _module_file(importer.path, imp.module) if imp is not None else None
        if imp is None or target is None:
            return None
        parsed = self.file(target, _display(importer.display, importer.path, target))
        found = self.resolve(parsed, imp.imported, depth + 1) if parsed is not None else None
        if found is None:
            return None
        foreign = found.foreign_command or (
            found.file.path.name.endswith(TYPES_SUFFIX) and found.file.path.parent.name == "shared"
        )
        return Found(found.file, found.declaration, foreign)


def _display(importer_display: str, importer: Path, target: Path) -> str:
    """A display name for ``target`` in the same style as the importer's (relative or not)."""
    rel = os.path.relpath(target, importer.parent)
    return os.path.normpath(os.path.join(os.path.dirname(importer_display), rel))  # noqa: PTH118, PTH120  # plain string paths, as the user typed them
