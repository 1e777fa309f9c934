"""Generating with external types: Rust-backed commands need a Rust side (SG311)."""

from __future__ import annotations

from pathlib import Path

from specgen.config import load_config
from specgen.generate.pipeline import GenerationResult, run_generation
from support import SpecBuilder, SpecWriter

CONFIG = """\
[external_types.Theme]
typescript = { module = "@app/ui/Theme" }

[external_types.UUID]
typescript = { module = "@app/core/UUID" }
rust = { wire = "string" }
"""


def _generate(folder: Path) -> GenerationResult:
    root = folder.parent
    config, diags = load_config(root)
    assert diags == []
    return run_generation([folder], config, root / "out")


def test_a_rust_backed_command_needs_a_rust_side(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    params = [{"name": "theme", "type": "Theme"}, {"name": "id", "type": "UUID"}]
    a = write_spec("a.json", spec(adapter="rust-ipc", params=params))
    (a.parent.parent / "specgen.toml").write_text(CONFIG, encoding="utf-8")
    result = _generate(a.parent)
    (diag,) = result.diagnostics
    assert diag.code == "SG311"
    assert "'Theme'" in diag.message
    assert diag.location.file.endswith("specgen.toml")
    assert (diag.location.line, diag.location.column) == (1, 1)
    assert not (a.parent.parent / "out").exists()


def test_a_spec_declaration_without_rust_is_located_in_the_spec(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    types = {"Theme": {"external": {"typescript": {"module": "@app/ui/Theme"}}}}
    params = [{"name": "theme", "type": "Theme"}]
    a = write_spec("a.json", spec(adapter="trait-only", types=types, params=params))
    (diag,) = _generate(a.parent).diagnostics
    assert diag.code == "SG311"
    assert diag.location.file == str(a)
    assert diag.location.json_path == "$.types.Theme.external"


def test_typescript_only_commands_may_use_it(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    params = [{"name": "theme", "type": "Theme"}, {"name": "id", "type": "UUID"}]
    a = write_spec("a.json", spec(adapter="server-only", params=params))
    (a.parent.parent / "specgen.toml").write_text(CONFIG, encoding="utf-8")
    result = _generate(a.parent)
    assert result.ok, result.diagnostics
    types = (a.parent.parent / "out" / "ts/commands/gpu/stats/shared/GpuStatsTypes.ts").read_text()
    assert "import type { Theme } from '@app/ui/Theme';" in types
    assert "import type { UUID } from '@app/core/UUID';" in types
    assert "  theme: Theme;\n  id: UUID;\n" in types


def test_the_error_is_located_in_the_spec_that_declares_the_type(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    types = {"Theme": {"external": {"typescript": {"module": "@app/ui/Theme"}}}}
    declaring = write_spec("a.json", spec(name="ui/theme", adapter="browser-only", types=types))
    params = [{"name": "theme", "type": "Theme"}]
    write_spec("b.json", spec(adapter="rust-ipc", params=params))
    (diag,) = _generate(declaring.parent).diagnostics
    assert diag.code == "SG311"
    assert diag.location.file == str(declaring)
    assert "'gpu/stats'" in diag.message


def test_rust_imports_and_external_paths_are_used_once(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    types = {
        "Level": {
            "external": {
                "typescript": {"module": "@app/Level"},
                "rust": {"path": "managed_service::PressureLevel"},
            }
        }
    }
    rust = {"imports": ["managed_service::PressureLevel", "std::sync::Arc"]}
    params = [{"name": "level", "type": "Level"}]
    a = write_spec("a.json", spec(adapter="rust-ipc", rust=rust, types=types, params=params))
    result = _generate(a.parent)
    assert result.ok, result.diagnostics
    wire = (a.parent.parent / "out" / "rust" / "gpu_stats" / "wire.rs").read_text()
    assert wire.count("use managed_service::PressureLevel;") == 1
    assert "#[allow(unused_imports)]\nuse std::sync::Arc;" in wire
    assert "pub level: PressureLevel," in wire
