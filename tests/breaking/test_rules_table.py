"""The rule table: one spec change per row, with the rule ids and classes it must raise.

Compatible changes are rows too (no finding), so a rule that fires too eagerly fails
here as surely as one that misses. Every edited project is validated first: each row
is a real, valid spec change.
"""

from __future__ import annotations

from typing import Any

import pytest

from breaking_support import BASE, Edit, Project, assert_valid, documents, edited, file_of, item
from specgen.breaking import RULE_BY_ID, check_breaking
from specgen.diagnostics import Severity

STATS, RESET = "gpu/stats", "gpu/reset"


def _set(target: dict[str, Any], changes: dict[str, Any]) -> None:
    for key, value in changes.items():
        if value is None:
            target.pop(key, None)
        else:
            target[key] = value


def param(command: str, key: str, /, **changes: Any) -> Edit:  # JSON values
    return lambda p: _set(item(p[command], "params", key), changes)


def result(command: str, key: str, /, **changes: Any) -> Edit:  # JSON values
    return lambda p: _set(item(p[command], "results", key), changes)


def field(type_name: str, key: str, /, **changes: Any) -> Edit:  # JSON values
    return lambda p: _set(p[STATS]["types"][type_name]["fields"].setdefault(key, {}), changes)


def add(command: str, key: str, entry: dict[str, Any]) -> Edit:
    return lambda p: p[command][key].append(entry)


def remove(command: str, key: str, name: str) -> Edit:
    def edit(p: Project) -> None:
        p[command][key] = [e for e in p[command][key] if e["name"] != name]

    return edit


def spec(command: str, **changes: Any) -> Edit:  # JSON values
    return lambda p: _set(p[command], changes)


def enum(type_name: str, values: list[str]) -> Edit:
    return lambda p: p[STATS]["types"][type_name].__setitem__("enum", values)


def external(**changes: Any) -> Edit:  # JSON values
    def edit(p: Project) -> None:
        typedef = p[STATS]["types"]["Uuid"]
        for key, value in changes.items():
            if key == "description":
                typedef[key] = value
            else:
                typedef["external"][key] = value

    return edit


def chain(*edits: Edit) -> Edit:
    def edit(p: Project) -> None:
        for e in edits:
            e(p)

    return edit


def rename_command(old: str, new: str, *, say_so: bool) -> Edit:
    def edit(p: Project) -> None:
        spec_ = p.pop(old)
        spec_["name"] = new
        if say_so:
            spec_["renamedFrom"] = old
        p[new] = spec_

    return edit


def drop_command(name: str) -> Edit:
    def edit(p: Project) -> None:
        del p[name]

    return edit


def new_command(name: str) -> Edit:
    return lambda p: p.__setitem__(name, {"version": 2, "name": name, "description": "new"})


def inline_info(p: Project) -> None:
    """Info replaced by the same shape written inline: only the name is gone."""
    del p[STATS]["types"]["Info"]
    item(p[STATS], "results", "items")["type"] = "{ a: string; b: i32; c?: number }[]"


def alias_target(p: Project) -> None:
    item(p[RESET], "params", "target")["type"] = "Id"


W, S = "WIRE", "SOURCE"
OK: list[tuple[str, str]] = []

