"""specgen.codebase: tsconfig files (JSONC, extends chains), import resolution and spelling."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from specgen.codebase import (
    ModuleResolver,
    TsConfigLoader,
    alias_specifier,
    conventional_config,
    relative_specifier,
    source_file,
)
from specgen.codebase.jsonc import JsoncError, loads_jsonc, strip_jsonc


def _write(path: Path, text: str = "export {};\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_jsonc_comments_and_trailing_commas() -> None:
    text = '{\n  // a comment\n  "a": "// not a comment", /* block\n */ "b": [1, 2,],\n}\n'
    assert loads_jsonc(text) == {"a": "// not a comment", "b": [1, 2]}
    assert strip_jsonc(text).count("\n") == text.count("\n")  # lines stay where they were


def test_jsonc_error_is_located() -> None:
    with pytest.raises(JsoncError) as caught:
        loads_jsonc('{\n  "a": 1\n  "b": 2\n}')
    assert (caught.value.line, caught.value.column) == (3, 3)


def test_extends_chain_relative_and_package(tmp_path: Path) -> None:
    package = tmp_path / "node_modules" / "@org" / "base"
    _write(package / "package.json", json.dumps({"tsconfig": "strict.json"}))
    _write(package / "strict.json", '{ "compilerOptions": { "baseUrl": "./lib" } }')
    _write(tmp_path / "configs" / "paths.json", '{"compilerOptions": {"paths": {"@x/*": ["x/*"]}}}')
    _write(
        tmp_path / "tsconfig.json",
        '{ "extends": ["@org/base", "./configs/paths"], // two bases, TypeScript 5\n}',
    )
    loader = TsConfigLoader()
    config = loader.for_file(tmp_path / "src" / "a.ts")
    assert config is not None
    assert loader.problems == []
    assert config.base_url == (package / "lib").resolve()
    assert [m.pattern for m in config.paths] == ["@x/*"]
    # no baseUrl in the file that sets paths... but one is inherited: paths go below it
    assert config.paths_base == config.base_url
    assert [p.name for p in config.chain] == ["tsconfig.json", "strict.json", "paths.json"]


def test_paths_without_base_url_are_relative_to_their_file(tmp_path: Path) -> None:
    _write(
        tmp_path / "base" / "tsconfig.base.json", '{"compilerOptions": {"paths": {"@a": ["a.ts"]}}}'
    )
    _write(tmp_path / "tsconfig.json", '{"extends": "./base/tsconfig.base.json"}')
    config = TsConfigLoader().load(tmp_path / "tsconfig.json")
    assert config.paths_base == (tmp_path / "base").resolve()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"extends": "./missing.json"}', "'extends' names './missing.json', which is not found"),
        ('{"extends": "./tsconfig.json"}', "a loop"),
        ('{"compilerOptions": {,}', "not valid JSON"),
    ],
)
def test_config_problems_are_located_warnings(tmp_path: Path, text: str, message: str) -> None:
    _write(tmp_path / "tsconfig.json", text)
    loader = TsConfigLoader()
    loader.for_file(tmp_path / "a.ts")
    [problem] = loader.problems
    assert problem.code in {"SG540", "SG541"}
    assert message in problem.message
    assert problem.location.file == str((tmp_path / "tsconfig.json").resolve())


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    _write(
        tmp_path / "tsconfig.json",
        """{
          "compilerOptions": {
            "baseUrl": ".",
            "paths": {
              "@core/*": ["src/core/*", "src/fallback/*"],
              "@core/special/*": ["src/special/*"],
              "@scopes": ["src/core/scopes.ts"],
            },
          },
        }""",
    )
    for name in (
        "src/core/uuid.ts",
        "src/core/entities/index.ts",
        "src/fallback/only.d.ts",
        "src/special/one.tsx",
        "src/core/scopes.ts",
        "src/lib/direct.ts",
        "src/app/x.ts",
    ):
        _write(tmp_path / name)
    return tmp_path


@pytest.mark.parametrize(
    ("specifier", "kind", "target"),
    [
        ("@core/uuid", "alias", "src/core/uuid.ts"),
        ("@core/entities", "alias", "src/core/entities/index.ts"),  # a folder: its index
        ("@core/only", "alias", "src/fallback/only.d.ts"),  # the second target
        ("@core/special/one", "alias", "src/special/one.tsx"),  # the longest prefix wins
        ("@scopes", "alias", "src/core/scopes.ts"),  # an exact alias
        ("src/lib/direct", "base-url", "src/lib/direct.ts"),
        ("../core/uuid.js", "relative", "src/core/uuid.ts"),  # .js written, .ts on disk
        ("./x", "relative", "src/app/x.ts"),
        ("@core/nothing", "alias", None),  # an alias that leads nowhere
        ("./nothing", "relative", None),
        ("lodash", "package", None),  # outside the codebase
    ],
)
def test_resolution(tree: Path, specifier: str, kind: str, target: str | None) -> None:
    found = ModuleResolver().resolve(specifier, tree / "src" / "app" / "x.ts")
    assert found.kind == kind
    assert found.file == ((tree / target).resolve() if target else None)
    assert found.outside is (target is None)


def test_without_a_tsconfig_a_bare_name_is_a_package(tmp_path: Path) -> None:
    _write(tmp_path / "a" / "b.ts")
    assert ModuleResolver().resolve("@core/b", tmp_path / "a" / "x.ts").kind == "package"
    assert source_file(tmp_path / "a" / "b") == (tmp_path / "a" / "b.ts").resolve()


def test_dot_dot_is_lexical(tmp_path: Path) -> None:
    _write(tmp_path / "src" / "x.ts")
    assert source_file(tmp_path / "out" / "ts" / ".." / ".." / "src" / "x") is not None


@pytest.mark.parametrize(
    ("target", "alias"),
    [
        ("src/core/uuid.ts", "@core/uuid"),
        ("src/fallback/only.d.ts", "@core/only"),  # through the second target
        ("src/special/one.tsx", "@core/special/one"),
        ("src/core/scopes.ts", "@scopes"),  # the shortest of @scopes and @core/scopes
        ("src/lib/direct.ts", None),  # below baseUrl only: no paths alias names it
    ],
)
def test_a_file_spelled_as_an_alias(tree: Path, target: str, alias: str | None) -> None:
    importer = (tree / "src" / "app" / "x.ts").resolve()
    resolver = ModuleResolver()
    assert alias_specifier(resolver, (tree / target).resolve(), importer) == alias
    if alias is not None:  # the spelling leads back
        assert resolver.resolve(alias, importer).file == (tree / target).resolve()


def test_an_alias_a_better_match_shadows_is_not_offered(tree: Path) -> None:
    shadowed = _write(tree / "src" / "core" / "special" / "two.ts").resolve()
    _write(tree / "src" / "special" / "two.ts")  # what @core/special/two resolves to
    importer = (tree / "src" / "app" / "x.ts").resolve()
    assert alias_specifier(ModuleResolver(), shadowed, importer) is None


def test_a_file_spelled_as_a_relative_path(tree: Path) -> None:
    importer = tree / "src" / "app" / "x.ts"
    assert relative_specifier(tree / "src" / "core" / "uuid.ts", importer) == "../core/uuid"
    assert relative_specifier(tree / "src" / "app" / "y.d.ts", importer) == "./y"


def test_the_conventional_config_stands_in_for_a_missing_tsconfig(tmp_path: Path) -> None:
    target = _write(tmp_path / "src" / "system" / "core" / "X.ts").resolve()
    importer = tmp_path / "src" / "commands" / "a" / "shared" / "ATypes.ts"
    resolver = ModuleResolver(fallback=conventional_config(tmp_path / "src"))
    for specifier in ("@system/core/X", "~/system/core/X", "#system/core/X"):
        assert resolver.resolve(specifier, importer).file == target
    assert resolver.resolve("lodash", importer).kind == "package"
    assert alias_specifier(resolver, target, importer) == "#system/core/X"  # the shortest
