"""`specgen demo` validates the bundled examples and shows them."""

from __future__ import annotations

import json
from pathlib import Path

from specgen.spec.v2 import BUILTIN_ADAPTERS
from support import RunCli


def test_demo_text_lists_every_bundled_command(run_cli: RunCli, tmp_path: Path) -> None:
    run = run_cli("demo", "--out", str(tmp_path / "demo"))
    assert run.exit_code == 0, run.stdout
    for command in ("gpu/stats", "system/pressure", "chat/send", "interface/screenshot"):
        assert command in run.stdout
    assert "specs valid" in run.stdout
    assert "v1 example gpu/stats: migrated to v2" in run.stdout
    assert "file(s) written into" in run.stdout
    assert (tmp_path / "demo/rust/gpu_stats/wire.rs").exists()
    assert (tmp_path / "demo/ts/commands/chat/send/shared/ChatSendTypes.ts").exists()
    again = run_cli("demo", "--out", str(tmp_path / "demo"))
    assert "0 file(s) written" in again.stdout


def test_demo_json_covers_every_adapter(run_cli: RunCli, tmp_path: Path) -> None:
    run = run_cli("demo", "--format", "json", "--out", str(tmp_path / "demo"))
    assert run.exit_code == 0
    data = json.loads(run.stdout)
    assert data["ok"] is True
    assert data["counts"]["error"] == 0
    assert {row["adapter"] for row in data["specs"]} == set(BUILTIN_ADAPTERS)
    assert data["v1"]["migrated"] is True
    assert [d["code"] for d in data["diagnostics"]] == ["SG401"]
    assert "rust/gpu_stats/service.rs" in data["written"]
