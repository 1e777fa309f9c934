"""``adopt`` and ``reverse`` without a PATH read the configured tree, as ``audit`` does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "tree")
    monkeypatch.chdir(tmp_path / "tree")
    return tmp_path / "tree"


@pytest.mark.usefixtures("tree")
def test_no_path_is_the_configured_commands_dir(run_cli: RunCli) -> None:
    given = run_cli("adopt", "src/commands", "--check")
    default = run_cli("adopt", "--check")
    assert (default.exit_code, default.stdout) == (given.exit_code, given.stdout)
    printed = run_cli("reverse", "--print", "--format", "json")
    named = run_cli("reverse", "src/commands", "--print", "--format", "json")
    assert printed.exit_code == named.exit_code == 0, printed.stdout
    assert printed.stdout == named.stdout


@pytest.mark.parametrize("command", ["adopt", "reverse", "audit"])
def test_no_path_and_no_tree_is_sg515_with_what_to_do(
    command: str, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli(command)
    assert run.exit_code == 2
    text = run.stdout + run.stderr
    assert "commands:1:1: error[SG515] commands folder not found" in text
    assert f"hint: pass the folder (specgen {command} src/commands)" in text
