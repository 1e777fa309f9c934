"""The specs a project has already: indexed by the command name inside them and by file name.

The adapter each spec declares is kept too: audit holds a command to its adapter's rules.

A few old specs do not follow the name rule (``model-list.json`` for ``ai/model/list``),
so a spec is found by the ``name`` it carries first, then by its file name. The types
the specs declare are indexed too: reverse refers to a type another spec owns instead
of declaring it again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specgen.codebase.commands import regular_files
from specgen.naming import spec_file_name


@dataclass
class SpecIndex:
    """The specs of a project: command name -> spec file, plus file stems for old names."""

    by_name: dict[str, Path] = field(default_factory=dict)
    by_stem: dict[str, Path] = field(default_factory=dict)
    types: dict[str, tuple[Path, dict[str, Any]]] = field(default_factory=dict)
    """Type name -> the first spec declaring it in its ``types`` block, and the entry."""
    adapters: dict[Path, str] = field(default_factory=dict)
    """Spec file -> the adapter it declares (specs declaring none are left out)."""
    skipped: list[Path] = field(default_factory=list)
    """``*.json`` names that are not regular files (a FIFO): left out, to be reported."""

    def find(self, *names: str) -> Path | None:
        """The spec of the first of ``names`` that has one (by name, then by file name)."""
        for name in names:
            if name in self.by_name:
                return self.by_name[name]
        for name in names:
            stem = spec_file_name(name).removesuffix(".json")
            if stem in self.by_stem:
                return self.by_stem[stem]
        return None

    def adapter(self, spec: Path | None) -> str | None:
        """The adapter ``spec`` declares, or None (no spec, or none declared)."""
        return None if spec is None else self.adapters.get(spec)


def index_specs(spec_dirs: Iterable[Path], skipped: list[Path] | None = None) -> SpecIndex:
    """Read the ``name``, ``adapter`` and ``types`` of every ``*.json`` spec under ``spec_dirs``.

    An unreadable spec is still indexed by its file name. Files that are not regular
    files are left out and listed in the index's ``skipped`` (and in ``skipped``, when
    given).
    """
    index = SpecIndex()
    for folder in spec_dirs:
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            names = [f for f in filenames if f.endswith(".json")]
            specs = regular_files(dirpath, names, index.skipped)
            for filename in sorted(specs):
                path = Path(dirpath, filename)
                index.by_stem.setdefault(filename.removesuffix(".json"), path)
                _record(index, path, _spec_data(path))
    if skipped is not None:
        skipped.extend(index.skipped)
    return index


def _record(index: SpecIndex, path: Path, data: dict[str, Any]) -> None:
    """Index the name, adapter and declared types of the spec at ``path``."""
    name = data.get("name")
    if isinstance(name, str):
        index.by_name.setdefault(name, path)
    adapter = data.get("adapter")
    if isinstance(adapter, str):
        index.adapters[path] = adapter
    types = data.get("types")
    if isinstance(types, dict):
        for type_name, entry in types.items():
            if isinstance(entry, dict):
                index.types.setdefault(type_name, (path, entry))


def _spec_data(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
