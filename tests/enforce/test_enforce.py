"""``specgen enforce`` in real temporary git repositories.

A command folder without a spec fails when it is new (untracked, or added in the
index) and warns when HEAD already has it; it works from any subfolder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from support import LINE, RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "codebase"
GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(repo: Path, *args: str) -> str:
    assert GIT is not None
    done = subprocess.run(
        [GIT, *args], cwd=repo, check=True, capture_output=True, text=True, encoding="utf-8"
    )
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with a specgen project: one command with a spec, committed."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    git(root, "config", "user.email", "dev@example.com")
    git(root, "config", "user.name", "Dev")
    git(root, "config", "commit.gpgsign", "false")
    (root / "specgen.toml").write_text(
        'spec_dirs = ["specs"]\n[migration]\ncommands_dir = "src/commands"\n', encoding="utf-8"
    )
    add_command(root, "gpu/reset", spec=True)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    monkeypatch.chdir(root)
    return root


def add_command(root: Path, rel: str, *, spec: bool = False, source: str | None = None) -> Path:
    """Copy a fixture command folder into the repo (and its spec, if asked)."""
    folder = root / "src" / "commands" / rel
    shutil.copytree(FIXTURE / "commands" / (source or rel), folder)
    if spec:
        (root / "specs").mkdir(exist_ok=True)
        name = rel.replace("/", "-") + ".json"
        shutil.copy(FIXTURE / "specs" / name, root / "specs" / name)
    return folder


def codes(run_output: str) -> list[tuple[str, str]]:
    return [
        (m["code"], m["file"])
        for line in run_output.splitlines()
        if (m := LINE.match(line)) is not None
    ]


def test_clean_repository_passes(repo: Path, run_cli: RunCli) -> None:
    run = run_cli("enforce")
    assert run.exit_code == 0
    assert codes(run.stdout) == []
    assert "1 command folder(s), 1 with a spec" in run.stdout
    del repo


def test_untracked_command_without_spec_fails(repo: Path, run_cli: RunCli) -> None:
    add_command(repo, "agent/list")
    run = run_cli("enforce")
    assert run.exit_code == 1
    assert codes(run.stdout) == [("SG512", "src/commands/agent/list")]
    assert "new command folder 'agent/list' (untracked) has no spec" in run.stdout


def test_staged_command_without_spec_fails(repo: Path, run_cli: RunCli) -> None:
    add_command(repo, "agent/list")
    git(repo, "add", "src/commands/agent/list")
    run = run_cli("enforce")
    assert run.exit_code == 1
    assert codes(run.stdout) == [("SG512", "src/commands/agent/list")]
    assert "(staged)" in run.stdout


def test_tracked_command_without_spec_warns(repo: Path, run_cli: RunCli) -> None:
    add_command(repo, "agent/list")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "hand-written command")
    (repo / "src" / "commands" / "agent" / "list" / "server" / "Extra.ts").write_text(
        "export const x = 1;\n", encoding="utf-8"
    )
    run = run_cli("enforce")
    assert run.exit_code == 0
    assert codes(run.stdout) == [("SG505", "src/commands/agent/list")]
    assert run_cli("enforce", "--strict").exit_code == 1


def test_new_command_with_its_spec_passes(repo: Path, run_cli: RunCli) -> None:
    add_command(repo, "agent/list", spec=True)
    git(repo, "add", "-A")
    run = run_cli("enforce")
    assert run.exit_code == 0
    assert "2 command folder(s), 2 with a spec; 0 new without a spec" in run.stdout


def test_spec_is_found_through_the_accessor_name(repo: Path, run_cli: RunCli) -> None:
    add_command(repo, "legacy/daemons", source="system/daemons")
    shutil.copy(FIXTURE / "specs" / "system-daemons.json", repo / "specs")
    assert run_cli("enforce").exit_code == 0


def test_works_from_a_subfolder(
    repo: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    add_command(repo, "agent/list")
    add_command(repo, "agent/stop")
    git(repo, "add", "src/commands/agent/stop")
    git(repo, "commit", "-q", "-m", "agent/stop")
    monkeypatch.chdir(repo / "src" / "commands" / "gpu")
    run = run_cli("enforce")
    assert run.exit_code == 1
    assert codes(run.stdout) == [("SG512", "../agent/list"), ("SG505", "../agent/stop")]


def test_ignored_folders_are_left_out(repo: Path, run_cli: RunCli) -> None:
    add_command(repo, "agent/list")
    (repo / ".gitignore").write_text("src/commands/agent/\n", encoding="utf-8")
    run = run_cli("enforce")
    assert run.exit_code == 0
    assert "1 command folder(s)" in run.stdout


def test_repository_without_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    root = tmp_path / "fresh"
    root.mkdir()
    git(root, "init", "-q")
    (root / "specgen.toml").write_text(
        '[migration]\ncommands_dir = "src/commands"\n', encoding="utf-8"
    )
    add_command(root, "agent/list")
    add_command(root, "agent/stop")
    git(root, "add", "src/commands/agent/stop")
    monkeypatch.chdir(root)
    run = run_cli("enforce", "--format", "json")
    data = json.loads(run.stdout)
    assert run.exit_code == 1
    assert data["failures"] == 2
    assert [d["message"] for d in data["diagnostics"]] == [
        "new command folder 'agent/list' (untracked) has no spec",
        "new command folder 'agent/stop' (staged) has no spec",
    ]


def test_outside_a_repository_is_bad_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "specgen.toml").write_text(
        '[migration]\ncommands_dir = "commands"\n', encoding="utf-8"
    )
    (tmp_path / "commands").mkdir()
    monkeypatch.chdir(tmp_path)
    run = run_cli("enforce")
    assert run.exit_code == 2
    assert "error[SG513]" in run.stderr
    assert "Traceback" not in run.stderr


def test_missing_commands_folder_is_bad_input(repo: Path, run_cli: RunCli) -> None:
    run = run_cli("enforce", "--commands", "nope")
    assert run.exit_code == 2
    assert "nope:1:1: error[SG515] commands folder not found" in run.stderr
    del repo


def _hooks() -> dict[str, dict[str, str]]:
    """The hooks of .pre-commit-hooks.yaml by id (flat `key: value` lines, no YAML library)."""
    text = (Path(__file__).resolve().parents[2] / ".pre-commit-hooks.yaml").read_text(
        encoding="utf-8"
    )
    hooks: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in text.splitlines():
        if ": " not in line or line.lstrip().startswith("#"):
            continue
        key, value = line.strip().removeprefix("- ").split(": ", 1)
        if line.startswith("- "):
            current = hooks.setdefault(value, {})
        current[key] = value
    return hooks


def test_pre_commit_hooks_run_enforce() -> None:
    hooks = {k: v for k, v in _hooks().items() if k.startswith("specgen-enforce")}
    assert sorted(hooks) == ["specgen-enforce", "specgen-enforce-system"]
    script = hooks["specgen-enforce"]
    assert script["language"] == "script"  # nothing to build: no Rust toolchain needed
    launcher = Path(__file__).resolve().parents[2] / script["entry"]
    assert launcher.is_file()
    assert os.access(launcher, os.X_OK)
    assert hooks["specgen-enforce-system"]["entry"] == "specgen enforce"
    assert hooks["specgen-enforce-system"]["language"] == "system"
    for hook in hooks.values():
        assert hook["pass_filenames"] == "false"  # noqa: S105  # a YAML flag, not a password
        assert hook["always_run"] == "true"


def test_the_script_hook_runs_as_pre_commit_runs_it(repo: Path) -> None:
    """pre-commit runs a `language: script` entry from the hook repository, in the work tree."""
    launcher = Path(__file__).resolve().parents[2] / _hooks()["specgen-enforce"]["entry"]
    add_command(repo, "agent/list")
    done = subprocess.run([launcher], cwd=repo, capture_output=True, text=True, check=False)
    assert done.returncode == 1, done.stderr
    assert codes(done.stdout) == [("SG512", "src/commands/agent/list")]
