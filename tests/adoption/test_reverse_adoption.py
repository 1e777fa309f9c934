"""Acceptance of ``specgen reverse`` on the adoption fixture: it follows the codebase.

On a copy of tests/fixtures/adoption, every command is reversed in one run; then

- every reversed spec validates and the whole project generates (one run each);
- each command's generated Types file is structurally equivalent to the hand-written
  one: one TypeScript file assigns each hand-written Params/Result to the generated
  one and back, compiled once by tsc with the fixture's own tsconfig (its path
  aliases, strict);
- the fields are the labelled ones (labels.json: names, optionality and types in order,
  nested types too; `any` read as `unknown`, `Page<T>` as its instance struct);
- the types the commands import from the codebase's own modules are external
  references with the import path the codebase writes (alias kept, relative rewritten
  from the TypeScript root), never unknown types, and a type is declared once.

The same holds without the config's ``[external_types]``: reverse finds the modules
by itself (the fixture's config declares them, a real codebase's may not).
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from compile_support import RUNTIME_TS, run
from specgen.cli import cli
from specgen.naming import command_type_name
from specgen.typeexpr import parse_type_expr, render_ts

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"
LABELS: dict[str, Any] = json.loads((FIXTURE / "labels.json").read_text(encoding="utf-8"))
COMMANDS: dict[str, Any] = LABELS["commands"]
EXTERNAL_TYPES = re.compile(
    r"^\[external_types\..*?(?=^\[(?!external_types)|\Z)", re.DOTALL | re.MULTILINE
)


def _invoke(root: Path, *args: str) -> tuple[int, str]:
    """Run the CLI in-process from ``root`` (the project folder)."""
    cwd = Path.cwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stdout + result.stderr


def _project(tmp: Path, *, config_externals: bool) -> Path:
    root = tmp / ("with-config" if config_externals else "without-config")
    shutil.copytree(FIXTURE, root, ignore=shutil.ignore_patterns("v1-specs", "labels.json"))
    if not config_externals:
        config = root / "specgen.toml"
        text = EXTERNAL_TYPES.sub("", config.read_text(encoding="utf-8"))
        assert "[external_types" not in text
        config.write_text(text, encoding="utf-8")
    code, output = _invoke(root, "reverse", "src/commands")
    assert code == 0, output
    return root


def _specs(root: Path) -> dict[str, dict[str, Any]]:
    specs = {}
    for path in sorted((root / "specs").glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        specs[spec["name"]] = spec
    return specs


@pytest.fixture(scope="module")
def reversed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with every command reversed into specs/."""
    return _project(tmp_path_factory.mktemp("adoption"), config_externals=True)


@pytest.fixture(scope="module")
def no_config_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same, without the config's [external_types] (as a real codebase may have it)."""
    return _project(tmp_path_factory.mktemp("adoption"), config_externals=False)


def test_every_command_is_reversed(reversed_project: Path) -> None:
    assert sorted(_specs(reversed_project)) == sorted(COMMANDS)


@pytest.mark.parametrize("config_externals", [True, False], ids=["config", "no-config"])
def test_every_reversed_spec_validates(
    config_externals: bool, reversed_project: Path, no_config_project: Path
) -> None:
    root = reversed_project if config_externals else no_config_project
    code, output = _invoke(root, "validate")
    assert code == 0, output
    assert "0 error(s), 0 warning(s)" in output, output


def _spec_type(written: str) -> str:
    """A labelled type (as the Types file writes it) as reverse must write it."""
    if written.startswith("Page<"):  # a generic use: its own struct (SG546)
        return written.removeprefix("Page<").removesuffix(">") + "Page"
    return render_ts(parse_type_expr(re.sub(r"\bany\b", "unknown", written)))  # SG502


def _fields(fields: list[dict[str, Any]]) -> list[tuple[str, bool, str]]:
    return [(f["name"], bool(f.get("optional")), _spec_type(f["type"])) for f in fields]


def test_fields_are_the_labelled_ones(reversed_project: Path) -> None:
    specs = _specs(reversed_project)
    for command, label in COMMANDS.items():
        spec = specs[command]
        for key, labelled in (("params", "params"), ("results", "result")):
            got = [(f["name"], bool(f.get("optional")), f["type"]) for f in spec[key]]
            assert got == _fields(label["fields"][labelled]), (command, key)
        for name, shape in label["fields"]["types"].items():
            declared = spec["types"][name]
            if isinstance(shape, str):  # a literal union: an enum
                assert declared["enum"] == re.findall(r"'([^']*)'", shape), (command, name)
                continue
            got = [
                (field, bool(item.get("optional")), item["type"])
                for field, item in declared["fields"].items()
            ]
            assert got == _fields(shape), (command, name)


def _declared(specs: dict[str, dict[str, Any]]) -> dict[str, list[str]]:
    owners: dict[str, list[str]] = {}
    for name, spec in specs.items():
        for type_name in spec.get("types", {}):
            owners.setdefault(type_name, []).append(name)
    return owners


