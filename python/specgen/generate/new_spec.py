"""``specgen new``: a starter spec for a command, valid as written."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from specgen.config import ProjectConfig
from specgen.generate.pipeline import run_generation
from specgen.naming import COMMAND_NAME, spec_file_name
from specgen.validate.spec_checks import command_name_segments, name_path_problem
from specgen.writer import WriteMode, WriteOptions

SERVICE_ADAPTERS = frozenset({"rust-ipc", "full-stack"})
"""Adapters that write a Rust service: only their specs get a starter ``rust`` block
(``traits`` and ``command_prefix`` do nothing for trait-only and types)."""


def starter_spec(name: str, adapter: str) -> dict[str, Any]:
    """The spec ``specgen new NAME --adapter ADAPTER`` writes."""
    group = name.split("/", 1)[0]
    environment = {"browser-only": "browser", "full-stack": "both"}.get(adapter, "server")
    spec: dict[str, Any] = {
        "version": 2,
        "name": name,
        "description": f"Describe what {name} does",
        "environment": environment,
        "adapter": adapter,
    }
    if adapter in SERVICE_ADAPTERS:
        spec["rust"] = {
            "module": f"modules/{group}",
            "traits": ["ManagedService"],
            "command_prefix": f"{group}/",
        }
    spec["params"] = [{"name": "message", "type": "string", "description": "What to send"}]
    spec["results"] = [{"name": "message", "type": "string", "description": "What came back"}]
    spec["examples"] = [{"description": "Basic call", "command": f"./jtag {name} --message=hello"}]
    spec["accessLevel"] = "ai-safe"
    return spec


def starter_text(name: str, adapter: str) -> str:
    """The starter spec as pretty JSON."""
    return json.dumps(starter_spec(name, adapter), indent=2) + "\n"


def valid_command_name(name: str) -> bool:
    """Whether ``name`` has the ``group/verb`` form."""
    return COMMAND_NAME.fullmatch(name) is not None


def command_name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a new command, or None when it can.

    Not in group/verb form, or a file or folder name it becomes is too long or a
    device name Windows reserves.
    """
    if not valid_command_name(name):
        return f"'{name}' is not a command name in group/verb form, e.g. gpu/stats"
    problem = name_path_problem(command_name_segments(name))
    return None if problem is None else f"'{name[:60]}' cannot be a command name: {problem[1]}"


def service_scaffold(spec_file: Path, config: ProjectConfig) -> tuple[str, bytes] | None:
    """The Rust service scaffold of a new spec, for a ``[rust] scaffold_dir`` project.

    Returns ``(snake name, file bytes)``, or None when the spec's command has no Rust
    service (its adapter plans no ``service.rs``: trait-only, TypeScript-only) or does
    not generate (its diagnostics are shown by ``specgen generate``).
    """
    with tempfile.TemporaryDirectory() as scratch:
        result = run_generation(
            [spec_file],
            config,
            Path(scratch),
            options=WriteOptions(mode=WriteMode.DRY_RUN),
            languages=("rust",),
        )
    if not result.ok or len(result.commands) != 1:
        return None
    command = result.commands[0]
    wanted = f"rust/{command.snake}/service.rs"
    for output in result.outputs:
        if output.path == wanted:
            return command.snake, output.content
    return None


__all__ = [
    "service_scaffold",
    "spec_file_name",
    "starter_spec",
    "starter_text",
    "valid_command_name",
]
