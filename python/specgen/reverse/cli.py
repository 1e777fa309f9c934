"""``specgen reverse``: write specs for hand-written commands, read from their Types files."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from specgen import console as out
from specgen.codebase import (
    CommandDir,
    ModuleResolver,
    SpecIndex,
    index_specs,
    skipped_note,
)
from specgen.codebase.find import find_commands, path_error
from specgen.codebase.settings import MigrationSettings, tree_and_settings
from specgen.commandline.exits import EXIT_BAD_INPUT, EXIT_OK
from specgen.commandline.options import format_option
from specgen.commandline.paths import shown
from specgen.commandline.progress import counted
from specgen.diagnostics import Diagnostic, Location, coded, has_errors
from specgen.naming import spec_file_name
from specgen.writer import write_atomic

if TYPE_CHECKING:
    from specgen.reverse.build import ReverseResult


def _reverse_all(
    commands: list[CommandDir], settings: MigrationSettings, index: SpecIndex, *, replacing: bool
) -> tuple[list[ReverseResult], list[Diagnostic]]:
    # The parser is imported here, not at the top: `specgen --help` stays fast.
    from specgen.reverse.build import reverse_command  # noqa: PLC0415
    from specgen.reverse.ownership import disk_home, settle_types  # noqa: PLC0415
    from specgen.reverse.typesource import TypeSource  # noqa: PLC0415
    from specgen.tsread.extract import read_ts_file  # noqa: PLC0415

    resolver = ModuleResolver()
    source = TypeSource(settings.execute_object, resolver)
    results: list[ReverseResult] = []
    diags: list[Diagnostic] = []
    for command in counted(commands, "reverse", len(commands)):
        if command.types_file is None:
            diags.append(
                path_error(
                    "SG507",
                    f"command folder '{command.rel}' has no shared/*Types.ts file",
                    command.path,
                    "write the spec by hand (`specgen new`)",
                )
            )
            continue
        try:
            types = read_ts_file(command.types_file, shown(command.types_file))
        except OSError as exc:
            diags.append(
                path_error(
                    "SG001", f"cannot read file: {exc.strerror}", command.types_file, "check it"
                )
            )
            continue
        results.append(reverse_command(command, types, settings, source))

    def module_file(module: str) -> Path | None:
        importer = settings.config.root / "specgen.toml"
        return resolver.spec_module_file(module, settings.ts_root, importer)

    settle_types(results, index, disk_home(module_file), replace=replacing)
    diags.extend(
        replace(d, location=replace(d.location, file=shown(Path(d.location.file))))
        for d in resolver.configs.problems
    )
    return results, diags


def _reading_findings(results: list[ReverseResult], kept: set[str]) -> list[Diagnostic]:
    """What reading the commands found, less the commands whose spec was kept.

    A kept spec (SG549) is not rewritten, so what the reading would have put in it
    (``any`` read as ``unknown``, a description to write...) is not news about any file
    written: on a tree already reversed that is every command, hundreds of lines. A
    type two commands use is read for each: its findings are reported once.
    """
    found = [d for r in results if r.command.rel not in kept for d in r.diagnostics]
    return list(dict.fromkeys(found))


def _spec_text(data: object) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _write(
    results: list[ReverseResult], spec_dir: Path, index: SpecIndex, force: bool
) -> tuple[list[str], list[Diagnostic], set[str]]:
    """Write the specs; the files written, what stopped the others, the commands kept."""
    written: list[str] = []
    kept: set[str] = set()
    diags: list[Diagnostic] = [skipped_note(p, shown(p)) for p in dict.fromkeys(index.skipped)]
    planned: dict[Path, str] = {}
    for result in results:
        if result.spec is None:
            continue
        existing = index.find(result.name)
        target = existing or spec_dir / spec_file_name(result.name)
        if target in planned:
            diags.append(
                path_error(
                    "SG511",
                    f"two folders give the command '{result.name}' "
                    f"({planned[target]} and {result.command.rel})",
                    result.command.path,
                    "make their accessors name different commands",
                )
            )
            continue
        planned[target] = result.command.rel
        if (existing is not None or target.exists()) and not force:
            diags.append(_existing(result, target))
            if not result.command.named:
                kept.add(result.command.rel)
            continue
        write_atomic(target, _spec_text(result.spec).encode("utf-8"))
        written.append(shown(target))
    return written, diags, kept


def _existing(result: ReverseResult, target: Path) -> Diagnostic:
    """A command whose spec exists: an error when named, a note when found in a tree."""
    if result.command.named:
        return path_error(
            "SG511",
            f"a spec for '{result.name}' exists already; nothing written",
            target,
            "edit that spec, or pass --force to replace it",
        )
    return coded(
        "SG549",
        f"'{result.name}' has a spec already; kept",
        Location(shown(target)),
        "pass --force to replace it, or name the command to be told it is an error",
    )


@click.command("reverse")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--dir",
    "spec_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the specs (default: the first spec_dirs entry, else ./specs).",
)
@click.option("--force", is_flag=True, help="Replace specs that exist already.")
@click.option("--print", "print_only", is_flag=True, help="Print the specs; write nothing.")
@format_option("text", "json")
def reverse_command_cli(
    paths: tuple[Path, ...],
    spec_dir: Path | None,
    force: bool,
    print_only: bool,
    output_format: str,
) -> None:
    """Write specs for hand-written commands, read from their Types files.

    \b
    PATH is a command folder (src/commands/gpu/stats), its Types file, or a
    folder of commands (every command below it; default: commands_dir
    under [migration] in specgen.toml). From the Types file, parsed
    with a TypeScript parser, the spec takes the command name (the accessor's
    commandName), the description (header comment), the Params and Result
    fields with their comments, optional markers and defaults, and the types
    they use (from the file, or from the ts-rs bindings it imports).
    Anything it cannot carry over exactly is a warning with file:line:col:
    `any` (SG502), types it cannot find (SG508) or express (SG509).

    Specs go into the configured spec folder, named after the command
    (gpu/stats -> gpu-stats.json); an existing spec is never replaced
    without --force: a command found below a folder that has one is kept
    (a note), a command named itself is an error.

    Exit status: 0 written (warnings are fine), 2 a command could not be read
    or, named on the command line, has a spec already (the others are still
    written).
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap
    paths, settings, diags = tree_and_settings(paths, "reverse")
    if has_errors(diags):  # a broken config stops the command: nothing is written
        _report(diags, [], None, output_format)
        sys.exit(EXIT_BAD_INPUT)
    commands, found_diags = find_commands(paths, settings)
    folder = spec_dir or (settings.spec_dirs[0] if settings.spec_dirs else Path("specs"))
    index = index_specs([*settings.spec_dirs, folder])
    results, reverse_diags = _reverse_all(commands, settings, index, replacing=force or print_only)
    diags += found_diags + reverse_diags
    written: list[str] = []
    kept: set[str] = set()
    specs = [r.spec for r in results if r.spec is not None]
    if print_only:
        if output_format == "text":
            sys.stdout.write(_spec_text(specs[0] if len(specs) == 1 else specs))
    else:
        written, write_diags, kept = _write(results, folder, index, force)
        diags += write_diags
    diags += _reading_findings(results, kept)
    _report(diags, written, specs if print_only else None, output_format)
    sys.exit(EXIT_BAD_INPUT if has_errors(diags) else EXIT_OK)


def _report(
    diags: list[Diagnostic],
    written: list[str],
    specs: list[dict[str, Any]] | None,
    output_format: str,
) -> None:
    """The report; with printed specs (``specs`` not None) it goes to stderr."""
    if output_format == "json":
        data = {"written": written, "specs": specs or []} | out.diagnostics_json(diags)
        out.print_json(data)
        return
    console = out.stdout_console() if specs is None else out.stderr_console()
    out.print_diagnostics(diags, console)
    for name in written:
        console.print(f"wrote {name}", markup=False)
    tally = out.counts(diags)
    done = (
        f"{len(specs)} spec(s) printed" if specs is not None else f"{len(written)} spec(s) written"
    )
    kept = sum(d.code == "SG549" for d in diags)
    if kept:
        done += f", {kept} kept (a spec exists)"
    console.print(
        f"{done}: {tally['error']} error(s), "
        f"{tally['warning']} warning(s), {tally['note']} note(s)",
        markup=False,
    )
