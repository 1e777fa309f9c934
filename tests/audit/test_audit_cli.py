"""``specgen audit`` on the command line: report shape, formats, exit codes, bad input."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from support import LINE, RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "codebase"


@pytest.fixture
def in_fixture(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(FIXTURE)


@pytest.fixture
def small_tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project with two commands of the fixture: one conforming, one with no accessor."""
    for rel in ("gpu/reset", "agent/list"):
        shutil.copytree(FIXTURE / "commands" / rel, tmp_path / "src" / "commands" / rel)
    (tmp_path / "specs").mkdir()
    for spec in ("gpu-reset.json", "agent-list.json"):
        shutil.copy(FIXTURE / "specs" / spec, tmp_path / "specs" / spec)
    (tmp_path / "specgen.toml").write_text(
        'spec_dirs = ["specs"]\n[aliases]\nUUID = "string"\n'
        '[migration]\ncommands_dir = "src/commands"\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.usefixtures("in_fixture")
def test_text_report_has_the_seed_shape(run_cli: RunCli) -> None:
    run = run_cli("audit")
    assert run.exit_code == 0
    lines = run.stdout.splitlines()
    assert lines[0] == "23/45 commands conform to generator patterns (commands)"
    assert "  10 commands missing static accessors" in lines
    assert "  7 commands with any in their types" in lines
    assert "  5 raw Commands.execute() calls found, 1 outside command folders" in lines
    assert "  8 commands without specs" in lines
    top = lines[lines.index("Top violations:") + 1 :]
    assert (
        top[0]
        == "  sentinel/* (7 commands) — no static accessors, any casts, no specs, raw execute calls"
    )
    assert top[1] == "  agent/* (4 commands) — no static accessors, no specs"
    assert len(top) == 5


@pytest.mark.usefixtures("in_fixture")
def test_details_are_located_diagnostic_lines(run_cli: RunCli) -> None:
    run = run_cli("audit", "--details", "--top", "1")
    located = [line for line in run.stdout.splitlines() if LINE.match(line)]
    codes = {LINE.match(line)["code"] for line in located}  # type: ignore[index]  # matched above
    assert {"SG501", "SG502", "SG503", "SG504", "SG505", "SG506", "SG507", "SG510"} <= codes
    assert (
        "commands/sentinel/run/server/SentinelRunServerCommand.ts:18:11: warning[SG504] raw "
        "Commands.execute('sentinel/status') outside a static accessor" in run.stdout
    )
    assert run.stdout.count("Top violations:") == 1
    assert run.stdout.rstrip().endswith(
        "— no static accessors, any casts, no specs, raw execute calls"
    )


@pytest.mark.usefixtures("in_fixture")
def test_a_syntax_error_is_located_and_the_scan_goes_on(run_cli: RunCli) -> None:
    data = json.loads(run_cli("audit", "--format", "json").stdout)
    errors = [d for d in data["diagnostics"] if d["code"] == "SG501"]
    assert [(e["location"]["file"], e["severity"]) for e in errors] == [
        ("commands/data/export/shared/DataExportTypes.ts", "warning")
    ]
    assert errors[0]["location"]["line"] > 1
    after = [c["path"] for c in data["commands"] if c["path"] > "data/export"]
    assert len(after) > 20  # every later command was still audited


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 1), ("note", 1), ("never", 0)]
)
@pytest.mark.usefixtures("in_fixture")
def test_fail_on_gates_the_exit_status(run_cli: RunCli, fail_on: str, code: int) -> None:
    assert run_cli("audit", "--fail-on", fail_on).exit_code == code


def test_a_conforming_tree_passes_the_strictest_gate(small_tree: Path, run_cli: RunCli) -> None:
    shutil.rmtree(small_tree / "src" / "commands" / "agent")
    run = run_cli("audit", "--fail-on", "note")
    assert run.exit_code == 0, run.stdout
    assert run.stdout.splitlines()[0] == "1/1 command conform to generator patterns (src/commands)"


