"""Small hand-written command trees for the adopt tests, in any style."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from specgen.adopt.run import AdoptRun, plan_commands
from specgen.codebase.find import find_commands
from specgen.codebase.settings import load_settings
from specgen.naming import command_type_name

GOLDEN = (
    Path(__file__).resolve().parent
    / "goldens"
    / "examples"
    / "ts"
    / "commands"
    / "gpu"
    / "stats"
    / "shared"
    / "GpuStatsTypes.ts"
)


@dataclass(frozen=True)
class Style:
    """How a test file is written."""

    indent: str = "  "
    quote: str = "'"
    semi: bool = True
    eol: str = "\n"

    @property
    def id(self) -> str:
        """A short test id."""
        indent = "tab" if self.indent == "\t" else f"{len(self.indent)}sp"
        quote = "sq" if self.quote == "'" else "dq"
        semi = "semi" if self.semi else "nosemi"
        eol = "crlf" if self.eol == "\r\n" else "lf"
        return f"{indent}-{quote}-{semi}-{eol}"


STYLES = [
    Style(),
    Style(indent="    ", quote='"'),
    Style(indent="\t", semi=False),
    Style(indent="    ", semi=False, eol="\r\n"),
    Style(quote='"', eol="\r\n"),
]


def bare_types(command: str, style: Style, *, runtime: str = "@specgen/runtime") -> str:
    """A Types file with Params/Result not extending the bases, no factories, no accessor."""
    name = command_type_name(command)
    i, q, e = style.indent, style.quote, style.eol
    s = ";" if style.semi else ""
    lines = [
        "/**",
        f" * {name} Command - Shared Types",
        " *",
        " * Hand-written; adopt brings it up to the conventions.",
        " */",
        "",
        f"import type {{ CommandParams, CommandResult }} from {q}{runtime}{q}{s}",
        "",
        f"/** Parameters of {command} */",
        f"export interface {name}Params {{",
        f"{i}/** Filter to one subsystem */",
        f"{i}subsystem?: {q}tts{q} | {q}inference{q}{s}",
        "}",
        "",
        f"export interface {name}Result {{",
        f"{i}success: boolean{s}",
        f"{i}gpuName: string{s}",
        f"{i}nested: {{",
        f"{i}{i}inner: number{s}",
        f"{i}}}{s}",
        "}",
        "",
        f"export const {name.upper()}_LIMIT = 5{s}",
        "",
        f"export function describe{name}(result: {name}Result): string {{",
        f"{i}if (result.success) {{",
        f"{i}{i}return {q}ok {q} + result.gpuName{s}",
        f"{i}}}",
        f"{i}return [{q}a{q}, {q}b{q}].join({q}-{q}){s}",
        "}",
    ]
    return e.join(lines) + e


def conforming_types(command: str) -> str:
    """A Types file in the generated shape (every runtime name from @specgen/runtime)."""
    text = GOLDEN.read_text(encoding="utf-8")
    text = text.replace("GpuStats", command_type_name(command)).replace("gpu/stats", command)
    kept = [line for line in text.splitlines(keepends=True) if "SubsystemInfo" not in line]
    return "".join(kept)


def write_command(root: Path, command: str, text: str, file_name: str | None = None) -> Path:
    """Write the Types file of ``command`` under ``root`` (a commands folder)."""
    name = file_name or command_type_name(command) + "Types.ts"
    path = root / command / "shared" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def project(tmp_path: Path, config: str = "") -> Path:
    """A project folder with a specgen.toml (``config`` appended) and a commands folder."""
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["specs"]\n' + config, encoding="utf-8")
    (tmp_path / "specs").mkdir(exist_ok=True)
    commands = tmp_path / "commands"
    commands.mkdir(exist_ok=True)
    return commands


def write_spec(tmp_path: Path, command: str) -> None:
    """A (minimal) spec naming ``command``, so audit does not count it as specless."""
    spec = tmp_path / "specs" / (command.replace("/", "-") + ".json")
    spec.write_text(f'{{"version": 2, "name": "{command}", "description": "x"}}\n')


def plan(*paths: Path) -> AdoptRun:
    """Plan adopt over ``paths`` as the CLI does (nothing is written)."""
    settings, _ = load_settings(paths[0] if paths[0].is_dir() else paths[0].parent)
    commands, problems = find_commands(paths, settings)
    assert not problems, problems
    return plan_commands(commands, settings)


def only_insertions(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with text inserted and nothing else changed."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    kept = sum(size for _, _, size in matcher.get_matching_blocks())
    return kept == len(old) and all(tag in {"equal", "insert"} for tag, *_ in matcher.get_opcodes())