def test_without_config_types_of_the_codebase_are_external_references(
    no_config_project: Path,
) -> None:
    specs = _specs(no_config_project)
    owners = _declared(specs)
    assert all(len(o) == 1 for o in owners.values()), owners  # one declaration per type
    types = {n: specs[o[0]]["types"][n] for n, o in owners.items()}
    # Aliased imports keep the alias; the first spelling by command path wins (chat/history
    # imports UUID relatively, but an alias spelling exists and is preferred).
    assert types["UUID"]["external"] == {
        "typescript": {"module": "@system/core/types/CrossPlatformUUID"},
        "rust": {"wire": "string"},  # a template-literal alias: a string on the wire
    }
    assert types["CollectionName"]["external"]["rust"] == {"wire": "string"}  # literal union
    assert types["CommandScope"]["external"] == {"typescript": {"module": "@scopes"}}
    assert "rust" not in types["ChatMessage"]["external"]  # an interface, no Rust adapter
    # user/get imports UserEntity only by a relative path: rewritten from generated/ts.
    assert types["UserEntity"]["external"]["typescript"] == {
        "module": "../../src/system/data/entities/UserEntity"
    }
    # A name specgen keeps for itself: the ts-rs binding is referenced where it lives.
    assert types["PressureLevel"]["external"] == {
        "typescript": {"module": "../../src/bindings/system/PressureLevel"},
        "rust": {"wire": "string"},
    }
    # Page<ChatMessage> is declared as a struct of its own.
    assert types["ChatMessagePage"]["fields"]["items"] == {"type": "ChatMessage[]"}
    # SentinelRule belongs to sentinel/rules, whose spec declares it; sentinel/run refers.
    assert owners["SentinelRule"] == ["sentinel/rules"]
    assert "SentinelRule[]" in [p["type"] for p in specs["sentinel/run"]["params"]]


def test_without_a_config_file_module_paths_lead_from_where_generate_writes(
    tmp_path: Path,
) -> None:
    """No specgen.toml anywhere, one command folder given, run from the codebase's root.

    ``generate`` then writes into ./generated: a relative module in the spec must lead
    from ./generated/ts to the file, not from a folder below the command given.
    """
    root = tmp_path / "no-config-file"
    ignored = shutil.ignore_patterns("v1-specs", "labels.json", "specgen.toml")
    shutil.copytree(FIXTURE, root, ignore=ignored)
    code, output = _invoke(root, "reverse", "src/commands/user/get")
    assert code == 0, output
    spec = json.loads((root / "specs" / "user-get.json").read_text(encoding="utf-8"))
    module = spec["types"]["UserEntity"]["external"]["typescript"]["module"]
    assert module == "../../src/system/data/entities/UserEntity"
    assert (root / "generated" / "ts" / f"{module}.ts").resolve().is_file()


def test_with_config_the_config_declarations_are_referenced(reversed_project: Path) -> None:
    owners = _declared(_specs(reversed_project))
    for name in ("UUID", "ChatMessage", "CollectionName", "UserEntity"):
        assert name not in owners, name


def _binding_stubs(root: Path, specs: dict[str, dict[str, Any]]) -> None:
    """Bindings of the Rust-backed commands' structs, as ``cargo test`` exports them (ts-rs).

    Running cargo here would cost minutes; the stubs have the fields the spec gives
    (tests/generate/test_compile_examples.py checks that ts-rs exports exactly these).
    """
    for name, spec in specs.items():
        if spec.get("adapter") not in {"rust-ipc", "full-stack"}:
            continue
        for type_name, entry in spec.get("types", {}).items():
            fields = entry.get("fields")
            if fields is None:
                continue
            members = []
            for field_name, field in fields.items():
                assert re.fullmatch(r"[a-z0-9 |'\[\]]+", field["type"]), "a named type: import it"
                mark = "?" if field.get("optional") else ""
                members.append(f"{field_name}{mark}: {field['type']}")
            stub = root / "generated" / "ts" / "bindings" / name / f"{type_name}.ts"
            stub.parent.mkdir(parents=True, exist_ok=True)
            stub.write_text(f"export type {type_name} = {{ {', '.join(members)} }};\n")


def test_generated_types_are_structurally_the_hand_written_ones(reversed_project: Path) -> None:
    tsc = RUNTIME_TS / "node_modules" / "typescript" / "bin" / "tsc"
    node = shutil.which("node")
    code, output = _invoke(reversed_project, "generate")
    assert code == 0, output
    if node is None or not tsc.exists():
        pytest.skip("tsc is not installed (node and runtimes/typescript/node_modules)")
    specs = _specs(reversed_project)
    _binding_stubs(reversed_project, specs)
    lines = []
    for index, (command, label) in enumerate(sorted(COMMANDS.items())):
        pascal = command_type_name(command)
        generated = f"./generated/ts/commands/{command}/shared/{pascal}Types"
        hand = f"./src/commands/{command}/{label['typesFile'].removesuffix('.ts')}"
        prefix = label["interfacePrefix"]
        generated_names = f"{pascal}Params as G{index}P, {pascal}Result as G{index}R"
        hand_names = f"{prefix}Params as H{index}P, {prefix}Result as H{index}R"
        lines += [
            f"import type {{ {generated_names} }} from '{generated}';",
            f"import type {{ {hand_names} }} from '{hand}';",
        ]
        for kind in "PR":
            lines += [
                f"declare const h{index}{kind}: H{index}{kind};",
                f"export const g{index}{kind}From: G{index}{kind} = h{index}{kind};",
                f"declare const g{index}{kind}: G{index}{kind};",
                f"export const h{index}{kind}From: H{index}{kind} = g{index}{kind};",
            ]
    (reversed_project / "structural-check.ts").write_text("\n".join(lines) + "\n")
    config = {"extends": "./tsconfig.json", "include": ["structural-check.ts"]}
    (reversed_project / "tsconfig.check.json").write_text(json.dumps(config))
    run([node, str(tsc), "-p", "tsconfig.check.json"], reversed_project)
