"""Which module each name adopt adds comes from, and the import edits that bring it in.

A name is looked up in this order: the file itself (it declares or imports the name:
nothing to add), the other files of the tree (what they import the name from, written
relative to this file when they import it by a relative path; the file's own style,
relative or alias, is preferred), then the project config's runtime import map. A name
none of these resolves is an error that says how to configure it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from specgen.adopt.locate import FileLayout, ImportList, locate
from specgen.adopt.runtime import Role, RuntimeMap
from specgen.adopt.style import FileStyle
from specgen.codebase import (
    ModuleResolver,
    alias_specifier,
    is_relative,
    relative_specifier,
)
from specgen.tsread.parser import parse_typescript

_TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")
_SKIP_DIRS = frozenset({"node_modules", ".git"})


@dataclass(frozen=True, slots=True)
class Need:
    """A name an addition uses: its local name, exported name and role."""

    local: str
    exported: str
    role: Role

    @property
    def type_only(self) -> bool:
        """Whether only its type is used (an ``import type`` brings it)."""
        return self.role.type_only


@dataclass
class TreeIndex:
    """The TypeScript files of the tree, parsed on demand, for what they import and use."""

    roots: list[Path]
    _files: list[Path] | None = None
    _sources: dict[Path, bytes] = field(default_factory=dict)
    _layouts: dict[Path, FileLayout] = field(default_factory=dict)
    _imports: dict[str, list[tuple[Path, str]]] = field(default_factory=dict)
    _factory_types: tuple[Counter[str], Counter[str]] | None = None

    def files(self) -> list[Path]:
        """Every TypeScript file below the roots (no declaration files), once each."""
        if self._files is None:
            seen: dict[Path, None] = {}
            for root in self.roots:
                for dirpath, dirnames, filenames in os.walk(root):
                    dirnames[:] = sorted(
                        d for d in dirnames if d not in _SKIP_DIRS and not d.startswith(".")
                    )
                    for name in sorted(filenames):
                        if name.endswith(_TS_SUFFIXES) and not name.endswith(".d.ts"):
                            seen.setdefault(Path(dirpath, name).resolve(), None)
            self._files = list(seen)
        return self._files

    def source(self, path: Path) -> bytes:
        """The bytes of a tree file (empty when unreadable)."""
        if path not in self._sources:
            try:
                self._sources[path] = path.read_bytes()
            except OSError:
                self._sources[path] = b""
        return self._sources[path]

    def layout(self, path: Path) -> FileLayout:
        """The parsed top level of a tree file."""
        if path not in self._layouts:
            self._layouts[path] = locate(parse_typescript(self.source(path)))
        return self._layouts[path]

    def mentioning(self, *words: str) -> Iterable[tuple[Path, FileLayout]]:
        """Files whose bytes contain every one of ``words``, parsed."""
        needles = [w.encode() for w in words]
        for path in self.files():
            data = self.source(path)
            if all(n in data for n in needles):
                yield path, self.layout(path)

    def imports_of(self, exported: str) -> list[tuple[Path, str]]:
        """(file, module as written there) for every import of ``exported`` under its name."""
        if exported in self._imports:
            return self._imports[exported]
        found = []
        for path, layout in self.mentioning(exported, "import"):
            entry = layout.imported.get(exported)
            if entry is None:
                continue
            module = entry[0]
            original = next(
                (i.names[exported] for i in layout.imports if exported in i.names), exported
            )
            if original == exported:
                found.append((path, module))
        self._imports[exported] = found
        return found

    def factory_type_names(self) -> tuple[Counter[str], Counter[str]]:
        """How often the tree's factories type ``context`` and ``sessionId`` with each name."""
        if self._factory_types is not None:
            return self._factory_types
        contexts: Counter[str] = Counter()
        sessions: Counter[str] = Counter()
        for _, layout in self.mentioning("sessionId", "create"):
            if layout.factory_types.context:
                contexts[layout.factory_types.context] += 1
            if layout.factory_types.session_id:
                sessions[layout.factory_types.session_id] += 1
        self._factory_types = (contexts, sessions)
        return self._factory_types


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A module some file imports the name from (or the config names), and what it is."""

    module: str
    """As written where it was found."""
    importer: Path
    """The file that imports it (the config: a file in the TypeScript root)."""
    target: Path | None
    """The file it resolves to, when it does."""
    key: str
    """What votes count: the file, else the module (a relative one made absolute)."""


class ImportResolver:
    """Finds the module of each needed name for one file."""

    def __init__(self, tree: TreeIndex, runtime: RuntimeMap) -> None:
        """Resolve through the files of ``tree``, then the config's ``runtime`` map."""
        self.tree = tree
        self.runtime = runtime
        self.modules = ModuleResolver()
        self._tree_candidates: dict[str, list[_Candidate]] = {}

    def candidate(self, module: str, importer: Path) -> _Candidate:
        """What ``module``, imported by ``importer``, is."""
        target = self.modules.resolve(module, importer).file
        if target is not None:
            key = str(target)
        elif module.startswith("."):
            key = os.path.normpath(importer.parent / module)
        else:
            key = module
        return _Candidate(module, importer, target, key)

    def candidates(self, need: Need, here: Path) -> list[_Candidate]:
        """Where the tree imports the name from; else where the config places it."""
        if need.exported not in self._tree_candidates:
            self._tree_candidates[need.exported] = [
                self.candidate(module, path) for path, module in self.tree.imports_of(need.exported)
            ]
        found = [c for c in self._tree_candidates[need.exported] if c.importer != here]
        if found:
            return found
        configured = self.runtime.module_for(need.role)
        if configured is None:
            return []
        if configured.startswith("."):
            return [self.candidate(configured, self.runtime.typescript_root / "index.ts")]
        return [self.candidate(configured, here)]

    def spelled(self, candidate: _Candidate, here: Path) -> str:
        """``candidate`` as ``here`` writes it (a relative path rewritten for ``here``)."""
        if not candidate.module.startswith("."):
            return candidate.module
        return relative_specifier(candidate.target or Path(candidate.key), here)

    def module(self, need: Need, file: Path, layout: FileLayout) -> str | None:
        """The module to import ``need`` from in ``file``, else None (unresolved).

        The module most candidates name wins; when the file already imports from it
        (spelled either way) its own spelling is kept, else the file's style decides
        between the relative path and the tsconfig alias.
        """
        here = file.resolve()
        best = self.best(need, here, layout)
        if best is None:
            return None
        prefer = self.style(here, layout)
        if best.target is None:
            return self.spelled(best, here)
        for module in layout.modules:
            if self.modules.resolve(module, here).file == best.target:
                return module
        if prefer is True:
            return relative_specifier(best.target, here)
        if prefer is False:
            return alias_specifier(self.modules, best.target, here) or self.spelled(best, here)
        return self.spelled(best, here)

    def best(self, need: Need, here: Path, layout: FileLayout) -> _Candidate | None:
        """The module most candidates name (of the file's style, when it has one)."""
        candidates = self.candidates(need, here)
        if not candidates:
            return None
        prefer = self.style(here, layout)
        styled = [c for c in candidates if prefer is None or c.module.startswith(".") == prefer]
        votes = Counter(c.key for c in candidates)
        return min(styled or candidates, key=lambda c: (-votes[c.key], c.key))

    def home(self, need: Need, file: Path, layout: FileLayout) -> Path | None:
        """The file that declares ``need`` for ``file``: its import's, else the best candidate's."""
        here = file.resolve()
        imported = layout.imported.get(need.local)
        if imported is not None:
            return self.modules.resolve(imported[0], here).file
        best = self.best(need, here, layout)
        return best.target if best is not None else None

    def style(self, file: Path, layout: FileLayout) -> bool | None:
        """True: the file imports the code base relatively; False: by alias; None: both."""
        aliases = sum(1 for m in layout.modules if self._is_alias(m, file))
        others = aliases or layout.bare_imports
        if layout.relative_imports == others:
            return None
        return layout.relative_imports > others

    def _is_alias(self, module: str, importer: Path) -> bool:
        """Whether ``module`` is a name (not a path) that leads to a file of the codebase."""
        return not is_relative(module) and self.modules.resolve(module, importer).file is not None


