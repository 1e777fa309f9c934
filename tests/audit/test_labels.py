"""audit's counts on the fixture codebase equal its labels exactly.

tests/fixtures/codebase/labels.json lists, per command folder, the violations
written into it on purpose, its number of ``any`` uses and raw
``Commands.execute`` calls; the expected counts are derived from it here, so a
change to the fixture or to the checker that is not mirrored in the labels fails.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from specgen.audit import KINDS, run_audit, summarize
from specgen.audit.checker import AuditReport
from specgen.codebase.settings import load_settings
from support import RunCli

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "codebase"
LABELS: dict[str, Any] = json.loads((FIXTURE / "labels.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def report() -> AuditReport:
    settings, diags = load_settings(FIXTURE)
    assert diags == []
    return run_audit(settings.commands_dir, settings, cwd=FIXTURE)


def test_the_fixture_is_big_enough_and_varied() -> None:
    commands = LABELS["commands"]
    assert len(commands) >= 40
    assert len({path.split("/")[0] for path in commands}) >= 5
    labelled = {v for label in commands.values() for v in label["violations"]}
    assert labelled == {k.slug for k in KINDS}


def test_every_command_folder_is_labelled(report: AuditReport) -> None:
    assert sorted(a.command.rel for a in report.commands) == sorted(LABELS["commands"])


def test_each_command_has_exactly_its_labelled_violations(report: AuditReport) -> None:
    found = {
        a.command.rel: {
            "violations": sorted(a.violations),
            "anyUses": a.any_uses,
            "rawExecuteCalls": a.raw_calls,
            "spec": a.spec is not None,
        }
        for a in report.commands
    }
    expected = {
        path: {k: label[k] for k in ("violations", "anyUses", "rawExecuteCalls", "spec")}
        for path, label in LABELS["commands"].items()
    }
    assert found == expected


def test_summary_counts_equal_the_labels(report: AuditReport) -> None:
    summary = summarize(report)
    labels = LABELS["commands"].values()
    per_kind = Counter(v for label in labels for v in label["violations"])
    assert summary.commands == len(LABELS["commands"])
    assert summary.conforming == sum(1 for label in labels if not label["violations"])
    assert summary.kinds == {k.slug: per_kind[k.slug] for k in KINDS}
    assert summary.any_uses == sum(label["anyUses"] for label in labels)
    outside = LABELS["rawExecuteCallsOutsideCommands"]
    assert summary.raw_execute_calls_outside_commands == outside
    assert summary.raw_execute_calls == sum(label["rawExecuteCalls"] for label in labels) + outside


def test_top_groups_are_ranked_by_non_conforming_commands(report: AuditReport) -> None:
    summary = summarize(report, top=3)
    bad = Counter(
        path.split("/")[0] for path, label in LABELS["commands"].items() if label["violations"]
    )
    ranked = sorted(bad.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
    assert [(g.group, g.non_conforming) for g in summary.groups] == ranked
    sentinel = summary.groups[0]
    assert sentinel.line().startswith("sentinel/* (7 commands) — no static accessors, any casts")


def test_cli_json_report_has_the_same_counts(
    run_cli: RunCli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(FIXTURE)
    run = run_cli("audit", "--format", "json")
    assert run.exit_code == 0, run.stderr
    data = json.loads(run.stdout)
    labels = LABELS["commands"]
    assert data["summary"]["commands"] == len(labels)
    assert data["summary"]["conforming"] == sum(1 for v in labels.values() if not v["violations"])
    by_path = {c["path"]: sorted(c["violations"]) for c in data["commands"]}
    assert by_path == {p: v["violations"] for p, v in labels.items()}
