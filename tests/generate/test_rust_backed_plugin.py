"""A plugin adapter that declares ``rust_backed = True`` is held to the Rust-backed rules.

The rules: it may use only types that Rust has too (SG306), its external types need a
Rust side (SG311), and its Rust modules join the module index. A plugin that does
not declare it (the attribute is optional) is TypeScript-only, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from spec_strategies import RUST_BACKED, write_specs
from specgen.adapters import BUILTIN, AdapterRegistry, GenerationContext, PlannedFile, parts
from specgen.adapters import registry as registry_module
from specgen.config import ProjectConfig
from specgen.generate.pipeline import GenerationResult, run_generation
from specgen.ir import CommandIR


class WireOnlyPlugin:
    """A plugin-style adapter: the built-in parts for the Rust wire types, its own name."""

    name = "wire-plugin"
    template_package = "specgen"
    rust_backed = True

    def plan(self, command: CommandIR, context: GenerationContext) -> list[PlannedFile]:
        """The Rust module with the wire types alone."""
        return parts.rust_module(command, context, contract=False, wire_only=True)


class UndeclaredPlugin:
    """A plugin written before ``rust_backed`` existed: it does not say."""

    name = "wire-plugin"
    template_package = "specgen"

    def plan(self, command: CommandIR, context: GenerationContext) -> list[PlannedFile]:
        """Nothing to generate."""
        del command, context
        return []


def _registry(plugin: object) -> AdapterRegistry:
    adapters: dict[str, Any] = {a.name: a for a in BUILTIN}
    return AdapterRegistry(adapters | {"wire-plugin": plugin})


def _spec(name: str, adapter: str, **fields: Any) -> dict[str, Any]:
    return {"version": 2, "name": name, "description": "x", "adapter": adapter} | fields


def _generate(tmp_path: Path, plugin: object, *specs: dict[str, Any]) -> GenerationResult:
    write_specs(tmp_path / "specs", specs)
    config = ProjectConfig(root=tmp_path, spec_dirs=(tmp_path / "specs",))
    return run_generation(
        [tmp_path / "specs"], config, tmp_path / "out", registry=_registry(plugin)
    )


TS_ONLY_OWNER = _spec("shop/ui", "server-only", types={"Cart": {"fields": {"n": {"type": "i32"}}}})
USER = _spec("shop/wire", "wire-plugin", params=[{"name": "cart", "type": "Cart"}])


def test_the_built_in_adapters_declare_what_they_always_were() -> None:
    assert {a.name for a in BUILTIN if a.rust_backed} == RUST_BACKED
    assert _registry(WireOnlyPlugin()).rust_backed_names() == RUST_BACKED | {"wire-plugin"}
    assert _registry(UndeclaredPlugin()).rust_backed_names() == RUST_BACKED


def test_a_rust_backed_plugin_may_not_use_a_typescript_only_type(tmp_path: Path) -> None:
    result = _generate(tmp_path, WireOnlyPlugin(), TS_ONLY_OWNER, USER)
    [problem] = [d for d in result.diagnostics if d.code == "SG306"]
    assert "Rust-backed command 'shop/wire'" in problem.message
    assert problem.location.json_path == "$.types.Cart"
    assert not (tmp_path / "out").exists()


def test_an_undeclared_plugin_is_typescript_only(tmp_path: Path) -> None:
    result = _generate(tmp_path, UndeclaredPlugin(), TS_ONLY_OWNER, USER)
    assert result.ok, result.diagnostics
    assert not (tmp_path / "out" / "rust").exists()


def test_a_rust_backed_plugin_needs_a_rust_side_for_external_types(tmp_path: Path) -> None:
    types = {"Theme": {"external": {"typescript": {"module": "@app/ui/Theme"}}}}
    spec = _spec("shop/wire", "wire-plugin", types=types, params=[{"name": "t", "type": "Theme"}])
    assert _generate(tmp_path / "undeclared", UndeclaredPlugin(), spec).ok
    result = _generate(tmp_path / "declared", WireOnlyPlugin(), spec)
    assert [d.code for d in result.diagnostics] == ["SG311"]
    assert "Rust-backed command 'shop/wire'" in result.diagnostics[0].message


def test_a_rust_backed_plugin_generates_into_the_module_index(tmp_path: Path) -> None:
    result = _generate(tmp_path, WireOnlyPlugin(), USER | {"params": []})
    assert result.ok, result.diagnostics
    index = (tmp_path / "out" / "rust" / "mod.rs").read_text()
    assert "pub mod shop_wire;" in index
    assert (tmp_path / "out" / "rust" / "shop_wire" / "wire.rs").is_file()


@dataclass
class _EntryPoint:
    name: str
    loaded: object

    def load(self) -> object:
        return self.loaded


def test_an_entry_point_plugin_declares_it(monkeypatch: pytest.MonkeyPatch) -> None:
    class Bad(WireOnlyPlugin):
        name = "bad-plugin"
        rust_backed = "yes"  # type: ignore[assignment]  # the mistake under test

    found = [_EntryPoint("wire-plugin", WireOnlyPlugin), _EntryPoint("bad-plugin", Bad)]

    def entry_points(*, group: str) -> list[_EntryPoint]:
        assert group == registry_module.ENTRY_POINT_GROUP
        return found

    monkeypatch.setattr(registry_module, "entry_points", entry_points)
    loaded = registry_module.load_registry()
    assert "wire-plugin" in loaded.rust_backed_names()
    assert loaded.get("bad-plugin") is None
    assert loaded.broken == {"bad-plugin": "its `rust_backed` is not True or False"}
