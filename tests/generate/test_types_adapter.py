"""The ``types`` adapter: the wire contract alone, and its place among the Rust-backed adapters.

Compilation (cargo, clippy, tsc --strict, agreement with the ts-rs bindings) is in
test_compile_examples.py; its output is in the golden tree (``memory/budget``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from compile_support import rust_check, tsc_check
from spec_strategies import write_specs
from specgen.config import ProjectConfig
from specgen.generate.pipeline import GenerationResult, run_generation

pytestmark = pytest.mark.long_running(seconds=8)


def _spec(name: str, adapter: str, **fields: Any) -> dict[str, Any]:
    return {"version": 2, "name": name, "description": "x", "adapter": adapter} | fields


def _generate(tmp_path: Path, *specs: dict[str, Any]) -> GenerationResult:
    write_specs(tmp_path / "specs", specs)
    config = ProjectConfig(root=tmp_path, spec_dirs=(tmp_path / "specs",))
    return run_generation([tmp_path / "specs"], config, tmp_path / "out")


SHARED = _spec(
    "shop/contract",
    "types",
    types={"Order": {"fields": {"id": {"type": "string"}, "lines": {"type": "u32[]"}}}},
    params=[{"name": "order", "type": "Order"}],
    results=[{"name": "accepted", "type": "boolean"}],
)


def test_it_writes_the_wire_types_and_the_types_file_only(tmp_path: Path) -> None:
    result = _generate(tmp_path, SHARED)
    assert result.ok, result.diagnostics
    outputs = {o.path: o for o in result.outputs}
    assert sorted(outputs) == [
        "rust/mod.rs",
        "rust/shop_contract/mod.rs",
        "rust/shop_contract/wire.rs",
        "ts/commands/shop/contract/shared/ShopContractTypes.ts",
    ]
    assert {o.owner for o in outputs.values()} == {"generated"}
    module = outputs["rust/shop_contract/mod.rs"].content.decode()
    assert module.endswith("\n\npub mod wire;\n")
    types_file = outputs["ts/commands/shop/contract/shared/ShopContractTypes.ts"].content.decode()
    assert "export interface Order {" in types_file
    assert "export interface ShopContractParams extends CommandParams {" in types_file
    for absent in ("createShopContractParams", "Commands", "export const", "/bindings/"):
        assert absent not in types_file, absent


def test_a_rust_backed_command_may_use_its_types(tmp_path: Path) -> None:
    user = _spec("shop/place", "rust-ipc", params=[{"name": "order", "type": "Order"}])
    result = _generate(tmp_path, SHARED, user)
    assert result.ok, result.diagnostics
    outputs = {o.path: o.content.decode() for o in result.outputs}
    assert "use super::super::shop_contract::wire::Order;" in outputs["rust/shop_place/wire.rs"]
    types_file = outputs["ts/commands/shop/place/shared/ShopPlaceTypes.ts"]
    assert "import type { Order } from '../../contract/shared/ShopContractTypes';" in types_file


def test_types_files_import_only_what_they_use(tmp_path: Path) -> None:
    """No unused import, for codebases whose tsconfig has ``noUnusedLocals``.

    The contract-only Types file takes three runtime types (no factories, no accessor);
    a Rust-backed one whose own struct alone names another command's type takes that
    struct from the bindings, and so does not import the type.
    """
    struct = {"Line": {"fields": {"order": {"type": "Order"}}}}
    user = _spec("shop/lines", "rust-ipc", types=struct, params=[{"name": "n", "type": "u32"}])
    result = _generate(tmp_path, SHARED, user)
    assert result.ok, result.diagnostics
    outputs = {o.path: o.content.decode() for o in result.outputs}
    contract = outputs["ts/commands/shop/contract/shared/ShopContractTypes.ts"]
    runtime = "import type { CommandError, CommandParams, CommandResult } from '@specgen/runtime';"
    assert runtime in contract
    lines = outputs["ts/commands/shop/lines/shared/ShopLinesTypes.ts"]
    assert "import type { Line } from '../../../../bindings/shop/lines/Line';" in lines
    assert "Order" not in lines


def test_it_may_not_use_a_typescript_only_type(tmp_path: Path) -> None:
    owner = _spec("shop/ui", "server-only", types={"Cart": {"fields": {"n": {"type": "i32"}}}})
    user = _spec("shop/contract", "types", params=[{"name": "cart", "type": "Cart"}])
    result = _generate(tmp_path, owner, user)
    assert not result.ok
    [problem] = [d for d in result.diagnostics if d.code == "SG306"]
    assert problem.location.file.endswith("shop-ui.json")
    assert "types for the wire types alone" in (problem.hint or "")
    assert not (tmp_path / "out").exists()


def test_an_empty_struct_it_declares_matches_the_ts_rs_binding(tmp_path: Path) -> None:
    """An empty struct is declared as ts-rs spells it, so a Rust-backed user type-checks.

    The ``types`` adapter declares its types in its Types file; a command of another
    Rust-backed adapter gets the same types from the ts-rs bindings. ts-rs writes an
    empty struct as ``Record<symbol, never>``: an empty interface lacks that index
    signature, and the server command handing one to the other did not compile (found
    by the property test).
    """
    holder = {"fields": {"camelCaseName": {"type": "{}"}, "n": {"type": "i32"}}}
    contract = _spec(
        "shop/holder", "types", types={"Holder": holder}, params=[{"name": "h", "type": "Holder"}]
    )
    user = _spec("shop/use", "rust-ipc", params=[{"name": "held", "type": "Holder"}])
    result = _generate(tmp_path, contract, user)
    assert result.ok, result.diagnostics
    types_file = tmp_path / "out/ts/commands/shop/holder/shared/ShopHolderTypes.ts"
    assert "export type HolderCamelCaseName = Record<symbol, never>;" in types_file.read_text()
    rust_check(tmp_path / "out")
    tsc_check(tmp_path / "out" / "ts")
