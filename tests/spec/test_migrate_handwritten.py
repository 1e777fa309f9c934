"""specgen migrate on hand-written v1 specs: what they hold that a careful author would not.

Each case once migrated silently into a v2 spec that validated but did not compile, or
that lost what the v1 file said, or reported a warning that was not true.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from specgen.spec.default_values import default_mismatch
from specgen.spec.loader import load_spec_text
from support import RunCli, SpecWriter


def _spec(**fields: Any) -> dict[str, Any]:
    return {"name": "def/kinds", "description": "d"} | fields


def _param(type_: str, default: Any) -> dict[str, Any]:
    return {"name": "p", "type": type_, "optional": True, "default": default}


def _codes(text: str) -> list[tuple[str, str, int, int]]:
    result = load_spec_text(text, "v1.json")
    return [
        (d.code, d.location.json_path, d.location.line, d.location.column)
        for d in result.diagnostics
        if d.code != "SG401"
    ]


@pytest.mark.parametrize(
    ("type_", "default"),
    [
        ("string", "x"),
        ("number", 5),
        ("number", 1.5),
        ("boolean", False),
        ("object", {"k": 1}),
        ("string[]", ["a"]),
        ("Array<number>", [1, 2]),
        ("Record<string, number>", {"a": 1}),
        ("'x' | 'y'", "x"),
        ("string | null", None),
        ("u32", 3),
        ("{ a: string; b?: number }", {"a": "x"}),
        ("Declared", 42),  # a name declared elsewhere: not judged
        ("unknown", [1, "x"]),
    ],
)
def test_defaults_that_fit_their_type_pass(type_: str, default: Any) -> None:
    assert default_mismatch(default, type_, {}) is None


@pytest.mark.parametrize(
    ("type_", "default", "hint"),
    [
        ("number", "10", "write the default as 10, without the quotes"),
        ("boolean", "true", "write the default as true, without the quotes"),
        ("string", 5, "give a default of type string, or remove it"),
        ("string[]", "a", "give a default of type string[], or remove it"),
        ("'x' | 'y'", "z", "give a default of type 'x' | 'y', or remove it"),
        ("u32", -1, "give a default of type u32, or remove it"),
        ("i32", 1.5, "give a default of type i32, or remove it"),
        ("Kind", "robot", "give a default of type Kind, or remove it"),
    ],
)
def test_defaults_of_another_type_are_named(type_: str, default: Any, hint: str) -> None:
    assert default_mismatch(default, type_, {"Kind": {"enum": ["user", "bot"]}}) == hint


def test_a_default_of_the_wrong_type_is_an_error_at_the_default() -> None:
    text = json.dumps(_spec(params=[{"name": "a", "type": "string"}, _param("string", 5)]))
    column = text.index('"default": 5') + len('"default": ') + 1  # the value, in the v1 file
    assert _codes(text) == [("SG206", "$.params[1].default", 1, column)]


@pytest.mark.parametrize(
    ("type_", "written", "read"),
    [("number", "10", 10), ("boolean", "false", False), ("u32 | null", "3", 3)],
)
def test_a_quoted_default_of_the_type_is_unquoted_with_a_note(
    type_: str, written: str, read: object
) -> None:
    """What the hand-written spec meant: "10" for a number is 10 (issue: written, compiles)."""
    loaded = load_spec_text(json.dumps(_spec(params=[_param(type_, written)])), "v1.json")
    assert loaded.document is not None, loaded.diagnostics
    assert loaded.document.data["params"][0]["default"] == read
    notes = [d for d in loaded.diagnostics if d.code == "SG402"]
    assert [d.location.json_path for d in notes] == ["$.params[0].default"]
    assert f"is read as {json.dumps(read)}" in notes[0].message


def test_a_default_is_checked_against_the_specs_own_enum() -> None:
    spec = _spec(
        customTypes={"Kind": ["user", "bot"]},
        params=[_param("Kind", "robot")],
    )
    codes = [c for c, *_ in _codes(json.dumps(spec, indent=2))]
    assert codes == ["SG413", "SG206"]


def test_a_wrong_default_fails_migration_instead_of_writing_uncompilable_code(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    v1 = write_spec("def-kinds.json", _spec(params=[_param("'x' | 'y'", "z")]))
    run = run_cli("migrate", str(v1), "--out", str(tmp_path / "out"))
    assert run.exit_code == 2, run.stderr
    assert f"{v1}:9:18: error[SG206] v1 default \"z\" of 'p' is not a value" in run.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("fields", "path"),
    [
        ({"environment": "desktop"}, "$.environment"),
        ({"environments": ["server", "mobile"]}, "$.environments[1]"),
    ],
)
def test_an_unknown_environment_is_an_error_not_a_server(fields: dict[str, Any], path: str) -> None:
    spec = _spec(**fields)
    assert [(c, p) for c, p, *_ in _codes(json.dumps(spec))] == [("SG104", path)]


def test_a_type_another_spec_of_the_batch_declares_is_not_undeclared(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    owner = write_spec(
        "chat-types.json",
        {"name": "chat/types", "description": "d", "customTypes": {"Msg": {"text": "string"}}},
    )
    user = write_spec(
        "chat-read.json",
        {"name": "chat/read", "description": "d", "results": [{"name": "m", "type": "Msg"}]},
    )
    out = tmp_path / "out"
    run = run_cli("migrate", str(owner), str(user), "--out", str(out), "--format", "json")
    assert run.exit_code == 0, run.stdout
    report = json.loads(run.stdout)
    assert [s["notes"] for s in report["specs"]] == [{"SG413": 1}, {}]
    assert run_cli("validate", str(out)).exit_code == 0


DATED = """\
import type { CommandParams, CommandResult } from '@system/core/types/JTAGTypes';
export interface Entry { id: string; when: Date }
export interface DataLogParams extends CommandParams { limit?: number }
export interface DataLogResult extends CommandResult { entries: Entry[] }
"""


def test_a_name_only_a_carried_type_uses_is_reported_where_it_is_used(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    shared = tmp_path / "src" / "commands" / "data" / "log" / "shared"
    shared.mkdir(parents=True)
    (shared / "DataLogTypes.ts").write_text(DATED)
    v1 = write_spec(
        "data-log.json",
        {"name": "data/log", "description": "d", "results": [{"name": "e", "type": "Entry[]"}]},
    )
    run = run_cli("migrate", str(v1), "--from", str(tmp_path / "src"), "--format", "json")
    (spec,) = json.loads(run.stdout)["specs"]
    assert spec["notes"] == {"SG407": 1, "SG409": 1}
    (sg409,) = [d for d in spec["diagnostics"] if d["code"] == "SG409"]
    where = sg409["location"]
    assert where["file"].endswith("DataLogTypes.ts")
    assert (where["line"], where["column"], where["jsonPath"]) == (
        2,
        DATED.splitlines()[1].index("when") + 1,  # the field that names it
        "$.types.Entry.fields.when.type",
    )
    assert "ISO 8601" in sg409["hint"]


def test_a_carried_enum_is_called_an_enum(
    write_spec: SpecWriter, run_cli: RunCli, tmp_path: Path
) -> None:
    shared = tmp_path / "src" / "commands" / "data" / "log" / "shared"
    shared.mkdir(parents=True)
    (shared / "DataLogTypes.ts").write_text("export type Level = 'low' | 'high';\n")
    v1 = write_spec(
        "data-log.json",
        {"name": "data/log", "description": "d", "params": [{"name": "l", "type": "Level"}]},
    )
    run = run_cli("migrate", str(v1), "--from", str(tmp_path / "src"), "--format", "json")
    (spec,) = json.loads(run.stdout)["specs"]
    (note,) = spec["diagnostics"]
    assert (note["code"], note["hint"]) == ("SG407", "review the enum; it is now the spec's")


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ({"name": "a"}, "v1 field 'a' has no type; migrated as 'unknown'"),
        (
            {"name": "a", "type": "string", "optional": True, "required": True},
            "v1 field 'a' says both optional: true and required: true; migrated as optional",
        ),
        (
            {"name": "a", "type": "string", "optional": "false", "required": False},
            "v1 field 'a' says both optional: false and required: false; migrated as required",
        ),
    ],
)
def test_what_a_v1_field_leaves_to_guess_is_said(param: dict[str, Any], message: str) -> None:
    result = load_spec_text(json.dumps(_spec(params=[param])), "v1.json")
    warnings = [d.message for d in result.diagnostics if d.code == "SG402"]
    assert any(w.startswith(message) for w in warnings), warnings


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"examples": [42]},
            [("$.examples[0]", "expected an object or a string, found a number")],
        ),
        (
            {"examples": [{"description": 5}]},
            [("$.examples[0].description", "expected a string, found a number")],
        ),
        (
            {"params": [{"name": "a", "type": "string", "optional": 1}]},
            [("$.params[0].optional", "expected a boolean or a string, found a number")],
        ),
    ],
)
def test_a_value_a_union_rejects_is_one_error_at_its_json_path(
    fields: dict[str, Any], expected: list[tuple[str, str]]
) -> None:
    result = load_spec_text(json.dumps(_spec(**fields)), "v1.json")
    assert [(d.location.json_path, d.message) for d in result.diagnostics] == expected


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ('{\n  "name": "a/b",\n  "params": [\n    {"name": "x"},\n  ]\n}\n', "trailing comma"),
        ('{"name": "a/b", "description": "d",}', "trailing comma"),
        ('// gpu stats\n{"name": "a/b"}', "JSON has no comments"),
        ("", "the file is empty"),
        ("  \n", "the file is empty"),
    ],
)
def test_invalid_json_as_people_write_it_gets_a_hint_that_fits(text: str, hint: str) -> None:
    (diag,) = load_spec_text(text, "v1.json").diagnostics
    assert diag.code == "SG002"
    assert hint in diag.hint
