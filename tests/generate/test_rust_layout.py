"""The Rust layout specgen renders itself matches rustfmt's, or is left to rustfmt.

The built-in Rust templates lay files out as rustfmt would, and the format step skips
rustfmt for them (`specgen.renderers.rust_layout`). These tests hold that layout to
the real rustfmt: each name-dependent construct over sweeps of widths around rustfmt's
limits (one rustfmt run per test), and whole generated projects whose command and
type names grow from short to far too long. Every file the layout claims must pass
``rustfmt --check`` unchanged, and the claim must cover the ordinary names (a layout
that always deferred to rustfmt would make the format step slow again).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from specgen.adapters import load_registry
from specgen.config import ProjectConfig
from specgen.generate.pipeline import build_context, plan_files
from specgen.ir import resolve_commands
from specgen.renderers.format import formats, needs_rustfmt
from specgen.renderers.render_plan import render_files
from specgen.renderers.rust_layout import (
    LayoutCheck,
    fn_signature,
    outgrows_layout,
    use_list,
    version_key,
    version_order,
)
from specgen.validate import validate_paths
from specgen.validate.adapter_rules import choose_adapters

RUSTFMT = shutil.which("rustfmt")
pytestmark = pytest.mark.skipif(RUSTFMT is None, reason="needs rustfmt")


def rustfmt(source: str, tmp_path: Path, name: str = "sample.rs") -> str:
    """``source`` as rustfmt (edition 2024) formats it."""
    path = tmp_path / name
    path.write_text(source)
    subprocess.run([str(RUSTFMT), "--edition", "2024", str(path)], check=True)
    return path.read_text()


# -- constructs ----------------------------------------------------------------------------


def test_signatures_break_where_rustfmt_breaks_them(tmp_path: Path) -> None:
    """Trait declarations and impl signatures from 60 to 130 columns, both forms."""
    cases = []
    for width in range(1, 36):
        name, pascal = f"run_{'x' * width}", "P" * width
        params = ["&self", f"params: {pascal}Params"]
        returns = f"Result<{pascal}Result, CommandError>"
        for end in (";", " {"):
            check = LayoutCheck()
            text = fn_signature(name, params, returns, indent=1, end=end, check=check)
            cases.append((end, text, check.exact))
    trait = "".join(text + "\n" for end, text, _ in cases if end == ";")
    impls = "".join(text + "\n        todo!()\n    }\n" for end, text, _ in cases if end != ";")
    source = f"trait T {{\n{trait}}}\n\nimpl T for X {{\n{impls}}}\n"
    formatted = rustfmt(source, tmp_path)
    for end, text, exact in cases:
        if exact:
            assert text + ("\n" if end == ";" else "") in formatted, text
    assert sum(not exact for _, _, exact in cases) == 1  # the 100-column declaration
    assert {"\n" in text for _, text, _ in cases} == {True, False}


def test_use_lists_match_rustfmt_in_order_and_layout(tmp_path: Path) -> None:
    """Random identifiers (digits, underscores, capitals) in lists of 2 to 12 names."""
    rng = random.Random(7)  # noqa: S311  # test data, not secrets
    alphabet = "AbCz_19"
    lists = []
    for index in range(120):
        names = {
            rng.choice("ACZbz") + "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
            for _ in range(rng.randint(2, 12))
        }
        check = LayoutCheck()
        lists.append((use_list(f"module_{index}", sorted(names), check), check.exact))
    # One group per list (blank lines between): rustfmt sorts within groups only.
    source = "\n\n".join(text for text, _ in lists) + "\n"
    formatted = rustfmt(source, tmp_path)
    laid_out = [text for text, exact in lists if exact]
    for text in laid_out:
        assert text + "\n" in formatted, text
    assert len(laid_out) >= 30, "the layout should settle many of these lists itself"
    assert any("\n" in text for text in laid_out), "no list needed more than one line"


def test_version_order_follows_the_style_guide() -> None:
    check = LayoutCheck()
    names = ["Z10", "Z9", "Caaa", "CPU", "COMMAND", "Ab", "B2b", "x8", "x16"]
    assert [n for (n,) in version_order([(n,) for n in names], check)] == [
        "Ab", "B2b", "COMMAND", "CPU", "Caaa", "Z9", "Z10", "x8", "x16",
    ]  # fmt: skip
    assert check.exact
    doubtful = LayoutCheck()
    version_order([("A_b",), ("A1",)], doubtful)  # a digit run follows a shared prefix
    assert not doubtful.exact
    with pytest.raises(ValueError, match="leading zero"):
        version_key("Z09")


def test_long_lines_and_attribute_lists_are_left_to_rustfmt() -> None:
    assert not outgrows_layout("/// " + "word " * 40 + "\nfn f() {}\n")
    assert outgrows_layout('const X: &str = "' + "a" * 90 + '";\n')
    assert outgrows_layout("#[allow(" + ", ".join(["clippy::too_many_lines"] * 4) + ")]\n")
    assert not outgrows_layout(
        "#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]\n"
    )
    assert outgrows_layout('const X: &str = "日本";\n')  # display width is not length


# -- whole projects ------------------------------------------------------------------------


def _spec(index: int, width: int, adapter: str) -> dict[str, Any]:
    """A spec whose names grow with ``width``: command, type, field, enum value, sample."""
    word = "w" * width
    return {
        "version": 2,
        "name": f"g{index}/{word}-cmd",
        "description": "Layout sweep",
        "environment": "server",
        "adapter": adapter,
        "rust": {"module": f"g{index}/m", "traits": ["ManagedService", "MetricsEmitter"]},
        "types": {
            f"Item{word.title()}": {
                "fields": {f"f{word}": {"type": "string"}, "n": {"type": "u64"}},
            },
        },
        "params": [
            {"name": f"p{word}", "type": "string", "optional": True},
            {"name": "mode", "type": f"'m{word}' | 'b'"},
        ],
        "results": [{"name": "items", "type": f"Item{word.title()}[]"}],
        "examples": [
            {"description": "sample", "params": {"mode": f"m{word}"}, "expectedResult": {}}
        ],
    }


def test_generated_files_claimed_as_laid_out_pass_rustfmt_check(tmp_path: Path) -> None:
    """Commands from 1 to 60 characters wide, through the three Rust-backed adapters."""
    specs_dir = tmp_path / "specs"
    specs_dir.mkdir()
    adapters = ["rust-ipc", "full-stack", "trait-only"]
    for index, width in enumerate(range(1, 61)):
        spec = _spec(index, width, adapters[index % 3])
        (specs_dir / f"s{index:02}.json").write_text(json.dumps(spec, indent=2))
    config = ProjectConfig(root=tmp_path)
    registry = load_registry()
    report = validate_paths(sorted(specs_dir.glob("*.json")), {}, registry.names())
    assert report.ok, [str(d) for d in report.diagnostics]
    commands = resolve_commands(report.documents, {}, None, "rust-ipc")
    adapters_of, diags = choose_adapters(report.documents, commands, registry, None)
    assert not diags
    planned = plan_files(commands, adapters_of, build_context(commands, config))
    rust = [entry for entry in planned if formats(entry.file.path)]
    claimed = {entry.file.path for entry in rust if entry.file.formatted}
    outputs, notes = render_files(rust)
    assert notes == []
    laid_out = {
        o.path: o.content
        for o in outputs
        if not needs_rustfmt(o.path, o.content, laid_out=o.path in claimed)
    }
    folder = tmp_path / "laid_out"
    folder.mkdir()
    files = []
    for index, (path, content) in enumerate(sorted(laid_out.items())):
        target = folder / f"{index:03}_{Path(path).name}"
        target.write_bytes(content)
        files.append(str(target))
    check = subprocess.run(
        [str(RUSTFMT), "--edition", "2024", "--check", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode == 0, check.stdout[:4000]
    by_rustfmt = {entry.file.path for entry in rust} - laid_out.keys()
    short = [c.snake for c in commands if len(c.snake) <= 24]  # handler chain stays short
    assert len(short) >= 15
    assert not [p for p in by_rustfmt if p.split("/")[1] in short], "short names need no rustfmt"
    widest = max(commands, key=lambda command: len(command.snake)).snake
    assert any(f"/{widest}/" in path for path in by_rustfmt), (
        "the longest names should have been left to rustfmt"
    )
