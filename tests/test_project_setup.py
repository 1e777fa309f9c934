"""The README's two set-up commands, CI running exactly the test one, and config use."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from support import RunCli

ROOT = Path(__file__).parent.parent


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Set-up", 1)[1].split("\n## ", 1)[0]
    return [block.strip() for block in re.findall(r"```sh\n(.*?)```", section, re.DOTALL)]


def test_readme_has_exactly_two_setup_commands() -> None:
    demo, tests = _setup_commands()
    assert "pip install ." in demo
    assert demo.endswith("specgen demo")
    assert tests.endswith("nox")


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [
        line for line in ci.splitlines() if line and not line.startswith(("#", "set ", "cd "))
    ]
    assert commands == [_setup_commands()[1]]


def test_validate_without_paths_uses_specgen_toml(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["specs"]\n[aliases]\nUUID = "string"\n')
    (tmp_path / "specs").mkdir()
    spec = {
        "version": 2,
        "name": "a/b",
        "description": "x",
        "params": [{"name": "id", "type": "UUID"}],
    }
    (tmp_path / "specs" / "a-b.json").write_text(json.dumps(spec))
    monkeypatch.chdir(tmp_path)
    run = run_cli("validate")
    assert run.exit_code == 0, run.stdout
    assert "1 spec file(s) checked" in run.stdout


def test_pyproject_tool_specgen_is_read(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.specgen]\nspec_dirs = ["s"]\n')
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "x.json").write_text('{"version": 2, "name": "Bad", "description": "x"}')
    monkeypatch.chdir(tmp_path)
    assert run_cli("validate").codes() == ["SG110"]


def test_broken_config_is_located(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["specs"\n')
    (tmp_path / "specs").mkdir()
    monkeypatch.chdir(tmp_path)
    run = run_cli("validate", "specs")
    assert run.exit_code == 2
    (diag,) = run.diagnostics()
    assert diag["file"].endswith("specgen.toml")
    assert diag["code"] == "SG104"
