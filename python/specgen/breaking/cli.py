"""``specgen breaking``: what a spec change breaks, against a git revision or a folder."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from specgen import console as out
from specgen.commandline.exits import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS
from specgen.commandline.options import format_option
from specgen.writer import write_atomic


@click.command("breaking")
@click.option(
    "--against",
    required=True,
    metavar="REF|DIR",
    help="The old version: a git revision (main, v1.2, HEAD~1) or a folder of old specs.",
)
@click.option(
    "--specs",
    "spec_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="A spec folder or file (repeatable). Default: spec_dirs of specgen.toml.",
)
@format_option("text", "json", "sarif")
@click.option(
    "-o",
    "--output",
    "output_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to FILE instead of stdout.",
)
def breaking_command(
    against: str, spec_paths: tuple[Path, ...], output_format: str, output_file: Path | None
) -> None:
    """Report changes of the specs that break old clients, servers or callers.

    \b
    Every command of the project is compared with the same command in the old
    version, read from git without a checkout (or from a folder). Each finding
    has a stable rule id (docs/breaking.md), a class (WIRE: peers built from the
    two versions no longer understand each other; SOURCE: code written against
    the old generated types stops compiling), and the new and old file:line:col.
    Deprecated things warn; [breaking] in specgen.toml chooses the classes to
    check, ignores rule ids (each with a reason) and when removals are allowed.

    \b
    Examples:
      specgen breaking --against main
      specgen breaking --against v1.2 --format sarif -o breaking.sarif

    Exit status: 0 nothing breaks, 1 something breaks, 2 bad input.
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap
    from specgen.breaking.report import json_report, text_report  # noqa: PLC0415  # fast --help
    from specgen.breaking.run import run_breaking  # noqa: PLC0415
    from specgen.breaking.sarif import sarif_log  # noqa: PLC0415

    run = run_breaking(against, spec_paths, Path.cwd())
    if run.bad_input:
        if output_format == "text":
            out.print_diagnostics(run.diagnostics, out.stderr_console())
        else:
            out.print_json(out.diagnostics_json(run.diagnostics))
        sys.exit(EXIT_BAD_INPUT)
    out.print_diagnostics(run.diagnostics, out.stderr_console())
    report = run.report
    if output_format == "text":
        text = text_report(report, against)
    else:
        data = (
            sarif_log(report, against, Path.cwd())
            if output_format == "sarif"
            else json_report(report, against) | out.diagnostics_json(run.diagnostics)
        )
        text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    if output_file is not None:
        write_atomic(output_file, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    sys.exit(EXIT_PROBLEMS if report.breaking else EXIT_OK)
