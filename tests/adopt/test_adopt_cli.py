"""``specgen adopt`` on the command line: apply, --check, --diff, summary, errors, atomicity."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from adopt_support import Style, bare_types, conforming_types, project, write_command, write_spec
from support import LINE, RunCli


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project: one conforming command (with spec), one bare (no spec, an `any`)."""
    commands = project(tmp_path)
    write_command(commands, "gpu/reset", conforming_types("gpu/reset"))
    write_spec(tmp_path, "gpu/reset")
    bare = bare_types("gpu/stats", Style()).replace("gpuName: string;", "gpuName: any;")
    write_command(commands, "gpu/stats", bare)
    monkeypatch.chdir(tmp_path)
    return tmp_path


STATS = "commands/gpu/stats/shared/GpuStatsTypes.ts"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_default_applies_and_reports_edits_left_findings_and_the_summary(
    tree: Path, run_cli: RunCli
) -> None:
    run = run_cli("adopt", "commands")
    assert run.exit_code == 0, run.stderr
    lines = run.stdout.splitlines()
    assert f"{STATS}:30:2: add static accessor GpuStats for 'gpu/stats'" in lines
    assert f"{STATS}:10:32: make GpuStatsParams extend CommandParams" in lines
    assert lines[-1] == "1 file edited, 8 edits; 2 findings left (no-spec 1, any-type 1)"
    left = [LINE.match(line) for line in lines if LINE.match(line)]
    assert {(m["code"], m["file"]) for m in left if m} == {("SG505", STATS), ("SG502", STATS)}
    assert "export const GpuStats = {" in (tree / STATS).read_text()


def test_check_lists_the_edits_writes_nothing_and_exits_1(tree: Path, run_cli: RunCli) -> None:
    before = _snapshot(tree)
    run = run_cli("adopt", "--check", "commands")
    assert run.exit_code == 1
    assert f"{STATS}:30:2: would add static accessor GpuStats for 'gpu/stats'" in run.stdout
    assert run.stdout.splitlines()[-1].startswith("1 file would be edited, 8 edits;")
    assert _snapshot(tree) == before


def test_diff_shows_unified_diffs_and_writes_nothing(tree: Path, run_cli: RunCli) -> None:
    before = _snapshot(tree)
    run = run_cli("adopt", "--diff", "commands/gpu")
    assert run.exit_code == 0
    assert f"--- a/{STATS}\n+++ b/{STATS}\n" in run.stdout
    assert "+export const GpuStats = {\n" in run.stdout
    old, new = "export interface GpuStatsParams", "extends CommandParams"
    assert f"-{old} {{\n+{old} {new} {{\n" in run.stdout
    assert _snapshot(tree) == before


def test_after_adopt_check_passes_and_a_second_run_edits_nothing(
    tree: Path, run_cli: RunCli
) -> None:
    assert run_cli("adopt", "commands").exit_code == 0
    after = _snapshot(tree)
    again = run_cli("adopt", "--check", "commands")
    assert again.exit_code == 0
    assert again.stdout.splitlines()[-1].startswith("0 files would be edited, 0 edits;")
    assert (
        run_cli("adopt", "commands").stdout.splitlines()[-1].startswith("0 files edited, 0 edits;")
    )
    assert _snapshot(tree) == after


def test_an_unparsable_file_is_a_located_error_and_untouched_the_rest_is_adopted(
    tree: Path, run_cli: RunCli
) -> None:
    broken = write_command(
        tree / "commands",
        "agent/list",
        bare_types("agent/list", Style()).replace(
            "gpuName: string;\n", "gpuName: string;\n  broken(: ;\n"
        ),
    )
    before = broken.read_bytes()
    run = run_cli("adopt", "commands")
    assert run.exit_code == 2
    (error,) = [m for m in map(LINE.match, run.stderr.splitlines()) if m]
    assert error["code"] == "SG520"
    assert error["file"] == "commands/agent/list/shared/AgentListTypes.ts"
    assert (error["line"], error["severity"]) == ("18", "error")
    assert "fix the TypeScript" in error["hint"]
    assert broken.read_bytes() == before
    assert "export const GpuStats = {" in (tree / STATS).read_text()


@pytest.mark.usefixtures("tree")
def test_a_path_that_is_not_a_command_is_bad_input(run_cli: RunCli) -> None:
    run = run_cli("adopt", "nowhere")
    assert run.exit_code == 2
    assert "error[SG514]" in run.stderr


def test_a_failed_write_leaves_the_file_whole_and_no_temporary_behind(
    tree: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = (tree / STATS).read_bytes()

    def refuse(*_: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    run = run_cli("adopt", "commands")
    assert run.exit_code == 2
    assert "error[SG524] cannot write the edited file: No space left on device" in run.stderr
    assert (tree / STATS).read_bytes() == before
    assert sorted(p.name for p in (tree / STATS).parent.iterdir()) == ["GpuStatsTypes.ts"]
    assert run.stdout.splitlines()[-1].startswith("0 files edited, 0 edits;")


def test_a_file_changed_since_it_was_read_is_not_overwritten(
    tree: Path, run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from specgen.adopt import run as adopt_run  # noqa: PLC0415

    planned = adopt_run.plan_commands

    def plan_then_edit(*args: object, **kwargs: object) -> adopt_run.AdoptRun:
        result = planned(*args, **kwargs)  # type: ignore[arg-type]
        (tree / STATS).write_text("// someone else's edit\n")
        return result

    monkeypatch.setattr(adopt_run, "plan_commands", plan_then_edit)
    run = run_cli("adopt", "commands")
    assert run.exit_code == 2
    assert "error[SG522]" in run.stderr
    assert (tree / STATS).read_text() == "// someone else's edit\n"


def test_help_shows_examples(run_cli: RunCli) -> None:
    run = run_cli("adopt", "--help")
    assert run.exit_code == 0
    assert "specgen adopt src/commands --check" in run.stdout
    assert "adopt" in run_cli("--help").stdout
