"""Command folders of a hand-written tree, as found on disk.

A command folder is a folder of the commands tree with a ``shared/*Types.ts`` file,
or a ``server/`` or ``browser/`` folder holding a ``*Command.ts`` file; its command
path is its path below the tree's root (``gpu/stats``). Every TypeScript file
belongs to the deepest command folder above it. Files that are not regular files (a
FIFO named ``*.ts`` would block a read forever) are skipped and reported (SG006).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from specgen.diagnostics import Diagnostic, Location, Severity
from specgen.naming import command_type_name

TYPES_SUFFIX = "Types.ts"
COMMAND_SUFFIX = "Command.ts"
IPC_MIXIN_SUFFIX = "IpcMixin.ts"
_TS_SUFFIXES = (".ts", ".tsx", ".mts", ".cts")
_SKIP_DIRS = frozenset({"node_modules", ".git"})


@dataclass
class CommandDir:
    """One command folder and the TypeScript files in it."""

    path: Path
    rel: str
    """The command path below the tree's root, ``/``-separated (``ai/model/list``)."""
    files: list[Path] = field(default_factory=list)
    types_file: Path | None = None
    has_server: bool = False
    has_browser: bool = False
    has_ipc_mixin: bool = False
    named: bool = False
    """Whether the command line named this folder (or its Types file) itself, not a tree."""

    @property
    def group(self) -> str:
        """The first path segment (``sentinel`` for ``sentinel/run``)."""
        return self.rel.split("/", 1)[0]

    @property
    def pascal(self) -> str:
        """The conventional ``<Name>`` of the path (``ai/model/list`` -> ``AiModelList``)."""
        return command_type_name(self.rel)


def _ts_files(names: Iterable[str], folder: str, skipped: list[Path] | None) -> list[str]:
    wanted = [n for n in names if n.endswith(_TS_SUFFIXES) and not n.endswith(".d.ts")]
    return regular_files(folder, wanted, skipped)


def regular_files(folder: str, names: list[str], skipped: list[Path] | None) -> list[str]:
    """The ``names`` in ``folder`` that are regular files: a FIFO would block a read forever.

    Links to a regular file are kept, and so are names that cannot be looked at (reading
    them reports why). The others are added to ``skipped`` (when given), to be reported as notes.
    """
    kept = []
    for name in names:
        try:
            mode = os.stat(os.path.join(folder, name)).st_mode  # noqa: PTH116, PTH118  # string paths: thousands of files
        except (OSError, ValueError):
            kept.append(name)
            continue
        if stat.S_ISREG(mode):
            kept.append(name)
        elif skipped is not None:
            skipped.append(Path(folder, name))
    return kept


def skipped_note(path: Path, shown: str | None = None) -> Diagnostic:
    """The note for a file skipped because it is not a regular file (a FIFO, a device)."""
    return Diagnostic(
        "SG006",
        Severity.NOTE,
        "skipped: not a regular file (a FIFO, socket or device cannot be read as source)",
        Location(shown or str(path)),
        "remove it, or rename it so it does not look like a source file",
    )


def _choose_types_file(candidates: Sequence[Path], pascal: str) -> Path | None:
    """The Types file of a command: ``<Name>Types.ts`` if present, else the only (or first)."""
    if not candidates:
        return None
    for path in candidates:
        if path.name == pascal + TYPES_SUFFIX:
            return path
    return min(candidates)