@pytest.mark.parametrize(
    ("imports", "params_base", "result_base"),
    [
        ("import type * as Core from '@system/core/types/JTAGTypes';", "Core.", "Core."),
        (
            (
                "import type { CommandParams as BaseParams, CommandResult as BaseResult } "
                "from '@system/core/types/JTAGTypes';"
            ),
            "BaseParams",
            "BaseResult",
        ),
    ],
)
def test_bases_reached_through_a_namespace_or_a_renamed_import_are_the_bases(
    small_tree: Path, run_cli: RunCli, imports: str, params_base: str, result_base: str
) -> None:
    shutil.rmtree(small_tree / "src" / "commands" / "agent")
    path = small_tree / "src/commands/gpu/reset/shared/GpuResetTypes.ts"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "extends CommandParams {",
        f"extends {params_base}{'CommandParams' if params_base.endswith('.') else ''} {{",
    ).replace(
        "extends CommandResult {",
        f"extends {result_base}{'CommandResult' if result_base.endswith('.') else ''} {{",
    )
    path.write_text(f"{imports}\n{text}", encoding="utf-8")
    run = run_cli("audit", "--details")
    assert "SG506" not in run.stdout, run.stdout
    assert run.stdout.splitlines()[-1] == "1/1 command conform to generator patterns (src/commands)"


@pytest.mark.usefixtures("small_tree")
def test_root_comes_from_the_config_and_can_be_given(run_cli: RunCli) -> None:
    from_config = json.loads(run_cli("audit", "--format", "json").stdout)
    given = json.loads(run_cli("audit", "src/commands", "--format", "json").stdout)
    assert from_config["summary"] == given["summary"]
    assert given["summary"]["commandsWith"]["no-static-accessor"] == 1
    assert [c["spec"] for c in given["commands"]] == [
        "specs/agent-list.json",
        "specs/gpu-reset.json",
    ]


@pytest.mark.usefixtures("small_tree")
def test_missing_root_is_a_located_error_not_a_traceback(run_cli: RunCli) -> None:
    run = run_cli("audit", "nowhere")
    assert run.exit_code == 2
    assert "nowhere:1:1: error[SG515] commands folder not found" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


@pytest.mark.usefixtures("small_tree")
@pytest.mark.parametrize(
    ("given", "what"),
    [
        ("src/commands/gpu/reset", "a single command's folder"),
        ("src/commands/gpu/reset/shared/GpuResetTypes.ts", "a file"),
    ],
)
def test_one_command_or_a_file_is_not_taken_for_an_empty_tree(
    run_cli: RunCli, given: str, what: str
) -> None:
    """Was: '0/0 conform' and exit 0, though the folder given is a command."""
    run = run_cli("audit", given)
    assert run.exit_code == 2
    assert f"{given}:1:1: error[SG515] {what}, not the commands folder" in run.stderr
    assert "hint: pass the tree's root (specgen audit src/commands)" in run.stderr


def test_specs_option_replaces_the_configured_folders(small_tree: Path, run_cli: RunCli) -> None:
    (small_tree / "other").mkdir()
    data = json.loads(run_cli("audit", "--specs", "other", "--format", "json").stdout)
    assert data["summary"]["commandsWith"]["no-spec"] == 2


def test_unreadable_and_undecodable_files_do_not_stop_the_scan(
    small_tree: Path, run_cli: RunCli
) -> None:
    shared = small_tree / "src" / "commands" / "gpu" / "reset" / "shared"
    (shared / "GpuResetTypes.ts").write_bytes(b"export interface X { a: '\xff\xfe' }\n\x00\x01")
    broken = small_tree / "src" / "commands" / "gpu" / "reset" / "server" / "Gone.ts"
    broken.symlink_to(small_tree / "missing.ts")
    data = json.loads(run_cli("audit", "--format", "json").stdout)
    codes = sorted({d["code"] for d in data["diagnostics"]})
    assert "SG001" in codes  # the dangling link, reported
    assert data["summary"]["commands"] == 2


def test_text_report_can_go_to_a_file(small_tree: Path, run_cli: RunCli) -> None:
    run = run_cli("audit", "--output", "report.txt")
    assert run.stdout == ""
    text = (small_tree / "report.txt").read_text(encoding="utf-8")
    assert text.startswith("1/2 commands conform to generator patterns")
    assert "\x1b[" not in text


def test_a_tree_without_command_folders_says_what_one_looks_like(
    tmp_path: Path, run_cli: RunCli
) -> None:
    flat = tmp_path / "commands" / "a" / "flat"
    flat.mkdir(parents=True)
    (flat / "AFlatTypes.ts").write_text("export interface AFlatParams {}\n", encoding="utf-8")
    run = run_cli("audit", str(tmp_path / "commands"))
    assert run.exit_code == 0
    assert "0/0 commands conform" in run.stdout
    assert "no command folder below it: a command folder holds shared/<Name>Types.ts" in run.stdout
