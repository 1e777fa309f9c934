"""``adopt`` reads each Types file once when it leaves the file as it is.

The scale test (400 commands) found adopt parsing every Types file twice: once to plan
its edits, once more for the audit of what is left, although an unedited file is the
same bytes. On an adopted tree (the second run, and every CI ``--check``) that is every
file. Counted here on the adoption fixture, adopted once: each Types file is extracted
exactly once, and the findings left are those the audit of the tree reports.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from specgen.adopt import plan as adopt_plan
from specgen.adopt.run import apply_plans, plan_commands
from specgen.audit import checker as audit_checker
from specgen.audit.checker import run_audit
from specgen.audit.findings import KIND_BY_CODE
from specgen.codebase.find import find_commands
from specgen.codebase.settings import settings_for_path
from specgen.tsread.extract import extract

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "adoption"


def test_an_adopted_tree_is_parsed_once_per_types_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(FIXTURE, tmp_path / "tree")
    monkeypatch.chdir(tmp_path / "tree")
    commands_dir = Path("src/commands")
    settings, _ = settings_for_path(commands_dir)
    commands, _ = find_commands((commands_dir,), settings)
    assert apply_plans(plan_commands(commands, settings))  # the first run edits

    extracted: Counter[Path] = Counter()
    real_extract = extract

    def counting(parsed: Any, path: Path, *args: Any, **kwargs: Any) -> Any:
        extracted[path] += 1
        return real_extract(parsed, path, *args, **kwargs)

    monkeypatch.setattr(audit_checker, "extract", counting)
    monkeypatch.setattr(adopt_plan, "extract", counting)
    run = plan_commands(commands, settings)

    assert not run.edited
    types_files = [c.types_file for c in commands if c.types_file is not None]
    assert len(types_files) == 24
    assert {p: extracted[p] for p in types_files} == dict.fromkeys(types_files, 1)
    audit = run_audit(commands_dir, settings)
    expected = sorted(
        (d.code, d.location.file, d.location.line)
        for c in audit.commands
        for d in c.findings
        if d.code in KIND_BY_CODE
    )
    assert sorted((d.code, d.location.file, d.location.line) for d in run.left) == expected
