"""The exported JSON Schema accepts every bundled spec and rejects broken ones."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from specgen.spec.schema import export_schema
from support import RunCli

EXAMPLES = Path(str(resources.files("specgen") / "examples"))
V2_SPECS = sorted((EXAMPLES / "specs").glob("*.json"))
V1_SPECS = sorted((EXAMPLES / "v1").glob("*.json"))


def _validator(version: int) -> jsonschema.protocols.Validator:
    schema = export_schema(version)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_bundled_examples_exist() -> None:
    assert len(V2_SPECS) >= 6
    assert V1_SPECS


@pytest.mark.parametrize("path", V2_SPECS, ids=lambda p: p.name)
def test_bundled_v2_spec_validates_against_schema(path: Path) -> None:
    _validator(2).validate(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", V1_SPECS, ids=lambda p: p.name)
def test_bundled_v1_spec_validates_against_v1_schema(path: Path) -> None:
    _validator(1).validate(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize(
    "change",
    [
        {"acessLevel": "system"},
        {"environment": "desktop"},
        {"params": {"x": "string"}},
        {"version": 3},
    ],
)
def test_schema_rejects_what_the_loader_rejects(change: dict[str, Any]) -> None:
    data = json.loads(V2_SPECS[0].read_text(encoding="utf-8")) | change
    with pytest.raises(jsonschema.ValidationError):
        _validator(2).validate(data)


def test_schema_carries_descriptions_for_completion() -> None:
    schema = export_schema(2)
    props = schema["properties"]
    assert {"version", "name", "adapter", "types", "params", "results", "accessLevel"} <= set(props)
    assert "group/verb" in props["name"]["description"]
    assert "rust-ipc" in props["adapter"]["examples"]
    assert schema["$schema"].endswith("2020-12/schema")


def test_cli_schema_writes_a_file(run_cli: RunCli, tmp_path: Path) -> None:
    target = tmp_path / "spec.schema.json"
    run = run_cli("schema", "--out", str(target))
    assert run.exit_code == 0
    assert json.loads(target.read_text()) == export_schema(2)
    printed = run_cli("schema", "--spec-version", "1")
    assert json.loads(printed.stdout)["title"] == "specgen CommandSpec v1"


def test_spec_may_name_its_schema(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "a.json"
    data: dict[str, Any] = {"$schema": "./spec.schema.json", "version": 2, "name": "a/b"}
    data["description"] = "x"
    path.write_text(json.dumps(data))
    assert run_cli("validate", str(path)).exit_code == 0
    _validator(2).validate(data)
