"""SG206: a v2 param's default must be a value of its type (generated code writes it as is)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from specgen.spec import load_spec_text
from specgen.validate import validate_documents


def _spec(params: list[dict[str, Any]], **types: Any) -> str:
    spec = {
        "version": 2,
        "name": "demo/defaults",
        "description": "Defaults of every kind",
        "types": types,
        "params": params,
    }
    return json.dumps(spec, indent=2)


def _codes(text: str, aliases: dict[str, str] | None = None) -> list[tuple[str, str, int, str]]:
    loaded = load_spec_text(text, "spec.json")
    assert loaded.document is not None, loaded.diagnostics
    diags = validate_documents([loaded.document], aliases, known_adapters=["server-only"])
    return [(d.code, d.location.json_path, d.location.line, d.hint) for d in diags]


def _param(type_: str, default: object) -> dict[str, Any]:
    return {"name": "p", "type": type_, "optional": True, "default": default}


@pytest.mark.parametrize(
    ("type_", "default", "hint"),
    [
        ("number", "10", "write the default as 10, without the quotes"),
        ("boolean", "false", "write the default as false, without the quotes"),
        ("'a' | 'b'", "c", "give a default of type 'a' | 'b', or remove it"),
        ("string[]", [1], "give a default of type string[], or remove it"),
        ("u32", -1, "give a default of type u32, or remove it"),
        ("Mode", "turbo", "give a default of type Mode, or remove it"),
        ("Info", 3, "give a default of type Info, or remove it"),
        ("Level", "x", "give a default of type Level, or remove it"),
    ],
)
def test_a_default_of_another_type_is_an_error_at_the_default(
    type_: str, default: object, hint: str
) -> None:
    text = _spec(
        [_param(type_, default)],
        Mode={"enum": ["fast", "slow"]},
        Info={"fields": {"used": {"type": "number"}}},
    )
    line = next(n for n, row in enumerate(text.splitlines(), 1) if '"default":' in row)
    found = _codes(text, {"Level": "'low' | 'high'"})
    assert found == [("SG206", "$.params[0].default", line, hint)]


@pytest.mark.parametrize(
    ("type_", "default"),
    [
        ("number", 10),
        ("i32 | null", 3),
        ("'a' | 'b'", "b"),
        ("Record<string, number>", {"x": 1}),
        ("{ x: number; y?: string }", {"x": 1}),
        ("Mode[]", ["fast", "slow"]),
        ("Info", {"used": 1}),
        ("Level", "high"),
        ("Uuid", "not judged: external"),
        ("Nowhere", 1),  # an unknown type is SG203's: not judged twice
    ],
)
def test_a_default_of_its_type_or_of_a_type_not_judged_passes(type_: str, default: object) -> None:
    text = _spec(
        [_param(type_, default)],
        Mode={"enum": ["fast", "slow"]},
        Info={"fields": {"used": {"type": "number"}}},
        Uuid={"external": {"typescript": {"module": "@system/uuid"}, "rust": {"wire": "string"}}},
    )
    assert [c for c, *_ in _codes(text, {"Level": "'low' | 'high'"}) if c != "SG203"] == []


def test_an_alias_loop_is_not_followed_forever() -> None:
    text = _spec([_param("Ping", 1)])
    codes = [c for c, *_ in _codes(text, {"Ping": "Pong", "Pong": "Ping"})]
    assert "SG206" not in codes
