"""The ``specgen`` command line.

Exit codes: 0 ok; 1 a check found problems (``--strict`` warnings); 2 bad input or
usage (a spec with errors, a missing file, a wrong option). User errors never print
a traceback: they are diagnostics with file:line:col and a hint.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from specgen import console as out
from specgen.commandline.exits import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS
from specgen.commandline.options import format_option
from specgen.config import ProjectConfig, load_config, missing_spec_dirs
from specgen.diagnostics import Diagnostic, Severity, has_errors
from specgen.spec.schema import export_schema
from specgen.validate import ProjectReport, discover_spec_files, validate_in_project
from specgen.version import __version__
from specgen.writer import write_atomic

FORMAT_OPTION = format_option("text", "json", help_text="text for people, json for tools.")


class BadInputError(click.ClickException):
    """A user error that is not tied to a spec position (exit 2)."""

    exit_code = EXIT_BAD_INPUT


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", "-V", prog_name="specgen")
def cli() -> None:
    """Spec-driven generator for Rust + TypeScript command verticals.

    One JSON CommandSpec describes a command (name, params, results, types); specgen
    validates it with located diagnostics and generates the code around it.

    \b
    Start here:
      specgen init                      specgen.toml and specs/ in a new project
      specgen demo                      validate and generate the bundled examples
      specgen doctor                    which tools each feature needs, found or missing
      specgen new gpu/stats --adapter rust-ipc   start a spec
      specgen validate specs/           check every spec of a project
      specgen generate                  generate every spec of the project
      specgen generate --spec specs/gpu-stats.json --adapter rust-ipc --out gen/
      specgen migrate old.json -o v2/   turn v1 specs into v2
      specgen schema -o spec.schema.json  JSON Schema for editor completion
      specgen audit commands/           conformance of hand-written commands
      specgen adopt commands/           add accessors, factories, base interfaces in place
      specgen breaking --against main   what a spec change breaks (WIRE / SOURCE)
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap


def _exit_code(diagnostics: list[Diagnostic], strict: bool) -> int:
    if has_errors(diagnostics):
        return EXIT_BAD_INPUT
    if strict and any(d.severity is Severity.WARNING for d in diagnostics):
        return EXIT_PROBLEMS
    return EXIT_OK


