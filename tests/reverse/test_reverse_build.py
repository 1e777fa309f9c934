"""The spec builder: a Types file (and what it imports) -> a v2 spec with located warnings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from specgen.codebase import scan_tree
from specgen.codebase.settings import load_settings
from specgen.reverse.build import ReverseResult, header_description, reverse_command
from specgen.spec.loader import load_spec_text
from specgen.tsread.extract import read_ts_file

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "codebase"


def reverse_fixture(rel: str) -> ReverseResult:
    settings, _ = load_settings(FIXTURE)
    command = next(c for c in scan_tree(FIXTURE / "commands")[0] if c.rel == rel)
    assert command.types_file is not None
    display = command.types_file.relative_to(FIXTURE).as_posix()
    return reverse_command(command, read_ts_file(command.types_file, display), settings)


def codes(result: ReverseResult) -> list[tuple[str, int, str]]:
    return [(d.code, d.location.line, d.location.json_path) for d in result.diagnostics]


def spec_of(result: ReverseResult) -> dict[str, Any]:
    assert result.spec is not None
    loaded = load_spec_text(json.dumps(result.spec), "made.json")
    assert loaded.ok, loaded.diagnostics
    return result.spec


def test_rust_owned_types_are_copied_from_the_bindings() -> None:
    result = reverse_fixture("gpu/allocate")
    spec = spec_of(result)
    assert (spec["adapter"], spec["environment"]) == ("rust-ipc", "server")
    assert spec["types"]["AllocationGrant"]["fields"]["level"] == {"type": "GpuPressureLevel"}
    assert spec["types"]["GpuPressureLevel"] == {"enum": ["normal", "warning", "high", "critical"]}
    assert spec["params"][2] == {
        "name": "waitMs",
        "type": "number",
        "optional": True,
        "description": "How long to wait for memory",
        "default": 0,
    }
    assert result.diagnostics == []


def test_base_fields_and_the_no_params_marker_are_left_out() -> None:
    spec = spec_of(reverse_fixture("gpu/reset"))
    assert spec["params"] == []
    assert [r["name"] for r in spec["results"]] == ["resetAt"]


def test_name_comes_from_the_accessor_and_quirks_are_notes() -> None:
    result = reverse_fixture("ai/model/list")
    spec = spec_of(result)
    assert spec["name"] == "ai/model/list"
    assert spec["types"]["ModelInfo"]["fields"]["quantization"] == {
        "type": "'q4' | 'q8' | 'f16'",
        "optional": True,
    }
    assert codes(result) == [("SG510", 1, "$.name")]


def test_any_and_missing_accessor_are_located_warnings() -> None:
    result = reverse_fixture("sentinel/run")
    spec = spec_of(result)
    assert [p["type"] for p in spec["params"]] == ["string", "unknown", "Record<string, unknown>"]
    assert codes(result) == [
        ("SG503", 1, "$"),
        ("SG502", 24, "$.params[1].type"),
        ("SG502", 25, "$.params[2].type"),
    ]
    assert result.diagnostics[1].location.file == "commands/sentinel/run/shared/SentinelRunTypes.ts"


def test_a_syntax_error_makes_no_spec() -> None:
    result = reverse_fixture("data/export")
    assert result.spec is None
    assert [(d.code, d.severity.value) for d in result.diagnostics] == [("SG501", "error")]


def test_pattern_violations_are_reported() -> None:
    prefs = reverse_fixture("user/prefs")
    assert spec_of(prefs)["results"][0]["name"] == "theme"
    assert [c for c, _, _ in codes(prefs)] == ["SG506"]
    session = reverse_fixture("user/session")
    assert spec_of(session)["params"] == []
    assert codes(session) == [("SG506", 1, "$.params")]


def test_browser_commands_and_both_environments() -> None:
    assert spec_of(reverse_fixture("chat/typing"))["adapter"] == "browser-only"
    navigate = spec_of(reverse_fixture("interface/navigate"))
    assert (navigate["adapter"], navigate["environment"]) == ("server-only", "both")


def test_missing_type_is_a_located_warning_and_a_package_type_is_external(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "commands" / "x" / "get" / "shared"
    folder.mkdir(parents=True)
    (folder / "XGetTypes.ts").write_text(
        "import type { Far } from '@alias/Far';\n"
        "export interface XGetParams extends CommandParams { a: Far }\n"
        "export interface XGetResult extends CommandResult { b: Near[] }\n"
        "export const XGet = { execute(p: P) { return Commands.execute('x/get', p); },"
        " commandName: 'x/get' as const };\n",
        encoding="utf-8",
    )
    settings, _ = load_settings(tmp_path)
    [command] = scan_tree(tmp_path / "commands")[0]
    result = reverse_command(command, read_ts_file(folder / "XGetTypes.ts", "T.ts"), settings)
    assert [(c, line) for c, line, _ in codes(result) if c != "SG510"] == [
        ("SG542", 2),  # no tsconfig maps '@alias': a package, whose declaration is not read
        ("SG508", 3),
    ]
    assert result.spec is not None
    assert result.spec["description"] == "The x/get command."
    assert result.spec["types"] == {"Far": {"external": {"typescript": {"module": "@alias/Far"}}}}


@pytest.mark.parametrize(
    ("header", "description"),
    [
        (("/**\n * Gpu Stats Command - Shared Types\n *\n * Query stats\n */",), "Query stats"),
        (
            ("/**\n * GpuStats — gpu/stats\n *\n * Query stats\n *\n * @generated x\n */",),
            "Query stats",
        ),
        (("// Gpu Stats — shared types", "// Query stats"), "Query stats"),
        (("/** Query GPU stats. */",), "Query GPU stats."),
        (("/**\n * First line\n * goes on\n */",), "First line goes on"),
    ],
)
def test_header_description(header: tuple[str, ...], description: str) -> None:
    assert header_description(header, ("gpu/stats", "GpuStats", "GpuStatsTypes")) == description


def test_imported_types_are_external_or_carried(tmp_path: Path) -> None:
    """A helper module of the tree is outside the command: an external reference, its
    relative path rewritten from the TS root (generated/ts); another command's type is
    carried (alone, the builder has no other spec to refer to: see test_ownership)."""
    commands = tmp_path / "commands"
    (commands / "x" / "shared").mkdir(parents=True)
    (commands / "x" / "shared" / "Common.ts").write_text(
        "export interface Page { offset: number; size?: number }\n", encoding="utf-8"
    )
    other = commands / "y" / "list" / "shared"
    other.mkdir(parents=True)
    (other / "YListTypes.ts").write_text("export interface Item { id: string }\n", encoding="utf-8")
    mine = commands / "x" / "get" / "shared"
    mine.mkdir(parents=True)
    (mine / "XGetTypes.ts").write_text(
        "import type { Page } from '../../shared/Common.js';\n"
        "import type { Item as Thing } from '../../../y/list/shared/YListTypes';\n"
        "export interface XGetParams extends CommandParams { page?: Page }\n"
        "export interface XGetResult extends CommandResult { items: Thing[] }\n",
        encoding="utf-8",
    )
    settings, _ = load_settings(tmp_path)
    command = next(c for c in scan_tree(commands)[0] if c.rel == "x/get")
    result = reverse_command(command, read_ts_file(mine / "XGetTypes.ts", "T.ts"), settings)
    spec = spec_of(result)
    assert spec["types"] == {
        "Page": {"external": {"typescript": {"module": "../../commands/x/shared/Common.js"}}},
        "Item": {"fields": {"id": {"type": "string"}}},
    }
    assert spec["results"] == [{"name": "items", "type": "Item[]"}]
    assert result.homes["Item"] == ("decl", str((other / "YListTypes.ts").resolve()), "Item")
    assert [c for c, _, _ in codes(result) if c != "SG510"] == ["SG503"]
