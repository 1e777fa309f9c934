"""Every bundled spec through every adapter compiles: rustfmt, clippy, cargo test, tsc --strict."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

from compile_support import rust_check, tsc_check
from specgen.adapters import BUILTIN
from specgen.config import load_config
from specgen.generate.pipeline import run_generation

EXAMPLES = Path(str(resources.files("specgen") / "examples" / "specs"))
ADAPTERS = [adapter.name for adapter in BUILTIN]


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example project generated once per adapter (each spec forced to it)."""
    base = tmp_path_factory.mktemp("adapters")
    config, diags = load_config(EXAMPLES)
    assert diags == []
    roots = {}
    for adapter in ADAPTERS:
        result = run_generation([EXAMPLES], config, base / adapter, adapter_override=adapter)
        assert result.ok, result.diagnostics
        roots[adapter] = base / adapter
    return roots


def test_every_adapter_produced_files(trees: dict[str, Path]) -> None:
    for adapter, root in trees.items():
        ts_files = list((root / "ts").rglob("*Types.ts"))
        assert len(ts_files) == 6, adapter
        has_rust = (root / "rust" / "mod.rs").exists()
        assert has_rust == (adapter in {"rust-ipc", "full-stack", "trait-only"}), adapter


@pytest.fixture(scope="module")
def rust_output(trees: dict[str, Path]) -> str:
    """One cargo run over every Rust tree (and the ts-rs export it performs)."""
    first, *rest = trees.values()
    return rust_check(first, *rest)


def test_rust_compiles_formats_and_passes_clippy(rust_output: str) -> None:
    assert "test result: ok" in rust_output


def test_typescript_compiles_strict(trees: dict[str, Path], rust_output: str) -> None:
    del rust_output  # the ts-rs bindings must exist first
    base = next(iter(trees.values())).parent
    tsc_check(base)


def test_ts_rs_bindings_match_the_types_file(trees: dict[str, Path], rust_output: str) -> None:
    del rust_output
    binding = trees["rust-ipc"] / "ts" / "bindings" / "gpu" / "stats" / "SubsystemInfo.ts"
    text = binding.read_text()
    for field in ("budgetMb: number", "usedMb: number", "consumers: number"):
        assert field in text
    params = (
        trees["rust-ipc"] / "ts" / "bindings" / "gpu" / "stats" / "GpuStatsParams.ts"
    ).read_text()
    assert "subsystem?: GpuStatsSubsystem" in params
    types_file = (
        trees["rust-ipc"] / "ts" / "commands" / "gpu" / "stats" / "shared" / "GpuStatsTypes.ts"
    ).read_text()
    assert "subsystem?: 'inference' | 'tts' | 'rendering';" in types_file
