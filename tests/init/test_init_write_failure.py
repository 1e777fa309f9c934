"""A file `specgen init` cannot write is a refusal (exit 2) that names it and what was written."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

import specgen.project.init as init_module
from specgen.writer import write_atomic
from support import RunCli


def test_a_failed_write_is_exit_2_naming_the_file_and_those_written(
    tmp_path: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:

    def write_or_fail(path: Path, data: bytes) -> bool:
        if path.suffix == ".json":
            raise OSError(errno.EACCES, "Permission denied", str(path))
        return write_atomic(path, data)

    monkeypatch.setattr(init_module, "write_atomic", write_or_fail)
    monkeypatch.chdir(tmp_path)
    run = run_cli("init")
    assert run.exit_code == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "internal error" not in run.stderr
    assert "cannot write" in run.stderr
    assert "example-hello.json: Permission denied" in run.stderr
    assert "already written: " in run.stderr
    assert "specgen.toml" in run.stderr.split("already written: ")[1]
    assert "hint:" in run.stderr