CASES: list[tuple[str, Edit, list[tuple[str, str]]]] = [
    # Compatible changes: nothing is flagged.
    ("unchanged", chain(), OK),
    (
        "optional param added",
        add(STATS, "params", {"name": "x", "type": "string", "optional": True}),
        OK,
    ),
    ("required result field added", add(STATS, "results", {"name": "x", "type": "string"}), OK),
    (
        "optional result field added",
        add(STATS, "results", {"name": "x", "type": "i32", "optional": True}),
        OK,
    ),
    ("same type spelled differently", param(STATS, "tags", type="Array<string>"), OK),
    ("param union widened", param(STATS, "mode", type="'a' | 'b' | 'c'"), OK),
    ("result union narrowed", result(STATS, "state", type="'on'"), OK),
    ("result enum value removed", enum("Level", ["low"]), OK),
    ("param enum (Filter.kind) value added", field("Filter", "kind", type="'x' | 'y' | 'z'"), OK),
    ("param made optional", param(STATS, "limit", optional=True), OK),
    ("result made required", result(STATS, "comment", optional=None), OK),
    ("param number widened", param(STATS, "limit", type="i64"), OK),
    ("result number narrowed", result(STATS, "total", type="i32"), OK),
    ("param made nullable", param(STATS, "limit", type="i32 | null"), OK),
    ("result made non-nullable", result(STATS, "owner", type="string"), OK),
    ("param widened to unknown", param(STATS, "tags", type="unknown"), OK),
    ("result narrowed to a literal union", result(STATS, "name", type="'a' | 'b'"), OK),
    ("param literal union widened to string", param(STATS, "mode", type="string"), OK),
    ("description changed", spec(STATS, description="Other words"), OK),
    ("command added", new_command("gpu/new"), OK),
    ("environment gained a side", spec(RESET, environment="both"), OK),
    ("adapter gained a side", spec(RESET, adapter="rust-ipc"), OK),
    ("access level lowered", spec(RESET, accessLevel="ai-safe"), OK),
    ("optional field added to a param type", field("Filter", "max", type="i32", optional=True), OK),
    ("result field added to a result type", field("Info", "d", type="string"), OK),
    ("alias used for the same type", alias_target, OK),
    # Commands.
    ("command removed", drop_command(RESET), [("WIRE_COMMAND_REMOVED", W)]),
    (
        "command renamed with renamedFrom",
        rename_command(RESET, "gpu/restart", say_so=True),
        [("WIRE_COMMAND_RENAMED", W)],
    ),
    (
        "command renamed without renamedFrom",
        rename_command(RESET, "gpu/restart", say_so=False),
        [("WIRE_COMMAND_REMOVED", W)],
    ),
    (
        "environment lost a side",
        spec(STATS, environment="server"),
        [("WIRE_ENVIRONMENT_SIDE_REMOVED", W)],
    ),
    (
        "adapter lost the Rust side",
        spec(STATS, adapter="server-only"),
        [("WIRE_ADAPTER_SIDE_REMOVED", W)],
    ),
    (
        "access level raised",
        spec(RESET, accessLevel="owner-only"),
        [("WIRE_ACCESS_LEVEL_RAISED", W)],
    ),
    (
        "Rust module moved",
        spec(STATS, rust={"module": "modules/graphics"}),
        [("SOURCE_RUST_MODULE_CHANGED", S)],
    ),
    # Params (old clients, new server).
    (
        "required param added",
        add(STATS, "params", {"name": "x", "type": "string"}),
        [("WIRE_PARAM_ADDED_REQUIRED", W)],
    ),
    ("param made required", param(STATS, "mode", optional=None), [("WIRE_PARAM_MADE_REQUIRED", W)]),
    ("param removed", remove(STATS, "params", "tags"), [("SOURCE_PARAM_REMOVED", S)]),
    ("param type changed", param(RESET, "target", type="number"), [("WIRE_PARAM_TYPE_CHANGED", W)]),
    (
        "param narrowed from unknown",
        param(STATS, "meta", type="string"),
        [("WIRE_PARAM_TYPE_NARROWED", W)],
    ),
    (
        "param string narrowed to a union",
        param(RESET, "target", type="'a' | 'b'"),
        [("WIRE_PARAM_TYPE_NARROWED", W)],
    ),
    (
        "param no longer nullable",
        param(STATS, "note", type="string"),
        [("WIRE_PARAM_MADE_NON_NULLABLE", W)],
    ),
    (
        "param union value removed",
        param(STATS, "mode", type="'a'"),
        [("WIRE_PARAM_ENUM_VALUE_REMOVED", W)],
    ),
    (
        "param number narrowed",
        param(STATS, "limit", type="u32"),
        [("WIRE_PARAM_NUMBER_NARROWED", W)],
    ),
    (
        "param list element changed",
        param(STATS, "tags", type="number[]"),
        [("WIRE_PARAM_TYPE_CHANGED", W)],
    ),
    (
        "param type's field made required",
        field("Filter", "kind", optional=None),
        [("WIRE_PARAM_MADE_REQUIRED", W)],
    ),
    (
        "param type's union value removed",
        field("Filter", "kind", type="'x'"),
        [("WIRE_PARAM_ENUM_VALUE_REMOVED", W)],
    ),
    # Results (new server, old clients).
    ("result removed", remove(STATS, "results", "name"), [("WIRE_RESULT_FIELD_REMOVED", W)]),
    (
        "result made optional",
        result(STATS, "count", optional=True),
        [("WIRE_RESULT_MADE_OPTIONAL", W)],
    ),
    (
        "result type changed",
        result(STATS, "name", type="boolean"),
        [("WIRE_RESULT_TYPE_CHANGED", W)],
    ),
    (
        "result widened to unknown",
        result(STATS, "name", type="unknown"),
        [("WIRE_RESULT_TYPE_WIDENED", W)],
    ),
    (
        "result union widened to string",
        result(STATS, "state", type="string"),
        [("WIRE_RESULT_TYPE_WIDENED", W)],
    ),
    (
        "result made nullable",
        result(STATS, "name", type="string | null"),
        [("WIRE_RESULT_MADE_NULLABLE", W)],
    ),
    (
        "result enum value added",
        enum("Level", ["low", "mid", "high"]),
        [("WIRE_RESULT_ENUM_VALUE_ADDED", W)],
    ),
    (
        "result union value added",
        result(STATS, "state", type="'on' | 'off' | 'idle'"),
        [("WIRE_RESULT_ENUM_VALUE_ADDED", W)],
    ),
    (
        "result number widened",
        result(STATS, "count", type="i64"),
        [("WIRE_RESULT_NUMBER_WIDENED", W)],
    ),
    (
        "result record value changed",
        result(STATS, "data", type="Record<string, string>"),
        [("WIRE_RESULT_TYPE_CHANGED", W)],
    ),
    (
        "result struct list became an enum list",
        result(STATS, "items", type="Level[]"),
        [("WIRE_RESULT_TYPE_CHANGED", W)],
    ),
    (
        "result type's field removed",
        lambda p: p[STATS]["types"]["Info"]["fields"].pop("a"),
        [("WIRE_RESULT_FIELD_REMOVED", W)],
    ),
    # Renames.
    (
        "result renamed without renamedFrom",
        result(STATS, "name", name="title"),
        [("WIRE_RESULT_FIELD_REMOVED", W)],
    ),
    (
        "result renamed with renamedFrom",
        result(STATS, "name", name="title", renamedFrom="name"),
        [("WIRE_FIELD_RENAMED", W)],
    ),
    (
        "param renamed with renamedFrom",
        param(STATS, "limit", name="max", renamedFrom="limit"),
        [("WIRE_FIELD_RENAMED", W)],
    ),
    (
        "param renamed without renamedFrom",
        param(STATS, "limit", name="max"),
        [("SOURCE_PARAM_REMOVED", S), ("WIRE_PARAM_ADDED_REQUIRED", W)],
    ),
    # Types shared between params and results.
    (
        "shared type: number widened",
        field("Shared", "size", type="i64"),
        [("WIRE_RESULT_NUMBER_WIDENED", W)],
    ),
    (
        "shared type: number narrowed",
        field("Shared", "size", type="u32"),
        [("WIRE_PARAM_NUMBER_NARROWED", W), ("WIRE_RESULT_NUMBER_WIDENED", W)],
    ),
    (
        "shared type: required field added",
        field("Shared", "x", type="string"),
        [("WIRE_PARAM_ADDED_REQUIRED", W)],
    ),
    (
        "shared type: field made optional",
        field("Shared", "id", optional=True),
        [("WIRE_RESULT_MADE_OPTIONAL", W)],
    ),
    ("named type replaced by the same inline type", inline_info, [("SOURCE_TYPE_REMOVED", S)]),
    # External types: where each side finds them.
    ("external type described", external(description="An id"), OK),
    (
        "external type's Rust path changed",
        external(rust={"path": "crate::ids::Uuid"}),
        [("WIRE_RUST_TYPE_CHANGED", W)],
    ),
    (
        "external type's Rust side became a wire form",
        external(rust={"wire": "string"}),
        [("WIRE_RUST_TYPE_CHANGED", W)],
    ),
    (
        "external type's TypeScript module changed",
        external(typescript={"module": "@app/ids"}),
        [("SOURCE_TS_TYPE_CHANGED", S)],
    ),
    (
        "external type's TypeScript name changed",
        external(typescript={"module": "./ids", "name": "Id"}),
        [("SOURCE_TS_TYPE_CHANGED", S)],
    ),
    (
        "result became an external type",
        result(STATS, "name", type="Uuid"),
        [("WIRE_RESULT_TYPE_CHANGED", W)],
    ),
]


