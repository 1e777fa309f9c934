"""External types in specs: a known type, checked declaration by declaration, located."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from specgen.diagnostics import Diagnostic
from specgen.external import ExternalDecl
from specgen.spec.schema import export_schema
from specgen.validate import validate_paths
from support import SpecBuilder, SpecWriter


def _external(module: str = "@system/core/types/CrossPlatformUUID", **more: Any) -> dict[str, Any]:
    return {"external": {"typescript": {"module": module}, **more}}


def _diags(folder: Path, externals: dict[str, ExternalDecl] | None = None) -> list[Diagnostic]:
    return validate_paths([folder], externals=externals).diagnostics


def _position(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of ``needle`` in the file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_an_external_type_is_known_across_specs(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(types={"UUID": _external()}))
    write_spec("b.json", spec(name="chat/send", params=[{"name": "roomId", "type": "UUID[]"}]))
    assert _diags(a.parent) == []


def test_without_a_declaration_the_name_is_unknown(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    a = write_spec("a.json", spec(params=[{"name": "roomId", "type": "UUID"}]))
    assert [d.code for d in _diags(a.parent)] == ["SG203"]
    config = {"UUID": ExternalDecl("UUID", "@app/uuid", "UUID", rust_wire="string")}
    assert _diags(a.parent, config) == []


def test_the_same_declaration_may_repeat(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(types={"UUID": {"description": "x", **_external()}}))
    write_spec("b.json", spec(name="chat/send", types={"UUID": _external()}))
    assert _diags(a.parent) == []


def test_a_different_declaration_is_an_error_naming_both(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    a = write_spec("a.json", spec(types={"UUID": _external()}))
    b = write_spec("b.json", spec(name="chat/send", types={"UUID": _external("@app/ids")}))
    (diag,) = _diags(a.parent)
    assert diag.code == "SG310"
    assert diag.location.file == str(b)
    assert (diag.location.line, diag.location.column) == _position(b, '"UUID"')
    assert diag.related[0].file == str(a)


def test_fields_and_external_together_are_refused(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    both = {"fields": {"id": {"type": "string"}}, **_external()}
    a = write_spec("a.json", spec(types={"UUID": both}))
    (diag,) = _diags(a.parent)
    assert diag.code == "SG104"
    assert "exactly one of 'fields'" in diag.message


@pytest.mark.parametrize(
    ("module", "bad"),
    [
        ("./core/uuid.ts", ".ts"),
        ("@app/my uuid", " uuid"),
        ("/abs/uuid", "/abs/uuid"),
        ("", ""),
        (".core/uuid", ".core/uuid"),
    ],
)
def test_a_bad_module_is_located_in_its_string(
    write_spec: SpecWriter, spec: SpecBuilder, module: str, bad: str
) -> None:
    a = write_spec("a.json", spec(types={"UUID": _external(module)}))
    (diag,) = _diags(a.parent)
    assert diag.code == "SG130"
    line, column = _position(a, f'"module": {json.dumps(module)}')
    offset = module.index(bad) if bad.startswith((".ts", " ")) else 0
    assert (diag.location.line, diag.location.column) == (
        line,
        column + len('"module": "') + offset,
    )
    assert diag.hint


@pytest.mark.parametrize(
    ("rust", "code", "at"),
    [
        ({"path": "Vec<u8>"}, "SG131", "path"),
        ({"path": "uuid::::Uuid"}, "SG131", "path"),
        ({"path": "uuid::self"}, "SG131", "path"),
        ({"path": "crate::fn::Id"}, "SG131", "path"),
        ({"wire": "Message"}, "SG210", "wire"),
        ({"wire": "{ a: string }"}, "SG210", "wire"),
        ({"wire": "string | number"}, "SG210", "wire"),
        ({"wire": "null"}, "SG210", "wire"),
        ({"wire": "Record<string,"}, "SG201", "wire"),
        ({"wire": "any"}, "SG202", "wire"),
    ],
)
def test_a_bad_rust_side_is_reported(
    write_spec: SpecWriter, spec: SpecBuilder, rust: dict[str, str], code: str, at: str
) -> None:
    a = write_spec("a.json", spec(types={"Thing": _external("@app/thing", rust=rust)}))
    (diag,) = _diags(a.parent)
    assert diag.code == code
    assert diag.location.json_path == f"$.types.Thing.external.rust.{at}"
    assert diag.location.line == _position(a, f'"{at}":')[0]


@pytest.mark.parametrize(
    "rust",
    [
        {"path": "uuid::Uuid"},
        {"path": "crate::system::pressure::PressureLevel"},
        {"path": "::std::net::IpAddr"},
        {"path": "super::r#type::Id"},
        {"wire": "string"},
        {"wire": "Record<string, unknown>"},
        {"wire": "u64[] | null"},
    ],
)
def test_good_rust_sides_pass(
    write_spec: SpecWriter, spec: SpecBuilder, rust: dict[str, str]
) -> None:
    a = write_spec("a.json", spec(types={"Thing": _external("@app/thing", rust=rust)}))
    assert _diags(a.parent) == []


def test_path_and_wire_together_are_refused(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    rust = {"path": "uuid::Uuid", "wire": "string"}
    a = write_spec("a.json", spec(types={"UUID": _external(rust=rust)}))
    (diag,) = _diags(a.parent)
    assert diag.code == "SG104"
    assert diag.location.json_path == "$.types.UUID.external.rust"


def test_a_bad_export_name(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    bad = {"external": {"typescript": {"module": "@app/uuid", "name": "default"}}}
    a = write_spec("a.json", spec(types={"UUID": bad}))
    (diag,) = _diags(a.parent)
    assert diag.code == "SG132"
    assert diag.location.json_path == "$.types.UUID.external.typescript.name"


def test_names_generated_code_imports_are_reserved(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    a = write_spec(
        "a.json", spec(types={"CommandContext": _external(), "PressureLevel": _external()})
    )
    (diag,) = _diags(a.parent)
    assert diag.code == "SG303"
    assert "CommandContext" in diag.message


def test_rust_imports_are_checked(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    imports = ["crate::system::pressure::PressureLevel", "std::sync::*", "a::B as C", "a b"]
    a = write_spec("a.json", spec(rust={"imports": imports}))
    (diag,) = _diags(a.parent)
    assert diag.code == "SG131"
    assert diag.location.json_path == "$.rust.imports[3]"


def test_rust_names_that_would_meet_are_refused(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    types = {
        "RoomId": _external("@app/ids", rust={"path": "rooms::Id"}),
        "UserId": _external("@app/ids", rust={"path": "users::Id"}),
        "Ser": _external("@app/ids", rust={"path": "my::Serialize"}),
        "Info": _external("@app/ids", rust={"path": "my::Stats"}),
        "Stats": {"fields": {"a": {"type": "string"}}},
    }
    a = write_spec("a.json", spec(name="gpu/x", types=types))
    found = sorted((d.code, d.location.json_path) for d in _diags(a.parent))
    assert found == [
        ("SG312", "$.types.Info.external.rust.path"),
        ("SG312", "$.types.Ser.external.rust.path"),
        ("SG312", "$.types.UserId.external.rust.path"),
    ]


def test_the_config_meeting_a_struct_is_an_error(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(types={"UUID": {"enum": ["a"]}}))
    config = {"UUID": ExternalDecl("UUID", "@app/uuid", "UUID")}
    (diag,) = _diags(a.parent, config)
    assert diag.code == "SG310"
    assert diag.location.json_path == "$.types.UUID"


def test_a_spec_declaration_wins_over_the_config(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(types={"UUID": _external()}))
    config = {"UUID": ExternalDecl("UUID", "@other/uuid", "UUID")}
    assert _diags(a.parent, config) == []


def test_the_json_schema_describes_external_types() -> None:
    schema = export_schema(2)
    defs = schema["$defs"]
    assert "external" in defs["TypeDef"]["properties"]
    assert set(defs["ExternalDef"]["properties"]) == {"typescript", "rust"}
    assert defs["ExternalTypeScript"]["required"] == ["module"]
    assert set(defs["ExternalRust"]["properties"]) == {"path", "wire"}
    assert defs["TypeDef"]["oneOf"] == [
        {"required": ["fields"]},
        {"required": ["enum"]},
        {"required": ["external"]},
    ]
    assert defs["ExternalRust"]["oneOf"] == [{"required": ["path"]}, {"required": ["wire"]}]


def test_an_external_type_that_is_also_an_alias(write_spec: SpecWriter, spec: SpecBuilder) -> None:
    a = write_spec("a.json", spec(types={"UUID": _external()}))
    (diag,) = validate_paths([a.parent], {"UUID": "string"}).diagnostics
    assert diag.code == "SG310"
    assert diag.location.json_path == "$.types.UUID"


def test_a_ts_extension_is_refused_and_a_js_one_accepted_for_nodenext(
    write_spec: SpecWriter, spec: SpecBuilder
) -> None:
    a = write_spec("a.json", spec(types={"UUID": _external("./core/uuid.ts")}))
    (diag,) = _diags(a.parent)
    assert "'.js' where the tsconfig resolves 'nodenext'" in diag.hint
    a.write_text(json.dumps(spec(types={"UUID": _external("./core/uuid.js")})))
    assert _diags(a.parent) == []
