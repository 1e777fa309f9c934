"""reverse -> generate round-trips every conforming fixture command.

For each command of tests/fixtures/codebase whose Types file has no labelled
violation, the spec made by ``reverse`` is generated again, and the regenerated
Types file must declare the same Params and Result fields (names, optionality,
descriptions) with the same types. Types are compared by structure: a named
interface and an inline object with the same fields are the same type, a
literal-union alias and the union itself are the same, and configured aliases
(UUID = string) are expanded, as the generator expands them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specgen.codebase import CommandDir, scan_tree
from specgen.codebase.settings import load_settings
from specgen.config import load_config
from specgen.generate.pipeline import run_generation
from specgen.naming import command_type_name, spec_file_name
from specgen.reverse.build import reverse_command
from specgen.reverse.typesource import TypeSource
from specgen.tsread.extract import read_ts_file
from specgen.tsread.model import TsAlias, TsFile, TsInterface
from specgen.tsread.pairs import pick_pair
from specgen.typeexpr import (
    ArrayOf,
    Literal,
    ObjectType,
    Primitive,
    RecordOf,
    Ref,
    Sized,
    TypeExpr,
    Union,
    parse_type_expr,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "codebase"
LABELS = json.loads((FIXTURE / "labels.json").read_text(encoding="utf-8"))
CLEAN = sorted(
    path for path, label in LABELS["commands"].items() if set(label["violations"]) <= {"no-spec"}
)
Shape = Any
Resolver = Callable[[str], Shape]


def shape_of(expr: TypeExpr, resolve: Resolver, depth: int = 0) -> Shape:  # noqa: PLR0911  # one return per node kind
    """A comparable structure: names resolved, unions as sets, numbers as number."""
    assert depth < 20, "type nests too deeply (a cycle?)"
    if isinstance(expr, Sized):
        return "number"
    if isinstance(expr, Primitive):
        return expr.kind
    if isinstance(expr, Literal):
        return frozenset({("lit", expr.value)})
    if isinstance(expr, ArrayOf):
        return ("array", shape_of(expr.element, resolve, depth + 1))
    if isinstance(expr, RecordOf):
        return ("record", shape_of(expr.value, resolve, depth + 1))
    if isinstance(expr, ObjectType):
        return frozenset(
            (f.name, f.optional, shape_of(f.type, resolve, depth + 1)) for f in expr.fields
        )
    if isinstance(expr, Union):
        members: set[Any] = set()
        for member in expr.members:
            shape = shape_of(member, resolve, depth + 1)
            members |= shape if isinstance(shape, frozenset) and _is_literals(shape) else {shape}
        return frozenset(members)
    assert isinstance(expr, Ref)
    return resolve(expr.name)


def _is_literals(shape: frozenset[Any]) -> bool:
    return all(isinstance(m, tuple) and m[:1] == ("lit",) for m in shape)


def declaration_shape(decl: TsInterface | TsAlias, resolve: Resolver) -> Shape:
    if isinstance(decl, TsAlias):
        return shape_of(parse_type_expr(decl.type.text), resolve)
    return frozenset(
        (f.name, f.optional, shape_of(parse_type_expr(f.type.text), resolve)) for f in decl.fields
    )


def file_resolver(
    file: TsFile, source: TypeSource, aliases: dict[str, str], fallback: Resolver | None = None
) -> Resolver:
    def resolve(name: str) -> Shape:
        if name in aliases:
            return shape_of(parse_type_expr(aliases[name]), resolve)
        found = source.resolve(file, name)
        if found is not None:
            return declaration_shape(
                found.declaration, file_resolver(found.file, source, aliases, fallback)
            )
        assert fallback is not None, f"type {name!r} not found from {file.display}"
        return fallback(name)

    return resolve


def spec_resolver(spec: dict[str, Any], aliases: dict[str, str]) -> Resolver:
    """Types the regenerated file imports from the ts-rs bindings (made by cargo test)."""

    def resolve(name: str) -> Shape:
        entry = spec["types"][name]
        if "enum" in entry:
            return frozenset(("lit", v) for v in entry["enum"])
        return frozenset(
            (
                field_name,
                bool(f.get("optional")),
                shape_of(parse_type_expr(f["type"]), file_or_alias),
            )
            for field_name, f in entry["fields"].items()
        )

    def file_or_alias(name: str) -> Shape:
        if name in aliases:
            return shape_of(parse_type_expr(aliases[name]), file_or_alias)
        return resolve(name)

    return resolve


def field_shape(optional: bool, shape: Shape) -> Shape:
    """``x?: T | undefined`` is ``x?: T``: drop the redundant ``undefined``."""
    if optional and isinstance(shape, frozenset) and "undefined" in shape:
        rest = shape - {"undefined"}
        return next(iter(rest)) if len(rest) == 1 and not _is_literals(rest) else rest
    return shape


def contract(file: TsFile, pascal: str, resolve: Resolver) -> dict[str, dict[str, Any]]:
    """Params and Result fields of a Types file, base fields left out."""
    params, result = pick_pair(file, pascal)
    assert params is not None
    assert result is not None
    skip = {"context", "sessionId", "userId", "success", "error", "_noParams"}
    return {
        role: {
            f.name: (
                f.optional,
                f.description,
                field_shape(f.optional, shape_of(parse_type_expr(f.type.text), resolve)),
            )
            for f in interface.fields
            if f.name not in skip
        }
        for role, interface in (("params", params), ("result", result))
    }


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Reverse every clean command, then generate them all as one project."""
    settings, diags = load_settings(FIXTURE)
    assert not diags
    commands = {c.rel: c for c in scan_tree(FIXTURE / "commands")[0]}
    work = tmp_path_factory.mktemp("roundtrip")
    (work / "specs").mkdir()
    (work / "specgen.toml").write_text(
        'spec_dirs = ["specs"]\n[aliases]\nUUID = "string"\n', encoding="utf-8"
    )
    source = TypeSource()
    specs: dict[str, dict[str, Any]] = {}
    originals: dict[str, tuple[CommandDir, TsFile]] = {}
    for rel in CLEAN:
        command = commands[rel]
        assert command.types_file is not None
        types = read_ts_file(command.types_file, str(command.types_file))
        result = reverse_command(command, types, settings, source)
        assert result.spec is not None, result.diagnostics
        problems = [d for d in result.diagnostics if d.code != "SG510"]
        assert problems == [], problems
        specs[rel] = result.spec
        originals[rel] = (command, types)
        target = work / "specs" / spec_file_name(result.name)
        target.write_text(json.dumps(result.spec, indent=2), encoding="utf-8")
    config, config_diags = load_config(work)
    assert not config_diags
    generated = run_generation([work / "specs"], config, work / "out")
    assert generated.ok, generated.diagnostics
    return {"specs": specs, "originals": originals, "out": work / "out", "source": source}


