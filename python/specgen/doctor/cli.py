"""``specgen doctor``: what each feature needs, whether it is here, and how to get it."""

from __future__ import annotations

import json
import sys

import click

from specgen.commandline.exits import EXIT_OK, EXIT_PROBLEMS
from specgen.commandline.options import format_option
from specgen.doctor.report import find_all
from specgen.doctor.requirements import missing_message

EXIT_MISSING = EXIT_PROBLEMS
"""``--strict``, and something is missing."""


@click.command("doctor")
@click.option("--strict", is_flag=True, help="Exit 1 when anything is missing.")
@format_option("text", "json", help_text="text for people, json for tools.")
def doctor_command(strict: bool, output_format: str) -> None:
    """List the tools and extras specgen's features use, found or missing.

    \b
    Validating and generating need nothing outside Python. The rest does:
    cargo, rustfmt, the ts-rs export step, node, tsc, matplotlib (demo --plot)
    and git (enforce). Each missing one is shown with how to install it.

    Exit status: 0 (1 with --strict when something is missing).
    """  # noqa: D301  # "\b" is click's marker for a paragraph it must not rewrap
    findings = find_all()
    missing = [f for f in findings if not f.found]
    if output_format == "json":
        rows = [
            {
                "name": f.requirement.name,
                "neededFor": f.requirement.needed_for,
                "found": f.found,
                "location": f.location,
                "version": f.version,
                "hint": None if f.found else f.requirement.hint,
            }
            for f in findings
        ]
        sys.stdout.write(json.dumps({"requirements": rows}, indent=2) + "\n")
    else:
        for finding in findings:
            name = finding.requirement.name
            if finding.found:
                click.echo(f"ok       {name:<13} {finding.version or '(version unknown)'}")
                click.echo(f"         {'':<13} for {finding.requirement.needed_for}")
            else:
                click.echo(f"missing  {name:<13} {missing_message(name)}")
        click.echo(
            f"{len(findings) - len(missing)} of {len(findings)} found"
            + ("; validate and generate work without them" if missing else "")
        )
    sys.exit(EXIT_MISSING if strict and missing else EXIT_OK)
