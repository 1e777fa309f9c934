"""The command folders a command line names: folders, Types files, or trees of commands."""

from __future__ import annotations

from pathlib import Path

from specgen.codebase.commands import (
    CommandDir,
    command_dir_at,
    command_path,
    scan_tree,
    skipped_note,
)
from specgen.codebase.settings import MigrationSettings
from specgen.commandline.paths import shown
from specgen.diagnostics import Diagnostic, Location, Severity


def path_error(code: str, message: str, path: Path, hint: str) -> Diagnostic:
    """An error about a path named on the command line, located at the path as shown."""
    return Diagnostic(code, Severity.ERROR, message, Location(shown(path)), hint)


def find_commands(
    paths: tuple[Path, ...], settings: MigrationSettings
) -> tuple[list[CommandDir], list[Diagnostic]]:
    """The command folders ``paths`` name: folders, Types files, or trees of commands."""
    found: dict[Path, CommandDir] = {}
    diags: list[Diagnostic] = []
    skipped: list[Path] = []
    for path in paths:
        if not path.exists():
            diags.append(path_error("SG514", "no such file or folder", path, "check the path"))
            continue
        command = command_dir_at(path, settings.commands_dir, skipped)
        if command is not None:  # named itself (also when a tree given before holds it)
            found.setdefault(command.path.resolve(), command).named = True
            continue
        inside = scan_tree(path, skipped)[0] if path.is_dir() else []
        for sub in inside:
            sub.rel = command_path(sub.path.resolve(), settings.commands_dir)
            found.setdefault(sub.path.resolve(), sub)
        if not inside:
            diags.append(
                path_error(
                    "SG514",
                    "not a command folder: no shared/*Types.ts, server/*Command.ts or "
                    "browser/*Command.ts here or below",
                    path,
                    "give a command folder (commands/gpu/stats), its Types file, or a tree",
                )
            )
    diags.extend(skipped_note(p, shown(p)) for p in dict.fromkeys(skipped))
    return sorted(found.values(), key=lambda c: c.rel), diags
