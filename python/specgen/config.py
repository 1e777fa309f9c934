"""Project configuration: ``specgen.toml`` or ``[tool.specgen]`` in ``pyproject.toml``.

Read with the standard library's tomllib. The Foundation reads what validation
needs (spec directories and type aliases); generation options join later.

Example ``specgen.toml``::

    spec_dirs = ["specs"]

    [aliases]
    UUID = "string"
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from specgen.diagnostics import CODES, Diagnostic, Location

CONFIG_FILE = "specgen.toml"


@dataclass(frozen=True)
class ProjectConfig:
    """What a project tells specgen about itself."""

    root: Path
    spec_dirs: tuple[Path, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    file: Path | None = None


def find_config(start: Path) -> Path | None:
    """The nearest ``specgen.toml``, or ``pyproject.toml`` with ``[tool.specgen]``, upwards."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and b"[tool.specgen" in pyproject.read_bytes():
            return pyproject
    return None


def _bad(file: Path, message: str, hint: str, line: int = 1, column: int = 1) -> Diagnostic:
    return Diagnostic(
        "SG104", CODES["SG104"].severity, message, Location(str(file), line, column), hint
    )


def load_config(start: Path) -> tuple[ProjectConfig, list[Diagnostic]]:
    """Load the configuration that applies at ``start`` (defaults when there is none)."""
    file = find_config(start)
    if file is None:
        return ProjectConfig(root=start.resolve()), []
    try:
        table = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        return ProjectConfig(root=file.parent), [
            _bad(file, f"cannot read config: {exc}", "check the file")
        ]
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", 1) or 1
        column = getattr(exc, "colno", 1) or 1
        return ProjectConfig(root=file.parent), [
            _bad(file, f"invalid TOML: {exc}", "fix the TOML syntax", line, column)
        ]
    if file.name == "pyproject.toml":
        table = table.get("tool", {}).get("specgen", {})
    diags: list[Diagnostic] = []
    dirs = table.get("spec_dirs", [])
    aliases = table.get("aliases", {})
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        diags.append(_bad(file, "spec_dirs must be a list of paths", 'write spec_dirs = ["specs"]'))
        dirs = []
    if not isinstance(aliases, dict) or not all(isinstance(v, str) for v in aliases.values()):
        diags.append(
            _bad(
                file,
                "aliases must map type names to type expressions",
                'write UUID = "string" under [aliases]',
            )
        )
        aliases = {}
    root = file.parent
    return ProjectConfig(root, tuple(root / d for d in dirs), dict(aliases), file), diags
