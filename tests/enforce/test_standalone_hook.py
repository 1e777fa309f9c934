"""The pre-commit hook's pure-Python guard (build-hooks/enforce): same answers, no Rust.

``specgen-enforce`` is checked against ``specgen enforce`` on the fixture codebase, then
installed from its wheel into a fresh virtualenv with no cargo on PATH and run on a
1,000-command tree (about 10 s: a wheel build, a venv, a git commit of 2,000 files).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Iterator
from pathlib import Path

import pytest

from support import RunCli

ROOT = Path(__file__).resolve().parents[2]
HOOK = ROOT / "build-hooks" / "enforce"
FIXTURE = ROOT / "tests" / "fixtures" / "codebase"
GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")


def git(repo: Path, *args: str) -> None:
    assert GIT is not None
    subprocess.run([GIT, *args], cwd=repo, check=True, capture_output=True)


def init_repo(root: Path) -> None:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q")
    git(root, "config", "user.email", "dev@example.com")
    git(root, "config", "user.name", "Dev")
    git(root, "config", "commit.gpgsign", "false")


@pytest.fixture
def hook_module() -> Iterator[None]:
    sys.path.insert(0, str(HOOK / "src"))
    yield
    sys.path.remove(str(HOOK / "src"))
    for name in [m for m in sys.modules if m.startswith("specgen_enforce")]:
        del sys.modules[name]


def _answer(output: str) -> tuple[dict[str, int], set[tuple[str, str]]]:
    data = json.loads(output)
    counts = {k: data[k] for k in ("checked", "withSpec", "failures", "warnings")}
    found = set()
    for d in data["diagnostics"]:
        file = d["location"]["file"] if "location" in d else d["file"]
        found.add((d["code"], file))
    return counts, found


def test_same_answers_as_specgen_enforce(
    tmp_path: Path,
    run_cli: RunCli,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    hook_module: None,
) -> None:
    del hook_module
    monkeypatch.setenv("HOME", str(tmp_path))
    repo = tmp_path / "repo"
    shutil.copytree(FIXTURE, repo)
    init_repo(repo)
    specs = sorted((repo / "specs").glob("*.json"))
    for spec in specs[::3]:  # some commands lose their spec
        spec.unlink()
    git(repo, "add", "commands/a*", "commands/c*", "commands/d*", "specs", "specgen.toml")
    git(repo, "commit", "-q", "-m", "half")  # the rest stays untracked (new)
    monkeypatch.chdir(repo / "commands")  # from a subfolder, as a hook may run
    expected = run_cli("enforce", "--format", "json")
    from specgen_enforce.cli import main  # noqa: PLC0415  # from build-hooks/enforce/src

    code = main(["--format", "json"])
    counts, found = _answer(capsys.readouterr().out)
    want_counts, want_found = _answer(expected.stdout)
    assert want_counts["failures"] > 0
    assert want_counts["warnings"] > 0
    assert want_counts["withSpec"] > 0
    assert (code, counts, found) == (expected.exit_code, want_counts, want_found)


def _thousand_commands(repo: Path) -> None:
    """1,000 command folders, each with its Types file and its spec; committed."""
    init_repo(repo)
    (repo / "specgen.toml").write_text('spec_dirs = ["specs"]\n[migration]\ncommands_dir = "src"\n')
    (repo / "specs").mkdir()
    for i in range(1000):
        group, verb = f"group{i // 50}", f"verb{i}"
        shared = repo / "src" / group / verb / "shared"
        shared.mkdir(parents=True)
        name = f"Group{i // 50}Verb{i}"
        (shared / f"{name}Types.ts").write_text(f"export interface {name}Params {{}}\n")
        spec = {"version": 2, "name": f"{group}/{verb}", "description": "x"}
        (repo / "specs" / f"{group}-{verb}.json").write_text(json.dumps(spec))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "tree")
    new = repo / "src" / "group0" / "fresh" / "server"
    new.mkdir(parents=True)
    (new / "Group0FreshServerCommand.ts").write_text("export class X {}\n")


def test_installs_without_cargo_and_checks_a_thousand_commands(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--quiet", "-w", str(wheels), str(HOOK)],
        check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = wheels.glob("specgen_enforce-*.whl")
    fresh = tmp_path / "venv"
    venv.EnvBuilder(with_pip=False).create(fresh)
    python = fresh / "bin" / "python"
    assert GIT is not None
    tools = tmp_path / "tools"  # PATH holds git and nothing else: no cargo, no rustc
    tools.mkdir()
    (tools / "git").symlink_to(GIT)
    no_cargo = {"PATH": str(tools), "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index",
         "--no-deps", "--quiet", str(wheel)],
        check=True, capture_output=True, env={**os.environ, **no_cargo},
    )  # fmt: skip
    # Nothing of specgen itself (or its native module) is in the new environment.
    probe = subprocess.run([python, "-c", "import specgen"], capture_output=True, check=False)
    assert probe.returncode != 0
    repo = tmp_path / "repo"
    _thousand_commands(repo)
    done = subprocess.run(
        [fresh / "bin" / "specgen-enforce", "--format", "json"],
        cwd=repo, env=no_cargo, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert (data["checked"], data["withSpec"], data["failures"]) == (1001, 1000, 1)
    (failure,) = data["diagnostics"]
    assert failure["file"] == "src/group0/fresh"
