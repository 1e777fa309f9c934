"""A broken specgen.toml stops every command that reads it: exit 2, located, nothing written.

Each case is run through ``validate``, ``generate``, ``generate --spec``, ``new`` and
``build-request``; none may write a file, and each names the config at the offending
key's line and column.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from specgen.cli import cli
from specgen.config import load_config

SPEC = {"version": 2, "name": "gpu/stats", "description": "x", "adapter": "server-only"}

BROKEN = [
    pytest.param('spec_dirs = ["specs"]\nout_dir = "gen"\nint64 = [\n', "SG104", 3, id="syntax"),
    pytest.param('out_dir = "gen"\nspec_dirs = "specs"\n', "SG104", 2, id="spec-dirs-string"),
    pytest.param(b'spec_dirs = ["specs"]\n\x00\xff\xfe\x01', "SG004", 2, id="binary"),
    pytest.param(
        'spec_dirs = ["specs"]\nout_dir = "gen"\n[typescript]\nint64 = 64\n',
        "SG104",
        4,
        id="wrong-type",
    ),
    pytest.param(
        'spec_dirs = ["specs"]\nout_dir = "gen"\n[typescript]\nimport_extension = "js"\n',
        "SG104",
        4,
        id="import-extension",
    ),
    pytest.param('spec_dirs = ["specs"]\nout_dir = "specs/gen"\n', "SG117", 2, id="out-in-specs"),
    pytest.param('spec_dirs = ["gen/specs"]\nout_dir = "gen"\n', "SG117", 2, id="specs-in-out"),
    pytest.param('spec_dirs = ["."]\nout_dir = "gen"\n', "SG117", 2, id="specs-hold-out"),
    pytest.param('spec_dirs = ["specs"]\nout_dir = "g\\u0000x"\n', "SG104", 2, id="nul-out-dir"),
    pytest.param(
        'spec_dirs = ["specs"]\nout_dir = "gen"\n[aliases]\nUUID = "Array<"\n',
        "SG201",
        4,
        id="alias-syntax",
    ),
]


def _project(tmp_path: Path, config: str | bytes) -> Path:
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "specs" / "gpu-stats.json").write_text(json.dumps(SPEC), encoding="utf-8")
    data = config if isinstance(config, bytes) else config.encode("utf-8")
    (root / "specgen.toml").write_bytes(data)
    return root


def _listing(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*")}


COMMANDS = [
    pytest.param(["validate"], id="validate"),
    pytest.param(["generate"], id="generate"),
    pytest.param(["generate", "--spec", "specs/gpu-stats.json"], id="generate-spec"),
    pytest.param(["generate", "--format", "json"], id="generate-json"),
    pytest.param(["new", "gpu/info"], id="new"),
]


@pytest.mark.parametrize("args", COMMANDS)
@pytest.mark.parametrize(("config", "code", "line"), BROKEN)
def test_a_config_error_stops_the_command_and_nothing_is_written(  # noqa: PLR0917
    args: list[str],
    config: str | bytes,
    code: str,
    line: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = _project(tmp_path, config)
    monkeypatch.chdir(root)
    before = _listing(tmp_path)
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    if "json" in args:
        (diag,) = [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == code]
        assert diag["location"]["line"] == line
    else:
        assert f"specgen.toml:{line}:" in result.output, result.output
        assert f"error[{code}]" in result.output
    assert _listing(tmp_path) == before


@pytest.mark.parametrize(("config", "code", "line"), BROKEN)
def test_a_config_error_stops_a_build_request(
    config: str | bytes, code: str, line: int, tmp_path: Path
) -> None:
    root = _project(tmp_path, config)
    out = tmp_path / "out"
    request = {"version": 1, "manifest_dir": str(root), "out_dir": str(out)}
    result = CliRunner().invoke(cli, ["build-request"], input=json.dumps(request))
    response = json.loads(result.stdout)
    assert response["ok"] is False
    (diag,) = [d for d in response["diagnostics"] if d["code"] == code]
    assert diag["line"] == line or diag.get("location", {}).get("line") == line
    assert not out.exists()
    assert str(root / "specgen.toml") in response["inputs"]


def test_a_wrong_type_is_located_at_its_value(tmp_path: Path) -> None:
    root = _project(tmp_path, 'spec_dirs = ["specs"]\n\n[rust]\n  build_script = "yes"\n')
    _config, diags = load_config(root)
    (diag,) = diags
    assert (diag.code, diag.location.line, diag.location.column) == ("SG104", 4, 18)
    assert diag.location.json_path == "rust.build_script"


def test_pyproject_keys_are_located_below_tool_specgen(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.specgen]\nout_dir = "gen"\nspec_dirs = "specs"\n'
    )
    _config, diags = load_config(tmp_path)
    (diag,) = diags
    assert (diag.location.line, diag.location.column) == (6, 13)


def test_unknown_keys_warn_with_did_you_mean_and_do_not_stop(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = 'spec_dirs = ["specs"]\nout_dri = "gen"\n[typescript]\nint46 = "bigint"\n[rustt]\n'
    root = _project(tmp_path, config)
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["validate"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "SG116" in line]
    assert len(lines) == 3, result.output
    assert "specgen.toml:2:1: warning[SG116] unknown config key 'out_dri'" in lines[0]
    assert "did you mean 'out_dir'?" in lines[0]
    assert "specgen.toml:4:1:" in lines[1]
    assert "did you mean 'int64'?" in lines[1]
    assert "did you mean 'rust'?" in lines[2]
    strict = CliRunner().invoke(cli, ["validate", "--strict"], catch_exceptions=False)
    assert strict.exit_code == 1


def test_aliases_keep_any_name_and_a_valid_config_has_no_diagnostics(tmp_path: Path) -> None:
    root = _project(
        tmp_path,
        'spec_dirs = ["specs"]\nout_dir = "generated"\n[aliases]\nWhatever = "string"\n'
        '[migration]\ncommands_dir = "src"\n',
    )
    config, diags = load_config(root)
    assert diags == []
    assert config.aliases == {"Whatever": "string"}


def test_an_out_option_inside_a_spec_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, 'spec_dirs = ["specs"]\n')
    monkeypatch.chdir(root)
    before = _listing(tmp_path)
    result = CliRunner().invoke(cli, ["generate", "--out", "specs/gen"], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "inside the spec folder" in result.output
    assert _listing(tmp_path) == before


def test_reverse_writes_no_spec_with_a_broken_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = _project(tmp_path, 'spec_dirs = "specs"\n')
    shared = root / "commands" / "gpu" / "info" / "shared"
    shared.mkdir(parents=True)
    (shared / "GpuInfoTypes.ts").write_text(
        "export interface GpuInfoParams extends CommandParams { a: string }\n"
        "export interface GpuInfoResult extends CommandResult { b: string }\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(root)
    before = _listing(tmp_path)
    result = CliRunner().invoke(cli, ["reverse", "commands"], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    assert "specgen.toml:1:13: error[SG104]" in result.output
    assert _listing(tmp_path) == before
