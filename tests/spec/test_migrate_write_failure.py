"""specgen migrate: a target that cannot be written fails that spec, not the command."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

import specgen.migrate.outcome as outcome_module
from specgen.writer import write_atomic
from support import RunCli, SpecWriter

STATS = {
    "name": "gpu/stats",
    "description": "Stats",
    "results": [{"name": "used", "type": "number"}],
}
INFO = {
    "name": "gpu/info",
    "description": "Info",
    "results": [{"name": "name", "type": "string"}],
}


def test_an_unwritable_target_fails_that_spec_and_the_report_is_kept(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def write_or_fail(path: Path, data: bytes) -> bool:
        if path.name == "gpu-info.json":
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return write_atomic(path, data)

    monkeypatch.setattr(outcome_module, "write_atomic", write_or_fail)
    stats = write_spec("gpu-stats.json", STATS)
    info = write_spec("gpu-info.json", INFO)
    out = tmp_path / "out"
    run = run_cli("migrate", str(info), str(stats), "--out", str(out), "--format", "json")
    assert run.exit_code == 1, run.stderr
    assert "internal error" not in run.stderr
    report = json.loads(run.stdout)
    assert report["summary"]["written"] == 1
    assert report["summary"]["failed"] == 1
    assert json.loads((out / "gpu-stats.json").read_text())["version"] == 2
    assert not (out / "gpu-info.json").exists()
    (failed,) = [s for s in report["specs"] if s["outcome"] == "failed"]
    assert "Read-only file system" in json.dumps(failed)
    codes = [d for d in report["diagnostics"] if d["code"] == "SG412"]
    assert len(codes) == 1
    assert str(codes[0]["location"]).count("gpu-info.json") == 1
    assert codes[0]["hint"]
