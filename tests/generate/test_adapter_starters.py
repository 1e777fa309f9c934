"""What each adapter's starter spec and README claim matches what the adapter writes.

``specgen new`` gives a ``rust`` block (traits, command prefix) only to adapters that
write a Rust service, and the README lists a static accessor only where the adapter
writes one.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from specgen.config import ProjectConfig
from specgen.generate.new_spec import starter_spec
from specgen.generate.pipeline import run_generation

ADAPTERS = ("rust-ipc", "server-only", "browser-only", "full-stack", "trait-only", "types")


def _outputs(tmp_path: Path, adapter: str) -> dict[str, str]:
    specs = tmp_path / "specs"
    specs.mkdir()
    spec = starter_spec("shop/order", adapter)
    (specs / "shop-order.json").write_text(json.dumps(spec), encoding="utf-8")
    config = ProjectConfig(root=tmp_path, spec_dirs=(specs,))
    result = run_generation([specs], config, tmp_path / "out")
    assert result.ok, result.diagnostics
    return {o.path: o.content.decode() for o in result.outputs}


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_the_starter_has_a_rust_block_only_where_there_is_a_service(
    tmp_path: Path, adapter: str
) -> None:
    outputs = _outputs(tmp_path, adapter)
    has_service = any(path.endswith("/service.rs") for path in outputs)
    assert ("rust" in starter_spec("shop/order", adapter)) == has_service
    assert has_service == (adapter in {"rust-ipc", "full-stack"})


@pytest.mark.parametrize("adapter", ADAPTERS)
def test_the_readme_lists_a_static_accessor_only_where_it_is_written(
    tmp_path: Path, adapter: str
) -> None:
    outputs = _outputs(tmp_path, adapter)
    types_file = outputs["ts/commands/shop/order/shared/ShopOrderTypes.ts"]
    has_accessor = "export const ShopOrder = {" in types_file
    assert has_accessor == (adapter not in {"trait-only", "types"})
    readme = outputs.get("ts/commands/shop/order/README.md")
    if readme is None:  # types writes no README
        assert adapter == "types"
        return
    assert ("static accessor" in readme) == has_accessor
    assert ("`ShopOrder.execute(params)`" in readme) == has_accessor
