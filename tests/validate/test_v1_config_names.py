"""A v1 spec may use the type names the project config declares without SG403.

v1 specs cannot declare types, so migration warns (SG403) for every name they use; names
the config declares in ``[external_types]`` or ``[aliases]`` are declared, so they are not
reported, while a name declared nowhere still is.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from support import RunCli, SpecWriter

CONFIG = """\
spec_dirs = ["specs"]

[external_types.UUID]
typescript = { module = "@system/core/types/CrossPlatformUUID", name = "UUID" }
rust = { path = "uuid::Uuid" }

[aliases]
Handle = "string"
"""

V1_SPEC = {
    "name": "thing/get",
    "description": "Get a thing",
    "environment": "server",
    "params": [
        {"name": "id", "type": "UUID", "description": "which thing"},
        {"name": "handle", "type": "Handle", "description": "whose handle"},
        {"name": "other", "type": "NoSuchThing", "description": "declared nowhere"},
    ],
    "results": [{"name": "owners", "type": "UUID[]", "description": "who owns it"}],
}


def undeclared(output: str) -> list[str]:
    """The type names of the SG403 lines of ``output``, in order."""
    return re.findall(r"warning\[SG403\] type '([^']+)'", output)


def test_names_the_config_declares_are_not_undeclared(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "specgen.toml").write_text(CONFIG, encoding="utf-8")
    write_spec("thing.json", V1_SPEC)
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate")
    assert undeclared(result.stdout) == ["NoSuchThing"]
    assert "error[SG203] unknown type 'NoSuchThing'" in result.stdout
    assert "UUID" not in result.stdout
    assert "Handle" not in result.stdout
    assert result.exit_code == 2  # for NoSuchThing


def test_without_the_config_every_used_name_is_undeclared(
    tmp_path: Path, write_spec: SpecWriter, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["specs"]\n', encoding="utf-8")
    write_spec("thing.json", V1_SPEC)
    monkeypatch.chdir(tmp_path)
    result = run_cli("validate")
    assert sorted(undeclared(result.stdout)) == ["Handle", "NoSuchThing", "UUID", "UUID"]
