"""Helpers the tests share (importable as ``support``; fixtures are in conftest.py)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning|note)"
    r"\[(?P<code>SG\d{3})\] (?P<message>.+?) \(at (?P<path>\$[^)]*)\)"
    r"(?:; see also (?P<related>.+?))?; hint: (?P<hint>.+)$"
)

SpecWriter = Callable[[str, "dict[str, Any] | str"], Path]
SpecBuilder = Callable[..., dict[str, Any]]
RunCli = Callable[..., "Run"]


@dataclass
class Run:
    """The outcome of one CLI invocation."""

    exit_code: int
    stdout: str
    stderr: str

    def diagnostics(self) -> list[dict[str, str]]:
        """Every diagnostic line of stdout, parsed; fails on a malformed one."""
        found = []
        for line in self.stdout.splitlines():
            if re.match(r"^\S.*:\d+:\d+: (error|warning|note)\[", line):
                match = LINE.match(line)
                assert match is not None, f"malformed diagnostic line: {line}"
                found.append(match.groupdict())
        return found

    def codes(self) -> list[str]:
        """The codes of the diagnostics, in output order."""
        return [d["code"] for d in self.diagnostics()]


def write_file(root: Path, rel: str, text: str) -> Path:
    """Write ``text`` to ``root/rel`` (UTF-8), creating its folders; the path written."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def invoke_in(root: Path, *args: str) -> str:
    """Run the CLI in-process from ``root`` as the working folder; its stdout (exit 0 asserted)."""
    from click.testing import CliRunner  # noqa: PLC0415  # only the tests that run in a tree

    from specgen.cli import cli  # noqa: PLC0415

    cwd = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.stdout
    return result.stdout
