"""``specgen enforce``: the pre-commit check that new command folders come with a spec."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from specgen import console as out
from specgen.codebase import index_specs, scan_tree
from specgen.codebase.settings import load_settings
from specgen.commandline.exits import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS
from specgen.commandline.options import format_option
from specgen.commandline.paths import shown
from specgen.diagnostics import Diagnostic, Location, coded, has_errors
from specgen.enforce.git import GitError, git_state

if TYPE_CHECKING:
    from specgen.enforce.check import EnforceReport


def _bad(code: str, message: str, path: Path, hint: str) -> Diagnostic:
    return coded(code, message, Location(shown(path)), hint)


def _fail(diags: list[Diagnostic], output_format: str) -> NoReturn:
    if output_format == "json":
        out.print_json({"ok": False} | out.diagnostics_json(diags))
    else:
        out.print_diagnostics(diags, out.stderr_console())
    sys.exit(EXIT_BAD_INPUT)


@click.command("enforce")
@click.option(
    "--commands",
    "commands_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="The commands folder (default: commands_dir under [migration] in specgen.toml).",
)
@click.option(
    "--specs",
    "spec_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="A spec folder (repeatable). Default: spec_dirs of specgen.toml.",
)
@click.option("--strict", is_flag=True, help="Also fail on tracked folders without a spec.")
@format_option("text", "json")
def enforce_command(
    commands_dir: Path | None, spec_dirs: tuple[Path, ...], strict: bool, output_format: str
) -> None:
    """Fail when a new command folder has no spec; warn for old ones.

    \b
    A command folder is new when git does not have it in HEAD: untracked, or
    added in the index (staged). New folders without a spec FAIL; folders
    already tracked WARN (a migration in progress). Works from any
    subfolder of the repository. Use it as a pre-commit hook (see
    .pre-commit-hooks.yaml) or in CI.

    Exit status: 0 ok (warnings allowed), 1 a new folder has no spec (or any
    folder, with --strict), 2 bad input (not a git repository, no commands folder).
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap
    cwd = Path.cwd()
    settings, config_diags = load_settings(cwd)
    tree = commands_dir or settings.commands_dir
    if not tree.is_dir():
        _fail(
            [
                *config_diags,
                _bad(
                    "SG515",
                    "commands folder not found",
                    tree,
                    "pass --commands DIR or set commands_dir under [migration] in specgen.toml",
                ),
            ],
            output_format,
        )
    try:
        git = git_state(cwd, tree)
    except GitError as exc:
        _fail(
            [_bad("SG513", str(exc), cwd, "run enforce inside a git work tree, with git on PATH")],
            output_format,
        )
    specs = index_specs(list(spec_dirs) or list(settings.spec_dirs))
    commands, _loose = scan_tree(tree)
    from specgen.enforce.check import enforce  # noqa: PLC0415  # the parser: `--help` stays fast

    report = enforce(commands, specs, git)
    diags = config_diags + report.diagnostics
    failed = has_errors(diags) or (strict and bool(report.warnings))
    _print_report(report, diags, failed=failed, output_format=output_format)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def _print_report(
    report: EnforceReport, diags: list[Diagnostic], *, failed: bool, output_format: str
) -> None:
    if output_format == "json":
        out.print_json(
            {
                "ok": not failed,
                "checked": report.checked,
                "withSpec": report.with_spec,
                "failures": len(report.failures),
                "warnings": len(report.warnings),
            }
            | out.diagnostics_json(diags)
        )
        return
    console = out.stdout_console()
    out.print_diagnostics(diags, console)
    console.print(
        f"enforce: {report.checked} command folder(s), {report.with_spec} with a spec; "
        f"{len(report.failures)} new without a spec (fail), "
        f"{len(report.warnings)} tracked without a spec (warn)",
        markup=False,
    )
