"""The runtime names adopt's additions use, and what the project config says about them.

Each name plays a role of the runtime import map (``[typescript.runtime]`` in
specgen.toml, see SHAPES item 2): the base interfaces, ``CommandInput``, the context
and session id types, ``Commands`` and the payload helpers. A role's entry gives the
module that exports it and, optionally, its exported name (``{ module, name }`` or
``"module#Name"``). The map is the one the config loader read (it reports malformed
entries).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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


def runtime_map(config: ProjectConfig) -> RuntimeMap:
    """The runtime import map of ``config`` (empty when it configures none)."""
    typescript = config.typescript
    entries = {
        binding.key: RuntimeEntry(binding.module, binding.name or None)
        for binding in typescript.runtime
        if binding.module
    }
    explicit = typescript.runtime_import if typescript.runtime_import_written else None
    return RuntimeMap(entries, explicit or None, config.ts_root, config.file)
