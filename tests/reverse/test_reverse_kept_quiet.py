"""``reverse`` over a tree reports what it read only for the specs it writes.

The scale test reversed a tree of 400 commands, then ran ``reverse src/commands`` again:
every spec was kept (SG549), yet every warning and note of reading the 400 Types files
was printed once more (hundreds of lines about specs nothing wrote, each asking to fix
the spec). On the adoption fixture after ``migrate``: the five commands without a v1
spec are written with their findings; the 19 kept ones get their SG549 note only.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support import LINE, RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"
WRITTEN = ("ai/model/unload", "chat/typing", "data/schema", "sentinel/stop", "user/prefs")


@pytest.fixture
def migrated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: RunCli) -> Path:
    """A copy of the adoption fixture with its v1 specs migrated into specs/."""
    shutil.copytree(FIXTURE, tmp_path / "tree")
    monkeypatch.chdir(tmp_path / "tree")
    v1 = sorted(str(p) for p in Path("v1-specs").glob("*.json"))
    assert run_cli("migrate", *v1, "--out", "specs", "--from", "src").exit_code == 0
    return tmp_path / "tree"


@pytest.mark.usefixtures("migrated")
def test_kept_commands_get_their_note_and_nothing_else(run_cli: RunCli) -> None:
    run = run_cli("reverse", "src/commands")
    assert run.exit_code == 0, run.stdout
    located = [line for line in run.stdout.splitlines() if LINE.match(line)]
    kept = [line for line in located if "[SG549]" in line]
    assert len(kept) == 19
    others = [line for line in located if "[SG549]" not in line]
    assert others
    assert all(any(f"src/commands/{c}/" in line for c in WRITTEN) for line in others), others
    assert run.stdout.splitlines()[-1] == (
        "5 spec(s) written, 19 kept (a spec exists): 0 error(s), 5 warning(s), 19 note(s)"
    )


@pytest.mark.usefixtures("migrated")
def test_a_second_run_over_the_tree_is_the_kept_notes_only(run_cli: RunCli) -> None:
    assert run_cli("reverse", "src/commands").exit_code == 0
    again = run_cli("reverse", "src/commands", "--format", "json")
    report = json.loads(again.stdout)
    assert report["written"] == []
    assert {d["code"] for d in report["diagnostics"]} == {"SG549"}
    assert report["counts"] == {"error": 0, "warning": 0, "note": 24}


@pytest.mark.usefixtures("migrated")
def test_force_rewrites_and_reports_everything_it_read(run_cli: RunCli) -> None:
    run = run_cli("reverse", "src/commands", "--force", "--format", "json")
    report = json.loads(run.stdout)
    assert len(report["written"]) == 24
    files = {d["location"]["file"] for d in report["diagnostics"]}
    assert "src/commands/ai/model/load/shared/AiModelLoadTypes.ts" in files  # SG503, SG506
