"""Resolve an import specifier, seen from a given file, to a file on disk or to "outside".

As TypeScript's bundler/node resolution does for source files: a relative specifier
(``./x``, ``../x``) is tried as ``x.ts``, ``x.tsx``, ``x.d.ts`` and ``x/index.*``
(a written ``.js``/``.ts`` extension is swapped for those); a bare specifier is
looked up in the nearest tsconfig's ``paths`` (exact aliases first, then ``*``
patterns, longest prefix first, each target in order), then below ``baseUrl``;
what none of them finds is a package, outside the codebase. A file with no tsconfig
above it uses the resolver's ``fallback`` config, when it has one (see
`specgen.codebase.tsconfig.conventional_config`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from specgen.codebase.tsconfig import TsConfig, TsConfigLoader

ModuleKind = Literal["relative", "alias", "base-url", "package"]
"""How the specifier was written: a path, a ``paths`` alias, below ``baseUrl``, a package."""

_SOURCE_SUFFIXES = (".ts", ".tsx", ".d.ts")
_SWAPPED = (".js", ".jsx", ".mjs", ".cjs", ".ts", ".tsx", ".mts", ".cts")


@dataclass(frozen=True, slots=True)
class ResolvedModule:
    """Where a specifier leads: ``file`` is None for a package or a path that is not there."""

    specifier: str
    kind: ModuleKind
    file: Path | None

    @property
    def outside(self) -> bool:
        """Whether the module is not a file of the codebase (a package, or not found)."""
        return self.file is None


def is_relative(specifier: str) -> bool:
    """Whether ``specifier`` is a path (``./x``, ``../x``, ``/x``) rather than a name."""
    return specifier.startswith(("./", "../", "/")) or specifier in {".", ".."}


def source_file(base: Path) -> Path | None:
    """The source file ``base`` (written without or with a swappable extension) stands for.

    ``..`` is taken lexically, as module paths are: ``out/ts/../../src/x`` is ``src/x``
    even before ``out/ts`` exists.
    """
    base = Path(os.path.normpath(base))
    candidates: list[Path] = []
    name = base.name
    for suffix in _SWAPPED:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = base.with_name(name[: -len(suffix)])
            candidates.extend(stem.with_name(stem.name + s) for s in _SOURCE_SUFFIXES)
            break
    if name.endswith(_SOURCE_SUFFIXES):
        candidates.insert(0, base)
    candidates.extend(base.with_name(name + s) for s in _SOURCE_SUFFIXES)
    candidates.extend(base / ("index" + s) for s in _SOURCE_SUFFIXES)
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    return None


@dataclass
class ModuleResolver:
    """Resolves specifiers through the tsconfig that applies to the importing file."""

    configs: TsConfigLoader = field(default_factory=TsConfigLoader)
    fallback: TsConfig | None = None
    """The config of files no tsconfig.json applies to (None: they have no aliases)."""
    _cache: dict[tuple[Path, str], ResolvedModule] = field(default_factory=dict)

    def spec_module_file(self, module: str, ts_root: Path, importer: Path) -> Path | None:
        """The file behind a module as a spec or the config writes it, if it exists.

        A ``./`` or ``../`` module is relative to ``ts_root`` (where generated TypeScript
        lives); any other resolves as it would imported from ``importer``.
        """
        if is_relative(module):
            return source_file(ts_root / module)
        return self.resolve(module, importer).file

    def resolve(self, specifier: str, importer: Path) -> ResolvedModule:
        """Where ``specifier``, imported by the file ``importer``, leads."""
        importer = importer.absolute()
        key = (importer.parent, specifier)
        found = self._cache.get(key)
        if found is None:
            found = self._resolve(specifier, importer)
            self._cache[key] = found
        return found

    def config_for(self, importer: Path) -> TsConfig | None:
        """The config whose ``paths`` and ``baseUrl`` apply to imports in ``importer``."""
        return self.configs.for_file(importer.absolute()) or self.fallback

    def _resolve(self, specifier: str, importer: Path) -> ResolvedModule:
        if is_relative(specifier):
            return ResolvedModule(specifier, "relative", source_file(importer.parent / specifier))
        config = self.config_for(importer)
        if config is None:
            return ResolvedModule(specifier, "package", None)
        matched = False
        for mapping, star in config.mappings_for(specifier):
            matched = True
            base = config.paths_base or config.file.parent
            for target in mapping.targets:
                found = source_file(base / target.replace("*", star, 1))
                if found is not None:
                    return ResolvedModule(specifier, "alias", found)
        if config.base_url is not None:
            found = source_file(config.base_url / specifier)
            if found is not None:
                return ResolvedModule(specifier, "base-url", found)
        return ResolvedModule(specifier, "alias" if matched else "package", None)
