"""``specgen adopt``: bring hand-written commands up to the conventions, in place."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from specgen import console as out
from specgen.commandline.exits import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS
from specgen.diagnostics import Diagnostic, has_errors

if TYPE_CHECKING:
    from rich.console import Console

    from specgen.adopt.plan import FilePlan
    from specgen.adopt.run import AdoptRun


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary_line(run: AdoptRun, *, applied: bool) -> str:
    """``N files edited, M edits; K findings left (kinds)``."""
    files = len(run.edited)
    verb = "edited" if applied else "would be edited"
    kinds = run.left_kinds()
    detail = f" ({', '.join(f'{k} {n}' for k, n in kinds.items())})" if kinds else ""
    return (
        f"{_plural(files, 'file')} {verb}, {_plural(run.edit_count, 'edit')}; "
        f"{_plural(len(run.left), 'finding')} left{detail}"
    )


def _print_edits(plans: list[FilePlan], console: Console, prefix: str) -> None:
    for plan in plans:
        for edit in sorted(plan.edits, key=lambda e: e.offset):
            pos = plan.position(edit.offset)
            console.print(
                f"{plan.display}:{pos.line}:{pos.column}: {prefix}{edit.summary}", markup=False
            )


def _print_left(left: list[Diagnostic], console: Console) -> None:
    if not left:
        return
    console.print("left for a human (not mechanically fixable):", markup=False)
    out.print_diagnostics(left, console)


@click.command("adopt")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; list the edits; exit 1 if any.")
@click.option("--diff", is_flag=True, help="Write nothing; show the edits as unified diffs.")
def adopt_command(paths: tuple[Path, ...], check: bool, diff: bool) -> None:
    """Fix hand-written commands in place, for what audit finds that is mechanical.

    \b
    PATH is a command folder, its Types file, or a folder of commands
    (default: commands_dir under [migration] in specgen.toml). In
    each command's Types file adopt adds, where missing:
      - `extends CommandParams` / `extends CommandResult` on Params / Result,
      - the factories create<Name>Params, create<Name>Result and
        create<Name>ResultFromParams,
      - the static accessor <Name> (execute forwarding to Commands.execute
        with the command name, commandName, `as const`),
      - the imports these need: from the file's own imports, else from what
        the other files of the tree import, else from [typescript.runtime]
        in specgen.toml.
    Edits are located with a TypeScript parser and written in the file's own
    style (indent, quotes, semicolons, line endings); every other byte stays
    as it was. A second run edits nothing. What cannot be fixed mechanically
    (`any`, raw Commands.execute calls, missing specs) is listed as left.

    \b
    Examples:
      specgen adopt src/commands                 # every command below
      specgen adopt src/commands/gpu/stats --diff
      specgen adopt src/commands --check         # CI: exit 1 if edits are due

    Exit status: 0 done (or nothing to do), 1 --check found edits, 2 bad
    input (a path, a file that does not parse, a name it cannot import);
    a file with an error is left untouched, the others are still edited.
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap
    # The parser and the planner are imported here: `specgen --help` stays fast.
    from specgen.adopt.run import plan_commands  # noqa: PLC0415
    from specgen.codebase.find import find_commands  # noqa: PLC0415
    from specgen.codebase.settings import tree_and_settings  # noqa: PLC0415

    paths, settings, config_diags = tree_and_settings(paths, "adopt")
    if has_errors(config_diags):  # a broken config or no tree: nothing to adopt
        out.print_diagnostics(config_diags, out.stderr_console())
        sys.exit(EXIT_BAD_INPUT)
    commands, path_diags = find_commands(paths, settings)
    run = plan_commands(commands, settings)
    run.problems[:0] = config_diags + path_diags
    sys.exit(_finish(run, check=check, diff=diff))


def _finish(run: AdoptRun, *, check: bool, diff: bool) -> int:
    """Show (``--diff``), list (``--check``) or write the edits; report; the exit status."""
    from specgen.adopt.run import apply_plans  # noqa: PLC0415  # with the planner, not at --help
    from specgen.writer.diff import unified_diff  # noqa: PLC0415

    console = out.stdout_console()
    dry = check or diff
    if diff:
        for plan in run.edited:
            sys.stdout.write(unified_diff(plan.display, plan.original, plan.updated))
    if dry:
        if check:
            _print_edits(run.edited, console, "would ")
    else:
        written = apply_plans(run)
        _print_edits(written, console, "")
    _print_left(run.left, console)
    errors = run.errors
    if errors:
        out.print_diagnostics(errors, out.stderr_console())
    console.print(summary_line(run, applied=not dry), markup=False)
    if errors:
        return EXIT_BAD_INPUT
    return EXIT_PROBLEMS if check and run.edited else EXIT_OK
