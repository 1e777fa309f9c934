"""``specgen new``: a starter spec for a command, valid as written."""

from __future__ import annotations

import json
from typing import Any

from specgen.naming import COMMAND_NAME, spec_file_name

RUST_ADAPTERS = ("rust-ipc", "full-stack", "trait-only")


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
    if adapter in RUST_ADAPTERS:
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


__all__ = ["spec_file_name", "starter_spec", "starter_text", "valid_command_name"]
