"""README "Getting started", all of it: the last step, cargo build, compiles the generated Rust."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from compile_support import TARGET
from readme_support import run_getting_started

pytestmark = pytest.mark.long_running(seconds=8)


def test_getting_started_builds_and_runs(tmp_path: Path) -> None:
    project, output = run_getting_started(tmp_path, cargo=True)
    assert "Finished" in output
    assert "SG602" not in output  # every command has its service file
    binary = TARGET / "debug" / project.name
    served = subprocess.run([binary], capture_output=True, text=True, check=True, timeout=60)
    lines = sorted(served.stdout.splitlines())
    assert len(lines) == 2, served.stdout
    assert lines[0] == 'example/hello serves ["example/hello"]'
    assert lines[1] == 'hello/greet serves ["hello/greet"]'
