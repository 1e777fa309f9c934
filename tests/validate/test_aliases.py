"""Invalid config aliases are located errors in specgen.toml, never a silent `unknown`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from specgen.cli import cli
from specgen.validate import validate_paths

SPEC = {
    "version": 2,
    "name": "room/join",
    "description": "x",
    "adapter": "server-only",
    "types": {"RoomInfo": {"fields": {"id": {"type": "string"}}}},
    "params": [{"name": "roomId", "type": "UUID"}],
}

CASES = [
    pytest.param('UUID = "Array<"', "SG201", 4, 15, "expected a type", id="syntax"),
    pytest.param('UUID = "UUID"', "SG205", 4, 9, "refers to itself", id="self"),
    pytest.param(
        'UUID = "Id"\nId = "UUID[]"', "SG205", 4, 9, "cycle UUID -> Id -> UUID", id="cycle"
    ),
    pytest.param('UUID = "Uuid"', "SG203", 4, 9, "unknown type 'Uuid'", id="unknown"),
    pytest.param(
        'UUID = "{ a: Nope }"', "SG203", 4, 14, "unknown type 'Nope'", id="unknown-inside"
    ),
    pytest.param('UUID = "any"', "SG202", 4, 9, "`any` is not allowed", id="any"),
    pytest.param('UUID = "string | i32"', "SG204", 4, 9, "different types", id="mixed-union"),
]


def _project(tmp_path: Path, aliases: str) -> Path:
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "room-join.json").write_text(json.dumps(SPEC), encoding="utf-8")
    config = f'spec_dirs = ["specs"]\nout_dir = "gen"\n[aliases]\n{aliases}\n'
    (root / "specgen.toml").write_text(config, encoding="utf-8")
    return root


@pytest.mark.parametrize(("aliases", "code", "line", "column", "message"), CASES)
@pytest.mark.parametrize("command", ["validate", "generate"])
def test_an_invalid_alias_is_located_in_the_config(  # noqa: PLR0917
    command: str,
    aliases: str,
    code: str,
    line: int,
    column: int,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = _project(tmp_path, aliases)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, [command], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    expected = f"specgen.toml:{line}:{column}: error[{code}] alias 'UUID': "
    found = [row for row in result.output.splitlines() if expected in row]
    assert len(found) == 1, result.output
    assert message in found[0]
    assert not (root / "gen").exists()


def test_a_valid_alias_chain_expands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path, 'UUID = "Id"\nId = "RoomInfo | null"')
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["generate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    types = next((root / "gen").rglob("RoomJoinTypes.ts")).read_text(encoding="utf-8")
    assert "roomId: RoomInfo | null;" in types
    assert "unknown" not in types


def test_an_alias_chain_deeper_than_the_resolver_expands_is_refused(tmp_path: Path) -> None:
    chain = "\n".join(f'A{i} = "A{i + 1}"' for i in range(20)) + '\nA20 = "string"'
    root = _project(tmp_path, 'UUID = "A0"\n' + chain)
    from specgen.config import load_config  # noqa: PLC0415

    config, diags = load_config(root)
    assert diags == []
    report = validate_paths([root / "specs"], config.aliases)
    assert [d.code for d in report.diagnostics] == ["SG205"]


def test_aliases_given_as_a_plain_mapping_are_checked_too(tmp_path: Path) -> None:
    root = _project(tmp_path, "")
    report = validate_paths([root / "specs"], {"UUID": "Array<"})
    (diag,) = report.diagnostics
    assert diag.code == "SG201"
    assert diag.message.startswith("alias 'UUID'")
