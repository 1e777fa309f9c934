"""Acceptance on the adoption fixture: after adopt, audit counts as conforming every
command whose findings were all mechanically fixable, ``tsc --strict`` passes on the
whole code base, only insertions were made, and a second run edits nothing.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from adopt_support import only_insertions
from compile_support import ensure_typescript, run
from specgen.audit import run_audit
from specgen.codebase.settings import load_settings
from support import RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"
LABELS: dict[str, Any] = json.loads((FIXTURE / "labels.json").read_text(encoding="utf-8"))[
    "commands"
]


def _sources(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.ts"))}


@pytest.fixture(scope="module")
def adopted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A copy of the fixture, adopted once through the CLI; its stdout."""
    from click.testing import CliRunner  # noqa: PLC0415

    from specgen.cli import cli  # noqa: PLC0415

    root = tmp_path_factory.mktemp("adoption") / "fixture"
    shutil.copytree(FIXTURE, root)
    # The labels leave `no-spec` out (specs come from migrate and reverse); a spec naming
    # each command stands in for them, so that audit measures what adopt is about.
    for command in LABELS:
        spec = {"version": 2, "name": command, "description": "stand-in"}
        (root / "specs" / f"{command.replace('/', '-')}.json").parent.mkdir(exist_ok=True)
        (root / "specs" / f"{command.replace('/', '-')}.json").write_text(json.dumps(spec))
    result = CliRunner().invoke(cli, ["adopt", str(root / "src" / "commands")])
    assert result.exit_code == 0, result.output
    return root, result.stdout


def test_audit_counts_every_mechanically_fixable_command_as_conforming(
    adopted: tuple[Path, str],
) -> None:
    root, _ = adopted
    settings, _ = load_settings(root)
    report = run_audit(settings.commands_dir, settings)
    conforming = {a.command.rel: a.conforms for a in report.commands}
    assert conforming == {command: label["fixableByAdopt"] for command, label in LABELS.items()}
    for audit in report.commands:
        manual = {f["kind"] for f in LABELS[audit.command.rel]["findings"] if not f["fixable"]}
        assert set(audit.violations) == manual, audit.command.rel


def test_the_summary_lists_what_is_left_for_a_human(adopted: tuple[Path, str]) -> None:
    _, stdout = adopted
    left_any = sum(label["anyUses"] for label in LABELS.values())
    left_raw = sum(label["rawExecuteCalls"] for label in LABELS.values())
    last = stdout.splitlines()[-1]
    assert last.endswith(
        f"; {left_any + left_raw} findings left (any-type {left_any}, raw-execute {left_raw})"
    )


def test_edits_are_insertions_only_and_only_in_types_files(adopted: tuple[Path, str]) -> None:
    root, _ = adopted
    before, after = _sources(FIXTURE), _sources(root)
    assert before.keys() == after.keys()
    changed = {name for name in before if before[name] != after[name]}
    fixable_audited = {
        command for command, label in LABELS.items() if any(f["fixable"] for f in label["findings"])
    }
    assert {name.split("/shared/")[0].removeprefix("src/commands/") for name in changed} == (
        fixable_audited
    )
    for name in changed:
        assert only_insertions(before[name].decode(), after[name].decode()), name


def test_the_whole_code_base_compiles_strict_after_adopt(adopted: tuple[Path, str]) -> None:
    root, _ = adopted
    tsc = ensure_typescript()
    node = shutil.which("node")
    assert node is not None, "node is needed for tsc"
    run([node, str(tsc), "--strict", "--noEmit", "-p", str(root)], root)


def test_a_second_run_edits_nothing(
    adopted: tuple[Path, str], run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = adopted
    monkeypatch.chdir(root)
    before = _sources(root)
    again = run_cli("adopt", "--check", "src/commands")
    assert again.exit_code == 0, again.stdout + again.stderr
    assert again.stdout.splitlines()[-1].startswith("0 files would be edited, 0 edits;")
    assert _sources(root) == before
