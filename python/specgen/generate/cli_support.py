"""The ``specgen generate`` command's logic: options -> pipeline -> report and exit code."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from specgen import console as out
from specgen.config import load_config
from specgen.diagnostics import has_errors
from specgen.generate.pipeline import GenerationResult, run_generation
from specgen.writer import (
    UnsafePathError,
    WriteConflictError,
    WriteMode,
    WriteOptions,
    render_report,
)

EXIT_OK, EXIT_STALE, EXIT_BAD_INPUT = 0, 1, 2


def _mode(check: bool, dry_run: bool) -> WriteMode:
    if check:
        return WriteMode.CHECK
    return WriteMode.DRY_RUN if dry_run else WriteMode.WRITE


def run_generate_command(  # noqa: PLR0913  # mirrors the CLI options
    specs: Sequence[Path],
    adapter: str | None,
    out_dir: Path | None,
    *,
    check: bool,
    dry_run: bool,
    force: bool,
    backup: bool,
    output_format: str,
) -> int:
    """Run the generator as the CLI asked; print the outcome; return the exit code."""
    start = specs[0].parent if specs else Path.cwd()
    config, config_diags = load_config(start)
    project = list(config.spec_dirs)
    spec_paths = [*project, *specs] if specs else project
    console = out.stdout_console()
    if not spec_paths:
        console.print(
            "no specs: give --spec PATH or configure spec_dirs in specgen.toml", markup=False
        )
        return EXIT_BAD_INPUT
    target = out_dir or config.out_dir or Path("generated")
    options = WriteOptions(mode=_mode(check, dry_run), force=force, backup=backup)
    try:
        result = run_generation(
            spec_paths,
            config,
            target,
            only=list(specs) or None,
            adapter_override=adapter,
            options=options,
        )
    except (UnsafePathError, WriteConflictError) as exc:
        console.print(f"error: {exc}", markup=False)
        return EXIT_BAD_INPUT
    result.diagnostics = config_diags + result.diagnostics
    _print(result, output_format, target)
    if has_errors(result.diagnostics):
        return EXIT_BAD_INPUT
    if check and result.report is not None and result.report.stale():
        return EXIT_STALE
    return EXIT_OK


def _print(result: GenerationResult, output_format: str, target: Path) -> None:
    report = result.report
    if output_format == "json":
        changes = (
            []
            if report is None
            else [
                {
                    "path": c.path,
                    "action": c.action.value,
                    "owner": c.owner,
                    "spec": c.spec,
                    "drift": c.drift,
                }
                for c in report.changes
            ]
        )
        out.print_json(
            {"out": str(target), "changes": changes, "notes": result.notes, "inputs": result.inputs}
            | out.diagnostics_json(result.diagnostics)
        )
        return
    console = out.stdout_console()
    out.print_diagnostics(result.diagnostics, console)
    if report is None:
        console.print("nothing generated: fix the errors above first", markup=False)
        return
    for line in render_report(report):
        console.print(line, markup=False)
    if report.mode is WriteMode.CHECK:
        for change in report.changes:
            if change.diff:
                sys.stdout.write(change.diff if change.diff.endswith("\n") else change.diff + "\n")
    for note in result.notes:
        console.print(f"note: {note}", markup=False)
    counts = report.counts()
    summary = (
        ", ".join(f"{n} {a.value}" for a, n in sorted(counts.items(), key=lambda i: i[0].value))
        or "nothing to do"
    )
    console.print(f"{len(report.changes)} file(s) in {target}: {summary}", markup=False)
