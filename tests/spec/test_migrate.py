"""v1 -> v2 migration: what carries over, what is reported, and idempotence."""

from __future__ import annotations

import json
from pathlib import Path

from specgen.spec import load_spec_text
from support import RunCli, SpecWriter

V1_FULL = {
    "name": "sentinel/run",
    "description": "Run a sentinel",
    "category": "sentinel",
    "environments": ["server", "browser"],
    "params": [
        {"name": "target", "type": "string", "required": True},
        {"name": "mode", "type": "'ALLOW' | 'WARN' | 'BLOCK'", "required": False},
        {"name": "items", "type": "array", "optional": True},
        {"name": "rules", "type": "SentinelRule[]", "optional": True, "owner": "x"},
    ],
    "results": [{"name": "ok", "type": "boolean"}],
    "example": {"description": "Run", "command": "./jtag sentinel/run", "expectedResult": "ok"},
    "accessLevel": "system",
}


def test_migration_maps_fields_and_reports_what_it_dropped() -> None:
    result = load_spec_text(json.dumps(V1_FULL, indent=2), "v1.json")
    assert result.document is not None
    spec = result.document.spec
    assert result.document.source_version == 1
    assert spec.environment == "both"
    assert spec.adapter == "full-stack"
    assert [(p.name, p.optional) for p in spec.params] == [
        ("target", False),
        ("mode", True),
        ("items", True),
        ("rules", True),
    ]
    assert spec.params[2].type == "unknown[]"
    assert spec.examples[0].expected_result == "ok"
    assert spec.access_level == "system"
    messages = {(d.code, d.location.json_path) for d in result.diagnostics}
    assert ("SG401", "$") in messages
    assert ("SG402", "$.category") in messages
    assert ("SG402", "$.params[3].owner") in messages
    assert ("SG402", "$.params[2].type") in messages
    assert ("SG403", "$.params[3].type") in messages
    assert ("SG402", "$.environments") in messages


def test_undeclared_type_is_located_in_the_v1_file() -> None:
    text = json.dumps(V1_FULL, indent=2)
    result = load_spec_text(text, "v1.json")
    (diag,) = [d for d in result.diagnostics if d.code == "SG403"]
    line = text.splitlines()[diag.location.line - 1]
    assert line[diag.location.column - 1 :].startswith("SentinelRule[]")


