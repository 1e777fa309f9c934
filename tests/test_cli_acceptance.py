"""The Foundation's acceptance cases, through the real CLI: located lines, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from support import Run, RunCli, SpecBuilder, SpecWriter

SEED_V2 = Path(__file__).parent / "fixtures" / "seed" / "gpu-stats.v2.json"
SEED_V1 = Path(__file__).parent / "fixtures" / "seed" / "gpu-stats.v1.json"


def test_seed_v2_spec_is_valid(run_cli: RunCli) -> None:
    run = run_cli("validate", str(SEED_V2))
    assert run.exit_code == 0, run.stdout
    assert run.diagnostics() == []
    assert "1 spec file(s) checked: 0 error(s)" in run.stdout


def test_seed_v1_spec_is_reported_as_v1_and_validates(run_cli: RunCli) -> None:
    run = run_cli("validate", str(SEED_V1))
    assert run.exit_code == 0, run.stdout
    notes = run.diagnostics()
    assert [d["code"] for d in notes] == ["SG401"]
    assert notes[0]["severity"] == "note"
    assert "v1 spec" in notes[0]["message"]


def _only(run: Run, code: str) -> dict[str, str]:
    assert run.exit_code == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    found = run.diagnostics()
    assert [d["code"] for d in found] == [code], run.stdout
    return found[0]


def test_broken_json(write_spec: SpecWriter, run_cli: RunCli) -> None:
    path = write_spec("broken.json", '{\n  "version": 2,\n  "name": "gpu/stats",\n}\n')
    diag = _only(run_cli("validate", str(path)), "SG002")
    assert (diag["file"], diag["line"], diag["col"]) == (str(path), "4", "1")
    assert "trailing comma" in diag["hint"]


def test_unknown_field_says_did_you_mean(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder
) -> None:
    path = write_spec("a.json", spec(acessLevel="system"))
    diag = _only(run_cli("validate", str(path)), "SG101")
    assert (diag["line"], diag["col"]) == ("5", "3")  # the key's opening quote
    assert diag["path"] == "$.acessLevel"
    assert diag["hint"] == "did you mean 'accessLevel'?"


def test_unknown_field_in_nested_object(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder
) -> None:
    path = write_spec("a.json", spec(params=[{"name": "x", "type": "string", "optinal": True}]))
    diag = _only(run_cli("validate", str(path)), "SG101")
    assert diag["path"] == "$.params[0].optinal"
    assert diag["hint"] == "did you mean 'optional'?"


def test_unknown_type_reference(write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder) -> None:
    text = json.dumps(
        spec(
            types={"SubsystemInfo": {"fields": {"usedMb": {"type": "number"}}}},
            results=[{"name": "tts", "type": "SubsytemInfo[]"}],
        )
    )
    path = write_spec("a.json", text)
    diag = _only(run_cli("validate", str(path)), "SG203")
    col = text.index('"SubsytemInfo[]"') + 2  # 1-based, after the quote
    assert (diag["line"], diag["col"]) == ("1", str(col))
    assert diag["hint"] == "did you mean 'SubsystemInfo'?"


def test_any_is_rejected_with_a_hint(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder
) -> None:
    text = json.dumps(spec(results=[{"name": "x", "type": "Record<string, any>"}]))
    path = write_spec("a.json", text)
    diag = _only(run_cli("validate", str(path)), "SG202")
    assert diag["col"] == str(text.index("any>") + 1)
    assert "unknown" in diag["hint"]


def test_malformed_union_points_past_the_bar(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder
) -> None:
    text = json.dumps(spec(params=[{"name": "s", "type": "'a' |"}]))
    path = write_spec("a.json", text)
    diag = _only(run_cli("validate", str(path)), "SG201")
    start = text.index("'a' |") + 1  # column of the expression's first character
    assert diag["col"] == str(start + len("'a' |"))
    assert diag["path"] == "$.params[0].type"


def test_same_type_in_two_files_names_both(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder
) -> None:
    info = {"SubsystemInfo": {"fields": {"usedMb": {"type": "number"}}}}
    first = write_spec("a.json", spec(types=info))
    second = write_spec("b.json", spec(name="gpu/budget", types=info))
    diag = _only(run_cli("validate", str(first.parent)), "SG301")
    assert diag["file"] == str(second)
    assert diag["related"] == f"{first}:6:5"  # the first "SubsystemInfo" key
    assert str(first) in diag["message"]


def test_fields_colliding_after_case_conversion(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder
) -> None:
    path = write_spec(
        "a.json",
        spec(
            results=[{"name": "gpuName", "type": "string"}, {"name": "gpu_name", "type": "string"}]
        ),
    )
    diag = _only(run_cli("validate", str(path)), "SG302")
    assert "gpuName" in diag["message"]
    assert "gpu_name" in diag["message"]
    assert diag["path"] == "$.results[1].name"
    assert diag["related"].startswith(f"{path}:")


@pytest.mark.parametrize("name", ["Self", "Array", "Option", "CommandParams"])
def test_reserved_type_names(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder, name: str
) -> None:
    path = write_spec("a.json", spec(types={name: {"fields": {"id": {"type": "string"}}}}))
    diag = _only(run_cli("validate", str(path)), "SG303")
    assert diag["path"] == f"$.types.{name}"


@pytest.mark.parametrize("name", ["GpuStats", "gpu", "gpu/", "Gpu/Stats", "gpu//stats"])
def test_command_name_not_group_verb(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder, name: str
) -> None:
    path = write_spec("a.json", spec(name=name))
    diag = _only(run_cli("validate", str(path)), "SG110")
    assert diag["path"] == "$.name"
    assert (diag["line"], diag["col"]) == ("3", "11")


def test_keyword_field_names_are_legal(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder
) -> None:
    fields = [{"name": n, "type": "string"} for n in ("type", "fn", "async", "self", "class")]
    path = write_spec("a.json", spec(params=fields))
    run = run_cli("validate", str(path))
    assert run.exit_code == 0, run.stdout
    assert run.diagnostics() == []


def test_several_problems_are_all_reported(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder
) -> None:
    path = write_spec(
        "a.json",
        spec(name="Bad", results=[{"name": "a", "type": "any"}, {"name": "b", "type": "Nope"}]),
    )
    run = run_cli("validate", str(path))
    assert run.exit_code == 2
    assert sorted(run.codes()) == ["SG110", "SG202", "SG203"]


def test_json_format_is_machine_readable(
    write_spec: SpecWriter, run_cli: RunCli, spec: SpecBuilder
) -> None:
    path = write_spec("a.json", spec(name="Bad"))
    run = run_cli("validate", "--format", "json", str(path))
    data = json.loads(run.stdout)
    assert run.exit_code == 2
    assert data["counts"] == {"error": 1, "warning": 0, "note": 0}
    (diag,) = data["diagnostics"]
    assert diag["code"] == "SG110"
    assert diag["location"] == {"file": str(path), "line": 3, "column": 11, "jsonPath": "$.name"}


def test_missing_path_is_bad_input(run_cli: RunCli, tmp_path: Path) -> None:
    run = run_cli("validate", str(tmp_path / "nope.json"))
    assert run.exit_code == 2
    assert run.codes() == ["SG001"]


def test_a_folder_without_specs_is_a_warning(run_cli: RunCli, tmp_path: Path) -> None:
    """A mistyped folder checks and generates nothing: said, but not an error (--strict: 1)."""
    empty = tmp_path / "spec"
    (empty / "notes").mkdir(parents=True)
    (empty / "notes" / "README.md").write_text("not a spec")
    run = run_cli("validate", str(empty))
    assert (run.exit_code, run.codes()) == (0, ["SG007"])
    assert f"{empty}:1:1: warning[SG007] no spec file (*.json) in this folder" in run.stdout
    assert run_cli("validate", "--strict", str(empty)).exit_code == 1
    out = tmp_path / "gen"
    generated = run_cli("generate", "--spec", str(empty), "--out", str(out))
    assert (generated.exit_code, generated.codes()) == (0, ["SG007"])


def test_no_paths_and_no_config_is_a_usage_error(
    run_cli: RunCli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = run_cli("validate")
    assert run.exit_code == 2
    assert "no spec files given" in run.stderr


def test_installed_entry_point_never_prints_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_bytes(b'{"version": 2, "name": "x/y", "description": "\xff"}')
    proc = subprocess.run(
        [sys.executable, "-m", "specgen", "validate", str(bad)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    assert "error[SG004]" in proc.stdout
    assert f"{bad}:1:" in proc.stdout


def test_version_and_help(run_cli: RunCli) -> None:
    version = run_cli("--version")
    assert version.exit_code == 0
    assert version.stdout.startswith("specgen, version ")
    helptext = run_cli("--help").stdout
    for command in ("validate", "migrate", "schema", "demo"):
        assert command in helptext
    assert "SGnnn" in run_cli("validate", "--help").stdout


def test_unknown_option_is_usage_error(run_cli: RunCli) -> None:
    assert run_cli("validate", "--no-such-option").exit_code == 2
