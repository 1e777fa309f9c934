"""``specgen-enforce``: fail when a new command folder has no spec; warn for tracked ones.

Output and exit status are those of ``specgen enforce``: one line per problem
(``path:1:1: error[SG512] ...; hint: ...``), then a summary; 0 ok (warnings allowed),
1 a new folder has no spec (any folder, with ``--strict``), 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from specgen_enforce.git import GitError, git_state
from specgen_enforce.settings import ConfigError, load_settings
from specgen_enforce.tree import accessor_command, scan_commands, spec_names

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


def _shown(path: Path) -> str:
    relative = os.path.relpath(path.absolute(), Path.cwd())
    return relative.replace(os.sep, "/") if not relative.startswith("../../..") else str(path)


def _problem(code: str, severity: str, message: str, path: Path, hint: str) -> dict[str, str]:
    return {"code": code, "severity": severity, "message": message, "file": _shown(path),
            "hint": hint}  # fmt: skip


def _line(problem: dict[str, str]) -> str:
    return (
        f"{problem['file']}:1:1: {problem['severity']}[{problem['code']}] {problem['message']} "
        f"(at $); hint: {problem['hint']}"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="specgen-enforce", description="Fail when a new command folder has no spec."
    )
    parser.add_argument("--commands", type=Path, help="the commands folder")
    parser.add_argument("--specs", type=Path, action="append", default=[], help="a spec folder")
    parser.add_argument("--strict", action="store_true", help="also fail on tracked folders")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    return parser


def _bad(problem: dict[str, str], output_format: str) -> int:
    if output_format == "json":
        sys.stdout.write(json.dumps({"ok": False, "diagnostics": [problem]}) + "\n")
    else:
        sys.stderr.write(_line(problem) + "\n")
    return EXIT_BAD_INPUT


def main(argv: list[str] | None = None) -> int:
    """Run the guard; the exit status."""
    args = _parser().parse_args(argv)
    cwd = Path.cwd()
    try:
        settings = load_settings(cwd)
    except ConfigError as exc:
        return _bad(_problem("SG104", "error", str(exc), cwd, "fix the TOML"), args.format)
    tree = args.commands or settings.commands_dir
    if not tree.is_dir():
        hint = "pass --commands DIR or set commands_dir under [migration] in specgen.toml"
        return _bad(
            _problem("SG515", "error", "commands folder not found", tree, hint), args.format
        )
    try:
        git = git_state(cwd, tree)
    except GitError as exc:
        hint = "run enforce inside a git work tree, with git on PATH"
        return _bad(_problem("SG513", "error", str(exc), cwd, hint), args.format)
    specs = spec_names(tuple(args.specs) or settings.spec_dirs)
    problems, checked, with_spec = [], 0, 0
    for command in scan_commands(tree):
        status = git.status(command.path)
        if status == "ignored":
            continue
        checked += 1
        accessor = (
            accessor_command(command.types_file, settings.execute_object)
            if command.types_file is not None and not specs.covers(command.rel)
            else None
        )
        if specs.covers(command.rel) or (accessor is not None and specs.covers(accessor)):
            with_spec += 1
            continue
        hint = f"run `specgen reverse {_shown(command.path)}` (or `specgen new {command.rel}`)"
        if status == "tracked":
            message = f"command folder '{command.rel}' has no spec (tracked: migration pending)"
            problems.append(_problem("SG505", "warning", message, command.path, hint))
        else:
            message = f"new command folder '{command.rel}' ({status}) has no spec"
            hint += "; new commands start from a spec"
            problems.append(_problem("SG512", "error", message, command.path, hint))
    failures = sum(p["code"] == "SG512" for p in problems)
    warnings = len(problems) - failures
    failed = failures > 0 or (args.strict and warnings > 0)
    if args.format == "json":
        summary = {"ok": not failed, "checked": checked, "withSpec": with_spec,
                   "failures": failures, "warnings": warnings, "diagnostics": problems}  # fmt: skip
        sys.stdout.write(json.dumps(summary, indent=2) + "\n")
    else:
        for problem in sorted(problems, key=lambda p: p["file"]):
            sys.stdout.write(_line(problem) + "\n")
        sys.stdout.write(
            f"enforce: {checked} command folder(s), {with_spec} with a spec; "
            f"{failures} new without a spec (fail), {warnings} tracked without a spec (warn)\n"
        )
    return EXIT_PROBLEMS if failed else EXIT_OK
