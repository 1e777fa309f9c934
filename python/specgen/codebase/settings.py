"""Settings of the migration tools (reverse, audit, enforce), from the project config.

They live in a ``[migration]`` table of ``specgen.toml`` (or
``[tool.specgen.migration]`` in ``pyproject.toml``), next to the generator's own
settings; every key is optional::

    [migration]
    commands_dir = "src/commands"   # the hand-written command tree
    params_base = "CommandParams"   # what Params interfaces extend
    result_base = "CommandResult"   # what Result interfaces extend
    execute_object = "Commands"     # `Commands.execute(...)` runs a command by name
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from specgen.base_fields import PARAMS, RESULTS, base_field_names
from specgen.commandline.paths import shown
from specgen.config import ProjectConfig, config_location, find_config, load_config
from specgen.diagnostics import CODES, Diagnostic, Location

DEFAULT_COMMANDS_DIR = "commands"
PARAMS_BASE_FIELDS = base_field_names(PARAMS)
"""Fields Params inherit from the base; a hand-written file that restates them loses them."""
RESULT_BASE_FIELDS = base_field_names(RESULTS)
"""Fields Result inherits (``success`` and ``error`` are restated by convention)."""

_STRING_KEYS = ("commands_dir", "params_base", "result_base", "execute_object")


@dataclass(frozen=True)
class MigrationSettings:
    """Where the command tree and the specs are, and the names the conventions use."""

    config: ProjectConfig
    commands_dir: Path
    params_base: str = "CommandParams"
    result_base: str = "CommandResult"
    execute_object: str = "Commands"
    params_base_fields: tuple[str, ...] = PARAMS_BASE_FIELDS
    result_base_fields: tuple[str, ...] = RESULT_BASE_FIELDS
    aliases: dict[str, str] = field(default_factory=dict)
    config_externals: frozenset[str] = frozenset()
    """Names the config declares under ``[external_types]``: specs refer to them by name."""

    @property
    def spec_dirs(self) -> tuple[Path, ...]:
        """The project's spec folders."""
        return self.config.spec_dirs

    @property
    def bindings_dir(self) -> str:
        """The folder name of the ts-rs bindings (Rust-owned types)."""
        return self.config.typescript.bindings_dir

    @property
    def ts_root(self) -> Path:
        """The folder generated TypeScript lives in: './' module paths are relative to it."""
        return self.config.ts_root


def _section(table: Mapping[str, object], key: str) -> dict[str, object]:
    section = table.get(key, {})
    return section if isinstance(section, dict) else {}


def load_settings(start: Path) -> tuple[MigrationSettings, list[Diagnostic]]:
    """The settings that apply at ``start`` (defaults where the config says nothing)."""
    config, diags = load_config(start)
    values: dict[str, str] = {}
    if config.file is not None:
        for key, value in _section(config.table, "migration").items():
            if key not in _STRING_KEYS:
                continue  # load_config warns about it (SG116), at its line
            if isinstance(value, str) and value:
                values[key] = value
            else:
                diags.append(
                    Diagnostic(
                        "SG104",
                        CODES["SG104"].severity,
                        f"[migration] {key} must be a non-empty string",
                        config_location(config.file, f"migration.{key}", value=True),
                        "see docs/migration-tools.md",
                    )
                )
    settings = MigrationSettings(
        config,
        config.root / values.get("commands_dir", DEFAULT_COMMANDS_DIR),
        params_base=values.get("params_base", "CommandParams"),
        result_base=values.get("result_base", "CommandResult"),
        execute_object=values.get("execute_object", "Commands"),
        aliases=dict(config.aliases),
        config_externals=frozenset(config.external_types),
    )
    return settings, diags


def settings_for_path(path: Path) -> tuple[MigrationSettings, list[Diagnostic]]:
    """The settings for a command given ``path`` (a folder or file of the command tree).

    The config upwards of ``path`` applies; with none there, the config upwards of the
    working folder, else the defaults rooted at the working folder: where ``generate``
    writes and ``reverse`` puts specs when nothing is configured, so module paths that
    specs write relative to the generated TypeScript (``./``, ``../``) lead to the same
    files.
    """
    start = path if path.is_dir() else path.parent
    return load_settings(start if find_config(start) is not None else Path.cwd())


def missing_tree(root: Path, command: str) -> Diagnostic:
    """SG515: the commands folder ``command`` (audit, adopt, reverse) was to read is not there."""
    return Diagnostic(
        "SG515",
        CODES["SG515"].severity,
        "commands folder not found",
        Location(shown(root)),
        f"pass the folder (specgen {command} src/commands) or set commands_dir under "
        "[migration] in specgen.toml",
    )


def tree_and_settings(
    paths: tuple[Path, ...], command: str
) -> tuple[tuple[Path, ...], MigrationSettings, list[Diagnostic]]:
    """What ``command`` reads: its PATHs, else the configured ``commands_dir`` (as audit).

    Also the settings and the config's diagnostics, with SG515 when no PATH was given
    and the configured folder is not there.
    """
    settings, diags = settings_for_path(paths[0] if paths else Path.cwd())
    if paths:
        return paths, settings, diags
    tree = settings.commands_dir
    if not tree.exists():
        diags = [*diags, missing_tree(tree, command)]
    return (tree,), settings, diags
