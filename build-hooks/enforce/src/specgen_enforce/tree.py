"""Command folders of a TypeScript tree, and the command names of the specs.

A command folder has a ``shared/`` folder with a ``*Types.ts`` file, or a ``server/`` or
``browser/`` folder with a ``*Command.ts`` file; its path below the tree is the command's.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

_SKIP_DIRS = {"node_modules", ".git"}
_TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")


@dataclass(frozen=True)
class CommandFolder:
    """One command folder: where it is, its command path, its Types file if any."""

    path: Path
    rel: str
    types_file: Path | None


def _pascal(rel: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in re.split(r"[/_\-]", rel) if p)


def scan_commands(root: Path) -> list[CommandFolder]:
    """Every command folder under ``root``, sorted by path."""
    found: dict[str, list[Path]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        parent, leaf = os.path.split(dirpath)
        if parent == str(root) or dirpath == str(root):
            continue
        ts = [n for n in filenames if n.endswith(_TS_SUFFIXES) and not n.endswith(".d.ts")]
        if leaf == "shared" and any(n.endswith("Types.ts") for n in ts):
            types = sorted(Path(dirpath, n) for n in ts if n.endswith("Types.ts"))
            found.setdefault(parent, []).extend(types)
        elif leaf in {"server", "browser"} and any(n.endswith("Command.ts") for n in ts):
            found.setdefault(parent, [])
    folders = []
    for parent, types in sorted(found.items()):
        rel = os.path.relpath(parent, root).replace(os.sep, "/")
        wanted = f"{_pascal(rel)}Types.ts"
        chosen = next((t for t in types if t.name == wanted), min(types) if types else None)
        folders.append(CommandFolder(Path(parent), rel, chosen))
    return folders


def spec_file_stem(name: str) -> str:
    """The spec file name of a command, without ``.json`` (``gpu/stats`` -> ``gpu-stats``)."""
    return name.replace("/", "-")


@dataclass
class SpecNames:
    """The command name of every spec, and the stems of their file names."""

    names: set[str]
    stems: set[str]

    def covers(self, name: str) -> bool:
        """Whether a spec is for command ``name`` (by its name, else by its file name)."""
        return name in self.names or spec_file_stem(name) in self.stems


def spec_names(spec_dirs: tuple[Path, ...]) -> SpecNames:
    """Read the ``name`` of every ``*.json`` under ``spec_dirs``."""
    index = SpecNames(set(), set())
    for folder in spec_dirs:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for filename in filenames:
                if not filename.endswith(".json"):
                    continue
                index.stems.add(filename.removesuffix(".json"))
                try:
                    data = json.loads(Path(dirpath, filename).read_bytes())
                except (OSError, ValueError):
                    continue
                name = data.get("name") if isinstance(data, dict) else None
                if isinstance(name, str):
                    index.names.add(name)
    return index


def accessor_command(types_file: Path, execute_object: str) -> str | None:
    """The command a Types file's accessor runs: ``commandName: '...'``, else its execute call."""
    try:
        text = types_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    named = re.search(r"\bcommandName\s*:\s*(['\"`])([^'\"`]+)\1", text)
    if named:
        return named.group(2)
    call = re.search(
        rf"\b{re.escape(execute_object)}\s*\.\s*execute\s*(?:<[^()]*>)?\s*\(\s*(['\"`])([^'\"`]+)\1",
        text,
    )
    return call.group(2) if call else None
