"""The runtime names adopt's additions use, and what the project config says about them.

Each name plays a role of the runtime import map (``[typescript.runtime]`` in
specgen.toml, see SHAPES item 2): the base interfaces, ``CommandInput``, the context
and session id types, ``Commands`` and the payload helpers. A role's entry gives the
module that exports it and, optionally, its exported name (``{ module, name }`` or
``"module#Name"``). When the config loader exposes the map it is read from there;
otherwise the table is read here, leniently (the loader reports malformed entries).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from specgen.config import ProjectConfig


@dataclass(frozen=True, slots=True)
class Role:
    """A runtime name adopt may need: its config key, default name, and whether it is a type."""

    key: str
    default: str
    type_only: bool


CONTEXT = Role("context", "CommandContext", type_only=True)
SESSION_ID = Role("session_id", "SessionId", type_only=True)
COMMAND_PARAMS = Role("command_params", "CommandParams", type_only=True)
COMMAND_RESULT = Role("command_result", "CommandResult", type_only=True)
COMMAND_INPUT = Role("command_input", "CommandInput", type_only=True)
COMMANDS = Role("commands", "Commands", type_only=False)
CREATE_PAYLOAD = Role("create_payload", "createPayload", type_only=False)
TRANSFORM_PAYLOAD = Role("transform_payload", "transformPayload", type_only=False)


@dataclass(frozen=True, slots=True)
class RuntimeEntry:
    """A configured home of a runtime name: the module as written, and the exported name."""

    module: str
    name: str | None


@dataclass(frozen=True)
class RuntimeMap:
    """The configured entries by role key, the default runtime module, and where paths start."""

    entries: dict[str, RuntimeEntry]
    runtime_import: str | None
    """``runtime_import`` when the config sets it explicitly (else None: no guess)."""
    typescript_root: Path
    """What a configured ``./`` or ``../`` module is relative to."""
    config_file: Path | None

    def module_for(self, role: Role) -> str | None:
        """The configured module of ``role``, else the explicit ``runtime_import``."""
        entry = self.entries.get(role.key)
        if entry is not None:
            return entry.module
        return self.runtime_import

    def name_for(self, role: Role) -> str | None:
        """The configured exported name of ``role``, when the config gives one."""
        entry = self.entries.get(role.key)
        return entry.name if entry is not None else None


def _entry(value: object) -> RuntimeEntry | None:
    if isinstance(value, str) and value:
        module, _, name = value.partition("#")
        return RuntimeEntry(module, name or None) if module else None
    if isinstance(value, dict):
        where, exported = value.get("module"), value.get("name")
        if isinstance(where, str) and where:
            return RuntimeEntry(where, exported if isinstance(exported, str) and exported else None)
    return None


def _raw_typescript_table(file: Path) -> dict[str, Any]:
    try:
        table = tomllib.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}  # load_config has reported it
    if file.name == "pyproject.toml":
        table = table.get("tool", {}).get("specgen", {})
    section = table.get("typescript", {})
    return section if isinstance(section, dict) else {}


def _from_loader(config: ProjectConfig) -> dict[str, RuntimeEntry] | None:
    """The map as the config loader read it, when this version of the loader reads one.

    The loader gives its entries (``key``, ``module``, ``name``) as a sequence; a
    mapping by key is taken too.
    """
    loaded = getattr(config.typescript, "runtime", None)
    if isinstance(loaded, dict):
        items = [(key, value) for key, value in loaded.items()]
    elif isinstance(loaded, (tuple, list)):
        items = [(getattr(value, "key", None), value) for value in loaded]
    else:
        return None
    entries: dict[str, RuntimeEntry] = {}
    for key, value in items:
        module = getattr(value, "module", None)
        name = getattr(value, "name", None)
        if isinstance(key, str) and isinstance(module, str) and module:
            entries[key] = RuntimeEntry(module, name if isinstance(name, str) and name else None)
    return entries


def runtime_map(config: ProjectConfig) -> RuntimeMap:
    """The runtime import map of ``config`` (empty when it configures none)."""
    table = _raw_typescript_table(config.file) if config.file is not None else {}
    entries = _from_loader(config)
    if entries is None:
        raw = table.get("runtime", {})
        pairs = raw.items() if isinstance(raw, dict) else ()
        entries = {key: e for key, value in pairs if (e := _entry(value)) is not None}
    explicit = table.get("runtime_import")
    out_dir = config.out_dir or config.root / "generated"
    return RuntimeMap(
        entries,
        explicit if isinstance(explicit, str) and explicit else None,
        out_dir / "ts",
        config.file,
    )