def test_cli_migrate_writes_valid_v2_and_is_idempotent(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    v1 = write_spec(
        "gpu-stats.json",
        {
            "name": "gpu/stats",
            "description": "Stats",
            "params": [{"name": "subsystem", "type": "string", "optional": True}],
            "results": [{"name": "gpuName", "type": "string"}],
        },
    )
    out = tmp_path / "v2"
    first = run_cli("migrate", str(v1), "--out", str(out))
    assert first.exit_code == 0, first.stderr
    migrated = out / "gpu-stats.json"
    data = json.loads(migrated.read_text())
    assert data["version"] == 2
    assert data["params"] == [{"name": "subsystem", "type": "string", "optional": True}]
    assert run_cli("validate", str(migrated)).exit_code == 0
    before = migrated.read_bytes()
    mtime = migrated.stat().st_mtime_ns
    again = run_cli("migrate", str(migrated), "--in-place")
    assert again.exit_code == 0
    assert migrated.read_bytes() == before
    assert migrated.stat().st_mtime_ns == mtime  # not even rewritten


def test_cli_migrate_single_file_prints_to_stdout(write_spec: SpecWriter, run_cli: RunCli) -> None:
    v1 = write_spec("a.json", {"name": "gpu/stats", "description": "Stats"})
    run = run_cli("migrate", str(v1))
    assert run.exit_code == 0
    assert json.loads(run.stdout)["version"] == 2
    assert json.loads(v1.read_text()) == {"name": "gpu/stats", "description": "Stats"}


def test_cli_migrate_all_or_nothing_writes_nothing_when_any_spec_fails(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    good = write_spec("good.json", {"name": "gpu/stats", "description": "Stats"})
    bad = write_spec("bad.json", '{"name": "gpu/info", "description": 3}')
    out = tmp_path / "out"
    run = run_cli("migrate", str(good), str(bad), "--out", str(out), "--all-or-nothing")
    assert run.exit_code == 2
    assert "SG103" in run.stderr
    assert not out.exists()


def test_cli_migrate_needs_a_destination_for_several_files(
    write_spec: SpecWriter, run_cli: RunCli
) -> None:
    a = write_spec("a.json", {"name": "a/b", "description": "x"})
    b = write_spec("b.json", {"name": "a/c", "description": "x"})
    run = run_cli("migrate", str(a), str(b))
    assert run.exit_code == 2
    assert "--out DIR or --in-place" in run.stderr


def test_custom_types_in_plain_shapes_are_declared_and_others_reported() -> None:
    v1 = {
        "name": "chat/send",
        "params": [
            {"name": "msg", "type": "Msg"},
            {"name": "mode", "type": "Mode"},
            {"name": "who", "type": "Person[]"},
            {"name": "odd", "type": "Weird"},
        ],
        "results": [{"name": "sent", "type": "Receipt"}],
        "customTypes": {
            "Msg": {"text": "string", "author?": "Author", "tags": "array"},
            "Mode": ["fast", "slow"],
            "Person": {
                "description": "A person",
                "fields": [
                    {"name": "name", "type": "string", "description": "Full name"},
                    {"name": "age", "type": "number", "required": False},
                ],
            },
            "Receipt": "'ok' | 'queued'",
            "Level": {"enum": ["low", "high"], "description": "How loud"},
            "Author": {"id": {"type": "string", "optional": False}},
            "Weird": 42,
        },
    }
    result = load_spec_text(json.dumps(v1, indent=2), "v1.json")
    assert result.document is not None
    types = result.document.data["types"]
    assert types["Msg"] == {
        "fields": {
            "text": {"type": "string"},
            "author": {"type": "Author", "optional": True},
            "tags": {"type": "unknown[]"},  # the loose v1 spelling, as for params
        }
    }
    assert types["Mode"] == {"enum": ["fast", "slow"]}
    assert types["Person"] == {
        "description": "A person",
        "fields": {
            "name": {"type": "string", "description": "Full name"},
            "age": {"type": "number", "optional": True},
        },
    }
    assert types["Receipt"] == {"enum": ["ok", "queued"]}
    assert types["Level"] == {"description": "How loud", "enum": ["low", "high"]}
    assert "Weird" not in types
    found = {(d.code, d.location.json_path) for d in result.diagnostics}
    assert ("SG413", "$.customTypes.Msg") in found
    assert ("SG402", "$.customTypes.Weird") in found  # a shape migration does not read
    assert ("SG402", "$.customTypes") not in found  # the block itself is carried
    # Author is declared by customTypes: nothing undeclared but the dropped one.
    assert [d.location.json_path for d in result.diagnostics if d.code == "SG403"] == [
        "$.params[3].type"
    ]


def test_string_flags_and_promise_types_are_read_as_v1_authors_meant() -> None:
    v1 = {
        "name": "gpu/stats",
        "params": [
            {"name": "limit", "type": "number", "required": "false"},
            {"name": "mode", "type": "string", "optional": "TRUE"},
            {"name": "odd", "type": "string", "required": "sometimes"},
        ],
        "results": [{"name": "data", "type": "Promise<Promise<string[]>>"}],
    }
    result = load_spec_text(json.dumps(v1, indent=2), "v1.json")
    found = {(d.code, d.location.json_path): d.message for d in result.diagnostics}
    assert "read as false" in found[("SG402", "$.params[0].required")]
    assert "read as true" in found[("SG402", "$.params[1].optional")]
    assert "neither true nor false" in found[("SG103", "$.params[2].required")]  # an error
    assert result.document is None or not result.ok
    v1["params"] = v1["params"][:2]
    result = load_spec_text(json.dumps(v1, indent=2), "v1.json")
    assert result.document is not None
    assert [(p.name, p.optional) for p in result.document.spec.params] == [
        ("limit", True),
        ("mode", True),
    ]
    assert result.document.spec.results[0].type == "string[]"