def scan_tree(root: Path, skipped: list[Path] | None = None) -> tuple[list[CommandDir], list[Path]]:
    """Every command folder under ``root``, and the TypeScript files outside any of them.

    Files that are not regular files are left out and added to ``skipped`` (when given).
    """
    files_by_dir: dict[str, list[str]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS and not d.startswith("."))
        ts = _ts_files(filenames, dirpath, skipped)
        if ts:
            files_by_dir[dirpath] = sorted(ts)
    root_str = str(root)
    commands: dict[str, CommandDir] = {}
    for dirpath, names in files_by_dir.items():
        parent, leaf = os.path.split(dirpath)
        if root_str in {parent, dirpath}:
            continue
        marker = (leaf == "shared" and any(n.endswith(TYPES_SUFFIX) for n in names)) or (
            leaf in {"server", "browser"} and any(n.endswith(COMMAND_SUFFIX) for n in names)
        )
        if marker and parent not in commands:
            rel = os.path.relpath(parent, root_str).replace(os.sep, "/")
            commands[parent] = CommandDir(Path(parent), rel)
    loose: list[Path] = []
    for dirpath, names in files_by_dir.items():
        owner = _owner(dirpath, commands, root_str)
        for name in names:
            path = Path(dirpath, name)
            if owner is None:
                loose.append(path)
            else:
                owner.files.append(path)
    for command in commands.values():
        _classify(command)
    return sorted(commands.values(), key=lambda c: c.rel), sorted(loose)


def _owner(dirpath: str, commands: dict[str, CommandDir], root: str) -> CommandDir | None:
    current = dirpath
    while len(current) > len(root):
        found = commands.get(current)
        if found is not None:
            return found
        current = os.path.split(current)[0]
    return None


def _classify(command: CommandDir) -> None:
    base = str(command.path)
    shared, server, browser = (os.path.join(base, d) for d in ("shared", "server", "browser"))  # noqa: PTH118  # string paths: thousands of files
    folders = [(str(f.parent), f.name) for f in command.files]
    types = [Path(d, n) for d, n in folders if d == shared and n.endswith(TYPES_SUFFIX)]
    command.types_file = _choose_types_file(types, command.pascal)
    command.has_ipc_mixin = any(d == shared and n.endswith(IPC_MIXIN_SUFFIX) for d, n in folders)
    command.has_server = any(d == server for d, _ in folders)
    command.has_browser = any(d == browser for d, _ in folders)
    command.files.sort()


def command_dir_at(
    path: Path, commands_root: Path | None, skipped: list[Path] | None = None
) -> CommandDir | None:
    """The command folder ``path`` names (a folder, or a file inside one), else None.

    Files that are not regular files are left out and added to ``skipped`` (when given).
    """
    path = path.resolve()
    folder = path if path.is_dir() else path.parent
    candidates = [folder, *folder.parents]
    for candidate in candidates[:4]:
        if candidate.name in {"shared", "server", "browser"}:
            continue
        if _looks_like_command(candidate):
            rel = command_path(candidate, commands_root)
            command = CommandDir(candidate, rel)
            for dirpath, dirnames, filenames in os.walk(candidate):
                dirnames[:] = sorted(d for d in dirnames if d not in _SKIP_DIRS)
                files = _ts_files(filenames, dirpath, skipped)
                command.files.extend(Path(dirpath, n) for n in files)
            _classify(command)
            if path.is_file() and path.name.endswith(TYPES_SUFFIX):
                command.types_file = path
            return command
    return None


def _looks_like_command(folder: Path) -> bool:
    shared, server, browser = folder / "shared", folder / "server", folder / "browser"
    if shared.is_dir() and any(p.name.endswith(TYPES_SUFFIX) for p in shared.iterdir()):
        return True
    return any(
        d.is_dir() and any(p.name.endswith(COMMAND_SUFFIX) for p in d.iterdir())
        for d in (server, browser)
    )


def command_path(folder: Path, commands_root: Path | None) -> str:
    """The command path of ``folder``: below the configured root, else below ``commands/``."""
    if commands_root is not None:
        try:
            return folder.relative_to(commands_root.resolve()).as_posix()
        except ValueError:
            pass
    parts = folder.parts
    if "commands" in parts:
        index = len(parts) - 1 - parts[::-1].index("commands")
        rest = parts[index + 1 :]
        if rest:
            return "/".join(rest)
    return "/".join(parts[-2:])