def _config_start(paths: tuple[Path, ...]) -> Path:
    if not paths:
        return Path.cwd()
    first = paths[0]
    return first if first.is_dir() else first.parent


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit 1 when there are warnings.")
@FORMAT_OPTION
def validate(paths: tuple[Path, ...], strict: bool, output_format: str) -> None:
    """Check spec files and folders (all *.json inside) as one project.

    Every problem is reported at once, one line each:
    file:line:col: severity[SGnnn] message (at $.json.path); hint: ...

    Without PATHS, the spec_dirs of the nearest specgen.toml (or [tool.specgen]
    in pyproject.toml) are checked. Specs given inside those spec_dirs are checked
    with the rest of the project loaded (a type another spec declares is known);
    only their own problems are reported. Codes are listed in docs/diagnostics.md.

    Exit status: 0 valid, 1 warnings with --strict, 2 errors.
    """
    config, config_diags = load_config(_config_start(paths))
    missing = [] if paths else missing_spec_dirs(config)  # said at spec_dirs, not as a path
    targets = paths or tuple(d for d in config.spec_dirs if d.exists())
    if not targets and not missing and not has_errors(config_diags):
        msg = "no spec files given and no spec_dirs configured (add PATHS or a specgen.toml)"
        raise BadInputError(msg)
    report = (
        validate_in_project(
            list(targets), list(config.spec_dirs), config.aliases, config.external_types
        )
        if not has_errors(config_diags)  # a broken config stops the command
        else ProjectReport()
    )
    diags = [*config_diags, *missing, *report.diagnostics]
    if output_format == "json":
        out.print_json(
            {"files": report.files, "specs": len(report.documents)} | out.diagnostics_json(diags)
        )
    else:
        console = out.stdout_console()
        out.print_diagnostics(diags, console)
        tally = out.counts(diags)
        console.print(
            f"{len(report.files)} spec file(s) checked: {tally['error']} error(s), "
            f"{tally['warning']} warning(s), {tally['note']} note(s)",
            markup=False,
        )
    sys.exit(_exit_code(diags, strict))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Write migrated specs into this folder.",
)
@click.option(
    "--in-place", is_flag=True, help="Replace each v1 file with its v2 form (atomically)."
)
@click.option(
    "--from",
    "from_dir",
    type=click.Path(path_type=Path, file_okay=False, exists=True),
    help="Fill in the types v1 specs name from this TypeScript codebase (its Types files).",
)
@click.option(
    "--all-or-nothing",
    is_flag=True,
    help="Write nothing unless every spec migrates cleanly.",
)
@click.option("--force", is_flag=True, help="Replace target files that hold something else.")
@FORMAT_OPTION
def migrate(  # noqa: PLR0913  # one parameter per option
    paths: tuple[Path, ...],
    *,
    out_dir: Path | None,
    in_place: bool,
    from_dir: Path | None,
    all_or_nothing: bool,
    force: bool,
    output_format: str,
) -> None:
    """Rewrite v1 specs as v2, reporting anything that could not be carried over.

    PATHS are spec files, or folders: every *.json below them.
    With one spec and neither --out nor --in-place, the v2 spec is printed.
    v2 specs are left as they are, so migrating twice changes nothing. Each spec
    has its own outcome: clean specs are written (atomically) even when others
    fail, and a summary lists what was not written and why. A target file that
    holds something else is not replaced without --force.

    \b
    Exit status: 0 every spec migrated; 1 some specs were not written (errors,
    or a target in the way); 2 no spec migrated, or --all-or-nothing and a spec
    has errors (then nothing is written).
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap
    from specgen.migrate.batch import plan_batch  # noqa: PLC0415  # loaded for this command only
    from specgen.migrate.outcome import Destination, exit_status, settle  # noqa: PLC0415
    from specgen.migrate.report import print_report  # noqa: PLC0415

    if out_dir is not None and in_place:
        raise click.UsageError("--out and --in-place exclude each other")
    files, found = _migration_inputs(paths)
    if out_dir is None and not in_place and len(files) > 1:
        raise click.UsageError("several specs need --out DIR or --in-place")
    config, config_diags = load_config(_config_start(paths))
    config_diags = [*config_diags, *found]
    plans = plan_batch(files, config, from_dir)
    dest = Destination(out_dir, in_place=in_place, force=force, all_or_nothing=all_or_nothing)
    outcomes = settle(plans, dest)
    print_report(outcomes, config_diags, output_format, dest)
    sys.exit(exit_status(outcomes, dest))


def _migration_inputs(paths: Sequence[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """The spec files to migrate, and SG007 for a folder without any.

    Files as given (a missing one fails as its own outcome), every *.json below a folder.
    """
    files: list[Path] = []
    found: list[Diagnostic] = []
    for path in paths:
        if path.is_dir():
            inside, diags = discover_spec_files([path])
            files += inside
            found += diags
        else:
            files.append(path)
    return files, found


@cli.command()
@click.option(
    "--spec-version",
    type=click.Choice(["1", "2"]),
    default="2",
    show_default=True,
    help="Schema of which spec format.",
)
@click.option(
    "-o",
    "--out",
    "out_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to FILE instead of stdout.",
)
def schema(spec_version: str, out_file: Path | None) -> None:
    """Print the JSON Schema of CommandSpec, for editors and CI.

    Point your editor at it (e.g. "$schema": "./spec.schema.json" in a spec, or
    VS Code's json.schemas setting) to get completion and hover docs.
    """
    text = json.dumps(export_schema(int(spec_version)), indent=2, sort_keys=True) + "\n"
    if out_file is None:
        sys.stdout.write(text)
    else:
        write_atomic(out_file, text.encode("utf-8"))


@cli.command()
@click.option(
    "--spec",
    "specs",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A spec file, or a folder of specs (repeatable). Default: every spec of the "
    "configured project.",
)
@click.option("--adapter", help="Use this adapter instead of each spec's own.")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Output root (default: out_dir of specgen.toml, else ./generated).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 with a diff if output is stale.")
@click.option("--dry-run", is_flag=True, help="Write nothing; list what would change.")
@click.option("--force", is_flag=True, help="Also replace scaffolds (your files).")
@click.option("--backup", is_flag=True, help="Keep a .bak of every file replaced or removed.")
@click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0),
    envvar="SPECGEN_LOCK_TIMEOUT",
    help="Seconds to wait for another run's project lock (default: as long as it takes).",
)
@FORMAT_OPTION
def generate(  # noqa: PLR0913, PLR0917  # click passes one argument per option
    specs: tuple[Path, ...],
    adapter: str | None,
    out_dir: Path | None,
    check: bool,
    dry_run: bool,
    force: bool,
    backup: bool,
    lock_timeout: float | None,
    output_format: str,
) -> None:
    """Generate the Rust + TypeScript vertical of specs.

    \b
    Generated files (header "@generated by specgen") are rewritten from the spec;
    only files whose bytes change are touched. Scaffolds (your logic files) are
    created once and never overwritten without --force. Files of a spec that is
    gone are removed; its scaffolds are kept and reported.

    \b
    Examples:
      specgen generate
      specgen generate --spec=specs/gpu-stats.json --adapter=rust-ipc --out=gen
      specgen generate --check     # in CI: fail when generated code is stale

    \b
    One run at a time per output folder: a second run waits for the first
    ("waiting for lock on ...") up to --lock-timeout. SIGTERM or Ctrl-C stops
    a run between two files, with the manifest saved.

    Exit status: 0 done (or fresh with --check), 1 stale with --check, 2 errors,
    128 + N stopped by signal N.
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap
    from specgen.generate.cli_support import run_generate_command  # noqa: PLC0415  # fast --help

    sys.exit(
        run_generate_command(
            specs,
            adapter,
            out_dir,
            check=check,
            dry_run=dry_run,
            force=force,
            backup=backup,
            output_format=output_format,
            lock_timeout=lock_timeout,
        )
    )


@cli.command()
@click.argument("name")
@click.option(
    "--adapter", help="Adapter of the new command (default: default_adapter of specgen.toml)."
)
@click.option(
    "--dir",
    "spec_dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Folder for the spec (default: the first spec_dirs entry, else ./specs).",
)
def new(name: str, adapter: str | None, spec_dir: Path | None) -> None:
    """Start a spec for command NAME (group/verb), valid as written.

    The file is named after the command (gpu/stats -> gpu-stats.json) and is never
    written over an existing one. Edit it, then run `specgen generate`.

    In a project whose specgen.toml sets `[rust] scaffold_dir` (a crate whose build.rs
    generates with specgen-build), a Rust-backed command also gets its service file,
    <scaffold_dir>/<command_snake>.rs: the one file where its logic goes.
    """
    from specgen.generate.new_spec import (  # noqa: PLC0415  # keeps `specgen --help` fast
        command_name_problem,
        service_scaffold,
        spec_file_name,
        starter_text,
    )

    problem = command_name_problem(name)
    if problem is not None:
        raise BadInputError(problem)
    config, config_diags = load_config(Path.cwd())
    if has_errors(config_diags):
        out.print_diagnostics(config_diags, out.stderr_console())
        raise BadInputError("the configuration has errors; nothing written")
    from specgen.project import InitError, check_adapter  # noqa: PLC0415  # fast --help

    try:
        check_adapter(adapter or config.default_adapter)
    except InitError as exc:
        raise BadInputError(f"{exc.message}; hint: {exc.hint}") from exc
    if config.file is None:
        config = _init_for_new()
    adapter = adapter or config.default_adapter
    folder = spec_dir or (config.spec_dirs[0] if config.spec_dirs else Path("specs"))
    target = folder / spec_file_name(name)
    if target.exists():
        raise BadInputError(f"{target} already exists; edit it or choose another name")
    write_atomic(target, starter_text(name, adapter).encode("utf-8"))
    click.echo(f"wrote {target}")
    scaffold_dir = config.rust.scaffold_dir
    if scaffold_dir is not None:
        scaffold = service_scaffold(target, config)
        if scaffold is not None:
            service = scaffold_dir / f"{scaffold[0]}.rs"
            if service.exists():
                click.echo(f"kept {service} (it exists)")
            else:
                write_atomic(service, scaffold[1])
                click.echo(f"wrote {service}: your service; fill in the handler")
    click.echo(f"next: edit the spec, then `specgen generate --spec {target}`")


def _init_for_new() -> ProjectConfig:
    """No configuration here or above: write `specgen init`'s defaults, and say so."""
    from specgen.project import InitChoices, init_project  # noqa: PLC0415  # fast --help

    result = init_project(Path.cwd(), InitChoices(example=False))
    click.echo(
        f"note: no specgen.toml here or above; wrote {result.config.name} with the defaults "
        'of `specgen init` (spec_dirs = ["specs"], out_dir = "generated")'
    )
    return load_config(Path.cwd())[0]


@cli.command()
@click.option(
    "--out",
    "out_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("specgen-demo"),
    show_default=True,
    help="Folder to generate the example project into.",
)
@click.option(
    "--plot",
    "plot",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Also draw the runtime scenario (pressure, budget, RSS) into this PNG (needs matplotlib).",
)
@FORMAT_OPTION
def demo(out_dir: Path, output_format: str, plot: Path | None) -> None:
    """Run specgen on the bundled example specs and show what it did.

    Validates the example project (one spec per adapter), generates its whole
    Rust + TypeScript vertical into --out and lists the files, and migrates the
    seed's v1 spec in memory. Running it again rewrites nothing that is unchanged.
    """
    from specgen.demo import run_demo  # noqa: PLC0415  # keeps `specgen --help` fast
    from specgen.doctor import MissingRequirementError, require_module  # noqa: PLC0415

    if plot is not None:
        try:  # before anything is written: a missing extra is a usage error, not a bug
            require_module("matplotlib")
        except MissingRequirementError as exc:
            raise click.UsageError(f"--plot: {exc}") from exc
    sys.exit(run_demo(output_format, out_dir, plot))


@cli.command("build-request")
def build_request() -> None:
    """Answer a build script: read a JSON request on stdin, write a JSON response.

    \b
    This is the protocol of the specgen-build crate (Cargo build.rs); you rarely
    run it by hand. The request names the crate (manifest_dir), where to write
    (out_dir, normally OUT_DIR) and the specs; the response lists the files
    written, the file to include!, every input to watch, and the diagnostics
    with file:line:col. See docs/build-integration.md.

    \b
    Example:
      echo '{"version": 1, "manifest_dir": "/abs/crate", "out_dir": "/tmp/out"}' \\
        | specgen build-request

    Exit status: 0 answered (the response says whether generation succeeded),
    2 the request itself is malformed or the output folder cannot be written.
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap
    from specgen.build import BadRequestError, answer, parse_request  # noqa: PLC0415  # fast --help

    try:
        response = answer(parse_request(sys.stdin.read()))
    except (BadRequestError, OSError) as exc:
        raise BadInputError(f"build request: {exc}") from exc
    sys.stdout.write(json.dumps(response, indent=2) + "\n")


def main() -> None:
    """Entry point: run the CLI; turn an internal failure into one line, not a traceback."""
    try:
        cli.main(prog_name="specgen")
    except Exception as exc:  # last line of defence for users
        if os.environ.get("SPECGEN_DEBUG"):
            raise
        sys.stderr.write(
            f"specgen: internal error: {type(exc).__name__}: {exc}\n"
            "hint: this is a bug in specgen; rerun with SPECGEN_DEBUG=1 for details and report it\n"
        )
        sys.exit(EXIT_INTERNAL)


# The migration tools register last: their modules import nothing from this one.
from specgen.adopt.cli import adopt_command  # noqa: E402  # registered after `cli` exists
from specgen.audit.cli import audit_command  # noqa: E402  # same
from specgen.breaking.cli import breaking_command  # noqa: E402  # same
from specgen.doctor.cli import doctor_command  # noqa: E402  # same
from specgen.enforce.cli import enforce_command  # noqa: E402  # same
from specgen.project.cli import init_command  # noqa: E402  # same
from specgen.reverse.cli import reverse_command_cli  # noqa: E402  # same

cli.add_command(reverse_command_cli)
cli.add_command(audit_command)
cli.add_command(enforce_command)
cli.add_command(adopt_command)
cli.add_command(init_command)
cli.add_command(doctor_command)
cli.add_command(breaking_command)
