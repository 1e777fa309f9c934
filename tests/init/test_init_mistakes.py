"""``specgen init``: the mistakes a new user makes, each refused before anything is written.

Running init from a subfolder of a project (it would shadow the project's config for
that folder), and giving ``--commands`` a Types file or one command's folder instead of
the tree the commands are in. Each refusal says what to give instead (exit 2); the
folder is left as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from support import RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"


@pytest.fixture
def codebase(tmp_path: Path) -> Path:
    """A copy of the adoption fixture without its config."""
    root = tmp_path / "codebase"
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("specgen.toml"))
    return root


def test_init_in_a_subfolder_of_a_project_is_refused(
    codebase: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (codebase / "specgen.toml").write_text('spec_dirs = ["specs"]\n')
    monkeypatch.chdir(codebase / "src")
    run = run_cli("init", "--commands", "commands")
    assert run.exit_code == 2, run.stdout
    assert "is inside the project of" in run.stderr
    assert "specgen init ." in run.stderr
    assert not (codebase / "src" / "specgen.toml").exists()


def test_a_named_folder_below_a_project_is_a_separate_project(
    codebase: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    (codebase / "specgen.toml").write_text('spec_dirs = ["specs"]\n')
    monkeypatch.chdir(codebase / "src")
    run = run_cli("init", ".", "--commands", "commands")
    assert run.exit_code == 0, run.stderr
    assert (codebase / "src" / "specgen.toml").is_file()


def test_a_types_file_given_as_the_tree_is_refused(
    codebase: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(codebase)
    types = "src/commands/chat/send/shared/ChatSendTypes.ts"
    run = run_cli("init", "--commands", types)
    assert run.exit_code == 2
    assert f"--commands {types} is a file, not a folder" in run.stderr
    assert not (codebase / "specgen.toml").exists()


def test_one_command_folder_given_as_the_tree_is_refused(
    codebase: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(codebase)
    run = run_cli("init", "--commands", "src/commands/chat/send")
    assert run.exit_code == 2
    assert "is inside one command's folder" in run.stderr
    assert "a folder above it" in run.stderr
    assert not (codebase / "specgen.toml").exists()


def test_the_next_steps_name_migrate_and_adopt(
    codebase: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(codebase)
    run = run_cli("init", "--commands", "src/commands")
    assert run.exit_code == 0, run.stderr
    assert "specgen migrate OLD/*.json --out specs --from SRC" in run.stdout
    assert "specgen adopt src/commands" in run.stdout


def test_a_name_read_once_is_one_use(
    codebase: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    for group in (codebase / "src" / "commands").iterdir():
        if group.name != "chat":
            shutil.rmtree(group)
    for command in (codebase / "src" / "commands" / "chat").iterdir():
        if command.name != "send":
            shutil.rmtree(command)
    monkeypatch.chdir(codebase)
    run = run_cli("init", "--commands", "src/commands")
    assert run.exit_code == 0, run.stderr
    config = (codebase / "specgen.toml").read_text()
    assert "(1 use)" in config
    assert "(1 uses)" not in config
