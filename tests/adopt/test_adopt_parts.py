"""The parts adopt is built from: style detection, tsconfig module spellings, the runtime map."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from specgen.adopt.runtime import CONTEXT, SESSION_ID, runtime_map
from specgen.adopt.style import FileStyle, detect_style
from specgen.codebase import ModuleResolver, alias_specifier, relative_specifier
from specgen.config import ProjectConfig, load_config
from specgen.external.model import RuntimeBinding
from specgen.tsread.parser import parse_typescript


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("", FileStyle()),
        (
            'import { a } from "x"\nfunction f() {\n    if (a) {\n        g()\n    }\n}\n',
            FileStyle(indent="    ", quote='"', semicolons=False),
        ),
        (
            "const x = {\r\n\ta: 'b',\r\n\tc: [\r\n\t\t1,\r\n\t\t2\r\n\t],\r\n};\r\n",
            FileStyle(indent="\t", eol="\r\n"),
        ),
        (
            (
                "/**\n * a doc comment's one-space lines do not make the indent\n */\n"
                "export const f = (\n  a: string,\n  b: number\n): string => g(\n  a,\n  b\n);\n"
            ),
            FileStyle(call_commas=False),
        ),
    ],
)
def test_the_style_is_read_from_the_file(source: str, expected: FileStyle) -> None:
    assert detect_style(parse_typescript(source.encode())) == expected


def test_a_string_is_written_in_the_files_quotes() -> None:
    assert FileStyle(quote='"').string('it\'s "x"') == '"it\'s \\"x\\""'
    assert FileStyle().string("gpu/stats") == "'gpu/stats'"


@pytest.fixture
def codebase(tmp_path: Path) -> Path:
    (tmp_path / "tsconfig.base.json").write_text(
        '{\n  // the strict base\n  "compilerOptions": { "strict": true, },\n}\n'
    )
    (tmp_path / "tsconfig.json").write_text(
        '{ "extends": "./tsconfig.base.json", /* aliases */ "compilerOptions": {\n'
        '  "baseUrl": ".", "paths": { "@system/*": ["src/system/*"], '
        '"@scopes": ["src/system/Scopes.ts"] } } }\n'
    )
    for name in (
        "src/system/core/Types.ts",
        "src/system/Scopes.ts",
        "src/commands/a/b/shared/T.ts",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("export {};\n")
    return tmp_path


def test_both_spellings_of_a_module_resolve_to_the_same_file(codebase: Path) -> None:
    modules = ModuleResolver()
    importer = codebase / "src/commands/a/b/shared/T.ts"
    target = codebase / "src/system/core/Types.ts"
    assert modules.resolve("@system/core/Types", importer).file == target
    assert modules.resolve("../../../../system/core/Types", importer).file == target
    assert modules.resolve("@scopes", importer).file == codebase / "src/system/Scopes.ts"
    assert modules.resolve("react", importer).file is None
    assert relative_specifier(target, importer) == "../../../../system/core/Types"
    assert alias_specifier(modules, target, importer) == "@system/core/Types"
    assert alias_specifier(modules, codebase / "src/system/Scopes.ts", importer) == "@scopes"


def _config(tmp_path: Path, text: str) -> ProjectConfig:
    (tmp_path / "specgen.toml").write_text(text)
    return load_config(tmp_path)[0]


def test_the_runtime_map_reads_both_entry_forms(tmp_path: Path) -> None:
    config = _config(
        tmp_path,
        '[typescript]\nruntime_import = "@acme/rt"\n[typescript.runtime]\n'
        'context = { module = "@core/Types", name = "JTAGContext" }\n'
        'session_id = "@core/UUID#UUID"\n',
    )
    runtime = runtime_map(config)
    assert (runtime.module_for(CONTEXT), runtime.name_for(CONTEXT)) == (
        "@core/Types",
        "JTAGContext",
    )
    assert (runtime.module_for(SESSION_ID), runtime.name_for(SESSION_ID)) == ("@core/UUID", "UUID")
    assert runtime.runtime_import == "@acme/rt"
    assert runtime.typescript_root == tmp_path / "generated" / "ts"


def test_the_runtime_map_takes_the_config_loaders_entries(tmp_path: Path) -> None:
    # The file maps nothing: what the map holds can only come from the loaded config.
    config = _config(tmp_path, 'spec_dirs = ["specs"]\n')
    binding = RuntimeBinding("context", "@core/Types", "JTAGContext")
    typescript = replace(config.typescript, runtime=(binding,), runtime_import="@not/written")
    runtime = runtime_map(replace(config, typescript=typescript))
    assert runtime.module_for(CONTEXT) == "@core/Types"
    assert runtime.name_for(CONTEXT) == "JTAGContext"
    assert runtime.runtime_import is None
