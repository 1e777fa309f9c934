"""Every bundled spec through every adapter compiles: rustfmt, clippy, cargo test, tsc --strict.

The TypeScript also compiles under the stricter options codebases turn on in their own
tsconfig (`STRICTER`), in one more tsc run.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import pytest

from compile_support import rust_check, tsc_check
from specgen.adapters import BUILTIN
from specgen.config import load_config
from specgen.generate.pipeline import run_generation

pytestmark = pytest.mark.long_running(seconds=30)

EXAMPLES = Path(str(resources.files("specgen") / "examples" / "specs"))
ADAPTERS = [adapter.name for adapter in BUILTIN]
STRICTER = {
    "exactOptionalPropertyTypes": True,
    "noUncheckedIndexedAccess": True,
    "noPropertyAccessFromIndexSignature": True,
    "verbatimModuleSyntax": True,
    "isolatedModules": True,
    "noImplicitOverride": True,
    "noUnusedLocals": True,
    "noUnusedParameters": True,
    "noImplicitReturns": True,
    "useUnknownInCatchVariables": True,
    "noFallthroughCasesInSwitch": True,
}
"""Options a codebase's tsconfig may add that generated code must compile under. Not here:
``module: nodenext``, whose relative imports need the ``.js`` extension that
``[typescript] import_extension`` adds (test_import_extension.py compiles that)."""


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
        assert len(ts_files) == 7, adapter
        has_rust = (root / "rust" / "mod.rs").exists()
        assert has_rust == any(a.name == adapter and a.rust_backed for a in BUILTIN), adapter


@pytest.fixture(scope="module")
def rust_output(trees: dict[str, Path]) -> str:
    """One cargo run over every Rust tree (and the ts-rs export it performs)."""
    first, *rest = trees.values()
    return rust_check(first, *rest)


def test_rust_compiles_formats_and_passes_clippy(rust_output: str) -> None:
    assert "test result: ok" in rust_output


def test_types_adapter_writes_the_contract_alone(trees: dict[str, Path]) -> None:
    root = trees["types"]
    rust = sorted(p.name for p in (root / "rust").rglob("*.rs") if p.parent != root / "rust")
    assert rust == sorted(["mod.rs", "wire.rs"] * 7)
    ts = sorted(p.relative_to(root / "ts").as_posix() for p in (root / "ts").rglob("*.ts"))
    ts = [path for path in ts if not path.startswith("bindings/")]  # cargo test's export
    assert len(ts) == 7
    assert all(re.fullmatch(r"commands/[\w/]+/shared/\w+Types\.ts", path) for path in ts), ts
    text = (root / "ts" / "commands" / "gpu" / "stats" / "shared" / "GpuStatsTypes.ts").read_text()
    assert "export interface SubsystemInfo {" in text  # declared here, not from the bindings
    assert "/bindings/" not in text
    assert "Commands" not in text
    assert "createGpuStatsParams" not in text
    assert re.findall(r"^import (?!type )", text, re.MULTILINE) == []  # types only


def agreement_source(root: Path) -> tuple[str, int]:
    """TypeScript that assigns each Types-file type to its ts-rs binding and back.

    Params and Result are compared without the runtime's base fields, which the
    bindings do not carry. Returns the source and how many types it compares.
    """
    lines = ["import type { CommandParams, CommandResult } from '@specgen/runtime';"]
    compared = 0
    for types_file in sorted((root / "ts" / "commands").rglob("*Types.ts")):
        folder = types_file.parent.parent.relative_to(root / "ts" / "commands").as_posix()
        module = types_file.relative_to(root / "ts").with_suffix("").as_posix()
        pascal = types_file.stem.removesuffix("Types")
        text = types_file.read_text()
        for name in re.findall(r"^export (?:interface|type) (\w+)", text, re.MULTILINE):
            binding = root / "ts" / "bindings" / folder / f"{name}.ts"
            assert binding.is_file(), f"{module} exports {name}, which ts-rs does not"
            ours = f"import('./{module}').{name}"
            if name in {f"{pascal}Params", f"{pascal}Result"}:
                base = "CommandParams" if name.endswith("Params") else "CommandResult"
                ours = f"Omit<{ours}, keyof {base}>"
            theirs = f"import('./bindings/{folder}/{name}').{name}"
            lines += [
                f"declare const ours{compared}: {ours};",
                f"declare const theirs{compared}: {theirs};",
                f"export const toBinding{compared}: {theirs} = ours{compared};",
                f"export const fromBinding{compared}: {ours} = theirs{compared};",
            ]
            compared += 1
    return "\n".join(lines) + "\n", compared


def test_typescript_compiles_strict(trees: dict[str, Path], rust_output: str) -> None:
    """Every tree compiles; the types adapter's Types files agree with the ts-rs bindings."""
    del rust_output  # the ts-rs bindings must exist first
    source, compared = agreement_source(trees["types"])
    assert compared >= 17  # 7 params, 7 results and the examples' named types
    (trees["types"] / "ts" / "agreement.ts").write_text(source)
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


def test_typescript_compiles_under_stricter_options(
    trees: dict[str, Path], rust_output: str
) -> None:
    """The same trees (scaffolds and bindings included) under every option of `STRICTER`."""
    del rust_output
    base = next(iter(trees.values())).parent
    tsc_check(base, STRICTER, "tsconfig.stricter.json")
