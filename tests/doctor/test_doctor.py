"""``specgen doctor`` and the one wording of a missing tool or extra everywhere else."""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from specgen.doctor.requirements import REQUIREMENTS, missing_message
from specgen.enforce.git import GitError, git_state
from support import RunCli

ROOT = Path(__file__).resolve().parents[2]
EXPECTED = ["cargo", "rustfmt", "ts-rs export", "node", "tsc", "matplotlib", "git"]


def test_doctor_lists_every_requirement_with_version_or_hint(run_cli: RunCli) -> None:
    run = run_cli("doctor", "--format", "json")
    assert run.exit_code == 0
    rows = json.loads(run.stdout)["requirements"]
    assert [r["name"] for r in rows] == EXPECTED
    git = next(r for r in rows if r["name"] == "git")
    assert git["found"] is (shutil.which("git") is not None)
    if git["found"]:
        assert re.search(r"\d+\.\d+", git["version"])
    for row in rows:
        assert (
            row["hint"] is None if row["found"] else row["hint"] == REQUIREMENTS[row["name"]].hint
        )


def test_doctor_with_an_empty_path_names_each_missing_tool_and_its_hint(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # nothing on PATH
    monkeypatch.chdir(tmp_path)  # no node_modules/.bin above
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # the extra is not installed
    run = run_cli("doctor", "--strict")
    assert run.exit_code == 1
    for name in EXPECTED:
        assert f"missing  {name:<13} {missing_message(name)}" in run.stdout
    assert "pip install 'specgen[plot]'" in run.stdout
    assert "rustup component add rustfmt" in run.stdout
    assert "0 of 7 found" in run.stdout


def test_a_missing_tsc_says_where_it_was_looked_for() -> None:
    assert "nor in node_modules/.bin here or above" in missing_message("tsc")
    assert "node_modules" not in missing_message("node")


def test_tsc_is_found_in_node_modules(run_cli: RunCli, monkeypatch: pytest.MonkeyPatch) -> None:
    tsc = ROOT / "runtimes" / "typescript" / "node_modules" / ".bin" / "tsc"
    if not tsc.exists():
        pytest.skip("runtimes/typescript has no node_modules")
    monkeypatch.chdir(ROOT / "runtimes" / "typescript")
    run = run_cli("doctor", "--format", "json")
    row = next(r for r in json.loads(run.stdout)["requirements"] if r["name"] == "tsc")
    assert row["found"], row
    assert row["version"].startswith("Version ")


def test_enforce_without_git_says_the_same_as_doctor(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(GitError) as caught:
        git_state(tmp_path, tmp_path)
    assert str(caught.value) == missing_message("git")


def test_demo_plot_without_matplotlib_is_a_usage_error(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # `import matplotlib` fails
    monkeypatch.chdir(tmp_path)
    run = run_cli("demo", "--plot", "out.png", "--out", "demo")
    assert run.exit_code == 2
    assert "pip install 'specgen[plot]'" in run.stderr
    assert "internal error" not in run.stderr + run.stdout
    assert list(tmp_path.iterdir()) == []  # refused before anything was written
