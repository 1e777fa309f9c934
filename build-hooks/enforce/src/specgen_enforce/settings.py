"""Where the command tree and the specs are: ``specgen.toml`` or ``[tool.specgen]``."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 only
    import tomli as tomllib

CONFIG_FILE = "specgen.toml"


class ConfigError(Exception):
    """The configuration file cannot be read."""


@dataclass(frozen=True)
class Settings:
    """What the guard needs from the project's configuration."""

    root: Path
    commands_dir: Path
    spec_dirs: tuple[Path, ...]
    execute_object: str = "Commands"


def find_config(start: Path) -> Path | None:
    """The nearest ``specgen.toml``, or ``pyproject.toml`` with ``[tool.specgen]``, upwards."""
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / CONFIG_FILE).is_file():
            return folder / CONFIG_FILE
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and b"[tool.specgen" in pyproject.read_bytes():
            return pyproject
    return None


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def load_settings(start: Path) -> Settings:
    """The settings at ``start``: defaults (``commands``, no spec folders) without a config."""
    file = find_config(start)
    if file is None:
        root = start.resolve()
        return Settings(root, root / "commands", ())
    try:
        table = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{file}: {exc}") from exc
    if file.name == "pyproject.toml":
        table = table.get("tool", {}).get("specgen", {})
    migration = table.get("migration", {})
    migration = migration if isinstance(migration, dict) else {}
    root = file.parent
    commands = migration.get("commands_dir")
    execute = migration.get("execute_object")
    return Settings(
        root,
        root / (commands if isinstance(commands, str) and commands else "commands"),
        tuple(root / d for d in _strings(table.get("spec_dirs", []))),
        execute if isinstance(execute, str) and execute else "Commands",
    )
