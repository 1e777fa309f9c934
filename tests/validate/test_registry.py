"""Project-wide checks: cross-file references, duplicates, collisions, cycles."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from specgen.validate import validate_paths
from support import SpecBuilder, SpecWriter


def _codes(folder: Path, aliases: dict[str, str] | None = None) -> list[str]:
    return [d.code for d in validate_paths([folder], aliases).diagnostics]


def _struct(**fields: str) -> dict[str, Any]:
    return {"fields": {name: {"type": t} for name, t in fields.items()}}


def test_types_resolve_across_files(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(types={"Info": _struct(id="string")}))
    write_spec("b.json", spec(name="gpu/list", results=[{"name": "all", "type": "Info[]"}]))
    assert _codes(a.parent) == []


def test_aliases_from_config_are_known(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(params=[{"name": "id", "type": "UUID"}]))
    assert _codes(a.parent) == ["SG203"]
    assert _codes(a.parent, {"UUID": "string"}) == []


def test_type_names_colliding_after_case_conversion(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    a = write_spec("a.json", spec(types={"SubsystemInfo": _struct(a="string")}))
    write_spec("b.json", spec(name="gpu/b", types={"subsystemInfo": _struct(a="string")}))
    report = validate_paths([a.parent])
    (diag,) = report.diagnostics
    assert diag.code == "SG302"
    assert diag.related[0].file == str(a)


def test_type_colliding_with_generated_command_names(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    a = write_spec("a.json", spec(types={"GpuStatsResult": _struct(a="string")}))
    (diag,) = validate_paths([a.parent]).diagnostics
    assert diag.code == "SG302"
    assert "generated for command 'gpu/stats'" in diag.message


def test_commands_colliding_and_duplicated(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(name="ai/model-list"))
    write_spec("b.json", spec(name="ai/model_list"))
    write_spec("c.json", spec(name="ai/model-list"))
    assert sorted(_codes(a.parent)) == ["SG302", "SG305"]


def test_required_cycle_is_an_error_optional_cycle_is_not(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    types = {"Node": _struct(parent="Edge"), "Edge": _struct(node="Node")}
    a = write_spec("a.json", spec(types=types))
    (diag,) = validate_paths([a.parent]).diagnostics
    assert diag.code == "SG304"
    assert "Edge -> Node -> Edge" in diag.message or "Node -> Edge -> Node" in diag.message
    types["Edge"] = {"fields": {"node": {"type": "Node", "optional": True}}}
    write_spec("a.json", spec(types=types))
    assert _codes(a.parent) == []
    types["Edge"] = _struct(node="Node[]")
    write_spec("a.json", spec(types=types))
    assert _codes(a.parent) == []


def test_self_reference_by_value_is_a_cycle(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(types={"Tree": _struct(child="Tree")}))
    assert _codes(a.parent) == ["SG304"]


def test_unions_the_targets_cannot_express(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    fields = [
        {"name": "a", "type": "string | number"},
        {"name": "b", "type": "null | undefined"},
        {"name": "c", "type": "1 | 2"},
        {"name": "ok1", "type": "string | null"},
        {"name": "ok2", "type": "'x' | 'y' | undefined"},
        {"name": "ok3", "type": "Record<string, number[]>"},
    ]
    a = write_spec("a.json", spec(results=fields))
    report = validate_paths([a.parent])
    assert [(d.code, d.location.json_path) for d in report.diagnostics] == [
        ("SG204", "$.results[0].type"),
        ("SG204", "$.results[1].type"),
        ("SG204", "$.results[2].type"),
    ]


def test_enum_values_that_become_one_variant(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(types={"State": {"enum": ["in-progress", "in_progress"]}}))
    (diag,) = validate_paths([a.parent]).diagnostics
    assert diag.code == "SG302"
    assert diag.location.json_path == "$.types.State.enum[1]"


def test_inline_object_refs_are_checked(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(results=[{"name": "x", "type": "{ id: string; info: Nope }"}]))
    (diag,) = validate_paths([a.parent]).diagnostics
    assert diag.code == "SG203"
    assert diag.location.column > 1


def test_rust_block_checks(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    rust = {"traits": ["ManagedServce"], "command_prefix": "cpu/"}
    a = write_spec("a.json", spec(adapter="rust-icp", rust=rust))
    report = validate_paths([a.parent])
    by_code = {d.code: d for d in report.diagnostics}
    assert set(by_code) == {"SG113", "SG114", "SG115"}
    assert by_code["SG113"].hint == "did you mean 'rust-ipc'?"
    assert by_code["SG114"].hint == "did you mean 'ManagedService'?"


def test_literal_union_values_that_become_one_variant(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    text_type = "'in-progress' | 'done' | 'in_progress' | '--'"
    a = write_spec("a.json", spec(params=[{"name": "state", "type": text_type}]))
    diags = validate_paths([a.parent]).diagnostics
    assert [(d.code, d.message) for d in diags] == [
        (
            "SG302",
            "union values 'in-progress' and 'in_progress' both become the variant 'InProgress'",
        ),
        ("SG104", "union value '--' has no letters or digits"),
    ]
    line = a.read_text().splitlines()[diags[0].location.line - 1]
    assert line[diags[0].location.column - 1 :].startswith("'in_progress'")


def test_the_same_expression_is_checked_at_each_place_it_is_wrong(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    """Equal type texts share one parsed expression: a clean one is checked once, a wrong
    one is reported at every field that writes it."""
    a = write_spec(
        "a.json",
        spec(params=[{"name": "x", "type": "Nope[]"}, {"name": "y", "type": "string[]"}]),
    )
    write_spec(
        "b.json",
        spec(
            name="gpu/b",
            params=[{"name": "z", "type": "string[]"}, {"name": "w", "type": "Nope[]"}],
        ),
    )
    found = [
        (d.code, Path(d.location.file).name, d.location.json_path)
        for d in validate_paths([a.parent]).diagnostics
    ]
    assert found == [
        ("SG203", "a.json", "$.params[0].type"),
        ("SG203", "b.json", "$.params[1].type"),
    ]
