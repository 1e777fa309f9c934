"""[external_types] and [typescript.runtime] in the config: read once, located errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from specgen.config import load_config
from specgen.external import ExternalDecl, RuntimeBinding

TS_UUID = "[external_types.UUID]\ntypescript = { module = '@a/uuid' }\n"
GOOD = """\
spec_dirs = ["specs"]

[aliases]
Millis = "number"

[typescript]
runtime_import = "@specgen/runtime"

[typescript.runtime]
context = { module = "@system/core/types/JTAGTypes", name = "JTAGContext" }
session_id = "@system/core/types/CrossPlatformUUID#UUID"
commands = { module = "@system/core/shared/Commands" }

[external_types.UUID]
typescript = { module = "@system/core/types/CrossPlatformUUID" }
rust = { path = "uuid::Uuid" }

[external_types.ChatMessage]
description = "A chat message entity"
typescript = { module = "./entities/ChatMessage", name = "ChatMessageEntity" }
rust = { wire = "Record<string, unknown>" }

[external_types.Theme]
typescript = { module = "@app/theme" }
"""


def _load(tmp_path: Path, text: str, name: str = "specgen.toml") -> tuple[object, list[str]]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    config, diags = load_config(tmp_path)
    return config, [f"{d.code} {d.location.line}:{d.location.column}" for d in diags]


def test_both_tables_are_read(tmp_path: Path) -> None:
    (tmp_path / "specgen.toml").write_text(GOOD, encoding="utf-8")
    config, diags = load_config(tmp_path)
    assert diags == []
    assert config.typescript.runtime == (
        RuntimeBinding("commands", "@system/core/shared/Commands", "Commands"),
        RuntimeBinding("context", "@system/core/types/JTAGTypes", "JTAGContext"),
        RuntimeBinding("session_id", "@system/core/types/CrossPlatformUUID", "UUID"),
    )
    assert config.typescript.runtime_import == "@specgen/runtime"
    uuid = config.external_types["UUID"]
    assert uuid == ExternalDecl(
        "UUID", "@system/core/types/CrossPlatformUUID", "UUID", "uuid::Uuid"
    )
    assert uuid.declared_at is not None
    assert (uuid.declared_at.line, uuid.declared_at.column) == (14, 1)
    chat = config.external_types["ChatMessage"]
    assert (chat.ts_name, chat.rust_wire, chat.description) == (
        "ChatMessageEntity",
        "Record<string, unknown>",
        "A chat message entity",
    )
    assert not config.external_types["Theme"].has_rust


def test_no_tables_means_no_map_and_no_externals(tmp_path: Path) -> None:
    config, diags = _load(tmp_path, 'spec_dirs = ["specs"]\n')
    assert diags == []
    assert config.typescript.runtime == ()  # type: ignore[attr-defined]
    assert config.external_types == {}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[typescript.runtime]\ncontxt = "@a/b"\n', ["SG133 2:1"]),
        ('[typescript.runtime]\ncontext = { module = "@a/b", name = "1x" }\n', ["SG132 2:30"]),
        ('[typescript.runtime]\ncontext = { module = "@a b" }\n', ["SG130 2:13"]),
        ("[typescript.runtime]\ncontext = 3\n", ["SG134 2:1"]),
        ('[typescript.runtime]\ncontext = { module = "@a/b", as = "X" }\n', ["SG134 2:1"]),
        ('[typescript]\nruntime = "@a/b"\n', ["SG134 2:1"]),
        ("[external_types.UUID]\nrust = { wire = 'string' }\n", ["SG134 1:1"]),
        (
            TS_UUID + "rust = { wire = 'Foo' }\n",
            ["SG210 3:10"],
        ),
        (
            TS_UUID + "rust = { path = 'a::<b>' }\n",
            ["SG131 3:10"],
        ),
        (
            TS_UUID + "rust = { path = 'a', wire = 'b' }\n",
            ["SG134 3:1"],
        ),
        (
            "[external_types.UUID]\ntypescript = { module = '@a/uuid' }\nrsut = 1\n",
            ["SG134 3:1"],
        ),
        (
            "[aliases]\nUUID = 'string'\n\n" + TS_UUID,
            ["SG310 4:1"],
        ),
        (
            "[external_types.CommandContext]\ntypescript = { module = '@a/u' }\n",
            ["SG303 1:1"],
        ),
        ("external_types = 3\n", ["SG134 1:1"]),
    ],
)
def test_bad_entries_are_located(tmp_path: Path, text: str, expected: list[str]) -> None:
    config, diags = _load(tmp_path, text)
    assert diags == expected
    assert config.external_types == {}  # type: ignore[attr-defined]


def test_pyproject_tables_are_located_too(tmp_path: Path) -> None:
    text = '[project]\nname = "x"\n\n[tool.specgen.typescript.runtime]\ncontxt = "@a/b"\n'
    _config, diags = _load(tmp_path, text, "pyproject.toml")
    assert diags == ["SG133 5:1"]


def test_validate_exits_2_on_a_bad_config(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.json").write_text(
        '{"version": 2, "name": "a/b", "description": "x",'
        ' "params": [{"name": "id", "type": "UUID"}]}',
        encoding="utf-8",
    )
    (tmp_path / "specgen.toml").write_text(
        "[external_types.UUID]\ntypescript = { module = '@a/u u' }\n", encoding="utf-8"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "specgen", "validate", "specs"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "specgen.toml:2:16: error[SG130]" in proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
