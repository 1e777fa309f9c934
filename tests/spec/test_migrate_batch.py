"""specgen migrate on several specs: per-spec outcomes, base fields, string examples, JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from support import RunCli, SpecWriter

CLEAN = {
    "name": "gpu/stats",
    "description": "Stats",
    "results": [{"name": "used", "type": "number"}],
}
CONFLICT = {
    "name": "gpu/info",
    "description": "Info",
    "results": [{"name": "success", "type": "string"}, {"name": "name", "type": "string"}],
}
RESTATED = {
    "name": "chat/send",
    "description": "Send a message",
    "params": [
        {"name": "userId", "type": "UUID", "optional": True},
        {"name": "context", "type": "object", "optional": True},
        {"name": "text", "type": "string", "required": True},
        {"name": "mode", "type": "'a' | 'b'", "required": False},
    ],
    "results": [
        {"name": "success", "type": "boolean"},
        {"name": "messageId", "type": "string"},
        {"name": "error", "type": "JTAGError", "optional": True},
    ],
    "example": "./jtag chat/send --text=hi",
    "examples": ["Sends one message", {"description": "Full", "params": {"text": "x"}}],
}


def _report(run_stdout: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(run_stdout)
    return data


def test_clean_specs_are_written_when_another_fails(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    clean = write_spec("gpu-stats.json", CLEAN)
    bad = write_spec("gpu-info.json", CONFLICT)
    out = tmp_path / "out"
    run = run_cli("migrate", str(clean), str(bad), "--out", str(out))
    assert run.exit_code == 1, run.stderr
    assert json.loads((out / "gpu-stats.json").read_text())["version"] == 2
    assert not (out / "gpu-info.json").exists()
    assert "not written:" in run.stderr
    (line,) = [x for x in run.stderr.splitlines() if x.startswith(f"  {bad}: ")]
    assert "failed" in line
    assert "SG405" in line
    assert f"{bad}:7:15: SG405" in line  # located at the conflicting type in the v1 file
    assert "2 spec(s): 1 written, 1 failed" in run.stderr


def test_every_spec_failing_exits_2(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    bad = write_spec("gpu-info.json", CONFLICT)
    run = run_cli("migrate", str(bad), "--out", str(tmp_path / "out"))
    assert run.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_restated_base_fields_are_dropped_with_notes_and_indexes_stay_located(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    v1 = write_spec("chat-send.json", RESTATED)
    out = tmp_path / "out"
    run = run_cli("migrate", str(v1), "--out", str(out), "--format", "json")
    assert run.exit_code == 0, run.stdout
    data = json.loads((out / "chat-send.json").read_text())
    assert [p["name"] for p in data["params"]] == ["text", "mode"]
    assert [r["name"] for r in data["results"]] == ["messageId"]
    (spec,) = _report(run.stdout)["specs"]
    assert spec["outcome"] == "written"
    assert spec["notes"]["SG404"] == 4
    dropped = {d["location"]["jsonPath"] for d in spec["diagnostics"] if d["code"] == "SG404"}
    assert dropped == {
        "$.params[0].name",
        "$.params[1].name",
        "$.results[0].name",
        "$.results[2].name",
    }
    assert run_cli("validate", str(out / "chat-send.json")).exit_code == 0


def test_diagnostics_after_a_dropped_field_point_at_the_v1_field(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    spec = {
        "name": "chat/send",
        "description": "x",
        "params": [
            {"name": "userId", "type": "string"},
            {"name": "bad", "type": "Record<number, string>"},
        ],
    }
    v1 = write_spec("chat-send.json", spec)
    run = run_cli("migrate", str(v1), "--out", str(tmp_path / "out"), "--format", "json")
    (entry,) = _report(run.stdout)["specs"]
    assert entry["outcome"] == "failed"
    error = next(d for d in entry["diagnostics"] if d["severity"] == "error")
    assert error["location"]["jsonPath"].startswith("$.params[1]")
    line = v1.read_text().splitlines()[error["location"]["line"] - 1]
    assert '"Record<number, string>"' in line


def test_string_examples_are_converted_with_a_note(write_spec: SpecWriter, run_cli: RunCli) -> None:
    v1 = write_spec("chat-send.json", RESTATED)
    run = run_cli("migrate", str(v1))
    assert run.exit_code == 0, run.stderr
    examples = json.loads(run.stdout)["examples"]
    assert examples == [
        {"description": "Sends one message"},
        {"description": "Full", "params": {"text": "x"}},
        {"description": "Example", "command": "./jtag chat/send --text=hi"},
    ]
    assert run.stderr.count("SG406") == 2


def test_all_or_nothing_skips_clean_specs(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    clean = write_spec("gpu-stats.json", CLEAN)
    bad = write_spec("gpu-info.json", CONFLICT)
    out = tmp_path / "out"
    run = run_cli(
        "migrate", str(clean), str(bad), "--out", str(out), "--all-or-nothing", "--format", "json"
    )
    assert run.exit_code == 2
    assert not out.exists()
    report = _report(run.stdout)
    assert report["mode"] == "all-or-nothing"
    assert [s["outcome"] for s in report["specs"]] == ["skipped", "failed"]


def test_existing_target_is_kept_unless_forced(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    v1 = write_spec("gpu-stats.json", CLEAN)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "gpu-stats.json"
    target.write_text('{"hand": "edited"}\n')
    run = run_cli("migrate", str(v1), "--out", str(out), "--format", "json")
    assert run.exit_code == 1
    (entry,) = _report(run.stdout)["specs"]
    assert entry["outcome"] == "skipped"
    assert "--force" in entry["reason"]
    assert entry["notes"] == {"SG411": 1}
    assert target.read_text() == '{"hand": "edited"}\n'
    forced = run_cli("migrate", str(v1), "--out", str(out), "--force")
    assert forced.exit_code == 0, forced.stderr
    assert json.loads(target.read_text())["name"] == "gpu/stats"
    again = run_cli("migrate", str(v1), "--out", str(out), "--format", "json")
    assert again.exit_code == 0
    assert _report(again.stdout)["specs"][0]["outcome"] == "unchanged"
    said = run_cli("migrate", str(v1), "--out", str(out))
    assert (said.exit_code, said.stdout) == (0, "")
    assert f"unchanged {target} (already this spec's v2 form)" in said.stderr


def test_json_report_shape(write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path) -> None:
    clean = write_spec("gpu-stats.json", CLEAN)
    bad = write_spec("gpu-info.json", CONFLICT)
    out = tmp_path / "out"
    run = run_cli("migrate", str(clean), str(bad), "--out", str(out), "--format", "json")
    report = _report(run.stdout)
    assert report["ok"] is False
    assert report["mode"] == "per-spec"
    assert report["summary"] == {
        "written": 1,
        "unchanged": 0,
        "printed": 0,
        "skipped": 0,
        "failed": 1,
    }
    assert report["written"] == [str(out / "gpu-stats.json")]
    first, second = report["specs"]
    assert set(first) == {"source", "target", "outcome", "reason", "notes", "diagnostics"}
    assert (first["source"], first["target"], first["outcome"]) == (
        str(clean),
        str(out / "gpu-stats.json"),
        "written",
    )
    assert second["outcome"] == "failed"
    assert second["notes"] == {"SG405": 1}
    diag = second["diagnostics"][0]
    assert {"code", "severity", "message", "hint", "location"} <= set(diag)
    assert diag["location"]["file"] == str(bad)
    assert diag["location"]["jsonPath"] == "$.results[0].type"