def _specifier(need: Need) -> str:
    return need.local if need.local == need.exported else f"{need.exported} as {need.local}"


def import_edits(
    grouped: dict[tuple[str, bool], list[Need]], layout: FileLayout, style: FileStyle
) -> list[tuple[int, str, str]]:
    """(offset, text, summary) insertions importing every need, by (module, type-only).

    Names join an existing ``import { ... }`` (or ``import type { ... }``) of the same
    module and kind, after its last name; the others get a new statement after the
    last import (after the header comment when there is no import, else at the top).
    """
    edits: list[tuple[int, str, str]] = []
    new_lines: list[tuple[str, str]] = []
    for (module, type_only), needs in sorted(grouped.items()):
        specs = [_specifier(n) for n in needs]
        summary = f"import {', '.join(specs)} from {module}"
        target = next(
            (i for i in layout.imports if i.module == module and i.type_only == type_only), None
        )
        if target is not None:
            edits.append((*_join(target, specs, style), summary))
            continue
        keyword = "import type" if type_only else "import"
        line = f"{keyword} {{ {', '.join(specs)} }} from {style.string(module)}{style.semi}"
        new_lines.append((line, summary))
    eol = style.eol
    for index, (line, summary) in enumerate(new_lines):
        if layout.imports_end is not None:
            edits.append((layout.imports_end, eol + line, summary))
        elif layout.header_end is not None:
            edits.append((layout.header_end, (eol * 2 if index == 0 else eol) + line, summary))
        else:
            last = index == len(new_lines) - 1
            edits.append((0, line + (eol * 2 if last else eol), summary))
    return edits


def _join(target: ImportList, specs: list[str], style: FileStyle) -> tuple[int, str]:
    """Where and what to insert to add ``specs`` to the name list ``target``.

    A comment that ends the last name's line stays with that name: the names go after
    it when the name has its comma, else before the name (a comma after the comment
    would be inside it).
    """
    end = target.last_item_end
    if not target.multiline:
        if target.trailing_comma:
            return end, "".join(f" {s}," for s in specs)
        return end, "".join(f", {s}" for s in specs)
    lines = [style.eol + target.item_indent + s for s in specs]
    if target.comment_end is None:
        if target.trailing_comma:
            return end, "".join(line + "," for line in lines)
        return end, "," + ",".join(lines)
    if target.trailing_comma:
        return target.comment_end, "".join(line + "," for line in lines)
    indent = style.eol + target.item_indent
    return target.last_item_start, "".join(f"{s},{indent}" for s in specs)
