"""Module specifiers as files: tsconfig ``paths`` aliases and relative paths, both ways.

Two spellings name the same module when they resolve to the same file: a relative
path (``../../../../system/core/types/JTAGTypes``) or a tsconfig alias
(``@system/core/types/JTAGTypes`` through ``paths``/``baseUrl``, ``extends`` followed).
Adopt uses this to join a name to an import the file already has, in the file's own
spelling, and to write a new import in the file's style (relative or alias). The
nearest ``tsconfig.json`` above a file applies; without one only relative paths resolve.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

_SUFFIXES = (".ts", ".tsx", ".d.ts", ".mts", ".cts")
_COMMENTS = re.compile(r'"(?:\\.|[^"\\])*"|//[^\n]*|/\*.*?\*/', re.DOTALL)
_TRAILING_COMMAS = re.compile(r",(\s*[}\]])")
_MAX_EXTENDS = 8


def _loads_jsonc(text: str) -> object:
    """JSON with comments and trailing commas, as tsconfig files are written."""
    stripped = _COMMENTS.sub(lambda m: m.group(0) if m.group(0).startswith('"') else "", text)
    return json.loads(_TRAILING_COMMAS.sub(r"\1", stripped))


@dataclass(frozen=True)
class Aliases:
    """The ``paths`` of one tsconfig, made absolute, and its ``baseUrl``."""

    patterns: tuple[tuple[str, tuple[Path, ...]], ...] = ()
    base_url: Path | None = None


def _options(file: Path, depth: int = 0) -> tuple[dict[str, object], Path]:
    """``compilerOptions`` with ``extends`` applied, and the folder ``paths`` are relative to."""
    try:
        data = _loads_jsonc(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}, file.parent
    if not isinstance(data, dict):
        return {}, file.parent
    merged: dict[str, object] = {}
    paths_base = file.parent
    parents = data.get("extends")
    for parent in (
        [parents] if isinstance(parents, str) else parents if isinstance(parents, list) else []
    ):
        if isinstance(parent, str) and parent.startswith(".") and depth < _MAX_EXTENDS:
            target = (file.parent / parent).resolve()
            target = target if target.suffix == ".json" else target.with_name(target.name + ".json")
            inherited, inherited_base = _options(target, depth + 1)
            merged.update(inherited)
            paths_base = inherited_base
    own = data.get("compilerOptions")
    if isinstance(own, dict):
        for key in ("baseUrl", "paths"):
            if key in own:
                paths_base = file.parent
        if isinstance(own.get("baseUrl"), str):
            own = {**own, "baseUrl": str((file.parent / own["baseUrl"]).resolve())}
        merged.update(own)
    return merged, paths_base


def load_aliases(config: Path) -> Aliases:
    """The aliases a tsconfig file declares (through its ``extends`` chain too)."""
    options, paths_base = _options(config)
    base_url = options.get("baseUrl")
    base = Path(base_url) if isinstance(base_url, str) else None
    root = base or paths_base
    raw = options.get("paths")
    patterns: list[tuple[str, tuple[Path, ...]]] = []
    if isinstance(raw, dict):
        for key, targets in raw.items():
            if isinstance(key, str) and isinstance(targets, list):
                paths = tuple(
                    Path(os.path.normpath(root / t)) for t in targets if isinstance(t, str)
                )
                patterns.append((key, paths))
    return Aliases(tuple(patterns), base)


def existing_module(stem: Path) -> Path | None:
    """The source file module path ``stem`` names (``x`` -> ``x.ts`` or ``x/index.ts``)."""
    if stem.suffix in _SUFFIXES and stem.is_file():
        return stem
    for suffix in _SUFFIXES:
        candidate = stem.with_name(stem.name + suffix)
        if candidate.is_file():
            return candidate
    for suffix in _SUFFIXES:
        candidate = stem / f"index{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _module_path(file: Path) -> Path:
    name = file.name
    for suffix in sorted(_SUFFIXES, key=len, reverse=True):
        if name.endswith(suffix):
            return file.with_name(name[: -len(suffix)])
    return file


@dataclass
class ModuleMap:
    """Resolves specifiers to files and spells files as specifiers, per importing file.

    Importing files are given as absolute paths (no link is resolved here).
    """

    _configs: dict[Path, Path | None] = field(default_factory=dict)
    _aliases: dict[Path, Aliases] = field(default_factory=dict)
    _resolved: dict[tuple[str, Path], Path | None] = field(default_factory=dict)

    def aliases_for(self, importer: Path) -> Aliases:
        """The aliases of the nearest tsconfig.json above ``importer`` (none: no aliases)."""
        folder = importer.parent
        if folder not in self._configs:
            found = None
            for candidate in (folder, *folder.parents):
                if (candidate / "tsconfig.json").is_file():
                    found = candidate / "tsconfig.json"
                    break
            self._configs[folder] = found
        config = self._configs[folder]
        if config is None:
            return Aliases()
        if config not in self._aliases:
            self._aliases[config] = load_aliases(config)
        return self._aliases[config]

    def resolve(self, specifier: str, importer: Path) -> Path | None:
        """The file ``specifier`` names when ``importer`` imports it, else None (a package)."""
        key = (specifier, importer.parent)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(specifier, importer)
        return self._resolved[key]

    def _resolve(self, specifier: str, importer: Path) -> Path | None:
        if specifier.startswith("."):
            return existing_module(Path(os.path.normpath(importer.parent / specifier)))
        aliases = self.aliases_for(importer)
        for pattern, targets in aliases.patterns:
            prefix, star, suffix = pattern.partition("*")
            if star and specifier.startswith(prefix) and specifier.endswith(suffix):
                middle = specifier[len(prefix) : len(specifier) - len(suffix)]
                stems = [Path(str(t).replace("*", middle, 1)) for t in targets]
            elif not star and specifier == pattern:
                stems = list(targets)
            else:
                continue
            for stem in stems:
                found = existing_module(stem)
                if found is not None:
                    return found
        if aliases.base_url is not None:
            return existing_module(aliases.base_url / specifier)
        return None

    def is_alias(self, specifier: str, importer: Path) -> bool:
        """Whether ``specifier`` is not relative and resolves to a file of the code base."""
        return not specifier.startswith(".") and self.resolve(specifier, importer) is not None

    def relative(self, target: Path, importer: Path) -> str:
        """``target`` as a relative specifier from ``importer`` (no extension; absolute paths)."""
        rel = os.path.relpath(_module_path(target), importer.parent).replace(os.sep, "/")
        return rel if rel.startswith("../") else "./" + rel

    def alias(self, target: Path, importer: Path) -> str | None:
        """The shortest ``paths`` alias that names ``target`` for ``importer``, else None."""
        module = _module_path(target)
        spellings = []
        for pattern, targets in self.aliases_for(importer).patterns:
            prefix, star, suffix = pattern.partition("*")
            for stem in targets:
                if not star:
                    if existing_module(stem) == target:
                        spellings.append(pattern)
                    continue
                head, _, tail = str(stem).partition("*")
                text = str(module)
                if (
                    text.startswith(head)
                    and text.endswith(tail)
                    and len(text) > len(head) + len(tail)
                ):
                    middle = text[len(head) : len(text) - len(tail)]
                    spellings.append(f"{prefix}{middle.replace(os.sep, '/')}{suffix}")
        return min(spellings, key=lambda s: (len(s), s)) if spellings else None
