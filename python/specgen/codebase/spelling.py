"""Spell a file of the codebase as an import specifier, seen from a given file.

The reverse of `specgen.codebase.modules`: a file is written either as a relative
path (``../../../../system/core/types/JTAGTypes``, no extension, ``./`` when it is
below the importer's folder) or as a tsconfig ``paths`` alias of the config that
applies to the importer (``@system/core/types/JTAGTypes``, or an exact alias such
as ``@scopes``). An alias is offered only when resolving it from the importer leads
back to the same file, so a spelling shadowed by a better ``paths`` match is never
written. Adopt uses this to write an import in the style of the file it edits.
"""

from __future__ import annotations

import os
from pathlib import Path

from specgen.codebase.modules import ModuleResolver

_STRIPPED_SUFFIXES = (".d.ts", ".ts", ".tsx", ".mts", ".cts", ".js", ".mjs")
"""Longest first: ``x.d.ts`` is the module ``x`` (and ``x.js``, as ESM imports write it)."""


def _without_suffix(text: str) -> str:
    for suffix in _STRIPPED_SUFFIXES:
        if text.endswith(suffix):
            return text[: -len(suffix)]
    return text


def module_path(file: Path) -> Path:
    """``file`` without its source extension: the path an import names it by."""
    stem = _without_suffix(file.name)
    return file.with_name(stem) if stem else file


def specifier_from(folder: Path, target: Path) -> str:
    """``target`` (a file, or a module path) as a relative specifier from ``folder``."""
    rel = os.path.relpath(module_path(target), folder).replace(os.sep, "/")
    return rel if rel.startswith("../") else "./" + rel


def relative_specifier(target: Path, importer: Path) -> str:
    """``target`` as a relative specifier written in the file ``importer`` (absolute paths)."""
    return specifier_from(importer.parent, target)


def alias_specifier(resolver: ModuleResolver, target: Path, importer: Path) -> str | None:
    """The shortest ``paths`` alias that names ``target`` in ``importer``, else None.

    ``target`` is a resolved path, as `ModuleResolver.resolve` gives them.
    """
    config = resolver.config_for(importer)
    if config is None:
        return None
    base = config.paths_base or config.file.parent
    module = str(module_path(target))
    spellings: set[str] = set()
    for mapping in config.paths:
        for written in mapping.targets:
            if not mapping.wildcard:
                spellings.add(mapping.pattern)
                continue
            head, _, tail = os.path.normpath(base / written).partition("*")
            tail = _without_suffix(tail)
            if module.startswith(head) and module.endswith(tail):
                middle = module[len(head) : len(module) - len(tail)]
                if middle:
                    spellings.add(mapping.pattern.replace("*", middle.replace(os.sep, "/"), 1))
    leading_back = (s for s in spellings if resolver.resolve(s, importer).file == target)
    return min(leading_back, key=lambda s: (len(s), s), default=None)
