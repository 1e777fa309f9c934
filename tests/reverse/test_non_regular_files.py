"""reverse and audit skip files that are not regular files (a FIFO named *.ts) with a note.

Reading a FIFO blocks until a writer opens it: before the fix both commands hung forever.
Each run here has a timeout, so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")

TYPES = (
    "export interface GpuStatsParams extends CommandParams { a: string }\n"
    "export interface GpuStatsResult extends CommandResult { b: string }\n"
)


def _project(tmp_path: Path) -> Path:
    shared = tmp_path / "commands" / "gpu" / "stats" / "shared"
    shared.mkdir(parents=True)
    (shared / "GpuStatsTypes.ts").write_text(TYPES, encoding="utf-8")
    os.mkfifo(shared / "Evil.ts")
    os.mkfifo(tmp_path / "commands" / "Loose.ts")
    (tmp_path / "specs").mkdir()
    os.mkfifo(tmp_path / "specs" / "fifo.json")
    config = 'spec_dirs = ["specs"]\n[migration]\ncommands_dir = "commands"\n'
    (tmp_path / "specgen.toml").write_text(config, encoding="utf-8")
    return tmp_path


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # our own CLI
        [sys.executable, "-m", "specgen", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _notes(output: str) -> list[str]:
    return sorted(line.split(":", 1)[0] for line in output.splitlines() if "note[SG006]" in line)


def test_audit_skips_a_fifo_with_a_note(tmp_path: Path) -> None:
    root = _project(tmp_path)
    proc = _run(root, "audit", "commands")
    assert "Traceback" not in proc.stderr
    assert _notes(proc.stdout + proc.stderr) == [
        "commands/Loose.ts",
        "commands/gpu/stats/shared/Evil.ts",
        "specs/fifo.json",
    ]


def test_reverse_skips_a_fifo_with_a_note_and_writes_the_spec(tmp_path: Path) -> None:
    root = _project(tmp_path)
    proc = _run(root, "reverse", "commands")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    notes = _notes(proc.stdout + proc.stderr)
    assert notes == ["commands/Loose.ts", "commands/gpu/stats/shared/Evil.ts", "specs/fifo.json"]
    spec = json.loads((root / "specs" / "gpu-stats.json").read_text(encoding="utf-8"))
    assert spec["name"] == "gpu/stats"


def test_reverse_of_one_command_folder_skips_the_fifo_in_it(tmp_path: Path) -> None:
    root = _project(tmp_path)
    proc = _run(root, "reverse", "commands/gpu/stats", "--print")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "commands/gpu/stats/shared/Evil.ts" in _notes(proc.stdout + proc.stderr)