def test_the_fixture_has_enough_clean_commands() -> None:
    assert len(CLEAN) >= 20


@pytest.mark.parametrize("rel", CLEAN)
def test_regenerated_types_file_has_the_same_contract(rel: str, round_trip: dict[str, Any]) -> None:
    command, original = round_trip["originals"][rel]
    spec = round_trip["specs"][rel]
    aliases = {"UUID": "string"}
    source: TypeSource = round_trip["source"]
    pascal = command_type_name(spec["name"])
    regenerated_path = (
        round_trip["out"] / "ts" / "commands" / spec["name"] / "shared" / f"{pascal}Types.ts"
    )
    regenerated = read_ts_file(regenerated_path)
    assert regenerated.syntax_problems == []
    before = contract(original, command.pascal, file_resolver(original, source, aliases))
    after = contract(
        regenerated,
        pascal,
        file_resolver(regenerated, TypeSource(), aliases, spec_resolver(spec, aliases)),
    )
    assert after == before


@pytest.mark.parametrize("rel", CLEAN)
def test_regenerated_file_keeps_the_rust_owned_types_and_the_accessor(
    rel: str, round_trip: dict[str, Any]
) -> None:
    _command, original = round_trip["originals"][rel]
    spec = round_trip["specs"][rel]
    pascal = command_type_name(spec["name"])
    regenerated = read_ts_file(
        round_trip["out"] / "ts" / "commands" / spec["name"] / "shared" / f"{pascal}Types.ts"
    )
    assert original.reexports <= regenerated.reexports
    assert [a.command_name for a in regenerated.accessors] == [spec["name"]]
    assert [c.sanctioned for c in regenerated.execute_calls] == [True]
    assert regenerated.any_uses == []
