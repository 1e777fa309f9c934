"""``specgen audit``: how far a hand-written command tree conforms to the conventions."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console

from specgen import console as out
from specgen.codebase.commands import command_dir_at
from specgen.codebase.settings import load_settings, missing_tree
from specgen.commandline.exits import EXIT_BAD_INPUT, EXIT_OK, EXIT_PROBLEMS
from specgen.commandline.options import format_option
from specgen.commandline.paths import shown
from specgen.diagnostics import CODES, Diagnostic, Location, Severity
from specgen.writer import write_atomic

if TYPE_CHECKING:
    from specgen.audit.checker import AuditReport
    from specgen.audit.summary import AuditSummary

_RANK = {Severity.NOTE: 0, Severity.WARNING: 1, Severity.ERROR: 2}
FAIL_ON = {"note": 0, "warning": 1, "error": 2, "never": 3}


def _not_a_tree(tree: Path, commands_dir: Path) -> Diagnostic | None:
    """SG515 when ``tree`` is no commands folder: missing, a file, or one command's folder."""
    if not tree.exists():
        return missing_tree(tree, "audit")
    command = command_dir_at(tree, commands_dir)
    if tree.is_dir() and (command is None or command.path != tree.resolve()):
        return None
    what = "a file" if tree.is_file() else "a single command's folder"
    return Diagnostic(
        "SG515",
        CODES["SG515"].severity,
        f"{what}, not the commands folder: audit reads the whole tree",
        Location(shown(tree)),
        f"pass the tree's root (specgen audit {shown(commands_dir)}), or check one command "
        f"with specgen adopt {shown(tree)} --check",
    )


@click.command("audit")
@click.argument("root", required=False, type=click.Path(path_type=Path))
@click.option(
    "--specs",
    "spec_dirs",
    multiple=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="A spec folder (repeatable). Default: spec_dirs of specgen.toml.",
)
@format_option("text", "json", "sarif")
@click.option(
    "-o",
    "--output",
    "output_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the report to FILE instead of stdout.",
)
@click.option(
    "--fail-on",
    type=click.Choice(list(FAIL_ON)),
    default="error",
    show_default=True,
    help="Exit 1 when a finding has this severity or a worse one (CI gate).",
)
@click.option(
    "--top",
    default=5,
    show_default=True,
    type=click.IntRange(min=0),
    help="How many groups to list.",
)
@click.option("--details", is_flag=True, help="Text format: list every finding first.")
def audit_command(  # noqa: PLR0913, PLR0917  # click passes one argument per option
    root: Path | None,
    spec_dirs: tuple[Path, ...],
    output_format: str,
    output_file: Path | None,
    fail_on: str,
    top: int,
    details: bool,
) -> None:
    """Report how far a command tree conforms to the generator's conventions.

    \b
    ROOT is the commands folder (default: commands_dir under [migration] in
    specgen.toml, else ./commands). A command conforms when it has a spec, a
    Types file whose Params and Result extend the bases, a static accessor,
    no `any` in its types, and no Commands.execute call in its files but the
    accessor's own. The report gives N/M conforming, commands per violation,
    raw calls, and the groups with the most violations.

    \b
    Formats: text (--details lists every finding with file:line:col), json,
    sarif (SARIF 2.1.0 for code-scanning tools, e.g. GitHub's upload-sarif).

    Exit status: 0, or 1 when a finding reaches --fail-on; 2 bad input.
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap
    settings, config_diags = load_settings(root if root is not None else Path.cwd())
    tree = root if root is not None else settings.commands_dir
    wrong = _not_a_tree(tree, settings.commands_dir)
    if wrong is not None:
        diags = [*config_diags, wrong]
        if output_format == "json":
            out.print_json(out.diagnostics_json(diags))
        else:
            out.print_diagnostics(diags, out.stderr_console())
        sys.exit(EXIT_BAD_INPUT)
    # The checker (and its parser) is imported here: `specgen --help` stays fast.
    from specgen.audit.checker import run_audit  # noqa: PLC0415
    from specgen.audit.summary import summarize  # noqa: PLC0415

    report = run_audit(tree, settings, list(spec_dirs) if spec_dirs else None)
    report.problems[:0] = config_diags
    summary = summarize(report, top)
    text = _render(report, summary, tree, output_format, details=details, to_file=output_file)
    if output_file is not None and text is not None:
        write_atomic(output_file, text.encode("utf-8"))
    threshold = FAIL_ON[fail_on]
    failed = any(_RANK[d.severity] >= threshold for d in report.findings)
    sys.exit(EXIT_PROBLEMS if failed else EXIT_OK)


def json_report(report: AuditReport, summary: AuditSummary, tree: Path) -> dict[str, Any]:
    """The audit as JSON: the summary, every command, every finding."""
    commands = [
        {
            "path": a.command.rel,
            "name": a.name,
            "typesFile": shown(a.command.types_file) if a.command.types_file else None,
            "spec": shown(a.spec) if a.spec else None,
            "conforms": a.conforms,
            "violations": a.violations,
            "anyUses": a.any_uses,
            "rawExecuteCalls": a.raw_calls,
        }
        for a in report.commands
    ]
    return {
        "root": shown(tree),
        "summary": summary.as_json(),
        "commands": commands,
    } | out.diagnostics_json(report.findings)


def _render(  # noqa: PLR0913  # the report, and how the user asked for it
    report: AuditReport,
    summary: AuditSummary,
    tree: Path,
    output_format: str,
    *,
    details: bool,
    to_file: Path | None,
) -> str | None:
    """The report in ``output_format``: printed, or returned when going ``to_file``.

    JSON and SARIF are also returned when printed (nothing reads them then).
    """
    from specgen.audit.sarif import sarif_log  # noqa: PLC0415
    from specgen.audit.text import print_text  # noqa: PLC0415

    if output_format == "text":
        buffer = io.StringIO() if to_file is not None else None
        console = (
            Console(file=buffer, soft_wrap=True, highlight=False, no_color=True)
            if buffer is not None
            else out.stdout_console()
        )
        print_text(report, summary, console, details, shown(tree))
        return buffer.getvalue() if buffer is not None else None
    data = (
        sarif_log(report, summary, Path.cwd())
        if output_format == "sarif"
        else json_report(report, summary, tree)
    )
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    if to_file is None:
        sys.stdout.write(text)
    return text
