"""``[typescript] import_extension``: every relative specifier gets it, no other one does.

The examples (with a relative runtime module and relative external types added) are
generated through every adapter with ``".js"`` and with the default ``""``: the trees
differ only by the extension of relative specifiers, in TypeScript files and in the
``import('...')`` types of the Rust files' ts-rs attributes. One tsc run compiles the
trees that need no ts-rs bindings under ``"module": "nodenext"``.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from importlib import resources
from pathlib import Path

import pytest

from compile_support import tsc_check
from specgen.adapters import BUILTIN
from specgen.config import load_config
from specgen.generate.pipeline import run_generation
from specgen.renderers.ts_imports import module_specifier, with_extension

EXAMPLES = Path(str(resources.files("specgen") / "examples" / "specs"))
CONFIG = """\
spec_dirs = ["specs"]

[aliases]
UUID = "string"

[typescript]
import_extension = "{extension}"

[typescript.runtime]
context = {{ module = "./core/context", name = "AppContext" }}
commands = {{ module = "@app/core/commands" }}

[external_types.Entity]
typescript = {{ module = "./entities/Entity", name = "EntityRecord" }}
rust = {{ wire = "string" }}

[external_types.Theme]
typescript = {{ module = "@app/theme" }}
rust = {{ wire = "string" }}
"""
EXTERNAL_SPEC = {
    "version": 2,
    "name": "entity/show",
    "description": "Shows an entity.",
    "adapter": "rust-ipc",
    "params": [{"name": "entity", "type": "Entity"}, {"name": "theme", "type": "Theme"}],
    "results": [{"name": "entities", "type": "Entity[]", "optional": True}],
}
SPECIFIER = re.compile(r"""(?:\bfrom\s+|\bimport\(\\?)(['"])(.+?)\\?\1""")
"""A module specifier: ``from '...'``, ``import('...')`` (escaped in a Rust string too)."""


def _generate(tmp_path: Path, extension: str, adapters: list[str]) -> Path:
    project = tmp_path / f"project{extension or '-none'}"
    shutil.copytree(EXAMPLES, project / "specs")
    (project / "specs" / "entity-show.json").write_text(json.dumps(EXTERNAL_SPEC))
    (project / "specgen.toml").write_text(CONFIG.format(extension=extension))
    config, diags = load_config(project)
    assert diags == []
    for adapter in adapters:
        out = project / "out" / adapter
        result = run_generation([project / "specs"], config, out, adapter_override=adapter)
        assert result.ok, result.diagnostics
    return project / "out"


def _specifiers(root: Path) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted(root.rglob("*")):
        if path.suffix in (".ts", ".rs"):
            for match in SPECIFIER.finditer(path.read_text()):
                found.setdefault(match.group(2), set()).add(path.suffix)
    return found


@pytest.fixture(scope="module")
def trees(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same project generated with ``".js"`` and with the default."""
    base = tmp_path_factory.mktemp("import-extension")
    adapters = [adapter.name for adapter in BUILTIN]
    return _generate(base, ".js", adapters), _generate(base, "", adapters)


def test_every_relative_specifier_ends_in_the_extension(trees: tuple[Path, Path]) -> None:
    found = _specifiers(trees[0])
    relative = {s for s in found if s.startswith(("./", "../"))}
    assert relative, found
    assert {s for s in relative if not s.endswith(".js") or s.endswith(".js.js")} == set()
    assert {s for s in found if s not in relative and s.endswith(".js")} == set()
    assert {"@specgen/runtime", "@app/core/commands", "@app/theme", "node:test"} <= set(found)
    for kind in ("/shared/GpuStatsTypes.js", "IpcMixin.js", "/bindings/gpu/stats/"):
        assert any(kind in s for s in relative), kind
    assert any(s.endswith("/core/context.js") for s in relative)
    entity = {
        suffix
        for s, suffixes in found.items()
        if s.endswith("/entities/Entity.js")
        for suffix in suffixes
    }
    assert entity == {".ts", ".rs"}  # the Types file imports it, ts-rs attributes name it


def test_the_extension_is_the_only_difference(trees: tuple[Path, Path]) -> None:
    with_js, default = trees
    files = sorted(p.relative_to(default) for p in default.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(with_js) for p in with_js.rglob("*") if p.is_file())
    strip = re.compile(r"""((?:\bfrom\s+|\bimport\(\\?)(['"])\.\.?/.+?)\.js(\\?\2)""")
    for name in files:
        if name.suffix in (".ts", ".rs"):
            text = strip.sub(r"\1\3", (with_js / name).read_text())
            assert text == (default / name).read_text(), name


def test_only_a_relative_specifier_without_an_extension_gets_one() -> None:
    assert with_extension("./core/types", ".js") == "./core/types.js"
    assert with_extension("../core/types", ".ts") == "../core/types.ts"
    assert with_extension("./core/types.js", ".js") == "./core/types.js"
    assert with_extension("@app/core/types", ".js") == "@app/core/types"
    assert with_extension("./core/types", "") == "./core/types"
    types_file = "ts/commands/gpu/stats/shared/GpuStatsTypes.ts"
    assert module_specifier("./core/ctx", types_file, "ts", ".js") == "../../../../core/ctx.js"
    assert module_specifier("@app/ctx", types_file, "ts", ".js") == "@app/ctx"


def test_a_bad_value_is_a_located_error(tmp_path: Path) -> None:
    (tmp_path / "specgen.toml").write_text(
        'spec_dirs = ["specs"]\n[typescript]\nimport_extension = "mjs"\n'
    )
    _, diags = load_config(tmp_path)
    (diag,) = diags
    assert diag.code == "SG104"
    assert (diag.location.line, diag.location.column) == (3, 20)
    assert 'typescript.import_extension must be "" or ".js" or ".ts"' in diag.message


@pytest.mark.long_running(seconds=10)
def test_trees_compile_under_nodenext(tmp_path: Path) -> None:
    """The examples through the adapters whose TypeScript needs no ts-rs bindings."""
    config, diags = load_config(EXAMPLES)
    assert diags == []
    config = replace(config, typescript=replace(config.typescript, import_extension=".js"))
    for adapter in ("server-only", "browser-only"):
        result = run_generation([EXAMPLES], config, tmp_path / adapter, adapter_override=adapter)
        assert result.ok, result.diagnostics
    (tmp_path / "package.json").write_text('{"type": "module"}\n')
    options = {"module": "nodenext", "moduleResolution": "nodenext", "verbatimModuleSyntax": True}
    tsc_check(tmp_path, options)