@pytest.mark.parametrize(("edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_change_raises_exactly_its_rules(edit: Edit, expected: list[tuple[str, str]]) -> None:
    aliases = {"Id": "string"}
    new = documents(edited(edit))
    assert_valid(new, aliases)
    report = check_breaking(documents(BASE, "main:"), new, aliases)
    found = sorted(f.rule_id for f in report.findings)
    assert found == sorted(rule for rule, _class in expected)
    for rule, rule_class in expected:
        assert RULE_BY_ID[rule].rule_class.value == rule_class
    assert all(f.severity is Severity.ERROR for f in report.findings)
    assert bool(report.breaking) == bool(expected)


def test_the_table_has_forty_cases_and_covers_every_breaking_rule() -> None:
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if not c[2]) >= 20
    covered = {rule for c in CASES for rule, _class in c[2]}
    expected = set(RULE_BY_ID) - {"DEPRECATED"}
    assert expected <= covered, sorted(expected - covered)


def test_a_finding_is_located_in_the_new_spec_and_the_old_one() -> None:
    new = edited(
        chain(
            add(STATS, "params", {"name": "x", "type": "string"}),
            param(STATS, "mode", optional=None),
        )
    )
    report = check_breaking(documents(BASE, "main:"), documents(new))
    made_required = next(f for f in report.findings if f.rule_id == "WIRE_PARAM_MADE_REQUIRED")
    assert made_required.location.file == file_of(STATS)
    assert made_required.location.json_path == "$.params[0]"
    assert made_required.old_location is not None
    assert made_required.old_location.file == "main:" + file_of(STATS)
    assert made_required.old_location.json_path == "$.params[0]"
    # The line is the one of the param's object in the JSON text.
    text_lines = documents(new)[0].source.text.splitlines()
    assert text_lines[made_required.location.line - 1].strip() == "{"
    assert '"mode"' in text_lines[made_required.location.line]
    added = next(f for f in report.findings if f.rule_id == "WIRE_PARAM_ADDED_REQUIRED")
    assert added.location.json_path == "$.params[6]"


def test_a_removed_command_is_located_in_the_old_spec() -> None:
    report = check_breaking(documents(BASE, "main:"), documents(edited(drop_command(RESET))))
    (finding,) = report.findings
    assert finding.location.file == "main:" + file_of(RESET)
    assert finding.command == RESET


def test_a_rename_without_renamed_from_hints_at_it() -> None:
    report = check_breaking(
        documents(BASE, "main:"), documents(edited(result(STATS, "name", name="title")))
    )
    (finding,) = report.findings
    assert '"renamedFrom": "name"' in finding.hint
    renamed = check_breaking(
        documents(BASE, "main:"),
        documents(edited(result(STATS, "name", name="title", renamedFrom="name"))),
    )
    (rename,) = renamed.findings
    assert "'name'" in rename.message
    assert rename.location.json_path == "$.results[0]"
    assert "keep both" in rename.hint


def test_a_shared_type_finding_names_its_users() -> None:
    report = check_breaking(
        documents(BASE, "main:"), documents(edited(field("Shared", "size", type="i64")))
    )
    (finding,) = report.findings
    assert "gpu/reset params" in finding.message
    assert "gpu/stats results" in finding.message
    assert finding.location.json_path == "$.types.Shared.fields.size.type"
