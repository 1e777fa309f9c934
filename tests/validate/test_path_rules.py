"""Names that cannot become files everywhere, strings no file can hold, and unusable output
folders: each is a located error with exit 2, and nothing is written (no empty folder)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from specgen.cli import cli
from specgen.config import ProjectConfig
from specgen.generate.pipeline import run_generation
from specgen.naming import command_type_name
from specgen.spec.v2 import BUILTIN_ADAPTERS
from specgen.validate.spec_checks import LONGEST_SUFFIX
from specgen.writer._paths import MAX_NAME_BYTES, path_problem


def _spec(**fields: Any) -> dict[str, Any]:
    return {
        "version": 2,
        "name": "gpu/stats",
        "description": "x",
        "adapter": "server-only",
    } | fields


def _listing(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


def _generate(tmp_path: Path, text: str, *more: str) -> tuple[int, str]:
    spec = tmp_path / "specs" / "case.json"
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(text, encoding="utf-8")
    before = _listing(tmp_path)
    result = CliRunner().invoke(
        cli, ["generate", "--spec", str(spec), "--out", str(tmp_path / "out"), *more]
    )
    assert "Traceback" not in result.output
    if result.exit_code != 0:
        assert _listing(tmp_path) == before  # nothing written, no empty folder
    return result.exit_code, result.output


LONG = "a" * 230
CASES = [
    pytest.param(json.dumps(_spec(name=f"gpu/{'s' * 256}")), "SG118", "1:", id="long-folder"),
    pytest.param(json.dumps(_spec(name=f"gpu/{LONG}")), "SG118", "1:", id="long-file-name"),
    pytest.param(
        json.dumps(_spec(types={"T" + "x" * 230: {"fields": {}}})), "SG118", "1:", id="long-type"
    ),
    pytest.param(json.dumps(_spec(name="gpu/con")), "SG119", "1:", id="con"),
    pytest.param(json.dumps(_spec(name="lpt1/stats")), "SG119", "1:", id="lpt1"),
    pytest.param(json.dumps(_spec(types={"Aux": {"fields": {}}})), "SG119", "1:", id="type-aux"),
    pytest.param(json.dumps(_spec(types={"Com3": {"fields": {}}})), "SG119", "1:", id="com3"),
    pytest.param(
        '{"version": 2, "name": "gpu/stats",\n "description": "a \\ud800 b"}',
        "SG005",
        "2:20:",
        id="lone-surrogate",
    ),
    pytest.param(
        '{"version": 2, "name": "gpu/stats", "description": "x",\n'
        ' "examples": [{"description": "ok \\ud83d\\ude00", "params": {"k\\uDFFF": 1}}]}',
        "SG005",
        "2:61:",
        id="surrogate-in-key",
    ),
]


@pytest.mark.parametrize(("text", "code", "where"), CASES)
@pytest.mark.parametrize("command", ["validate", "generate"])
def test_rejected_with_a_located_error(
    command: str, text: str, code: str, where: str, tmp_path: Path
) -> None:
    if command == "generate":
        exit_code, output = _generate(tmp_path, text)
    else:
        spec = tmp_path / "case.json"
        spec.write_text(text, encoding="utf-8")
        result = CliRunner().invoke(cli, ["validate", str(spec)])
        exit_code, output = result.exit_code, result.output
    assert exit_code == 2, output
    assert f"case.json:{where}" in output
    assert f"error[{code}]" in output


def test_a_valid_pair_and_a_name_at_the_limit_generate(tmp_path: Path) -> None:
    longest = MAX_NAME_BYTES - len(LONGEST_SUFFIX) - len("Gpu")
    name = f"gpu/{'a' * longest}"
    text = json.dumps(_spec(name=name, description="ok \ud83d\ude00"), ensure_ascii=True)
    assert "\\ud83d\\ude00" in text
    exit_code, output = _generate(tmp_path, text)
    assert exit_code == 0, output
    names = [p.name for p in (tmp_path / "out").rglob("*")]
    assert max(len(n.encode()) for n in names) == MAX_NAME_BYTES


def test_the_longest_suffix_is_the_longest_a_file_name_gets(tmp_path: Path) -> None:
    """LONGEST_SUFFIX must grow when an adapter adds a longer file name."""
    specs = tmp_path / "specs"
    specs.mkdir()
    pascals = {}
    for index, adapter in enumerate(sorted(BUILTIN_ADAPTERS)):
        name = f"zz/cmd{'x' * index}"
        pascals[adapter] = command_type_name(name)
        spec = _spec(name=name, adapter=adapter)
        (specs / f"{adapter}.json").write_text(json.dumps(spec), encoding="utf-8")
    result = run_generation([specs], ProjectConfig(root=tmp_path), tmp_path / "out")
    assert result.ok, result.diagnostics
    suffixes = {
        Path(o.path).name.removeprefix(pascal)
        for o in result.outputs
        for pascal in pascals.values()
        if Path(o.path).name.startswith(pascal)
        and not Path(o.path).name.removeprefix(pascal).startswith("x")
    }
    assert len(suffixes) >= 6, suffixes
    assert max(len(s) for s in suffixes) == len(LONGEST_SUFFIX), suffixes


def test_new_refuses_a_long_or_reserved_name_and_leaves_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in (f"gpu/{'a' * 300}", "gpu/nul", "prn/x"):
        result = CliRunner().invoke(cli, ["new", name])
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "segment", ["con", "CON", "Aux.ts", "nul.tar.gz", "com1", "LPT9.txt", "conin$", "com\u00b9"]
)
def test_windows_device_names_are_refused_as_output_paths(segment: str) -> None:
    assert path_problem(f"ts/{segment}") is not None
    assert path_problem(f"{segment}/x.ts") is not None


@pytest.mark.parametrize("segment", ["console.ts", "Auxiliary.ts", "com10", "lpt", "nullable.rs"])
def test_names_that_only_start_like_a_device_are_fine(segment: str) -> None:
    assert path_problem(f"ts/{segment}") is None


def test_a_symlink_loop_in_the_output_folder_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "ts").mkdir(parents=True)
    (out / "ts" / "commands").symlink_to("commands")
    before = _listing(tmp_path)
    spec = tmp_path / "specs" / "a.json"
    spec.parent.mkdir()
    spec.write_text(json.dumps(_spec()), encoding="utf-8")
    result = CliRunner().invoke(cli, ["generate", "--spec", str(spec), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "cannot be resolved" in result.output
    assert _listing(tmp_path) == before | {"specs", "specs/a.json"} or _listing(tmp_path) == before


def test_an_output_folder_that_is_a_symlink_loop_is_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.symlink_to("out")
    spec = tmp_path / "a.json"
    spec.write_text(json.dumps(_spec()), encoding="utf-8")
    before = _listing(tmp_path)
    result = CliRunner().invoke(cli, ["generate", "--spec", str(spec), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "cannot be resolved" in result.output
    assert _listing(tmp_path) == before


@pytest.mark.parametrize("out_dir", ["o\u0000ut", "loop"])
def test_a_build_request_with_an_unusable_out_dir_is_exit_2(out_dir: str, tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.json").write_text(json.dumps(_spec()), encoding="utf-8")
    (tmp_path / "specgen.toml").write_text('spec_dirs = ["specs"]\n', encoding="utf-8")
    before = _listing(tmp_path)
    request = {"version": 1, "manifest_dir": str(tmp_path), "out_dir": out_dir}
    result = CliRunner().invoke(cli, ["build-request"], input=json.dumps(request))
    assert result.exit_code == 2, result.output
    assert "build request:" in result.output
    assert _listing(tmp_path) == before
